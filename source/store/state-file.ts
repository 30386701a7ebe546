import {Buffer} from 'node:buffer';
import {randomUUID} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import {isRecord} from '../terminal/safe-json.js';
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
	['ELOCKLOST', 'another gazette process took the lock over'],
]);

export function describeFailure(error: unknown): string {
	return reasons.get(errorCode(error)) ?? firstLine(error);
}

function kindOf(stats: fs.Stats): string {
	return stats.isDirectory()
		? 'a folder'
		: stats.isFIFO()
			? 'a named pipe'
			: stats.isCharacterDevice() || stats.isBlockDevice()
				? 'a device'
				: stats.isSocket()
					? 'a socket'
					: 'not a regular file';
}

function notRegular(file: string, stats: fs.Stats): Error {
	return Object.assign(
		new Error(
			`${path.basename(file)} is ${kindOf(stats)}, not a regular file; gazette leaves it alone`,
		),
		{code: 'ENOTREG'},
	);
}

/** Whether `file` exists, as a regular file (a dangling link counts as missing); throws for anything else: a pipe or a device would block or never end. */
export function isRegularFile(file: string): boolean {
	let stats: fs.Stats;
	try {
		stats = fs.statSync(file);
	} catch (error) {
		const code = errorCode(error);
		if (code === 'ENOENT' || code === 'ENOTDIR') {
			return false;
		}

		throw error;
	}

	if (!stats.isFile()) {
		throw notRegular(file, stats);
	}

	return true;
}

/** The file's bytes, or undefined when there is no file. Only a regular file is read: opening does not wait for a pipe's writer. */
export function readBytes(file: string): Buffer | undefined {
	let fd: number;
	try {
		// eslint-disable-next-line no-bitwise
		fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
	} catch (error) {
		const code = errorCode(error);
		if (code === 'ENOENT' || code === 'ENOTDIR') {
			return undefined;
		}

		throw error;
	}

	try {
		const stats = fs.fstatSync(fd);
		if (!stats.isFile()) {
			throw notRegular(file, stats);
		}

		return fs.readFileSync(fd);
	} finally {
		fs.closeSync(fd);
	}
}

/** A state file whose content cannot be used: not JSON, or not the shape its layout needs. */
export class UnusableStateError extends Error {
	constructor(readonly reason: string) {
		super(reason);
		this.name = 'UnusableStateError';
	}
}

/** JSON text as gazette reads it, for conf too: a UTF-8 byte order mark, which some editors add, is not part of it. */
export function parseJson(text: string): unknown {
	return JSON.parse(text.codePointAt(0) === 0xfe_ff ? text.slice(1) : text);
}

/** A state file's text as an object (config.json's `deserialize` for conf, and the first frame's plain read). Throws `UnusableStateError`. */
export function parseState(text: string): Record<string, unknown> {
	let value: unknown;
	try {
		value = parseJson(text);
	} catch {
		throw new UnusableStateError('not valid JSON');
	}

	if (!isRecord(value)) {
		// Conf would take an array or a number for an object: `[1, 2]` as {0: 1, 1: 2}.
		throw new UnusableStateError('not a JSON object');
	}

	return value;
}

/** Comments.json's text (its `deserialize`): an object whose `comments` is a list. Throws `UnusableStateError`. */
export function parseCommentsState(text: string): Record<string, unknown> {
	const value = parseState(text);
	if (!Array.isArray(value.comments)) {
		throw new UnusableStateError('`comments` is not a list');
	}

	return value;
}

/** Where writes to `file` go: through symbolic links to the file they name, so that a link (into a dotfiles repository, say) stays a link, even one whose file does not exist yet. */
export function writeTarget(file: string): string {
	let target = file;
	for (let hops = 0; hops < 40; hops++) {
		let link: string;
		try {
			link = fs.readlinkSync(target);
		} catch {
			return target;
		}

		target = path.resolve(path.dirname(target), link);
	}

	return target;
}

function shortWrite(file: string, written: number, expected: number): Error {
	return Object.assign(
		new Error(
			`only ${written} of ${expected} bytes of ${path.basename(file)} reached the disk`,
		),
		{code: 'ENOSPC'},
	);
}

/**
Replace `file` with `text`, all or nothing: written to a temporary file beside it, checked to hold every byte and synced, and only then renamed over the old one. A write that cannot complete (a full disk, a quota) throws, removes the temporary file and leaves the old file as it was.

`beforeRename` runs last before the rename, and may throw to abandon the write (the lock was lost).
*/
export function writeFileAtomically(
	file: string,
	text: string,
	beforeRename?: () => void,
): void {
	const target = writeTarget(file);
	const temporary = path.join(
		path.dirname(target),
		`.${path.basename(target)}.${randomUUID().slice(0, 8)}.tmp`,
	);
	const bytes = Buffer.from(text);
	let mode = 0o666;
	try {
		// eslint-disable-next-line no-bitwise
		mode = fs.statSync(target).mode & 0o777;
	} catch {
		// No file yet: the default mode, less the umask.
	}

	const fd = fs.openSync(temporary, 'wx', mode);
	let open = true;
	try {
		let written = 0;
		while (written < bytes.length) {
			const count = fs.writeSync(fd, bytes, written, bytes.length - written);
			if (count <= 0) {
				throw shortWrite(target, written, bytes.length);
			}

			written += count;
		}

		fs.fsyncSync(fd);
		const {size} = fs.fstatSync(fd);
		if (size !== bytes.length) {
			throw shortWrite(target, size, bytes.length);
		}

		fs.closeSync(fd);
		open = false;
		beforeRename?.();
		fs.renameSync(temporary, target);
	} catch (error) {
		if (open) {
			fs.closeSync(fd);
		}

		fs.rmSync(temporary, {force: true});
		throw error;
	}

	syncFolder(path.dirname(target));
}

/** Make the rename itself durable; not every file system lets a folder be synced, and the data is safe either way. */
function syncFolder(folder: string): void {
	try {
		const fd = fs.openSync(folder, 'r');
		try {
			fs.fsyncSync(fd);
		} finally {
			fs.closeSync(fd);
		}
	} catch {
		// The data is synced; only the rename's durability is left to the file system.
	}
}

/** The comments' file, beside config.json. */
export function commentsFile(file: string): string {
	return path.join(path.dirname(file), 'comments.json');
}

/** The stamps of config.json and comments.json, `config|comments`: it changes whenever either is replaced or written. */
export function stateStamp(file: string): string {
	return `${fileStamp(file) ?? 'none'}|${fileStamp(commentsFile(file)) ?? 'none'}`;
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
