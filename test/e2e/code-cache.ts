import {Buffer} from 'node:buffer';
import {readdirSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import test from 'ava';
import {startGazette} from '../helpers/cli.js';
import {closeAll, tempDir} from '../helpers/pty.js';

test.after.always(() => {
	closeAll();
});

/** The code caches in a cache folder (source/launcher/code-cache.ts): whole ones, not one being written (a temporary file, renamed when done). */
function codeCaches(cacheDir: string): string[] {
	try {
		return readdirSync(path.join(cacheDir, 'code'))
			.filter((name) => name.endsWith('.bin'))
			.map((name) => path.join(cacheDir, 'code', name));
	} catch {
		return [];
	}
}

test.serial(
	'the reader keeps its compiled code in the cache folder once it is up, and the next start takes it',
	async (t) => {
		const cacheDir = tempDir('gazette-cache-');
		const env = {GAZETTE_CACHE_DIR: cacheDir};
		const first = startGazette(t, [], {env});
		await first.waitFor('q quit');
		await first.waitFor(() => codeCaches(cacheDir).length === 1);
		await first.press('q');
		const firstExit = await first.exited();
		t.is(firstExit.exitCode, 0);
		const [file] = codeCaches(cacheDir);
		const made = statSync(file);
		t.true(made.size > 100_000);

		const second = startGazette(t, [], {env});
		await second.waitFor('q quit');
		await second.press('\r');
		await second.waitFor('Renderer showcase');
		// A cache V8 rejects is made again 1 s after the first frame. What must not happen is waited for: 3 s.
		await delay(3000);
		await second.press('qq');
		const secondExit = await second.exited();
		t.is(secondExit.exitCode, 0);
		// The same file, not a new one renamed over it.
		t.deepEqual(codeCaches(cacheDir), [file]);
		t.is(statSync(file).ino, made.ino);
		t.is(statSync(file).mtimeMs, made.mtimeMs);
	},
);

test.serial(
	'a command makes a cache as it exits where there was none, and takes it next time; a damaged one is made again; the reader makes its own',
	async (t) => {
		const cacheDir = tempDir('gazette-cache-');
		const env = {GAZETTE_CACHE_DIR: cacheDir};
		const list = async () => {
			const session = startGazette(t, ['list'], {env});
			const {exitCode} = await session.exited();
			t.is(exitCode, 0);
			t.regex(session.screen(), /Renderer showcase/);
		};

		await list();
		const [file] = codeCaches(cacheDir);
		t.regex(file, /-command\.bin$/);
		t.true(statSync(file).size > 100_000);
		const made = statSync(file).ino;
		await list();
		t.deepEqual(codeCaches(cacheDir), [file]);
		t.is(statSync(file).ino, made);

		// The same size, all garbage: written in place, the same file.
		writeFileSync(file, Buffer.alloc(statSync(file).size, 0x5a));
		await list();
		// A new cache, renamed over the damaged one.
		t.not(statSync(file).ino, made);
		t.true(statSync(file).size > 100_000);

		const reader = startGazette(t, [], {env});
		await reader.waitFor('q quit');
		await reader.waitFor(() => codeCaches(cacheDir).length === 2);
		t.true(codeCaches(cacheDir).some((name) => name.endsWith('-reader.bin')));
	},
);
