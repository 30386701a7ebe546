import {spawn} from 'node:child_process';
import process from 'node:process';
import {setTimeout as delay} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import type {LockOptions} from '../../source/store/lock.js';

// The fixture as compiled beside the tests (scripts/build-tests.js): a plain Node program, no TypeScript loader to start.
const fixture = fileURLToPath(
	new URL('../fixtures/store-writer.js', import.meta.url),
);

export type WriterResult = {
	startedAt: number;
	finishedAt: number;
	writable: boolean;
	warnings: string[];
	saved: boolean;
	writtenBeforeOpen: boolean;
};

export type Writer = {
	pid: number;
	/** Resolves once the writer has printed `line`; rejects if it exits first. */
	printed: (line: string) => Promise<void>;
	/** Let a `wait-for-go` writer start. */
	go: () => void;
	/** Whether it has printed its result. */
	readonly finished: boolean;
	/** Its result once it exits; rejects if it exits with an error. */
	result: () => Promise<WriterResult>;
};

/** Start the writer fixture (test/fixtures/store-writer.ts, compiled) in another process. */
export function startWriter(
	directory: string,
	prefix: string,
	count: number,
	{mode = 'now', lock = {}}: {mode?: string; lock?: LockOptions} = {},
): Writer {
	const child = spawn(
		process.execPath,
		[fixture, directory, prefix, String(count), mode, JSON.stringify(lock)],
		{stdio: ['pipe', 'pipe', 'pipe']},
	);
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		stdout += chunk;
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
	});
	let exited = false;
	const exit = new Promise<number | null>((resolve) => {
		child.on('close', (code) => {
			exited = true;
			resolve(code);
		});
	});
	return {
		pid: child.pid!,
		async printed(line: string) {
			while (!stdout.includes(line + '\n')) {
				if (exited) {
					throw new Error(
						`writer ${prefix} exited before printing ${line}: ${stderr}`,
					);
				}

				// eslint-disable-next-line no-await-in-loop
				await delay(10);
			}
		},
		go() {
			child.stdin.end('go\n');
		},
		get finished() {
			return stdout.includes('finishedAt');
		},
		async result(): Promise<WriterResult> {
			const code = await exit;
			if (code !== 0) {
				throw new Error(`writer ${prefix} exited with ${code}: ${stderr}`);
			}

			return JSON.parse(stdout.slice(stdout.indexOf('{'))) as WriterResult;
		},
	};
}
