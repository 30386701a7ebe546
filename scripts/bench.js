// Benchmark for gazette: start-up, opening a large article, keystroke-to-screen latency, a 10,000-article list, peak memory.
// Not part of `npm test`. Run `npm run bench` (builds first) or `node scripts/bench.js` after `node scripts/build.js`.
//
//   --runs N          runs per figure, each figure is the median of the runs (default 5)
//   --quick           2 runs and fewer keystrokes, for a fast check
//   --json            print the results as JSON instead of a markdown table
//   --only a,b        run only some scenarios: list, large, many
//   --cpu-prof DIR    run once with `node --cpu-prof` for each gazette process, then summarize the profiles
//
// Every program runs in a pseudo terminal (node-pty) whose output feeds a headless xterm; a measurement ends at the
// arrival of the output chunk after which the screen shows the expected change. Inputs are generated in a temporary
// folder that is removed at the end, and every child process is killed, even on failure.
import {Buffer} from 'node:buffer';
import {execFileSync, spawnSync} from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import xterm from '@xterm/headless';
import nodePty from 'node-pty';
import {
	copyBundledArticles,
	expectedMatches,
	filterQuery,
	largeArticle,
	writeManyArticles,
} from './bench-inputs.js';

const {Terminal} = xterm;

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cliPath = path.join(root, 'dist', 'cli.js');
const columns = 100;
const rows = 30;
const largeId = 'bench-1mb';
const manyCount = 10_000;
const quietBeforeKeys = 300;
const keyTimeout = 5000;

// ---------------------------------------------------------------- options

let options;
try {
	options = parseArgs({
		options: {
			runs: {type: 'string'},
			quick: {type: 'boolean', default: false},
			json: {type: 'boolean', default: false},
			only: {type: 'string'},
			'cpu-prof': {type: 'string'},
			help: {type: 'boolean', default: false},
		},
	}).values;
} catch (error) {
	process.stderr.write(`bench: ${error.message}\n`);
	process.exit(2);
}

if (options.help) {
	process.stdout.write(
		'Usage: node scripts/bench.js [--runs N] [--quick] [--json] [--only list,large,many] [--cpu-prof DIR]\n',
	);
	process.exit(0);
}

const profileDirectory = options['cpu-prof']
	? path.resolve(options['cpu-prof'])
	: undefined;
const runs = profileDirectory
	? 1
	: options.runs === undefined
		? options.quick
			? 2
			: 5
		: Number(options.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 100) {
	process.stderr.write(
		`bench: --runs must be a whole number from 1 to 100, not "${options.runs}"\n`,
	);
	process.exit(2);
}

const scenarios = new Set(
	(options.only ?? 'list,large,many').split(',').map((name) => name.trim()),
);
for (const name of scenarios) {
	if (!['list', 'large', 'many'].includes(name)) {
		process.stderr.write(
			`bench: unknown scenario "${name}" (list, large, many)\n`,
		);
		process.exit(2);
	}
}

const counts = {
	scroll: options.quick ? 50 : 200,
	tab: options.quick ? 15 : 50,
	filter: filterQuery.length,
};

const log = (message) => {
	process.stderr.write(`${message}\n`);
};

// ---------------------------------------------------------------- cleanup

const live = new Set();
let temporary;

function cleanupNow() {
	for (const session of live) {
		session.killNow();
	}

	live.clear();
	if (temporary) {
		try {
			rmSync(temporary, {recursive: true, force: true});
		} catch {}

		temporary = undefined;
	}
}

process.on('exit', cleanupNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		log(`bench: ${signal}, cleaning up`);
		cleanupNow();
		process.exit(130);
	});
}

// ---------------------------------------------------------------- pty sessions

const delay = async (ms) =>
	new Promise((resolve) => {
		setTimeout(resolve, ms);
	});

/** The environment the project's pty tests use: no CI markers (Ink prints only the last frame under CI), TERM=xterm-256color. */
function childEnv(overrides = {}) {
	const env = {...process.env};
	for (const key of Object.keys(env)) {
		if (
			key === 'CI' ||
			key === 'CONTINUOUS_INTEGRATION' ||
			key === 'GITHUB_ACTIONS' ||
			key.startsWith('CI_')
		) {
			delete env[key];
		}
	}

	delete env.COLORTERM;
	delete env.FORCE_COLOR;
	delete env.NO_COLOR;
	env.TERM = 'xterm-256color';
	for (const [key, value] of Object.entries(overrides)) {
		if (value === undefined) {
			delete env[key];
		} else {
			env[key] = value;
		}
	}

	return env;
}

class Session {
	constructor(file, args, {env, label} = {}) {
		this.label = label ?? path.basename(file);
		this.terminal = new Terminal({
			cols: columns,
			rows,
			allowProposedApi: true,
		});
		this.raw = '';
		this.pending = 0;
		this.waiters = new Set();
		this.alive = true;
		this.spawnedAt = performance.now();
		this.pty = nodePty.spawn(file, args, {
			name: 'xterm-256color',
			cols: columns,
			rows,
			cwd: root,
			env: childEnv(env),
		});
		this.pid = this.pty.pid;
		this.lastOutputAt = this.spawnedAt;
		live.add(this);
		this.exited = new Promise((resolve) => {
			this.pty.onExit((info) => {
				this.alive = false;
				live.delete(this);
				resolve(info);
				// Let the last output be parsed, then fail whoever still waits.
				setTimeout(() => {
					this.check(performance.now());
					for (const waiter of this.waiters) {
						waiter.finish({ok: false, reason: 'exited'});
					}
				}, 200);
			});
		});
		this.pty.onData((data) => {
			const at = performance.now();
			this.raw += data;
			this.lastOutputAt = at;
			this.pending++;
			this.terminal.write(data, () => {
				this.pending--;
				this.check(at);
			});
		});
	}

	lines() {
		const buffer = this.terminal.buffer.active;
		const result = [];
		for (let row = 0; row < this.terminal.rows; row++) {
			const line = buffer.getLine(buffer.viewportY + row);
			result.push(
				line ? line.translateToString(true, 0, columns).trimEnd() : '',
			);
		}

		return result;
	}

	screen() {
		return this.lines().join('\n');
	}

	/** Whether the cell at (x, row) of the screen is drawn in inverse video. */
	isInverse(x, row) {
		const buffer = this.terminal.buffer.active;
		const cell = buffer.getLine(buffer.viewportY + row)?.getCell(x);
		return Boolean(cell?.isInverse());
	}

	check(at) {
		for (const waiter of this.waiters) {
			let done = false;
			try {
				done = waiter.predicate(this);
			} catch {}

			if (done) {
				waiter.finish({ok: true, at});
			}
		}
	}

	/** Resolve with {ok: true, at} once `predicate(session)` holds; `at` is when the output that made it hold arrived. Never throws. */
	async waitFor(predicate, timeout) {
		if (predicate(this)) {
			return {ok: true, at: performance.now(), already: true};
		}

		if (!this.alive) {
			return {ok: false, reason: 'exited'};
		}

		return new Promise((resolve) => {
			const waiter = {
				predicate,
				finish: (result) => {
					clearTimeout(waiter.timer);
					this.waiters.delete(waiter);
					resolve(result);
				},
			};
			waiter.timer = setTimeout(() => {
				waiter.finish({ok: false, reason: 'timeout'});
			}, timeout);
			this.waiters.add(waiter);
		});
	}

	/** Wait until nothing was written for `quiet` ms and all output is parsed; at most `max` ms. */
	async settle(quiet = quietBeforeKeys, max = 5000) {
		const deadline = performance.now() + max;
		while (performance.now() < deadline) {
			if (
				this.pending === 0 &&
				performance.now() - this.lastOutputAt >= quiet
			) {
				return true;
			}

			// eslint-disable-next-line no-await-in-loop
			await delay(10);
		}

		return false;
	}

	/** Write keys; returns when they were written. */
	press(keys) {
		const at = performance.now();
		this.pty.write(keys);
		return at;
	}

	killNow() {
		if (this.alive) {
			try {
				this.pty.kill('SIGKILL');
			} catch {}
		}
	}

	/** End the program: SIGTERM (gazette restores the terminal and exits, which also writes a CPU profile), then SIGKILL. */
	async close() {
		if (this.alive) {
			try {
				this.pty.kill('SIGTERM');
			} catch {}

			await Promise.race([
				this.exited,
				delay(profileDirectory ? 20_000 : 2000),
			]);
		}

		if (this.alive) {
			this.killNow();
			await Promise.race([this.exited, delay(2000)]);
		}

		live.delete(this);
		this.terminal.dispose();
	}
}

const profileNames = new Set();

function spawnGazette(args, name) {
	const profiled = profileDirectory && name !== 'warm-up';
	if (profiled) {
		profileNames.add(`${name}.cpuprofile`);
	}

	const profile = profiled
		? [
				'--cpu-prof',
				'--cpu-prof-dir',
				profileDirectory,
				'--cpu-prof-name',
				`${name}.cpuprofile`,
			]
		: [];
	// The index caches live in the temporary folder, one per article folder: the user's cache is left alone, and each scenario starts from its own.
	const folder = args[args.indexOf('--dir') + 1];
	return new Session(process.execPath, [...profile, cliPath, ...args], {
		label: `gazette ${name}`,
		env: {
			GAZETTE_CACHE_DIR: path.join(temporary, `cache-${path.basename(folder)}`),
		},
	});
}

/** Peak resident set size (VmHWM) of a live process, in MB; undefined where /proc is missing. */
function peakRss(pid) {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kB = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1];
		return kB === undefined ? undefined : Number(kB) / 1024;
	} catch {
		return undefined;
	}
}

// ---------------------------------------------------------------- screen readers

const statusPattern = /(\d+)-(\d+)\/(\d+) (\d+)%/;

function statusLine(session) {
	const lines = session.lines();
	for (let row = lines.length - 1; row >= 0; row--) {
		if (statusPattern.test(lines[row])) {
			return lines[row];
		}
	}

	return undefined;
}

function statusTop(session) {
	const line = statusLine(session);
	return line === undefined ? undefined : Number(statusPattern.exec(line)[1]);
}

const showsList = (session) =>
	session.lines().some((line) => line.includes('gazette ·'));

/** The list's header while a filter is typed: the cursor on the first match, `1/12 of 10000`, or `0 of 10000`. */
const listHeader = (shown, total) =>
	shown === 0 ? `gazette · 0 of ${total}` : `gazette · 1/${shown} of ${total}`;

/** The filter prompt shows `query`, with the inverse cursor cell right after it (so a typed space counts too). */
function promptShows(session, query) {
	const lines = session.lines();
	const expected = `/${query}`.trimEnd();
	for (let row = lines.length - 1; row >= 0; row--) {
		if (lines[row] === expected && session.isInverse(1 + query.length, row)) {
			return true;
		}
	}

	return false;
}

// ---------------------------------------------------------------- statistics

const failed = Number.POSITIVE_INFINITY;

function percentile(values, p) {
	if (values.length === 0) {
		return undefined;
	}

	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length) - 1;
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

function median(values) {
	const known = values.filter((value) => value !== undefined);
	if (known.length === 0) {
		return undefined;
	}

	const sorted = [...known].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1
		? sorted[middle]
		: (sorted[middle - 1] + sorted[middle]) / 2;
}

// ---------------------------------------------------------------- scenarios

async function measureFloor() {
	const session = new Session(process.execPath, ['-e', "console.log('x')"], {
		label: 'node -e',
	});
	try {
		const result = await session.waitFor(
			(current) => current.raw.includes('x'),
			10_000,
		);
		return result.ok ? result.at - session.spawnedAt : failed;
	} finally {
		await session.close();
	}
}

async function measureList(folder, stateDirectory, name = 'list') {
	const session = spawnGazette(
		['--dir', folder, '--state-dir', stateDirectory],
		name,
	);
	try {
		const result = await session.waitFor(showsList, 15_000);
		const firstFrame = result.ok ? result.at - session.spawnedAt : failed;
		await session.settle();
		return {firstFrame, rss: peakRss(session.pid)};
	} finally {
		await session.close();
	}
}

/** Press `key` up to `count` times; each time wait until `changed(before, read(session))` and record the time. Stops at the first timeout. */
async function pressRepeatedly(session, {key, count, read, changed}) {
	const times = [];
	for (let index = 0; index < count; index++) {
		const before = read(session);
		const at = session.press(key);
		// eslint-disable-next-line no-await-in-loop
		const result = await session.waitFor(
			(current) => changed(before, read(current)),
			keyTimeout,
		);
		if (!result.ok) {
			times.push(failed);
			log(
				`  ${session.label}: ${JSON.stringify(key)} #${index + 1} ${result.reason}`,
			);
			break;
		}

		times.push(result.at - at);
	}

	return times;
}

async function measureLarge(folder, stateDirectory) {
	const session = spawnGazette(
		['--dir', folder, '--state-dir', stateDirectory],
		'large',
	);
	const result = {
		open: failed,
		scroll: [failed],
		tab: [failed],
		rss: undefined,
	};
	try {
		const list = await session.waitFor(showsList, 15_000);
		if (!list.ok) {
			return result;
		}

		await session.settle();
		const enterAt = session.press('\r');
		const opened = await session.waitFor(
			(current) => statusLine(current) !== undefined,
			30_000,
		);
		if (!opened.ok) {
			log(`  large: Enter ${opened.reason}`);
			return result;
		}

		result.open = opened.at - enterAt;
		await session.settle();
		result.scroll = await pressRepeatedly(session, {
			key: 'j',
			count: counts.scroll,
			read: statusTop,
			changed: (before, now) => now !== undefined && now !== before,
		});
		await session.settle();
		result.tab = await pressRepeatedly(session, {
			key: '\t',
			count: counts.tab,
			read: statusLine,
			changed: (before, now) => now !== undefined && now !== before,
		});
		await session.settle(100);
		return result;
	} finally {
		result.rss = peakRss(session.pid);
		await session.close();
	}
}

async function measureLess(file) {
	const session = new Session('less', ['-R', file], {
		label: 'less',
		env: {
			LESS: undefined,
			LESSOPEN: undefined,
			LESSCLOSE: undefined,
			LESSHISTFILE: '-',
		},
	});
	try {
		const shown = await session.waitFor(
			(current) => current.lines().filter(Boolean).length > rows / 2,
			10_000,
		);
		if (!shown.ok) {
			return [failed];
		}

		await session.settle();
		return await pressRepeatedly(session, {
			key: 'j',
			count: counts.scroll,
			read: (current) => current.screen(),
			changed: (before, now) => now !== before,
		});
	} finally {
		if (session.alive) {
			session.press('q');
			await Promise.race([session.exited, delay(500)]);
		}

		await session.close();
	}
}

async function measureMany(folder, stateDirectory, entries) {
	const session = spawnGazette(
		['--dir', folder, '--state-dir', stateDirectory],
		'many',
	);
	const result = {firstFrame: failed, filter: [failed], rss: undefined};
	try {
		const list = await session.waitFor(showsList, 60_000);
		if (!list.ok) {
			log(`  many: first frame ${list.reason}`);
			return result;
		}

		result.firstFrame = list.at - session.spawnedAt;
		await session.settle(quietBeforeKeys, 15_000);
		session.press('/');
		const prompt = await session.waitFor(
			(current) => promptShows(current, ''),
			keyTimeout,
		);
		if (!prompt.ok) {
			log(`  many: filter prompt ${prompt.reason}`);
			return result;
		}

		await session.settle(100);
		result.filter = [];
		for (let length = 1; length <= counts.filter; length++) {
			const query = filterQuery.slice(0, length);
			const header = listHeader(
				expectedMatches(entries, query),
				entries.length,
			);
			const at = session.press(filterQuery[length - 1]);
			// The header shows the new count and the prompt the new query (a typed space changes only the prompt).
			// eslint-disable-next-line no-await-in-loop
			const shown = await session.waitFor(
				(current) =>
					current.lines()[0] === header && promptShows(current, query),
				keyTimeout,
			);
			if (!shown.ok) {
				result.filter.push(failed);
				log(`  many: filter "${query}" ${shown.reason} (expected "${header}")`);
				break;
			}

			result.filter.push(shown.at - at);
		}

		await session.settle(100);
		return result;
	} finally {
		result.rss ??= peakRss(session.pid);
		await session.close();
	}
}

// ---------------------------------------------------------------- CPU profiles

const moduleComment = /^\/\/ (\S+\.(?:[cm]?js|tsx?|json))$/;
const bundleModules = new Map();

/** Esbuild marks each module of the (unminified) bundle with a `// path` comment: map a bundle line back to its module. */
function moduleAt(url, line) {
	if (!url.startsWith('file://')) {
		return url || '(native)';
	}

	let marks = bundleModules.get(url);
	if (!marks) {
		marks = [];
		try {
			const lines = readFileSync(fileURLToPath(url), 'utf8').split('\n');
			for (const [index, text] of lines.entries()) {
				const match = moduleComment.exec(text);
				if (match) {
					marks.push([index, match[1]]);
				}
			}
		} catch {}

		bundleModules.set(url, marks);
	}

	let found = path.relative(root, fileURLToPath(url));
	for (const [index, name] of marks) {
		if (index > line) {
			break;
		}

		found = name;
	}

	return found;
}

const packageOf = (module) =>
	/^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module)?.[1] ??
	(module.startsWith('node:') ? 'node (internals)' : module);

const projectModule = (module) =>
	module.startsWith('source/') || module === 'cli.tsx';

/** Inclusive time of the project's own functions (source/, cli.tsx): which of our calls the library time comes from. Recursion is counted once. */
function projectTotals(profile, nodes, self, label) {
	const subtree = new Map();
	const order = [];
	const stack = [profile.nodes[0].id];
	while (stack.length > 0) {
		const id = stack.pop();
		order.push(id);
		stack.push(...(nodes.get(id).children ?? []));
	}

	for (const id of order.reverse()) {
		const children = nodes.get(id).children ?? [];
		subtree.set(
			id,
			(self.get(id) ?? 0) +
				children.reduce((sum, child) => sum + (subtree.get(child) ?? 0), 0),
		);
	}

	const inclusive = new Map();
	const active = new Map();
	const walk = [[profile.nodes[0].id, false]];
	while (walk.length > 0) {
		const [id, leaving] = walk.pop();
		const node = nodes.get(id);
		const {key, module} = label(node);
		const counted = projectModule(module);
		if (leaving) {
			if (counted) {
				active.set(key, active.get(key) - 1);
			}

			continue;
		}

		if (counted) {
			if (!active.get(key)) {
				inclusive.set(key, (inclusive.get(key) ?? 0) + subtree.get(id));
			}

			active.set(key, (active.get(key) ?? 0) + 1);
		}

		walk.push([id, true]);
		for (const child of node.children ?? []) {
			walk.push([child, false]);
		}
	}

	return inclusive;
}

function summarizeProfile(file, top = 12) {
	const profile = JSON.parse(readFileSync(file, 'utf8'));
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const self = new Map();
	for (const [index, id] of profile.samples.entries()) {
		const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
		self.set(id, (self.get(id) ?? 0) + ms);
	}

	const label = (node) => {
		const {functionName, url, lineNumber} = node.callFrame;
		const module = moduleAt(url, lineNumber);
		const name = (functionName || '(anonymous)').slice(0, 60);
		const where = url.startsWith('file://')
			? ` (${path.basename(fileURLToPath(url))}:${lineNumber + 1})`
			: '';
		return {key: `${name} — ${module}${where}`, module};
	};

	const functions = new Map();
	const packages = new Map();
	let total = 0;
	let idle = 0;
	for (const [id, ms] of self) {
		const node = nodes.get(id);
		if (node.callFrame.functionName === '(idle)') {
			idle += ms;
			continue;
		}

		total += ms;
		const {key, module} = label(node);
		functions.set(key, (functions.get(key) ?? 0) + ms);
		const name = packageOf(module);
		packages.set(name, (packages.get(name) ?? 0) + ms);
	}

	const inclusive = projectTotals(profile, nodes, self, label);

	const rowsOf = (map) =>
		[...map]
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(
				([name, ms]) =>
					`  ${ms.toFixed(0).padStart(6)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${name}`,
			);
	return [
		`${path.basename(file)}: ${total.toFixed(0)} ms busy, ${idle.toFixed(0)} ms idle (percentages of busy time)`,
		' top self time by function:',
		...rowsOf(functions),
		' top self time by package / module:',
		...rowsOf(packages),
		' top total time (self + callees) of gazette’s own functions:',
		...rowsOf(inclusive),
	].join('\n');
}

// ---------------------------------------------------------------- report

const formatMs = (ms) =>
	ms === undefined
		? 'n/a'
		: ms === failed
			? 'timeout'
			: ms >= 100
				? `${ms.toFixed(0)} ms`
				: `${ms.toFixed(1)} ms`;
const formatMb = (mb) => (mb === undefined ? 'n/a' : `${mb.toFixed(1)} MB`);
const mark = (value, limit) =>
	value === undefined ? '' : value <= limit ? '✓' : '✗';

function machine() {
	const cpus = os.cpus();
	return {
		cpu: cpus[0]?.model.trim() ?? 'unknown',
		cores: cpus.length,
		memoryGB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
		node: process.version,
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		loadAverage: os.loadavg().map((value) => Number(value.toFixed(2))),
	};
}

function summarize(samples) {
	const per = (key) => samples[key] ?? [];
	const floor = median(per('floor'));
	const listFirst = median(per('listFirst'));
	const ratioRuns = per('listFirst').map((value, index) =>
		per('floor')[index] ? value / per('floor')[index] : undefined,
	);
	const latency = (key, p) =>
		median(per(key).map((times) => percentile(times, p)));
	return {
		listFirstFrameMs: listFirst,
		nodeFloorMs: floor,
		listToFloorRatio: median(ratioRuns),
		listRssMB: median(per('listRss')),
		open1MbMs: median(per('open')),
		scrollP50Ms: latency('scroll', 50),
		scrollP95Ms: latency('scroll', 95),
		tabP50Ms: latency('tab', 50),
		tabP95Ms: latency('tab', 95),
		lessScrollP50Ms: latency('less', 50),
		lessScrollP95Ms: latency('less', 95),
		largeRssMB: median(per('largeRss')),
		manyFirstFrameMs: median(per('manyFirst')),
		filterP50Ms: latency('filter', 50),
		filterP95Ms: latency('filter', 95),
		manyRssMB: median(per('manyRss')),
	};
}

const targets = {
	listFirstFrameMs: 250,
	listToFloorRatio: 5,
	open1MbMs: 300,
	scrollP95Ms: 20,
	tabP95Ms: 20,
	manyFirstFrameMs: 1000,
	filterP95Ms: 30,
	largeRssMB: 200,
};

function table(results, lessAvailable) {
	const r = results;
	const less = (ms) => (lessAvailable ? `less -R: ${formatMs(ms)}` : 'n/a');
	const ratio =
		r.listToFloorRatio === undefined || r.listToFloorRatio === failed
			? 'n/a'
			: `${r.listToFloorRatio.toFixed(1)}×`;
	// [scenario, name, gazette, baseline, target, key of the checked figure]
	const rowsIn = [
		[
			'list',
			'List, 3 articles: start → first frame',
			formatMs(r.listFirstFrameMs),
			`node -e: ${formatMs(r.nodeFloorMs)}`,
			'≤ 250 ms',
			'listFirstFrameMs',
		],
		[
			'list',
			'… as a multiple of Node’s floor',
			ratio,
			'1×',
			'≤ 5×',
			'listToFloorRatio',
		],
		[
			'large',
			'1 MB article: Enter → first frame',
			formatMs(r.open1MbMs),
			'—',
			'≤ 300 ms',
			'open1MbMs',
		],
		[
			'large',
			`Scroll (j ×${counts.scroll}): p50`,
			formatMs(r.scrollP50Ms),
			less(r.lessScrollP50Ms),
			'—',
		],
		[
			'large',
			`Scroll (j ×${counts.scroll}): p95`,
			formatMs(r.scrollP95Ms),
			less(r.lessScrollP95Ms),
			'≤ 20 ms',
			'scrollP95Ms',
		],
		[
			'large',
			`Next section (Tab ×${counts.tab}): p50`,
			formatMs(r.tabP50Ms),
			'—',
			'—',
		],
		[
			'large',
			`Next section (Tab ×${counts.tab}): p95`,
			formatMs(r.tabP95Ms),
			'—',
			'≤ 20 ms (as scroll)',
			'tabP95Ms',
		],
		[
			'many',
			'10,000 articles: start → first frame',
			formatMs(r.manyFirstFrameMs),
			'—',
			'≤ 1 s',
			'manyFirstFrameMs',
		],
		[
			'many',
			`Filter keystroke (${counts.filter} chars): p50`,
			formatMs(r.filterP50Ms),
			'—',
			'—',
		],
		[
			'many',
			`Filter keystroke (${counts.filter} chars): p95`,
			formatMs(r.filterP95Ms),
			'—',
			'≤ 30 ms',
			'filterP95Ms',
		],
		['list', 'Peak RSS, list of 3', formatMb(r.listRssMB), '—', '—'],
		[
			'large',
			'Peak RSS, 1 MB article (after scrolling)',
			formatMb(r.largeRssMB),
			'—',
			'≤ 200 MB',
			'largeRssMB',
		],
		[
			'many',
			'Peak RSS, 10,000 articles (after filtering)',
			formatMb(r.manyRssMB),
			'—',
			'—',
		],
	];
	const rowsOut = [
		['Measurement', 'gazette', 'baseline', 'target', ''],
		['---', '---:', '---:', '---', ':-:'],
	];
	for (const [scenario, name, value, baseline, target, key] of rowsIn) {
		if (scenarios.has(scenario)) {
			rowsOut.push([
				name,
				value,
				baseline,
				target,
				key && r[key] !== undefined ? mark(r[key], targets[key]) : '',
			]);
		}
	}

	return rowsOut.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function jsonValue(value) {
	if (value === failed) {
		return 'timeout';
	}

	if (typeof value === 'number') {
		return Number(value.toFixed(2));
	}

	if (Array.isArray(value)) {
		return value.map((item) => jsonValue(item));
	}

	return value ?? null;
}

// ---------------------------------------------------------------- main

function lessPath() {
	const found = spawnSync('sh', ['-c', 'command -v less'], {encoding: 'utf8'});
	return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : '';
}

async function main() {
	if (!existsSync(cliPath)) {
		throw new Error(
			'dist/cli.js is missing: run `node scripts/build.js` first (or `npm run bench`).',
		);
	}

	if (profileDirectory) {
		mkdirSync(profileDirectory, {recursive: true});
	}

	const loadAverageAtStart = os
		.loadavg()
		.map((value) => Number(value.toFixed(2)));
	temporary = mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-'));
	const smallFolder = path.join(temporary, 'small');
	const largeFolder = path.join(temporary, 'large');
	const manyFolder = path.join(temporary, 'many');
	const renderedFile = path.join(temporary, 'rendered.txt');
	let stateCount = 0;
	const freshState = () => {
		const folder = path.join(temporary, `state-${stateCount++}`);
		mkdirSync(folder);
		return folder;
	};

	log(`bench: inputs in ${temporary}`);
	copyBundledArticles(path.join(root, 'articles'), smallFolder);
	let largeBytes = 0;
	let entries = [];
	const hasLess = Boolean(lessPath());
	if (scenarios.has('large')) {
		copyBundledArticles(path.join(root, 'articles'), largeFolder);
		const text = largeArticle();
		largeBytes = Buffer.byteLength(text);
		writeFileSync(path.join(largeFolder, `${largeId}.md`), text);
		if (hasLess) {
			// The same rendered text, coloured, so that `less -R` has escape sequences to handle too.
			const rendered = execFileSync(
				process.execPath,
				[
					cliPath,
					'read',
					largeId,
					'--width',
					'98',
					'--dir',
					largeFolder,
					'--state-dir',
					freshState(),
				],
				{
					env: childEnv({FORCE_COLOR: '2'}),
					maxBuffer: 256 * 1024 * 1024,
					timeout: 120_000,
				},
			);
			writeFileSync(renderedFile, rendered);
		}
	}

	if (scenarios.has('many')) {
		log(`bench: writing ${manyCount} articles`);
		entries = writeManyArticles(manyFolder, {count: manyCount});
	}

	// Warm the file system cache and Node's compile cache once, unmeasured.
	log('bench: warm-up');
	await measureFloor();
	await measureList(smallFolder, freshState(), 'warm-up');
	if (scenarios.has('many')) {
		// Builds the 10,000-article folder's index cache: the runs measure a warm start (a cold one takes about a second).
		await measureList(manyFolder, freshState(), 'warm-up');
	}

	const samples = {};
	const push = (key, value) => {
		samples[key] ??= [];
		samples[key].push(value);
	};

	for (let run = 1; run <= runs; run++) {
		log(`bench: run ${run}/${runs}`);
		if (scenarios.has('list')) {
			/* eslint-disable no-await-in-loop */
			push('floor', await measureFloor());
			const list = await measureList(smallFolder, freshState());
			push('listFirst', list.firstFrame);
			push('listRss', list.rss);
		}

		if (scenarios.has('large')) {
			const large = await measureLarge(largeFolder, freshState());
			push('open', large.open);
			push('scroll', large.scroll);
			push('tab', large.tab);
			push('largeRss', large.rss);
			if (hasLess) {
				push('less', await measureLess(renderedFile));
			}
		}

		if (scenarios.has('many')) {
			const many = await measureMany(manyFolder, freshState(), entries);
			push('manyFirst', many.firstFrame);
			push('filter', many.filter);
			push('manyRss', many.rss);
			/* eslint-enable no-await-in-loop */
		}
	}

	const results = summarize(samples);
	const about = {
		...machine(),
		loadAverageAtStart,
		distBuiltAt: statSync(cliPath).mtime.toISOString(),
	};
	const date = new Date().toISOString();
	const config = {
		runs,
		columns,
		rows,
		scrollPresses: counts.scroll,
		tabPresses: counts.tab,
		filterCharacters: counts.filter,
		filterQuery,
		largeArticleBytes: largeBytes,
		manyArticles: manyCount,
		cpuProfile: Boolean(profileDirectory),
	};
	const checks = Object.fromEntries(
		Object.entries(targets)
			.filter(([key]) => results[key] !== undefined)
			.map(([key, limit]) => [
				key,
				{target: limit, met: results[key] <= limit},
			]),
	);

	if (options.json) {
		process.stdout.write(
			JSON.stringify(
				{
					machine: about,
					date,
					config,
					results: Object.fromEntries(
						Object.entries(results).map(([key, value]) => [
							key,
							jsonValue(value),
						]),
					),
					targets: checks,
					lessAvailable: hasLess,
					samples: Object.fromEntries(
						Object.entries(samples).map(([key, value]) => [
							key,
							jsonValue(value),
						]),
					),
				},
				undefined,
				2,
			) + '\n',
		);
	} else {
		const lines = [
			`gazette benchmark — ${date}`,
			`${about.cpu}, ${about.cores} cores, ${about.memoryGB} GB, ${about.os}, Node ${about.node}`,
			`load average (1, 5, 15 min) at start ${about.loadAverageAtStart.join(', ')}, at end ${about.loadAverage.join(', ')}; dist/cli.js built ${about.distBuiltAt}`,
			`${columns}×${rows} pty; each figure is the median of ${runs} run${runs === 1 ? '' : 's'} (percentiles and the ratio to Node’s floor are taken per run, then the median of the runs); 1 MB article = ${(largeBytes / 1024).toFixed(0)} KiB, ${counts.scroll} j / ${counts.tab} Tab presses, filter typed: "${filterQuery}"`,
			...(profileDirectory
				? [
						'NOTE: measured with --cpu-prof on, the figures are slower than usual',
					]
				: []),
			'',
			table(results, hasLess),
		];
		process.stdout.write(lines.join('\n') + '\n');
	}

	if (profileDirectory) {
		await delay(200);
		const profiles = readdirSync(profileDirectory)
			.filter((name) => profileNames.has(name))
			.map((name) => path.join(profileDirectory, name));
		process.stderr.write('\n');
		for (const file of profiles) {
			log(summarizeProfile(file));
			log('');
		}
	}
}

try {
	await main();
} catch (error) {
	process.stderr.write(
		`bench: ${error instanceof Error ? error.stack : String(error)}\n`,
	);
	process.exitCode = 1;
} finally {
	const closing = [...live].map(async (session) => session.close());
	await Promise.race([Promise.all(closing), delay(5000)]);
	cleanupNow();
}
