import {EventEmitter} from 'node:events';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {ExecutionContext} from 'ava';
import {render} from 'ink';
import type {ReactElement} from 'react';
import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';
import type {OpenedArticle} from '../../source/document/opened.js';
import type {Article} from '../../source/library/article.js';
import type {LibraryLike} from '../../source/library/list-rows.js';
import {openStore, type Store} from '../../source/store/store.js';
import {App} from '../../source/ui/app.js';
import {KeypressProvider} from '../../source/ui/keypress.js';
import {ReaderScreen} from '../../source/ui/reader-screen.js';
import {textColumnWidth} from '../../source/ui/use-terminal-size.js';
import {bundled, bundledArticle, openArticle} from './articles.js';

// One table of what a terminal sends for the named keys, shared with the pty tests.
export {keys} from './pty.js';

/** Ctrl and a letter, as a terminal sends it. */
export const ctrl = (letter: string) =>
	String.fromCodePoint(letter.codePointAt(0)! - 96);

/** Text pasted in a terminal with bracketed paste on. */
export const paste = (text: string) => `\u001B[200~${text}\u001B[201~`;

/** A turn of the mouse wheel, as an SGR mouse report. */
export const wheel = {
	up: '\u001B[<64;10;5M',
	down: '\u001B[<65;10;5M',
} as const;

/** The display width of a frame line, as the terminal would show it. */
export function lineWidth(line: string): number {
	return stringWidth(stripAnsi(line));
}

/** The first line that contains `text`, or undefined. */
export function lineWith(lines: readonly string[], text: string) {
	return lines.find((line) => line.includes(text));
}

/** Calls of a callback, kept in order. */
export function recorder<Arguments extends unknown[]>() {
	const calls: Arguments[] = [];
	const record = (...arguments_: Arguments) => {
		calls.push(arguments_);
	};

	return Object.assign(record, {calls});
}

// Ink reads and writes Node streams: their EventEmitter interface, not EventTarget's.
/* eslint-disable unicorn/prefer-event-target */

/** A terminal's output of a given size: it keeps every frame Ink draws (Ink draws whole frames in debug mode). */
class TerminalOutput extends EventEmitter {
	readonly frames: string[] = [];

	constructor(
		readonly columns: number,
		readonly rows: number,
	) {
		super();
	}

	write = (frame: string) => {
		this.frames.push(frame);
		this.emit('frame');
		return true;
	};
}

/** A terminal's input: each `write` is one chunk, as a terminal delivers keys typed or sent together. */
class TerminalInput extends EventEmitter {
	isTTY = true;
	#data: string | undefined;

	write(data: string) {
		this.#data = data;
		this.emit('readable');
	}

	read() {
		const data = this.#data ?? null;
		this.#data = undefined;
		return data;
	}

	setEncoding() {
		// Strings already.
	}

	setRawMode() {
		// No terminal to switch.
	}

	resume() {
		// Nothing to resume.
	}

	pause() {
		// Nothing to pause.
	}

	ref() {
		// Nothing keeps the event loop.
	}

	unref() {
		// Nothing keeps the event loop.
	}
}

/* eslint-enable unicorn/prefer-event-target */

export type Matcher = string | RegExp | ((frame: string) => boolean);

const describe = (expected: Matcher) =>
	typeof expected === 'function'
		? (expected.name || 'a condition').toString()
		: String(expected);

const test = (expected: Matcher, frame: string) =>
	typeof expected === 'string'
		? frame.includes(expected)
		: expected instanceof RegExp
			? expected.test(frame)
			: expected(frame);

/** Long enough for a loaded two-core machine; a test waits this long only when it is failing. */
const defaultTimeout = 20_000;

/**
Render a component in a terminal `columns` wide and `rows` tall. ink-testing-library's terminal is always 100 columns and has no rows, and the app reads both (useTerminalSize), so the terminal is made here, with the same debug rendering: every frame drawn whole.
*/
export function renderTerminal(
	tree: ReactElement,
	{columns = 100, rows = 24}: {columns?: number; rows?: number} = {},
) {
	const stdout = new TerminalOutput(columns, rows);
	const stderr = new TerminalOutput(columns, rows);
	const stdin = new TerminalInput();
	const instance = render(tree, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: stderr as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	/** The last frame with its styles. */
	const lastFrame = () => stdout.frames.at(-1) ?? '';
	/** The last frame without styling. */
	const frame = () => stripAnsi(lastFrame());
	const lines = () => frame().split('\n');

	/** Resolve with the frame once it matches (now or at a later frame); fail with the frame after the timeout. */
	async function waitFor(
		expected: Matcher,
		{timeout = defaultTimeout}: {timeout?: number} = {},
	): Promise<string> {
		if (test(expected, frame())) {
			return frame();
		}

		return new Promise((resolve, reject) => {
			const check = () => {
				if (test(expected, frame())) {
					clearTimeout(timer);
					stdout.off('frame', check);
					resolve(frame());
				}
			};

			const timer = setTimeout(() => {
				stdout.off('frame', check);
				reject(
					new Error(
						`Waited ${timeout} ms for ${describe(expected)}; the frame:\n${frame()}`,
					),
				);
			}, timeout);
			stdout.on('frame', check);
		});
	}

	return {
		stdin,
		stdout,
		lastFrame,
		frame,
		lines,
		rerender: instance.rerender,
		unmount: instance.unmount,
		waitUntilExit: instance.waitUntilExit,
		waitFor,
		/** Send keys as one chunk: every key in it is handled before this returns (a lone Esc at the end, once Ink has seen nothing follows it). */
		write(keys: string) {
			stdin.write(keys);
		},
		/** Resolve once Ink reads the keys: it starts when the first input listener mounts, in an effect after the first render. */
		async readsKeys() {
			await until(
				() => stdin.listenerCount('readable') > 0,
				'Ink to read keys',
			);
		},
	};
}

export type Terminal = ReturnType<typeof renderTerminal>;

/** Wait for a condition that no frame shows (a file written, a callback called); fails after the timeout. */
export async function until(
	condition: () => boolean,
	what = 'a condition',
	timeout = defaultTimeout,
): Promise<void> {
	const started = Date.now();
	while (!condition()) {
		if (Date.now() - started > timeout) {
			throw new Error(`Waited ${timeout} ms for ${what}`);
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise((resolve) => {
			setTimeout(resolve, 5);
		});
	}
}

/** A store in a new state folder, removed when the test ends. */
export async function temporaryStore(
	t: ExecutionContext,
	stateDir = mkdtempSync(path.join(tmpdir(), 'gazette-ui-')),
): Promise<{store: Store; stateDir: string}> {
	const store = await openStore({stateDir});
	t.teardown(() => {
		store.close();
		rmSync(stateDir, {recursive: true, force: true});
	});
	return {store, stateDir};
}

type AppOptions = {
	/** The bundled articles by default; an array, or a list source (the article index). */
	articles?: LibraryLike;
	columns?: number;
	rows?: number;
	/** Change the state before the app starts (marks, settings, comments). */
	setup?: (store: Store) => void;
	/** Open the store in this folder (kept), for a second run on the same state. */
	stateDir?: string;
	open?: (article: Article) => Promise<OpenedArticle>;
};

/**
The real app, as `gazette` runs it: the one key router, the list and the reader, with a store in a state folder of its own and the bundled articles. Resolves once the list is drawn and keys are read.
*/
export async function renderApp(t: ExecutionContext, options: AppOptions = {}) {
	const stateDir =
		options.stateDir ?? mkdtempSync(path.join(tmpdir(), 'gazette-ui-'));
	const store = await openStore({stateDir});
	options.setup?.(store);
	const open =
		options.open ?? (async (article: Article) => openArticle(article));
	const terminal = renderTerminal(
		<KeypressProvider>
			<App articles={options.articles ?? bundled} store={store} open={open} />
		</KeypressProvider>,
		{columns: options.columns ?? 100, rows: options.rows ?? 24},
	);
	t.teardown(() => {
		terminal.unmount();
		store.close();
		if (options.stateDir === undefined) {
			rmSync(stateDir, {recursive: true, force: true});
		}
	});
	await terminal.readsKeys();
	await terminal.waitFor(/^gazette · /);
	return {...terminal, store, stateDir};
}

type ReaderOptions = {
	id?: string;
	columns?: number;
	rows?: number;
	setup?: (store: Store) => void;
	/** What J and K answer when there is no article that way. */
	sibling?: string;
	/** Render every section before the first frame (the default), so that the article's length is known from the start; false: as the app does, in the background. */
	prerender?: boolean;
};

/**
The reader screen of a bundled article (the seed by default) with a store of its own: the reader as the app shows it, with the app's callbacks recorded. Resolves once the article is drawn and keys are read.
*/
export async function renderReader(
	t: ExecutionContext,
	options: ReaderOptions = {},
) {
	const {store} = await temporaryStore(t);
	options.setup?.(store);
	const opened = openArticle(bundledArticle(options.id ?? 'miami-summit'));
	const columns = options.columns ?? 80;
	const rows = options.rows ?? 24;
	if (options.prerender !== false) {
		opened.renderSections(
			textColumnWidth(columns, store.settings().maxWidth),
			opened.document.sections.map((section) => section.id),
		);
	}

	const calls = {
		back: recorder<[]>(),
		quit: recorder<[]>(),
		sibling: recorder<[1 | -1]>(),
	};
	const terminal = renderTerminal(
		<KeypressProvider>
			<ReaderScreen
				opened={opened}
				store={store}
				columns={columns}
				rows={rows}
				onBack={calls.back}
				onQuit={calls.quit}
				onSibling={(direction) => {
					calls.sibling(direction);
					return options.sibling;
				}}
				onReady={() => {
					// Keys go straight to the screen: no router holds them.
				}}
			/>
		</KeypressProvider>,
		{columns, rows},
	);
	t.teardown(() => {
		terminal.unmount();
	});
	await terminal.readsKeys();
	await terminal.waitFor(opened.article.title.slice(0, 20));
	return {...terminal, store, opened, calls};
}
