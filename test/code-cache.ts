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
	const first = codeCacheFile('aaaa', 'reader', folder);
	const second = codeCacheFile('bbbb', 'reader', folder);
	t.not(first, second);
	t.not(codeCacheFile('aaaa', 'command', folder), first);
	t.is(path.dirname(first), path.join(folder, 'code'));
	t.true(path.basename(first).includes(process.versions.v8));
});

test('a cache is written whole and read back; a missing one reads as none', (t) => {
	const file = codeCacheFile('aaaa', 'reader', tempDir('gazette-code-'));
	t.is(readCodeCache(file), undefined);
	const data = Uint8Array.from({length: 100_000}, (_, index) => index % 251);
	t.true(writeCodeCache(file, data));
	t.deepEqual(new Uint8Array(readCodeCache(file)!), data);
	// Nothing else is left in the folder: no temporary file.
	t.deepEqual(readdirSync(path.dirname(file)), [path.basename(file)]);
});

test('writing a cache keeps the caches of the two newest other builds and removes the older ones', (t) => {
	const folder = tempDir('gazette-code-');
	const code = path.join(folder, 'code');
	mkdirSync(code);
	const day = 24 * 60 * 60;
	const now = Date.now() / 1000;
	const names: string[] = [];
	for (const [build, age] of [
		['b1', 4],
		['b2', 3],
		['b3', 2],
		['b4', 1],
	] as const) {
		for (const kind of ['reader', 'command'] as const) {
			const file = codeCacheFile(build, kind, folder);
			writeFileSync(file, 'x');
			utimesSync(file, now - age * day, now - age * day);
			names.push(path.basename(file));
		}
	}

	writeFileSync(path.join(code, 'notes.txt'), 'not a cache');
	const file = codeCacheFile('new', 'command', folder);
	t.true(writeCodeCache(file, new Uint8Array([1, 2, 3])));
	t.deepEqual(
		readdirSync(code).sort(),
		[path.basename(file), 'notes.txt', ...names.slice(4)].sort(),
	);
	// The other kind of the same build stays.
	const reader = codeCacheFile('new', 'reader', folder);
	t.true(writeCodeCache(reader, new Uint8Array([4])));
	t.true(readdirSync(code).includes(path.basename(file)));
});

test('a cache folder that cannot be written: no cache, and no error', (t) => {
	// A file where the folder should be: it stops root as well as anyone.
	const blocked = tempDir('gazette-code-');
	writeFileSync(path.join(blocked, 'code'), 'a file, not a folder');
	t.false(
		writeCodeCache(codeCacheFile('aaaa', 'reader', blocked), new Uint8Array(1)),
	);
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
