/**
V8's code cache of gazette's bundle: what V8 compiled of it in an earlier run, kept in the cache folder, so that a start
need not parse and compile it again. Node 20 keeps no compiled code between runs itself (`module.enableCompileCache` is
Node 22), and only a script, not an ES module, can be given a cache: hence dist/gazette.cjs, a CommonJS bundle, which
dist/cli.js (launch.ts) runs through `vm.Script`.

Two kinds of cache: the reader's, made once it has drawn its first screen and sits waiting for keys (`markWarm`), when
V8 has compiled what a start of the reader needs; and a command's, made as a command exits when there was no cache at
all (what `list`, `read` or `refresh` compiled). A start takes the reader's if there is one, else a command's; the
reader makes its own even where a command's is.
*/
import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {
	cacheFolder,
	removeQuietly,
	writeAtomically,
} from '../library/cache-folder.js';

/** How many builds' caches a cache folder keeps: the newest (two checkouts of gazette share the user's cache folder). */
const keptBuilds = 3;

export type CodeCacheKind = 'reader' | 'command';

/**
The cache of one build in this Node: `buildId` names the bundle's exact text (V8 checks a cache against its script's length only, so a cache must never meet another text), and V8's version and the machine are in the name because V8 rejects another's.
*/
export function codeCacheFile(
	buildId: string,
	kind: CodeCacheKind,
	folder: string = cacheFolder(),
): string {
	return path.join(
		folder,
		'code',
		`${buildId}-v8-${process.versions.v8}-${process.arch}-${kind}.bin`,
	);
}

/** The build a cache file is of (the start of its name). */
const buildOf = (name: string) => name.split('-')[0];

/** The cache in `file`, if there is one to read. */
export function readCodeCache(file: string): Uint8Array | undefined {
	try {
		return readFileSync(file);
	} catch {
		return undefined;
	}
}

/** Keep `data` in `file` (whole or not at all), and beside it only the caches of the newest builds. Quietly: without a cache gazette only starts slower. */
export function writeCodeCache(file: string, data: Uint8Array): boolean {
	if (!writeAtomically(file, data)) {
		return false;
	}

	const folder = path.dirname(file);
	try {
		const others = readdirSync(folder)
			.filter(
				(name) =>
					name.endsWith('.bin') &&
					buildOf(name) !== buildOf(path.basename(file)),
			)
			.map((name) => {
				const full = path.join(folder, name);
				return {name, full, time: statSync(full).mtimeMs};
			})
			.sort((a, b) => b.time - a.time);
		// Each other build once, the newest first (a Set keeps the order in which it first sees each).
		const builds = [...new Set(others.map(({name}) => buildOf(name)))];
		const kept = new Set(builds.slice(0, keptBuilds - 1));
		for (const {name, full} of others) {
			if (!kept.has(buildOf(name))) {
				removeQuietly(full);
			}
		}
	} catch {}

	return true;
}

const warmKey = Symbol.for('gazette.code-cache.warm');
type Slot = Partial<Record<typeof warmKey, () => void>>;

/** For the launcher: what to run once gazette is warm (the launcher and the bundle share no module, only the global object). */
export function onWarm(callback: () => void): void {
	(globalThis as Slot)[warmKey] = callback;
}

/** Gazette has drawn its first screen and waits for keys: the launcher may make the code cache now. Once; nothing without a launcher. */
export function markWarm(): void {
	const slot = globalThis as Slot;
	const callback = slot[warmKey];
	slot[warmKey] = undefined;
	callback?.();
}
