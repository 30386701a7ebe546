import {mkdirSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import envPaths from 'env-paths';

/** Gazette's cache folder (the article index, the compiled code): `$GAZETTE_CACHE_DIR`, or the user's cache folder. */
export function cacheFolder(): string {
	const chosen = process.env.GAZETTE_CACHE_DIR;
	// An empty variable means the default, as with GAZETTE_STATE_DIR.
	return chosen === undefined || chosen === ''
		? envPaths('gazette').cache
		: chosen;
}

/** Write `file` whole or not at all, making its folder; false if it could not be written. */
export function writeAtomically(
	file: string,
	data: string | Uint8Array,
): boolean {
	const temporary = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
	try {
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(temporary, data);
		renameSync(temporary, file);
		return true;
	} catch {
		removeQuietly(temporary);
		return false;
	}
}

export function removeQuietly(file: string): void {
	try {
		rmSync(file, {force: true});
	} catch {}
}
