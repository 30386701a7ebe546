// Benchmark for gazette: start-up, opening a large article, keystroke-to-screen latency, a 10,000-article list, a 200 KB paste into the composer, peak memory; then the standalone benchmarks (store, render, feeds, library), each printing its own table.
// Not part of `npm test`. Run `npm run bench` (builds first) or `node --import=tsx scripts/bench.ts` after `node scripts/build.js`.
//
//   --runs N          runs per figure, each figure is the median of the runs (default 5; the render benchmark's runs too)
//   --quick           2 runs and fewer keystrokes, and the standalone benchmarks' quick modes, for a fast check
//   --json            print the results as JSON instead of markdown tables
//   --only a,b        run only some: list, large, many, paste (in a pty, here) and store, render, feeds, library (standalone scripts)
//   --cpu-prof DIR    run once with `node --cpu-prof` for each gazette process of the pty scenarios, then summarize the profiles
//
// Every program runs in a pseudo terminal through the tests' own session (test/helpers/pty.ts: node-pty feeding a headless
// xterm); a measurement ends at the arrival of the output chunk after which the screen shows the expected change. Inputs are
// generated in a temporary folder that is removed at the end, and every child process is killed, even on failure.
import {Buffer} from 'node:buffer';
import {execFileSync, spawn, spawnSync} from 'node:child_process';
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
import {
	childEnv,
	closeAll,
	type Matcher,
	type Session,
	spawnProgram,
} from '../test/helpers/pty.js';
import {
	copyBundledArticles,
	expectedMatches,
	filterQuery,
	largeArticle,
	type ListedArticle,
	pastedText,
	writeManyArticles,
} from './bench-inputs.js';
import {summarizeProfile} from './bench-profile.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cliPath = path.join(root, 'dist', 'cli.js');
const columns = 100;
const rows = 30;
const largeId = 'bench-1mb';
const manyCount = 10_000;
const quietBeforeKeys = 300;
const keyTimeout = 5000;
const pasteSizes = [20 * 1024, 200 * 1024] as const;
const pasteEnd = 'The end of the pasted text.';

// ---------------------------------------------------------------- options

type Options = {
	runs?: string;
	quick: boolean;
	json: boolean;
	only?: string;
	'cpu-prof'?: string;
	help: boolean;
};

let options: Options;
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
	process.stderr.write(`bench: ${(error as Error).message}\n`);
	process.exit(2);
}

const ptyScenarios = ['list', 'large', 'many', 'paste'] as const;
const standalone = {
	store: 'bench-store.js',
	render: 'bench-render.js',
	feeds: 'bench-feeds.js',
	library: 'bench-library.js',
} as const;
type Standalone = keyof typeof standalone;
const standaloneNames = Object.keys(standalone) as Standalone[];
// A standalone benchmark runs if its script is there: bench-library.js may come later.
const present = (name: Standalone) =>
	existsSync(path.join(root, 'scripts', standalone[name]));

if (options.help) {
	process.stdout.write(
		`Usage: node --import=tsx scripts/bench.ts [--runs N] [--quick] [--json] [--only ${[...ptyScenarios, ...standaloneNames].join(',')}] [--cpu-prof DIR]\n`,
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

const known: readonly string[] = [...ptyScenarios, ...standaloneNames];
const scenarios = new Set(
	options.only === undefined
		? [...ptyScenarios, ...standaloneNames.filter((name) => present(name))]
		: options.only.split(',').map((name) => name.trim()),
);
for (const name of scenarios) {
	if (!known.includes(name)) {
		process.stderr.write(
			`bench: unknown scenario "${name}" (${known.join(', ')})\n`,
		);
		process.exit(2);
	}
}

const counts = {
	scroll: options.quick ? 50 : 200,
	tab: options.quick ? 15 : 50,
	filter: filterQuery.length,
};

const log = (message: string) => {
	process.stderr.write(`${message}\n`);
};

// ---------------------------------------------------------------- cleanup

let temporary: string | undefined;

function cleanupNow() {
	closeAll();
	if (temporary) {
		try {
			rmSync(temporary, {recursive: true, force: true});
		} catch {}

		temporary = undefined;
	}
}

process.on('exit', cleanupNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	process.on(signal, () => {
		log(`bench: ${signal}, cleaning up`);
		cleanupNow();
		process.exit(130);
	});
}

// ---------------------------------------------------------------- pty sessions

const delay = async (ms: number) =>
	new Promise<void>((resolve) => {
		setTimeout(resolve, ms);
	});

/** A session of the bench: the tests' session, with a label for the log. */
type Measured = Session & {label: string};

type Outcome = {ok: true; at: number} | {ok: false; reason: string};

/** The environment of the tests' sessions, and no colour settings of the caller's. */
const benchEnv = (overrides: Record<string, string | undefined> = {}) => ({
	FORCE_COLOR: undefined,
	NO_COLOR: undefined,
	...overrides,
});

function start(
	file: string,
	args: string[],
	label: string,
	env: Record<string, string | undefined> = {},
): Measured {
	const session = spawnProgram(file, args, {
		columns,
		rows,
		env: benchEnv(env),
	});
	return Object.assign(session, {label});
}

/** When the screen came to match (the arrival of the chunk that drew it), or why it did not: a timeout, or the program's exit. Never throws. */
async function until(
	session: Session,
	what: Matcher,
	timeout: number,
): Promise<Outcome> {
	const done = new AbortController();
	const matched = async (): Promise<Outcome> => {
		try {
			const {at} = await session.waitForTimed(what, {
				timeout,
				signal: done.signal,
			});
			return {ok: true, at};
		} catch {
			return {ok: false, reason: 'timeout'};
		}
	};

	const exited = async (): Promise<Outcome> => {
		await session.exited();
		// The exit resolves once the last output is drawn: a wait that this output satisfied resolves first.
		await delay(0);
		return {ok: false, reason: 'exited'};
	};

	try {
		return await Promise.race([matched(), exited()]);
	} finally {
		done.abort();
	}
}

/**
Wait until the program has written nothing for `quiet` ms; at most `max` ms.

Only the benchmark waits for quiet: a key is timed from an idle program, so that its figure is not another job's (a cache being written, the first frame's last lines). The tests wait for the screen they expect instead.
*/
async function idle(
	session: Session,
	quiet = quietBeforeKeys,
	max = 5000,
): Promise<void> {
	let last = performance.now();
	const stop = session.onOutput((_chunk, at) => {
		last = at;
	});
	try {
		const deadline = performance.now() + max;
		while (performance.now() < deadline) {
			if (performance.now() - last >= quiet) {
				return;
			}

			// eslint-disable-next-line no-await-in-loop
			await delay(10);
		}
	} finally {
		stop();
	}
}

/** Write keys in one write; returns when they were written. */
function press(session: Session, keys: string): number {
	const at = performance.now();
	session.write(keys);
	return at;
}

/** End the program: SIGTERM (gazette restores the terminal and exits, which also writes a CPU profile), then SIGKILL. */
async function close(session: Session): Promise<void> {
	const within = async (ms: number) =>
		Promise.race([
			(async () => {
				await session.exited();
				return true;
			})(),
			(async () => {
				await delay(ms);
				return false;
			})(),
		]);

	session.kill('SIGTERM');
	if (!(await within(profileDirectory ? 20_000 : 2000))) {
		session.kill('SIGKILL');
		await within(2000);
	}
}

const profileNames = new Set<string>();

function spawnGazette(args: string[], name: string): Measured {
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
	const folder = args[args.indexOf('--dir') + 1];
	return start(process.execPath, [...profile, cliPath, ...args], name, {
		GAZETTE_CACHE_DIR: cacheDirectoryOf(folder),
	});
}

/** The index caches (and the code cache) live in the temporary folder, one per article folder: the user's cache is left alone, and each scenario starts from its own. */
function cacheDirectoryOf(folder: string): string {
	return path.join(temporary!, `cache-${path.basename(folder)}`);
}

/** Wait until the reader has made its code cache (source/launcher/code-cache.ts), as any start after a user's first has it. */
async function codeCacheMade(folder: string): Promise<void> {
	const code = path.join(cacheDirectoryOf(folder), 'code');
	const deadline = performance.now() + 10_000;
	while (performance.now() < deadline) {
		if (
			existsSync(code) &&
			readdirSync(code).some((name) => name.endsWith('.bin'))
		) {
			return;
		}

		// eslint-disable-next-line no-await-in-loop
		await delay(50);
	}

	log('  warm-up: no code cache was made');
}

/** Peak resident set size (VmHWM) of a live process, in MB; undefined where /proc is missing. */
function peakRss(pid: number): number | undefined {
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

function statusLine(screen: string): string | undefined {
	const lines = screen.split('\n');
	for (let row = lines.length - 1; row >= 0; row--) {
		if (statusPattern.test(lines[row])) {
			return lines[row];
		}
	}

	return undefined;
}

function statusTop(screen: string): number | undefined {
	const line = statusLine(screen);
	return line === undefined ? undefined : Number(statusPattern.exec(line)![1]);
}

const showsList = (screen: string) => screen.includes('gazette ·');

/** The list's header while a filter is typed: the cursor on the first match, `1/12 of 10000`, or `0 of 10000`. */
const listHeader = (shown: number, total: number) =>
	shown === 0 ? `gazette · 0 of ${total}` : `gazette · 1/${shown} of ${total}`;

/** The filter prompt shows `query`, with the inverse cursor cell right after it (so a typed space counts too). */
function promptShows(session: Session, query: string): boolean {
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

function percentile(values: readonly number[], p: number): number | undefined {
	if (values.length === 0) {
		return undefined;
	}

	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length) - 1;
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

function median(values: ReadonlyArray<number | undefined>): number | undefined {
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

async function measureFloor(): Promise<number> {
	const session = start(
		process.execPath,
		['-e', "console.log('x')"],
		'node -e',
	);
	try {
		// The raw output, not the screen: the floor ends with the first byte Node writes.
		const result = await until(
			session,
			() => session.raw().includes('x'),
			10_000,
		);
		return result.ok ? result.at - session.startedAt : failed;
	} finally {
		await close(session);
	}
}

async function measureList(
	folder: string,
	stateDirectory: string,
	name = 'list',
): Promise<{firstFrame: number; rss: number | undefined}> {
	const session = spawnGazette(
		['--dir', folder, '--state-dir', stateDirectory],
		name,
	);
	try {
		const result = await until(session, showsList, 15_000);
		const firstFrame = result.ok ? result.at - session.startedAt : failed;
		await idle(session);
		if (name === 'warm-up') {
			await codeCacheMade(folder);
		}

		return {firstFrame, rss: peakRss(session.pid)};
	} finally {
		await close(session);
	}
}

type Repeat<T> = {
	key: string;
	count: number;
	read: (screen: string) => T;
	changed: (before: T, now: T) => boolean;
};

/** Press `key` up to `count` times; each time wait until `changed(before, read(screen))` and record the time. Stops at the first timeout. */
async function pressRepeatedly<T>(
	session: Measured,
	{key, count, read, changed}: Repeat<T>,
): Promise<number[]> {
	const times: number[] = [];
	for (let index = 0; index < count; index++) {
		const before = read(session.screen());
		const at = press(session, key);
		// eslint-disable-next-line no-await-in-loop
		const result = await until(
			session,
			(screen) => changed(before, read(screen)),
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

type LargeResult = {
	open: number;
	scroll: number[];
	tab: number[];
	rss: number | undefined;
};

async function measureLarge(
	folder: string,
	stateDirectory: string,
): Promise<LargeResult> {
	const session = spawnGazette(
		['--dir', folder, '--state-dir', stateDirectory],
		'large',
	);
	const result: LargeResult = {
		open: failed,
		scroll: [failed],
		tab: [failed],
		rss: undefined,
	};
	try {
		const list = await until(session, showsList, 15_000);
		if (!list.ok) {
			return result;
		}

		await idle(session);
		const enterAt = press(session, '\r');
		const opened = await until(
			session,
			(screen) => statusLine(screen) !== undefined,
			30_000,
		);
		if (!opened.ok) {
			log(`  large: Enter ${opened.reason}`);
			return result;
		}

		result.open = opened.at - enterAt;
		await idle(session);
		result.scroll = await pressRepeatedly(session, {
			key: 'j',
			count: counts.scroll,
			read: statusTop,
			changed: (before, now) => now !== undefined && now !== before,
		});
		await idle(session);
		result.tab = await pressRepeatedly(session, {
			key: '\t',
			count: counts.tab,
			read: statusLine,
			changed: (before, now) => now !== undefined && now !== before,
		});
		await idle(session, 100);
		return result;
	} finally {
		result.rss = peakRss(session.pid);
		await close(session);
	}
}

async function measureLess(file: string): Promise<number[]> {
	const session = start('less', ['-R', file], 'less', {
		LESS: undefined,
		LESSOPEN: undefined,
		LESSCLOSE: undefined,
		LESSHISTFILE: '-',
	});
	try {
		const shown = await until(
			session,
			() => session.lines().filter(Boolean).length > rows / 2,
			10_000,
		);
		if (!shown.ok) {
			return [failed];
		}

		await idle(session);
		return await pressRepeatedly(session, {
			key: 'j',
			count: counts.scroll,
			read: (screen) => screen,
			changed: (before, now) => now !== before,
		});
	} finally {
		try {
			session.write('q');
			await Promise.race([session.exited(), delay(500)]);
		} catch {
			// Already gone.
		}

		await close(session);
	}
}

type ManyResult = {
	firstFrame: number;
	filter: number[];
	rss: number | undefined;
};

async function measureMany(
	folder: string,
	stateDirectory: string,
	entries: readonly ListedArticle[],
): Promise<ManyResult> {
	const session = spawnGazette(
		['--dir', folder, '--state-dir', stateDirectory],
		'many',
	);
	const result: ManyResult = {
		firstFrame: failed,
		filter: [failed],
		rss: undefined,
	};
	try {
		const list = await until(session, showsList, 60_000);
		if (!list.ok) {
			log(`  many: first frame ${list.reason}`);
			return result;
		}

		result.firstFrame = list.at - session.startedAt;
		await idle(session, quietBeforeKeys, 15_000);
		press(session, '/');
		const prompt = await until(
			session,
			() => promptShows(session, ''),
			keyTimeout,
		);
		if (!prompt.ok) {
			log(`  many: filter prompt ${prompt.reason}`);
			return result;
		}

		await idle(session, 100);
		result.filter = [];
		for (let length = 1; length <= counts.filter; length++) {
			const query = filterQuery.slice(0, length);
			const header = listHeader(
				expectedMatches(entries, query),
				entries.length,
			);
			const at = press(session, filterQuery[length - 1]);
			// The header shows the new count and the prompt the new query (a typed space changes only the prompt).
			// eslint-disable-next-line no-await-in-loop
			const shown = await until(
				session,
				(screen) =>
					screen.split('\n')[0] === header && promptShows(session, query),
				keyTimeout,
			);
			if (!shown.ok) {
				result.filter.push(failed);
				log(`  many: filter "${query}" ${shown.reason} (expected "${header}")`);
				break;
			}

			result.filter.push(shown.at - at);
		}

		await idle(session, 100);
		return result;
	} finally {
		result.rss ??= peakRss(session.pid);
		await close(session);
	}
}

type PasteResult = {ms: number; rss: number | undefined};

/** Open the composer on the seed article, its name and email filled in, and paste `text` into the comment in one write (bracketed paste); time until its last line shows. */
async function measurePaste(
	folder: string,
	stateDirectory: string,
	text: string,
	name: string,
): Promise<PasteResult> {
	const session = spawnGazette(
		['--dir', folder, '--state-dir', stateDirectory],
		name,
	);
	const result: PasteResult = {ms: failed, rss: undefined};
	const step = async (keys: string, what: Matcher, label: string) => {
		press(session, keys);
		const shown = await until(session, what, 15_000);
		if (!shown.ok) {
			log(`  ${name}: ${label} ${shown.reason}`);
		}

		return shown.ok;
	};

	try {
		const list = await until(session, 'Miami Summit', 15_000);
		if (
			!list.ok ||
			// The filter, the Enter that keeps it and the Enter that opens.
			!(await step('/miami\r\r', 'World Desk · Staff', 'open')) ||
			!(await step('c', 'Leave a Reply', 'composer')) ||
			!(await step('Bench\t\t', /› Comment \*/, 'to the comment field'))
		) {
			return result;
		}

		await idle(session);
		const at = press(session, `\u001B[200~${text}\u001B[201~`);
		const shown = await until(session, `│ ${pasteEnd}`, 120_000);
		if (shown.ok) {
			result.ms = shown.at - at;
		} else {
			log(`  ${name}: the end of the paste ${shown.reason}`);
		}

		await idle(session, 100);
		return result;
	} finally {
		result.rss = peakRss(session.pid);
		await close(session);
	}
}

// ---------------------------------------------------------------- report

const formatMs = (ms: number | undefined) =>
	ms === undefined
		? 'n/a'
		: ms === failed
			? 'timeout'
			: ms >= 100
				? `${ms.toFixed(0)} ms`
				: `${ms.toFixed(1)} ms`;
const formatMb = (mb: number | undefined) =>
	mb === undefined ? 'n/a' : `${mb.toFixed(1)} MB`;
const mark = (value: number, limit: number) => (value <= limit ? '✓' : '✗');

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

type Samples = {
	floor: number[];
	listFirst: number[];
	listRss: Array<number | undefined>;
	open: number[];
	scroll: number[][];
	tab: number[][];
	less: number[][];
	largeRss: Array<number | undefined>;
	manyFirst: number[];
	filter: number[][];
	manyRss: Array<number | undefined>;
	pasteSmall: number[];
	pasteLarge: number[];
	pasteRss: Array<number | undefined>;
};

type Results = Record<string, number | undefined>;

function summarize(samples: Samples): Results {
	const latency = (values: number[][], p: number) =>
		median(values.map((times) => percentile(times, p)));
	const ratioRuns = samples.listFirst.map((value, index) => {
		const floor = samples.floor[index];
		return floor ? value / floor : undefined;
	});
	const pasteRatios = samples.pasteLarge.map((value, index) => {
		const small = samples.pasteSmall[index];
		return small ? value / small : undefined;
	});
	return {
		listFirstFrameMs: median(samples.listFirst),
		nodeFloorMs: median(samples.floor),
		listToFloorRatio: median(ratioRuns),
		listRssMB: median(samples.listRss),
		open1MbMs: median(samples.open),
		scrollP50Ms: latency(samples.scroll, 50),
		scrollP95Ms: latency(samples.scroll, 95),
		tabP50Ms: latency(samples.tab, 50),
		tabP95Ms: latency(samples.tab, 95),
		lessScrollP50Ms: latency(samples.less, 50),
		lessScrollP95Ms: latency(samples.less, 95),
		largeRssMB: median(samples.largeRss),
		manyFirstFrameMs: median(samples.manyFirst),
		filterP50Ms: latency(samples.filter, 50),
		filterP95Ms: latency(samples.filter, 95),
		manyRssMB: median(samples.manyRss),
		paste20KbMs: median(samples.pasteSmall),
		paste200KbMs: median(samples.pasteLarge),
		pasteRatio: median(pasteRatios),
		pasteRssMB: median(samples.pasteRss),
	};
}

const targets: Record<string, number> = {
	listFirstFrameMs: 250,
	listToFloorRatio: 5,
	open1MbMs: 300,
	scrollP95Ms: 20,
	tabP95Ms: 20,
	manyFirstFrameMs: 1000,
	filterP95Ms: 30,
	largeRssMB: 200,
	// Linear: ten times the text, at most about ten times the time (the fixed cost of a frame makes it less).
	pasteRatio: 12,
	paste200KbMs: 1000,
};

const multiple = (value: number | undefined) =>
	value === undefined || value === failed ? 'n/a' : `${value.toFixed(1)}×`;

/** [scenario, name, gazette, baseline, target, key of the checked figure] */
type Row = [string, string, string, string, string, string?];

function table(r: Results, lessAvailable: boolean): string {
	const less = (ms: number | undefined) =>
		lessAvailable ? `less -R: ${formatMs(ms)}` : 'n/a';
	const rowsIn: Row[] = [
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
			multiple(r.listToFloorRatio),
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
		[
			'paste',
			'Paste 20 KB into the comment → its last line shows',
			formatMs(r.paste20KbMs),
			'before issue 13: 2.4 s',
			'—',
		],
		[
			'paste',
			'Paste 200 KB into the comment → its last line shows',
			formatMs(r.paste200KbMs),
			'before issue 13: 62 s',
			'≤ 1 s',
			'paste200KbMs',
		],
		[
			'paste',
			'… 200 KB as a multiple of 20 KB',
			multiple(r.pasteRatio),
			'before: 26×',
			'≤ 12× (linear)',
			'pasteRatio',
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
		[
			'paste',
			'Peak RSS, after pasting 200 KB',
			formatMb(r.pasteRssMB),
			'before issue 13: 1.8 GB',
			'—',
		],
	];
	const rowsOut = [
		['Measurement', 'gazette', 'baseline', 'target', ''],
		['---', '---:', '---:', '---', ':-:'],
	];
	for (const [scenario, name, value, baseline, target, key] of rowsIn) {
		if (scenarios.has(scenario)) {
			const figure = key === undefined ? undefined : r[key];
			rowsOut.push([
				name,
				value,
				baseline,
				target,
				key === undefined || figure === undefined
					? ''
					: mark(figure, targets[key]),
			]);
		}
	}

	return rowsOut.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function jsonValue(value: unknown): unknown {
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

// ---------------------------------------------------------------- the standalone benchmarks

/** The flags a standalone benchmark understands, from this run's. */
function standaloneArgs(name: Standalone): string[] {
	const args: string[] = [];
	if (name === 'render') {
		if (options.runs !== undefined || options.quick) {
			args.push('--runs', String(runs));
		}
	} else if (options.quick) {
		args.push('--quick');
	}

	// Bench-store.js prints only its table.
	if (options.json && name !== 'store') {
		args.push('--json');
	}

	return args;
}

/** Run one standalone benchmark (its progress on stderr as it goes); its stdout, or why it failed. */
async function runStandalone(
	name: Standalone,
): Promise<{ok: boolean; output: string}> {
	const script = path.join(root, 'scripts', standalone[name]);
	log(`bench: ${name} (${path.relative(root, script)})`);
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [script, ...standaloneArgs(name)], {
			cwd: root,
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let output = '';
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (chunk: string) => {
			output += chunk;
		});
		const stop = () => child.kill('SIGTERM');
		process.once('exit', stop);
		child.on('close', (code, signal) => {
			process.off('exit', stop);
			resolve({
				ok: code === 0,
				output: code === 0 ? output : `${output}\n(exit ${code ?? signal})`,
			});
		});
	});
}

// ---------------------------------------------------------------- main

function lessPath(): string {
	const found = spawnSync('sh', ['-c', 'command -v less'], {encoding: 'utf8'});
	return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : '';
}

type PtyReport = {
	text: string;
	json: Record<string, unknown>;
};

async function runPtyScenarios(): Promise<PtyReport> {
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
		const folder = path.join(temporary!, `state-${stateCount++}`);
		mkdirSync(folder);
		return folder;
	};

	log(`bench: inputs in ${temporary}`);
	copyBundledArticles(path.join(root, 'articles'), smallFolder);
	let largeBytes = 0;
	let entries: ListedArticle[] = [];
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
					env: childEnv({FORCE_COLOR: '2', NO_COLOR: undefined}),
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

	const pasted = pasteSizes.map((bytes) => pastedText(bytes, pasteEnd));

	// Warm the file system cache, and make gazette's code cache, once, unmeasured.
	log('bench: warm-up');
	await measureFloor();
	await measureList(smallFolder, freshState(), 'warm-up');
	if (scenarios.has('many')) {
		// Builds the 10,000-article folder's index cache: the runs measure a warm start (a cold one takes about a second).
		await measureList(manyFolder, freshState(), 'warm-up');
	}

	const samples: Samples = {
		floor: [],
		listFirst: [],
		listRss: [],
		open: [],
		scroll: [],
		tab: [],
		less: [],
		largeRss: [],
		manyFirst: [],
		filter: [],
		manyRss: [],
		pasteSmall: [],
		pasteLarge: [],
		pasteRss: [],
	};

	/* eslint-disable no-await-in-loop */
	for (let run = 1; run <= runs; run++) {
		log(`bench: run ${run}/${runs}`);
		if (scenarios.has('list')) {
			samples.floor.push(await measureFloor());
			const list = await measureList(smallFolder, freshState());
			samples.listFirst.push(list.firstFrame);
			samples.listRss.push(list.rss);
		}

		if (scenarios.has('large')) {
			const large = await measureLarge(largeFolder, freshState());
			samples.open.push(large.open);
			samples.scroll.push(large.scroll);
			samples.tab.push(large.tab);
			samples.largeRss.push(large.rss);
			if (hasLess) {
				samples.less.push(await measureLess(renderedFile));
			}
		}

		if (scenarios.has('many')) {
			const many = await measureMany(manyFolder, freshState(), entries);
			samples.manyFirst.push(many.firstFrame);
			samples.filter.push(many.filter);
			samples.manyRss.push(many.rss);
		}

		if (scenarios.has('paste')) {
			const small = await measurePaste(
				smallFolder,
				freshState(),
				pasted[0],
				'paste-20kb',
			);
			samples.pasteSmall.push(small.ms);
			const large = await measurePaste(
				smallFolder,
				freshState(),
				pasted[1],
				'paste-200kb',
			);
			samples.pasteLarge.push(large.ms);
			samples.pasteRss.push(large.rss);
		}
	}
	/* eslint-enable no-await-in-loop */

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
		pasteBytes: pasted.map((text) => Buffer.byteLength(text)),
		cpuProfile: Boolean(profileDirectory),
	};
	const checks = Object.fromEntries(
		Object.entries(targets)
			.filter(([key]) => results[key] !== undefined)
			.map(([key, limit]) => [
				key,
				{target: limit, met: results[key]! <= limit},
			]),
	);

	const json = {
		machine: about,
		date,
		config,
		results: Object.fromEntries(
			Object.entries(results).map(([key, value]) => [key, jsonValue(value)]),
		),
		targets: checks,
		lessAvailable: hasLess,
		samples: Object.fromEntries(
			Object.entries(samples).map(([key, value]) => [key, jsonValue(value)]),
		),
	};
	const text = [
		`gazette benchmark — ${date}`,
		`${about.cpu}, ${about.cores} cores, ${about.memoryGB} GB, ${about.os}, Node ${about.node}`,
		`load average (1, 5, 15 min) at start ${about.loadAverageAtStart.join(', ')}, at end ${about.loadAverage.join(', ')}; dist/cli.js built ${about.distBuiltAt}`,
		`${columns}×${rows} pty; each figure is the median of ${runs} run${runs === 1 ? '' : 's'} (percentiles and ratios are taken per run, then the median of the runs); 1 MB article = ${(largeBytes / 1024).toFixed(0)} KiB, ${counts.scroll} j / ${counts.tab} Tab presses, filter typed: "${filterQuery}"; pastes of ${config.pasteBytes.map((bytes) => `${(bytes / 1024).toFixed(0)} KiB`).join(' and ')} in one write each (bracketed)`,
		...(profileDirectory
			? ['NOTE: measured with --cpu-prof on, the figures are slower than usual']
			: []),
		'',
		table(results, hasLess),
	].join('\n');

	if (profileDirectory) {
		await delay(200);
		const profiles = readdirSync(profileDirectory)
			.filter((name) => profileNames.has(name))
			.map((name) => path.join(profileDirectory, name));
		process.stderr.write('\n');
		for (const file of profiles) {
			log(summarizeProfile(file, root));
			log('');
		}
	}

	return {text, json};
}

async function main() {
	if (!existsSync(cliPath)) {
		throw new Error(
			'dist/cli.js is missing: run `node scripts/build.js` first (or `npm run bench`).',
		);
	}

	const json: Record<string, unknown> = {};
	let failures = 0;
	if (ptyScenarios.some((name) => scenarios.has(name))) {
		const report = await runPtyScenarios();
		json.pty = report.json;
		if (!options.json) {
			process.stdout.write(report.text + '\n');
		}

		cleanupNow();
	}

	for (const name of standaloneNames) {
		if (!scenarios.has(name)) {
			continue;
		}

		if (!present(name)) {
			log(`bench: ${name}: scripts/${standalone[name]} is not there`);
			failures++;
			continue;
		}

		// eslint-disable-next-line no-await-in-loop
		const {ok, output} = await runStandalone(name);
		if (!ok) {
			failures++;
		}

		if (options.json) {
			try {
				json[name] = JSON.parse(output) as unknown;
			} catch {
				json[name] = {ok, output};
			}
		} else {
			process.stdout.write(
				`\n## ${name} (scripts/${standalone[name]})\n\n${output.trimEnd()}\n`,
			);
		}
	}

	if (options.json) {
		process.stdout.write(JSON.stringify(json, undefined, 2) + '\n');
	}

	if (failures > 0) {
		process.exitCode = 1;
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
	cleanupNow();
}
