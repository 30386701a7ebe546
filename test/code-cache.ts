import {
	mkdirSync,
	readdirSync,
	readFileSync,
	utimesSync,
	writeFileSync,
} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import test from 'ava';
import {
	codeCacheFile,
	markWarm,
	onWarm,
	readCodeCache,
	writeCodeCache,
} from '../source/launcher/code-cache.js';
import {tempDir} from './helpers/pty.js';

test('each build has its own cache file in the cache folder, named for this V8', (t) => {
	const folder = tempDir('gazette-code-');
	const first = codeCacheFile('aaaa', folder);
	const second = codeCacheFile('bbbb', folder);
	t.not(first, second);
	t.is(path.dirname(first), path.join(folder, 'code'));
	t.true(path.basename(first).includes(process.versions.v8));
});

test('a cache is written whole and read back; a missing one reads as none', (t) => {
	const file = codeCacheFile('aaaa', tempDir('gazette-code-'));
	t.is(readCodeCache(file), undefined);
	const data = Uint8Array.from({length: 100_000}, (_, index) => index % 251);
	t.true(writeCodeCache(file, data));
	t.deepEqual(new Uint8Array(readCodeCache(file)!), data);
	// Nothing else is left in the folder: no temporary file.
	t.deepEqual(readdirSync(path.dirname(file)), [path.basename(file)]);
});

test('writing a cache keeps the newest caches of other builds and removes the older ones', (t) => {
	const folder = tempDir('gazette-code-');
	const code = path.join(folder, 'code');
	mkdirSync(code);
	const day = 24 * 60 * 60;
	const now = Date.now() / 1000;
	for (const [name, age] of [
		['old-1.bin', 4],
		['old-2.bin', 3],
		['old-3.bin', 2],
		['old-4.bin', 1],
	] as const) {
		writeFileSync(path.join(code, name), 'x');
		utimesSync(path.join(code, name), now - age * day, now - age * day);
	}

	writeFileSync(path.join(code, 'notes.txt'), 'not a cache');
	const file = codeCacheFile('new', folder);
	t.true(writeCodeCache(file, new Uint8Array([1, 2, 3])));
	t.deepEqual(readdirSync(code).sort(), [
		path.basename(file),
		'notes.txt',
		'old-3.bin',
		'old-4.bin',
	]);
});

test('a cache folder that cannot be written: no cache, and no error', (t) => {
	// A file where the folder should be: it stops root as well as anyone.
	const blocked = tempDir('gazette-code-');
	writeFileSync(path.join(blocked, 'code'), 'a file, not a folder');
	t.false(writeCodeCache(codeCacheFile('aaaa', blocked), new Uint8Array(1)));
	t.is(
		readFileSync(path.join(blocked, 'code'), 'utf8'),
		'a file, not a folder',
	);
	t.deepEqual(readdirSync(blocked), ['code']);
});

test('markWarm runs what the launcher asked for, once; without a launcher it does nothing', (t) => {
	t.notThrows(() => {
		markWarm();
	});
	let runs = 0;
	onWarm(() => {
		runs++;
	});
	markWarm();
	markWarm();
	t.is(runs, 1);
});
