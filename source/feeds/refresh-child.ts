/**
A refresh in a child process (`gazette refresh --progress json`), for the reader: the work runs outside the UI's process, so the keyboard never waits, and the UI hears each step as an event. Light on purpose: no feed code is loaded here.
*/
import {spawn} from 'node:child_process';
import process from 'node:process';
import {createInterface} from 'node:readline';
import type {RefreshEvent, RefreshSummary} from './refresh.js';

export type RefreshChildOptions = Readonly<{
	/** The built CLI (`dist/cli.js`; in the running CLI, `process.argv[1]`). */
	cliPath: string;
	/** Put before `refresh`: `--state-dir`, `--data-dir`, as the reader was started with. */
	globalArgs?: readonly string[];
	/** Feeds to refresh, by address or title; none for all. */
	feeds?: readonly string[];
	onEvent?: (event: RefreshEvent) => void;
}>;

export type RefreshChildResult = Readonly<{
	/** The `done` event, unless the child ended before it (killed, crashed). */
	summary: RefreshSummary | undefined;
	exitCode: number;
	/** What the child said on stderr (one line per failed feed), at most 200 lines. */
	errors: readonly string[];
}>;

export type RefreshChild = Readonly<{
	done: Promise<RefreshChildResult>;
	/** Ask the child to stop (as Ctrl+C does): what it wrote so far stays, and the next refresh carries on. */
	stop(): void;
}>;

const eventTypes = new Set(['start', 'feed', 'done']);
const maxErrorLines = 200;

export function startRefreshChild(options: RefreshChildOptions): RefreshChild {
	const child = spawn(
		process.execPath,
		[
			options.cliPath,
			...(options.globalArgs ?? []),
			'refresh',
			'--progress',
			'json',
			...(options.feeds ?? []),
		],
		// No terminal: the child must not draw, and must not take the reader's keys.
		{stdio: ['ignore', 'pipe', 'pipe']},
	);
	let summary: RefreshSummary | undefined;
	const errors: string[] = [];
	createInterface({input: child.stdout}).on('line', (line) => {
		let event: unknown;
		try {
			event = JSON.parse(line);
		} catch {
			return;
		}

		if (
			typeof event === 'object' &&
			event !== null &&
			eventTypes.has((event as {type?: string}).type ?? '')
		) {
			const typed = event as RefreshEvent;
			if (typed.type === 'done') {
				summary = typed;
			}

			options.onEvent?.(typed);
		}
	});
	createInterface({input: child.stderr}).on('line', (line) => {
		if (errors.length < maxErrorLines) {
			errors.push(line);
		}
	});
	const done = new Promise<RefreshChildResult>((resolve) => {
		child.on('error', (error) => {
			errors.push(`gazette: cannot start the refresh: ${error.message}`);
			resolve({summary, exitCode: 1, errors});
		});
		child.on('close', (code, signal) => {
			resolve({summary, exitCode: code ?? (signal ? 128 + 2 : 1), errors});
		});
	});
	return {
		done,
		stop() {
			child.kill('SIGINT');
		},
	};
}
