import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {openStore} from '../source/store/store.js';

const writer = fileURLToPath(
	new URL('fixtures/store-writer.ts', import.meta.url),
);

type Writer = {ready: Promise<void>; go: () => void; done: Promise<string>};

/** A writer process that opens the store, then waits for `go` so that all of them write at the same moment. */
function startWriter(directory: string, prefix: string, count: number): Writer {
	const child = spawn(
		process.execPath,
		['--import=tsx', writer, directory, prefix, String(count), 'wait-for-go'],
		{stdio: ['pipe', 'pipe', 'pipe']},
	);
	let stdout = '';
	let stderr = '';
	let onReady: () => void;
	const ready = new Promise<void>((resolve) => {
		onReady = resolve;
	});
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		stdout += chunk;
		if (stdout.includes('ready\n')) {
			onReady();
		}
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
	});
	const done = new Promise<string>((resolve, reject) => {
		child.on('close', (code) => {
			// A writer that dies before it is ready must fail the test, not hang it.
			onReady();
			if (code === 0) {
				resolve(stdout);
			} else {
				reject(new Error(`writer ${prefix} exited with ${code}: ${stderr}`));
			}
		});
	});
	return {
		ready,
		go: () => child.stdin.end('go\n'),
		done,
	};
}

test('four processes writing 50 records each at once leave all 200', async (t) => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-store-'));
	const prefixes = ['north', 'south', 'east', 'west'];
	const writers = prefixes.map((prefix) => startWriter(directory, prefix, 50));
	await Promise.all(writers.map(async (writer) => writer.ready));
	for (const writer of writers) {
		writer.go();
	}

	const outputs = await Promise.all(writers.map(async (writer) => writer.done));
	for (const output of outputs) {
		const result = JSON.parse(output.slice(output.indexOf('{'))) as {
			writable: boolean;
			warnings: string[];
		};
		t.true(result.writable);
		t.deepEqual(result.warnings, []);
	}

	const store = await openStore({stateDir: directory});
	const expected = prefixes
		.flatMap((prefix) =>
			Array.from({length: 50}, (_, index) => `${prefix}-${index}`),
		)
		.sort();
	t.deepEqual(Object.keys(store.data.articles).sort(), expected);
	t.true(Object.values(store.data.articles).every((article) => article.read));
	t.false(fs.existsSync(`${store.path}.lock`));
	store.close();
});
