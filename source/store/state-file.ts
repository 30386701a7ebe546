import fs from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import {isRecord, legacyLayoutDamaged} from './migrations.js';
import {configName, projectName, projectSuffix} from './schema.js';

/**
Where the state file lives. Without a folder, conf's per-user config folder, found as conf finds it (env-paths, with conf's suffix): `test/store.ts` checks the two agree.

`error` is set when that folder cannot be created; the store then works in memory.
*/
export function locateStateFile(stateDir: string | undefined): {
	file: string;
	error?: Error;
} {
	const fileName = `${configName}.json`;
	if (stateDir) {
		return {file: path.resolve(stateDir, fileName)};
	}

	const folder = envPaths(projectName, {suffix: projectSuffix}).config;
	const file = path.join(folder, fileName);
	try {
		// As conf does on opening: creating the folder is the first test of whether state can be kept.
		fs.mkdirSync(folder, {recursive: true});
		return {file};
	} catch (error) {
		return {
			file,
			error: error instanceof Error ? error : new Error(String(error)),
		};
	}
}

export function errorCode(error: unknown): unknown {
	return error instanceof Error && 'code' in error ? error.code : undefined;
}

export function firstLine(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return message.split('\n', 1)[0];
}

const reasons = new Map<unknown, string>([
	['EACCES', 'permission denied'],
	['EPERM', 'permission denied'],
	['EROFS', 'read-only file system'],
	['ENOSPC', 'no space left on device'],
	['EDQUOT', 'disk quota exceeded'],
	['ENOTDIR', 'part of the path is a file, not a folder'],
	['EISDIR', 'the state file is a folder'],
	['ELOCKED', 'another gazette process kept the state locked for too long'],
]);

export function describeFailure(error: unknown): string {
	return reasons.get(errorCode(error)) ?? firstLine(error);
}

const schemaViolation = 'Config schema violation: ';

/** Why the file's content cannot be used as state, or undefined if `error` is about something else (the disk, the lock). */
export function invalidStateReason(error: unknown): string | undefined {
	if (error instanceof SyntaxError) {
		return 'not valid JSON';
	}

	if (!(error instanceof Error)) {
		return undefined;
	}

	if (error.message.startsWith(schemaViolation)) {
		return error.message.slice(schemaViolation.length);
	}

	// Conf wraps a failed migration in its own error; only our complaint about the content means the file is bad.
	const at = error.message.indexOf(legacyLayoutDamaged);
	return at === -1 ? undefined : error.message.slice(at);
}

export function jsonProblem(bytes: Uint8Array): string | undefined {
	let value: unknown;
	try {
		value = JSON.parse(new TextDecoder().decode(bytes));
	} catch {
		return 'not valid JSON';
	}

	return isRecord(value) ? undefined : 'not a JSON object';
}

/** The file's bytes, or undefined when there is no file. */
export function readBytes(file: string): Uint8Array | undefined {
	try {
		return fs.readFileSync(file);
	} catch (error) {
		const code = errorCode(error);
		if (code === 'ENOENT' || code === 'ENOTDIR') {
			return undefined;
		}

		throw error;
	}
}

/** What changes whenever the file is replaced or written; undefined when there is no file. */
export function fileStamp(file: string): string | undefined {
	try {
		const stats = fs.statSync(file, {bigint: true});
		return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
	} catch {
		return undefined;
	}
}

export function backupPath(file: string): string {
	const stamp = new Date()
		.toISOString()
		.replace(/\.\d+Z$/, 'Z')
		.replaceAll(':', '-');
	let candidate = `${file}.corrupt-${stamp}`;
	for (let number = 2; fs.existsSync(candidate); number++) {
		candidate = `${file}.corrupt-${stamp}-${number}`;
	}

	return candidate;
}
