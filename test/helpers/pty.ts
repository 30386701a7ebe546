import {spawn as spawnChild} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {isMainThread} from 'node:worker_threads';
import * as nodePty from 'node-pty';
import xterm from '@xterm/headless';

export type Session = {
	/** The program's process id. */
	pid: number;
	/** When the program was started (performance.now()). */
	startedAt: number;
	/** Current visible screen as text, rows joined with '\n', trailing spaces trimmed per row. */
	screen(): string;
	/** Current visible screen as an array of rows (trailing spaces trimmed). */
	lines(): string[];
	/** Every byte the program wrote so far. */
	raw(): string;
	/** Index of the first screen row containing `text`, -1 if none. */
	row(text: string | RegExp): number;
	/** Whether the cell at `column` of screen row `row` is drawn in inverse video (a cursor). */
	isInverse(column: number, row: number): boolean;
	/** Write `data` to the pty as it is, in one write, with no pause. */
	write(data: string): void;
	/** Write keys to the pty (named keys or literal strings), pausing between them. */
	press(...keys: string[]): Promise<void>;
	/** Write `text` one character at a time with small pauses. */
	type(text: string): Promise<void>;
	/** Wait until the screen matches, looking every 25 ms; throws with the current screen on timeout. (Not after every chunk: a frame can arrive in several, and a test reads the frame it waited for.) */
	waitFor(what: Matcher, options?: WaitOptions): Promise<string>;
	/** As waitFor, looking after every chunk of output too, and when: `at` is the arrival time (performance.now()) of the chunk after which the screen matched, or of the check that found it matching without new output. For the benchmark's timings. */
	waitForTimed(what: Matcher, options?: WaitOptions): Promise<TimedScreen>;
	/** Wait until `text` is no longer visible, looking every 25 ms. */
	waitForGone(text: string | RegExp, options?: WaitOptions): Promise<string>;
	/** Resize both the pty and the headless terminal. */
	resize(columns: number, rows: number): void;
	/** Kill the process if it is still alive. */
	kill(signal?: string): void;
	/** Resolves when the process has exited and all of its output is read and drawn on the screen. */
	exited(): Promise<ExitInfo>;
	/** Call `listener` with each chunk of output and its arrival time (performance.now()), once the chunk is drawn on the screen; returns a function that stops it. */
	onOutput(listener: OutputListener): () => void;
};

export type TimedScreen = {
	screen: string;
	at: number;
};

export type OutputListener = (chunk: string, at: number) => void;

export type Matcher = string | RegExp | ((screen: string) => boolean);

export type WaitOptions = {
	timeout?: number;
	/** Stop waiting (the wait rejects with the signal's reason). */
	signal?: AbortSignal;
};

export type ExitInfo = {
	exitCode: number;
	signal?: number;
};

export type SpawnOptions = {
	columns?: number;
	rows?: number;
	env?: Record<string, string | undefined>;
	cwd?: string;
};

export type RunOptions = {
	env?: Record<string, string | undefined>;
	input?: string;
	cwd?: string;
};

export type RunResult = {
	stdout: string;
	stderr: string;
	exitCode: number;
};

const helpersDirectory = path.dirname(fileURLToPath(import.meta.url));

/** The built CLI (`dist/cli.js` at the repository root). */
export const cliPath = fileURLToPath(
	new URL('../../dist/cli.js', import.meta.url),
);

/** Repository root, the default working directory for spawned programs. */
export const repoRoot = path.resolve(helpersDirectory, '..', '..');

const defaultColumns = 100;
const defaultRows = 30;
const keyPause = 30;
const escapePause = 60;
const typePause = 12;
const pollInterval = 25;
// Only a failing test waits this long; a loaded machine is slow (as test/helpers/ui.tsx).
const defaultTimeout = 20_000;

export const keys: Readonly<Record<string, string>> = {
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	'shift-tab': '\u001B[Z',
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	pageup: '\u001B[5~',
	pagedown: '\u001B[6~',
	home: '\u001B[H',
	end: '\u001B[F',
	space: ' ',
	backspace: '\u007F',
	'ctrl-c': '\u0003',
	'ctrl-s': '\u0013',
	'ctrl-e': '\u0005',
};

const liveSessions = new Set<() => void>();

/**
 * Kill every session that is still alive (SIGKILL).
 *
 * Note: AVA runs the tests of a file concurrently, so calling this from
 * `test.afterEach.always` also kills sessions of tests that are still running.
 * Use it there only with `test.serial`; otherwise kill each session in
 * `t.teardown` and call closeAll from `test.after.always`.
 */
export function closeAll(): void {
	for (const close of liveSessions) {
		close();
	}
}

process.on('exit', () => {
	closeAll();
});

// A live pty keeps the event loop busy, and an AVA worker only exits once its
// event loop is empty, so a session a test forgot to kill would hang the run.
// When loaded inside an AVA worker, kill leftovers as soon as AVA is done.
// (Importing 'ava' anywhere else throws, hence the guard.)
if (typeof process.send === 'function' || !isMainThread) {
	try {
		const {registerCompletionHandler} = await import('ava');
		registerCompletionHandler(() => {
			closeAll();
		});
	} catch {
		// Not an AVA worker.
	}
}

const delay = async (ms: number) =>
	new Promise<void>((resolve) => {
		setTimeout(resolve, ms);
	});

/**
 * Environment for child programs: a copy of process.env without CI markers
 * (Ink only prints the last frame when it detects CI), TERM=xterm-256color,
 * COLORTERM removed, then `overrides` applied (undefined deletes a key).
 */
export function childEnv(
	overrides: Record<string, string | undefined> = {},
): Record<string, string> {
	const env = new Map<string, string | undefined>(Object.entries(process.env));
	for (const key of env.keys()) {
		if (
			key === 'CI' ||
			key === 'CONTINUOUS_INTEGRATION' ||
			key === 'GITHUB_ACTIONS' ||
			key.startsWith('CI_')
		) {
			env.delete(key);
		}
	}

	env.set('TERM', 'xterm-256color');
	env.delete('COLORTERM');

	for (const [key, value] of Object.entries(overrides)) {
		env.set(key, value);
	}

	const result: Record<string, string> = {};
	for (const [key, value] of env) {
		if (value !== undefined) {
			result[key] = value;
		}
	}

	return result;
}

function describe(what: Matcher): string {
	if (typeof what === 'string') {
		return JSON.stringify(what);
	}

	if (what instanceof RegExp) {
		return String(what);
	}

	return `predicate ${what.name || what.toString()}`;
}

function matches(screen: string, what: Matcher): boolean {
	if (typeof what === 'string') {
		return screen.includes(what);
	}

	if (what instanceof RegExp) {
		what.lastIndex = 0;
		return what.test(screen);
	}

	return what(screen);
}

type Waiter = {
	what: Matcher;
	/** Checked after every chunk of output (for timing), not only every 25 ms. */
	eachChunk: boolean;
	resolve: (found: TimedScreen) => void;
	reject: (error: unknown) => void;
};

/** Spawn `node ...scriptArgs` in a pseudo terminal backed by a headless xterm. */
export function spawnNode(
	scriptArgs: string[],
	options: SpawnOptions = {},
): Session {
	return spawnProgram(process.execPath, scriptArgs, options);
}

/** Spawn `file ...args` in a pseudo terminal backed by a headless xterm. */
export function spawnProgram(
	file: string,
	args: string[],
	options: SpawnOptions = {},
): Session {
	let columns = options.columns ?? defaultColumns;
	let rows = options.rows ?? defaultRows;

	const terminal = new xterm.Terminal({
		cols: columns,
		rows,
		allowProposedApi: true,
	});
	const env = childEnv(options.env);
	const startedAt = performance.now();
	// Node-pty sets TERM from `name`: a test that asks for TERM=dumb gets it.
	const pty = nodePty.spawn(file, args, {
		name: env.TERM ?? 'xterm-256color',
		cols: columns,
		rows,
		cwd: options.cwd ?? repoRoot,
		env,
	});

	let rawOutput = '';
	let alive = true;
	let exitInfo: ExitInfo | undefined;
	const waiters = new Set<Waiter>();
	const outputListeners = new Set<OutputListener>();

	const close = () => {
		if (!alive) {
			return;
		}

		try {
			pty.kill('SIGKILL');
		} catch {
			// Already gone.
		}
	};

	liveSessions.add(close);

	const lines = (): string[] => {
		const buffer = terminal.buffer.active;
		const result: string[] = [];
		for (
			let index = buffer.viewportY;
			index < buffer.viewportY + terminal.rows;
			index++
		) {
			const line = buffer.getLine(index);
			result.push(
				line
					? line.translateToString(true, 0, terminal.cols).replace(/\s+$/, '')
					: '',
			);
		}

		return result;
	};

	const screen = () => lines().join('\n');

	// Inside a frame the program drew as one (between the synchronized-output marks Ink writes around each frame, DEC mode 2026), the screen is half drawn: nothing is matched against it until the frame's end is drawn too.
	let midFrame = false;
	let drawnTail = '';
	const noteFrameMarks = (data: string) => {
		const region = drawnTail + data;
		const begin = region.lastIndexOf('\u001B[?2026h');
		const end = region.lastIndexOf('\u001B[?2026l');
		if (begin !== end) {
			midFrame = begin > end;
		}

		drawnTail = region.slice(-8);
	};

	/** Resolve every waiter (every timing one, after a chunk) whose matcher the screen now satisfies. */
	const check = (at: number, afterChunk: boolean) => {
		if (waiters.size === 0 || midFrame) {
			return;
		}

		const current = screen();
		for (const waiter of waiters) {
			if (afterChunk && !waiter.eachChunk) {
				continue;
			}

			let found: boolean;
			try {
				found = matches(current, waiter.what);
			} catch (error) {
				waiters.delete(waiter);
				waiter.reject(error);
				continue;
			}

			if (found) {
				waiters.delete(waiter);
				waiter.resolve({screen: current, at});
			}
		}
	};

	// Node-pty reports the exit only once the pty's output has ended; the empty write's callback runs once xterm has drawn all of it.
	const exitPromise = new Promise<ExitInfo>((resolve) => {
		pty.onExit(({exitCode, signal}) => {
			alive = false;
			liveSessions.delete(close);
			exitInfo = signal ? {exitCode, signal} : {exitCode};
			const info = exitInfo;
			terminal.write('', () => {
				// A frame cut short by the exit is all there will be.
				midFrame = false;
				resolve(info);
			});
		});
	});

	pty.onData((data) => {
		const at = performance.now();
		rawOutput += data;
		terminal.write(data, () => {
			noteFrameMarks(data);
			check(at, true);
			for (const listener of outputListeners) {
				listener(data, at);
			}
		});
	});

	const wait = async (
		what: Matcher,
		waitOptions: WaitOptions,
		eachChunk: boolean,
	): Promise<TimedScreen> => {
		const current = screen();
		if (!midFrame && matches(current, what)) {
			return {screen: current, at: performance.now()};
		}

		const timeout = waitOptions.timeout ?? defaultTimeout;
		return new Promise<TimedScreen>((resolve, reject) => {
			// A matcher may read more than the screen (a file, the raw output): look again now and then, too.
			const poll = setInterval(() => {
				check(performance.now(), false);
			}, pollInterval);
			const abort = () => {
				waiters.delete(waiter);
				waiter.reject(waitOptions.signal?.reason);
			};

			const stop = () => {
				clearTimeout(timer);
				clearInterval(poll);
				waitOptions.signal?.removeEventListener('abort', abort);
			};

			const timer = setTimeout(() => {
				waiters.delete(waiter);
				stop();
				const state = alive
					? 'still running'
					: `exited ${JSON.stringify(exitInfo)}`;
				reject(
					new Error(
						`Timed out after ${timeout}ms waiting for ${describe(what)} (process ${state}). Screen:\n${'-'.repeat(columns)}\n${screen()}\n${'-'.repeat(columns)}`,
					),
				);
			}, timeout);
			const waiter: Waiter = {
				what,
				eachChunk,
				resolve(found) {
					stop();
					resolve(found);
				},
				reject(error) {
					stop();
					reject(error instanceof Error ? error : new Error(String(error)));
				},
			};
			waiters.add(waiter);
			if (waitOptions.signal?.aborted) {
				abort();
			} else {
				waitOptions.signal?.addEventListener('abort', abort);
			}
		});
	};

	const write = (data: string) => {
		if (!alive) {
			throw new Error(
				`Cannot write ${JSON.stringify(data)}: process already exited ${JSON.stringify(exitInfo)}. Screen:\n${screen()}`,
			);
		}

		pty.write(data);
	};

	return {
		pid: pty.pid,
		startedAt,
		screen,
		lines,
		raw: () => rawOutput,
		row(text) {
			return lines().findIndex((line) =>
				typeof text === 'string' ? line.includes(text) : matches(line, text),
			);
		},
		isInverse(column, row) {
			const buffer = terminal.buffer.active;
			return Boolean(
				buffer
					.getLine(buffer.viewportY + row)
					?.getCell(column)
					?.isInverse(),
			);
		},
		write,
		async press(...keyNames) {
			for (const key of keyNames) {
				write(keys[key] ?? key);
				// eslint-disable-next-line no-await-in-loop
				await delay(key === 'escape' ? escapePause : keyPause);
			}
		},
		async type(text) {
			for (const character of text) {
				write(character);
				// eslint-disable-next-line no-await-in-loop
				await delay(typePause);
			}
		},
		async waitFor(what, waitOptions = {}) {
			const found = await wait(what, waitOptions, false);
			return found.screen;
		},
		async waitForTimed(what, waitOptions = {}) {
			return wait(what, waitOptions, true);
		},
		async waitForGone(text, waitOptions = {}) {
			const found = await wait(
				(current) => !matches(current, text),
				waitOptions,
				false,
			);
			return found.screen;
		},
		resize(newColumns, newRows) {
			columns = newColumns;
			rows = newRows;
			if (alive) {
				pty.resize(newColumns, newRows);
			}

			terminal.resize(newColumns, newRows);
		},
		kill(signal) {
			if (!alive) {
				return;
			}

			try {
				pty.kill(signal);
			} catch {
				// Already gone.
			}
		},
		exited: async () => exitPromise,
		onOutput(listener) {
			outputListeners.add(listener);
			return () => {
				outputListeners.delete(listener);
			};
		},
	};
}

/** Spawn the built gazette CLI in a pseudo terminal. */
export function spawnCli(args: string[], options: SpawnOptions = {}): Session {
	return spawnNode([cliPath, ...args], options);
}

/** Run the built CLI without a terminal (stdin, stdout and stderr are pipes). */
export async function runCli(
	args: string[],
	options: RunOptions = {},
): Promise<RunResult> {
	return runNode([cliPath, ...args], options);
}

/** Run `node ...scriptArgs` without a terminal; stdin gets `options.input` (if any) and is then closed. */
export async function runNode(
	scriptArgs: string[],
	options: RunOptions = {},
): Promise<RunResult> {
	return new Promise<RunResult>((resolve, reject) => {
		const child = spawnChild(process.execPath, scriptArgs, {
			cwd: options.cwd ?? repoRoot,
			env: childEnv(options.env),
			stdio: ['pipe', 'pipe', 'pipe'],
		});

		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8');
		child.stderr.setEncoding('utf8');
		child.stdout.on('data', (chunk: string) => {
			stdout += chunk;
		});
		child.stderr.on('data', (chunk: string) => {
			stderr += chunk;
		});
		child.stdin.on('error', () => {
			// The program may exit without reading its input (EPIPE).
		});
		child.on('error', reject);
		child.on('close', (code, signal) => {
			resolve({
				stdout,
				stderr,
				exitCode:
					code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1),
			});
		});

		if (options.input === undefined) {
			child.stdin.end();
		} else {
			child.stdin.end(options.input);
		}
	});
}

/** Create a fresh temporary directory under os.tmpdir(). */
// eslint-disable-next-line unicorn/prevent-abbreviations
export function tempDir(prefix = 'gazette-test-'): string {
	return mkdtempSync(path.join(os.tmpdir(), prefix));
}
