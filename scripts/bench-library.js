// Benchmark of a large library (issue 16): 100,000 generated articles (as the 10,000-article case of scripts/bench.js),
// their index built, the interactive list over them, a filter typed, full-text search, 20 new articles added.
// Not part of `npm test`. Run `npm run bench:library` (builds first) or `node scripts/bench-library.js` after `node scripts/build.js`.
//
//   --count N     articles to generate (default 100000)
//   --runs N      runs per figure of the list; each figure is the median of the runs (default 3)
//   --json        print the results as JSON instead of a markdown table
//
// Programs run in a pseudo terminal (node-pty) whose output feeds a headless xterm; a measurement ends at the arrival
// of the output chunk after which the screen shows the expected change. In-process figures (search, adding 20
// articles) run in a child `node --import=tsx` on the sources. Everything is generated in a temporary folder that is
// removed at the end; every child is killed, even on failure.
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {parseArgs} from 'node:util';
import xterm from '@xterm/headless';
import nodePty from 'node-pty';
import {
	expectedMatches,
	filterQuery,
	writeManyArticles,
} from './bench-inputs.js';

const {Terminal} = xterm;
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cliPath = path.join(root, 'dist', 'cli.js');
const columns = 100;
const rows = 30;

let options;
try {
	options = parseArgs({
		options: {
			count: {type: 'string'},
			runs: {type: 'string'},
			json: {type: 'boolean', default: false},
			help: {type: 'boolean', default: false},
		},
	}).values;
} catch (error) {
	process.stderr.write(`bench-library: ${error.message}\n`);
	process.exit(2);
}

if (options.help) {
	process.stdout.write(
		'Usage: node scripts/bench-library.js [--count N] [--runs N] [--json]\n',
	);
	process.exit(0);
}

const count = Number(options.count ?? 100_000);
const runs = Number(options.runs ?? 3);
if (!Number.isInteger(count) || count < 100 || count > 1_000_000) {
	process.stderr.write('bench-library: --count must be 100 to 1000000\n');
	process.exit(2);
}

if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
	process.stderr.write('bench-library: --runs must be 1 to 50\n');
	process.exit(2);
}

const log = (message) => {
	process.stderr.write(`${message}\n`);
};

const delay = async (ms) =>
	new Promise((resolve) => {
		setTimeout(resolve, ms);
	});

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
		log(`bench-library: ${signal}, cleaning up`);
		cleanupNow();
		process.exit(130);
	});
}

// ---------------------------------------------------------------- pty sessions (as in scripts/bench.js)

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
	return {...env, ...overrides};
}

class Session {
	constructor(file, args, env = {}) {
		this.terminal = new Terminal({cols: columns, rows, allowProposedApi: true});
		this.raw = '';
		this.pending = 0;
		this.waiters = new Set();
		this.alive = true;
		this.spawnedAt = performance.now();
		this.lastOutputAt = this.spawnedAt;
		this.pty = nodePty.spawn(file, args, {
			name: 'xterm-256color',
			cols: columns,
			rows,
			cwd: root,
			env: childEnv(env),
		});
		this.pid = this.pty.pid;
		live.add(this);
		this.exited = new Promise((resolve) => {
			this.pty.onExit((info) => {
				this.alive = false;
				this.exitedAt = performance.now();
				live.delete(this);
				resolve(info);
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

	isInverse(x, row) {
		const buffer = this.terminal.buffer.active;
		return Boolean(
			buffer
				.getLine(buffer.viewportY + row)
				?.getCell(x)
				?.isInverse(),
		);
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

	async waitFor(predicate, timeout) {
		if (predicate(this)) {
			return {ok: true, at: performance.now()};
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

	async settle(quiet = 300, max = 10_000) {
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

	async close() {
		if (this.alive) {
			try {
				this.pty.kill('SIGTERM');
			} catch {}

			await Promise.race([this.exited, delay(2000)]);
		}

		this.killNow();
		live.delete(this);
		this.terminal.dispose();
	}
}

function peakRss(pid) {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kB = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1];
		return kB === undefined ? undefined : Number(kB) / 1024;
	} catch {
		return undefined;
	}
}

const failed = Number.POSITIVE_INFINITY;

function percentile(values, p) {
	const sorted = values
		.filter((value) => value !== undefined)
		.sort((a, b) => a - b);
	if (sorted.length === 0) {
		return undefined;
	}

	const rank = Math.ceil((p / 100) * sorted.length) - 1;
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

const median = (values) => percentile(values, 50);

// ---------------------------------------------------------------- measurements

async function measureFloor() {
	const session = new Session(process.execPath, ['-e', "console.log('x')"]);
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

/** `gazette search` over a library whose index is new: every file read into it, progress shown on the terminal. */
async function measureBuild(folder, cacheDir, stateDir) {
	const session = new Session(
		process.execPath,
		[
			cliPath,
			'search',
			'zzzznothing',
			'--dir',
			folder,
			'--state-dir',
			stateDir,
		],
		{GAZETTE_CACHE_DIR: cacheDir},
	);
	try {
		await Promise.race([session.exited, delay(600_000)]);
		const ms = session.alive ? failed : session.exitedAt - session.spawnedAt;
		return {
			ms,
			progressShown: /Indexing articles: [\d,]+ of [\d,]+/.test(session.raw),
			rss: undefined,
		};
	} finally {
		await session.close();
	}
}

const listHeader = (shown, total) =>
	shown === 0 ? `gazette · 0 of ${total}` : `gazette · 1/${shown} of ${total}`;

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

/** The interactive list over the library (its index warm): first frame, then the filter typed a key at a time. */
async function measureList(folder, cacheDir, stateDir, entries) {
	const session = new Session(
		process.execPath,
		[cliPath, '--dir', folder, '--state-dir', stateDir],
		{GAZETTE_CACHE_DIR: cacheDir},
	);
	const result = {firstFrame: failed, filter: [failed], rss: undefined};
	try {
		const header = `gazette · 1/${entries.length.toLocaleString('en').replaceAll(',', '')} articles`;
		const list = await session.waitFor(
			(current) => current.lines().some((line) => line.startsWith(header)),
			60_000,
		);
		if (!list.ok) {
			log(`  list: first frame ${list.reason}: ${session.lines()[0]}`);
			return result;
		}

		result.firstFrame = list.at - session.spawnedAt;
		// The check of every file in the background, between keys: let it finish before timing keys.
		await session.settle(1000, 60_000);
		session.press('/');
		const prompt = await session.waitFor(
			(current) => promptShows(current, ''),
			5000,
		);
		if (!prompt.ok) {
			log(`  list: filter prompt ${prompt.reason}`);
			return result;
		}

		await session.settle(100);
		result.filter = [];
		for (let length = 1; length <= filterQuery.length; length++) {
			const query = filterQuery.slice(0, length);
			const expected = listHeader(
				expectedMatches(entries, query),
				entries.length,
			);
			const at = session.press(filterQuery[length - 1]);
			// eslint-disable-next-line no-await-in-loop
			const shown = await session.waitFor(
				(current) =>
					current.lines()[0].startsWith(expected) &&
					promptShows(current, query),
				10_000,
			);
			if (!shown.ok) {
				result.filter.push(failed);
				log(
					`  list: filter "${query}" ${shown.reason} (expected "${expected}", got "${session.lines()[0]}")`,
				);
				break;
			}

			result.filter.push(shown.at - at);
		}

		log(
			`  list: filter keys (ms): ${result.filter.map((ms) => Math.round(ms)).join(' ')}`,
		);
		await session.settle(100);
		return result;
	} finally {
		result.rss = peakRss(session.pid);
		await session.close();
	}
}

/** The in-process figures, on the sources: full-text queries on a freshly opened index, and 20 new articles added. */
function measureInProcess(folder, cacheDir) {
	const probe = `
import {writeFileSync, rmSync} from 'node:fs';
import path from 'node:path';
const {openLibraryIndex} = await import(${JSON.stringify(pathToFileURL(path.join(root, 'source/library/article-index.ts')).href)});
const folder = ${JSON.stringify(folder)};
const cacheDir = ${JSON.stringify(cacheDir)};
const queries = ['zanzibar', 'harbour', 'ferry strike', '"budget vote"', 'strik*', 'council harbour ferry'];
const search = [];
for (const query of queries) {
	// A new connection for each: nothing of the last query in SQLite's cache.
	const index = openLibraryIndex([folder], {cacheDir, check: 'quick'});
	const start = performance.now();
	const results = index.search(query, {limit: 20});
	search.push({query, ms: performance.now() - start, results: results.length});
	index.close();
}
const index = openLibraryIndex([folder], {cacheDir, check: 'quick'});
const before = index.count({query: '', unreadOnly: false, bookmarkedOnly: false});
const names = [];
for (let number = 0; number < 20; number++) {
	const name = 'zz-new-' + number + '.md';
	names.push(name);
	writeFileSync(path.join(folder, name), '---\\ntitle: "New article ' + number + '"\\nsource: "Bench Desk"\\ndate: 2031-01-01\\n---\\n\\nA new article about the quayside ' + number + '.\\n');
}
const start = performance.now();
index.sync({check: 'quick'});
const add = performance.now() - start;
const after = index.count({query: '', unreadOnly: false, bookmarkedOnly: false});
const found = index.search('quayside', {limit: 50}).length;
index.close();
for (const name of names) rmSync(path.join(folder, name));
process.stdout.write(JSON.stringify({search, add, added: after - before, found}));
`;
	const result = spawnSync(
		process.execPath,
		['--import=tsx', '--input-type=module', '-e', probe],
		{
			cwd: root,
			encoding: 'utf8',
			maxBuffer: 16 * 1024 * 1024,
			timeout: 600_000,
		},
	);
	if (result.status !== 0) {
		throw new Error(`the in-process probe failed: ${result.stderr}`);
	}

	return JSON.parse(result.stdout);
}

/** `gazette search` end to end, a warm index: Node's start, a quick check of the folder, the query, the output. */
function measureSearchCommand(folder, cacheDir, stateDir) {
	const start = performance.now();
	const result = spawnSync(
		process.execPath,
		[
			cliPath,
			'search',
			'zanzibar ferry',
			'--dir',
			folder,
			'--state-dir',
			stateDir,
		],
		{
			env: childEnv({GAZETTE_CACHE_DIR: cacheDir}),
			encoding: 'utf8',
			timeout: 120_000,
		},
	);
	const ms = performance.now() - start;
	return result.status === 0 ? ms : failed;
}

// ---------------------------------------------------------------- report

const formatMs = (ms) =>
	ms === undefined
		? 'n/a'
		: ms === failed
			? 'timeout'
			: ms >= 1000
				? `${(ms / 1000).toFixed(2)} s`
				: ms >= 100
					? `${ms.toFixed(0)} ms`
					: `${ms.toFixed(1)} ms`;
const formatMb = (mb) => (mb === undefined ? 'n/a' : `${mb.toFixed(0)} MB`);
const mark = (value, limit) =>
	value === undefined ? '' : value <= limit ? '✓' : '✗';

async function main() {
	if (!statSync(cliPath, {throwIfNoEntry: false})) {
		throw new Error(
			'dist/cli.js is missing: run `node scripts/build.js` first (or `npm run bench:library`).',
		);
	}

	const loadAtStart = os.loadavg().map((value) => Number(value.toFixed(2)));
	temporary = mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-library-'));
	const folder = path.join(temporary, 'many');
	const cacheDir = path.join(temporary, 'cache');
	let states = 0;
	const freshState = () => {
		const state = path.join(temporary, `state-${states++}`);
		mkdirSync(state);
		return state;
	};

	log(`bench-library: writing ${count} articles in ${folder}`);
	const entries = writeManyArticles(folder, {count});
	log('bench-library: warm-up');
	await measureFloor();
	log('bench-library: building the index');
	const build = await measureBuild(folder, cacheDir, freshState());
	const samples = {floor: [], first: [], filter: [], rss: []};
	for (let run = 1; run <= runs; run++) {
		log(`bench-library: run ${run}/${runs}`);
		/* eslint-disable no-await-in-loop */
		samples.floor.push(await measureFloor());
		const list = await measureList(folder, cacheDir, freshState(), entries);
		/* eslint-enable no-await-in-loop */
		samples.first.push(list.firstFrame);
		samples.filter.push(list.filter);
		samples.rss.push(list.rss);
	}

	log('bench-library: search and adding 20 articles');
	const inProcess = measureInProcess(folder, cacheDir);
	const searchCommand = measureSearchCommand(folder, cacheDir, freshState());
	const floor = median(samples.floor);
	const ratios = samples.first.map(
		(value, index) => value / samples.floor[index],
	);
	const results = {
		nodeFloorMs: floor,
		listFirstFrameMs: median(samples.first),
		listToFloorRatio: median(ratios),
		filterP50Ms: median(samples.filter.map((times) => percentile(times, 50))),
		filterP95Ms: median(samples.filter.map((times) => percentile(times, 95))),
		listRssMB: median(samples.rss),
		buildMs: build.ms,
		buildProgressShown: build.progressShown,
		add20Ms: inProcess.add,
		add20Counted: inProcess.added,
		searchP50Ms: percentile(
			inProcess.search.map((entry) => entry.ms),
			50,
		),
		searchMaxMs: Math.max(...inProcess.search.map((entry) => entry.ms)),
		searchCommandMs: searchCommand,
		searches: inProcess.search,
	};
	const targets = {
		listToFloorRatio: 10,
		filterP95Ms: 50,
		listRssMB: 300,
		buildMs: 15_000,
		add20Ms: 200,
		searchMaxMs: 100,
	};
	const about = {
		cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
		cores: os.cpus().length,
		node: process.version,
		loadAtStart,
		loadAtEnd: os.loadavg().map((value) => Number(value.toFixed(2))),
	};
	if (options.json) {
		process.stdout.write(
			`${JSON.stringify({machine: about, count, runs, results, targets, samples}, undefined, 2)}\n`,
		);
		return;
	}

	const n = count.toLocaleString('en');
	const table = [
		['Measurement', 'gazette', 'baseline', 'target', ''],
		['---', '---:', '---:', '---', ':-:'],
		[
			`List of ${n}: start → first frame`,
			formatMs(results.listFirstFrameMs),
			`node -e: ${formatMs(floor)}`,
			'—',
			'',
		],
		[
			'… as a multiple of Node’s floor',
			`${results.listToFloorRatio.toFixed(1)}×`,
			'1×',
			'≤ 10×',
			mark(results.listToFloorRatio, targets.listToFloorRatio),
		],
		[
			`Filter keystroke (${filterQuery.length} chars): p50`,
			formatMs(results.filterP50Ms),
			'—',
			'—',
			'',
		],
		[
			`Filter keystroke (${filterQuery.length} chars): p95`,
			formatMs(results.filterP95Ms),
			'—',
			'≤ 50 ms',
			mark(results.filterP95Ms, targets.filterP95Ms),
		],
		[
			`Peak RSS, list of ${n} (after filtering)`,
			formatMb(results.listRssMB),
			'—',
			'≤ 300 MB',
			mark(results.listRssMB, targets.listRssMB),
		],
		[
			`Index of ${n} new files: build (progress shown: ${build.progressShown ? 'yes' : 'no'})`,
			formatMs(results.buildMs),
			'—',
			'≤ 15 s',
			mark(results.buildMs, targets.buildMs),
		],
		[
			`20 new articles added to the index of ${n}`,
			formatMs(results.add20Ms),
			'—',
			'≤ 200 ms',
			mark(results.add20Ms, targets.add20Ms),
		],
		[
			'Full-text query, first 20 results: p50 of 6 queries',
			formatMs(results.searchP50Ms),
			'—',
			'—',
			'',
		],
		[
			'Full-text query, first 20 results: slowest of 6',
			formatMs(results.searchMaxMs),
			'—',
			'≤ 100 ms',
			mark(results.searchMaxMs, targets.searchMaxMs),
		],
		[
			'`gazette search` end to end (Node start included)',
			formatMs(results.searchCommandMs),
			`node -e: ${formatMs(floor)}`,
			'—',
			'',
		],
	];
	const lines = [
		`gazette library benchmark — ${new Date().toISOString()}`,
		`${about.cpu}, ${about.cores} cores, Node ${about.node}; load average at start ${about.loadAtStart.join(', ')}, at end ${about.loadAtEnd.join(', ')}`,
		`${n} generated articles in one folder; ${columns}×${rows} pty; list figures are the median of ${runs} run${runs === 1 ? '' : 's'}; filter typed: "${filterQuery}"; queries: ${inProcess.search.map((entry) => `${entry.query} (${formatMs(entry.ms)}, ${entry.results})`).join(', ')}`,
		'',
		...table.map((cells) => `| ${cells.join(' | ')} |`),
	];
	process.stdout.write(`${lines.join('\n')}\n`);
}

try {
	await main();
} catch (error) {
	process.stderr.write(
		`bench-library: ${error instanceof Error ? error.stack : String(error)}\n`,
	);
	process.exitCode = 1;
} finally {
	const closing = [...live].map(async (session) => session.close());
	await Promise.race([Promise.all(closing), delay(5000)]);
	cleanupNow();
	// The ptys' handles may keep the loop alive: the work is done.
	process.exit(process.exitCode ?? 0);
}
