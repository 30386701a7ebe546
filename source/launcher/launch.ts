#!/usr/bin/env node
/**
The launcher, dist/cli.js: runs gazette's bundle, dist/gazette.cjs, from V8's code cache when there is one
(code-cache.ts): about a quarter less CPU to the list's first frame (npm run bench). Without a cache, or with one V8
rejects, the bundle is compiled as any script, and a new cache is made: by the reader once it is up, or by a command as
it exits.
*/
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import {
	type CodeCacheKind,
	codeCacheFile,
	onWarm,
	readCodeCache,
	writeCodeCache,
} from './code-cache.js';

/** The hash of dist/gazette.cjs's text, set by scripts/build.js. */
declare const gazetteBuildId: string;

/*
V8 lets the old generation grow to several times what is live before it collects it. Scrolling the 1 MB article (Ink
allocates about 2 MB a frame, and some of it lives long enough to be promoted) took peak RSS past 200 MB with about
30 MB live. Growing it by 20% at a time keeps the peak near 150 MB, with no change in keystroke latency (npm run bench).
V8 reads this flag at each collection, so setting it here takes effect. It is set before the bundle is compiled: V8
takes a code cache only under the flags it was made with.
*/
v8.setFlagsFromString('--heap-growing-percent=20');

const bundle = fileURLToPath(new URL('gazette.cjs', import.meta.url));
const readerCache = codeCacheFile(gazetteBuildId, 'reader');
const commandCache = codeCacheFile(gazetteBuildId, 'command');
let taken: CodeCacheKind | undefined;
let cachedData = readCodeCache(readerCache);
if (cachedData === undefined) {
	cachedData = readCodeCache(commandCache);
	taken = cachedData && 'command';
} else {
	taken = 'reader';
}

const script = new vm.Script(
	`(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'utf8')}\n})`,
	{filename: bundle, cachedData},
);
if (script.cachedDataRejected) {
	taken = undefined;
}

// V8 has what it needs of it: 1.4 MB the collector may take.
cachedData = undefined;

// The reader, up and waiting for keys, makes its cache unless it started from one.
onWarm(() => {
	if (taken !== 'reader') {
		writeCodeCache(readerCache, script.createCachedData());
		taken = 'reader';
	}
});
// Anything else makes one as it exits, where there was none.
process.on('exit', () => {
	if (taken === undefined) {
		writeCodeCache(commandCache, script.createCachedData());
	}
});

// As Node runs a CommonJS module: its exports, require, module, file name and folder.
const bundleModule = {exports: {}};
(script.runInThisContext() as (...arguments_: unknown[]) => void)(
	bundleModule.exports,
	createRequire(bundle),
	bundleModule,
	bundle,
	path.dirname(bundle),
);
