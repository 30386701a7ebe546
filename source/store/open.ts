/*
Reading the state, and recovering from what can be wrong with it: a damaged file is moved aside byte for byte, a damaged part is left out (the original copied aside), a file that is not a regular file or that a newer gazette wrote is left alone.

The state is two files in one folder: `config.json` (settings, reading state, drafts: small, written often) and `comments.json` (every comment: large, written when a comment changes), both read, migrated and written by conf (conf-files.ts). gazette looks at config.json first, before conf touches it: conf would block reading a pipe, and migrate a newer layout down.
*/
import {type Buffer} from 'node:buffer';
import fs from 'node:fs';
import type {StateFiles} from './conf-files.js';
import {
	joinComments,
	legacyLayoutDamaged,
	legacyLayoutProblem,
	LegacyLayoutError,
	type RawState,
} from './migrations.js';
import {
	checkState,
	newerVersion,
	type CheckedState,
	stateVersion,
	storedVersion,
	type FileState,
} from './schema.js';
import {
	backupPath,
	commentsFile,
	describeFailure,
	isRegularFile,
	parseCommentsState,
	parseState,
	readBytes,
	stateStamp,
	UnusableStateError,
	writeTarget,
} from './state-file.js';

export type StateReport = {
	/** The state, or undefined when it could not be used (the warnings say why). */
	state: FileState | undefined;
	/** The files' stamp, taken before they were read: a change made meanwhile is seen at the next read, never missed. */
	stamp: string;
	/** Lines for the user. */
	warnings: string[];
	/** Set when the store must not write: why, for the user. */
	readOnly?: string;
};

/** What a previous read gave: the parts whose file is unchanged are not read again. */
export type PreviousRead = Readonly<{state: FileState; stamp: string}>;

type Mode = 'repair' | 'look';

type Looked =
	| {kind: 'missing'}
	| {kind: 'state'; bytes?: Buffer; raw: RawState}
	| {kind: 'unusable'; bytes?: Buffer; reason: string}
	| {kind: 'unreadable'; error: unknown};

/** A file as gazette reads it itself: only a regular file is read (opening does not wait for a pipe's writer), and parsed by `parse`. */
function look(file: string, parse: (text: string) => RawState): Looked {
	let bytes: Buffer | undefined;
	try {
		bytes = readBytes(file);
	} catch (error) {
		return {kind: 'unreadable', error};
	}

	if (bytes === undefined) {
		return {kind: 'missing'};
	}

	try {
		// Decoded as conf decodes it (`readFileSync(file, 'utf8')`): the same text, parsed once.
		return {kind: 'state', bytes, raw: parse(bytes.toString('utf8'))};
	} catch (error) {
		if (error instanceof UnusableStateError) {
			return {kind: 'unusable', bytes, reason: error.reason};
		}

		throw error;
	}
}

/** Config.json before conf touches it: a damaged 0.1.0 layout counts as unusable (conf's migration would half migrate it). */
function lookAtConfig(file: string, parse: (text: string) => RawState): Looked {
	const looked = look(file, parse);
	if (looked.kind !== 'state') {
		return looked;
	}

	const problem = legacyLayoutProblem(looked.raw);
	return problem === undefined
		? looked
		: {
				kind: 'unusable',
				bytes: looked.bytes,
				reason: legacyLayoutDamaged + problem,
			};
}

/** Comments.json through conf, once it is known to be a regular file. An unusable one is set aside (`repair`) or left alone, with a warning either way, and reads as missing. */
function readComments(
	files: StateFiles,
	mode: Mode,
	warnings: string[],
): Looked {
	const file = files.commentsPath;
	try {
		if (!isRegularFile(file)) {
			return {kind: 'missing'};
		}

		const raw = files.comments().store;
		return Array.isArray(raw.comments)
			? {kind: 'state', raw}
			: {kind: 'missing'};
	} catch (error) {
		if (!(error instanceof UnusableStateError)) {
			return {kind: 'unreadable', error};
		}

		warnings.push(
			mode === 'repair'
				? corruptWarning(file, error.reason, setAside(file))
				: leftAlone(file, error.reason),
		);
		return {kind: 'missing'};
	}
}

function unreadable(file: string, error: unknown): string {
	return `Cannot read state from ${file}: ${describeFailure(error)}.`;
}

function newerMessage(file: string, version: string): string {
	return `A newer gazette (state version ${version}) wrote ${file}; this one shows what it can and saves nothing.`;
}

function leftAlone(file: string, reason: string): string {
	return `State file ${file} is corrupt (${reason}) and was left as it is.`;
}

/** Why a read without the lock failed: a file changed meanwhile by a process that does not take the lock. */
function lookFailed(file: string, error: unknown): string {
	if (error instanceof UnusableStateError) {
		return leftAlone(file, error.reason);
	}

	return error instanceof LegacyLayoutError
		? leftAlone(file, error.message)
		: unreadable(file, error);
}

/** Move a file that cannot be used aside, keeping the exact bytes the user had. @returns Where it went. */
function setAside(file: string): string {
	const target = writeTarget(file);
	const backup = backupPath(target);
	fs.renameSync(target, backup);
	return backup;
}

/** Keep a copy of a file whose damaged parts are being left out: `bytes` as read, or the file as it is. @returns Where it went. */
function copyAside(file: string, bytes?: Buffer): string {
	const target = writeTarget(file);
	const backup = backupPath(target);
	if (bytes === undefined) {
		fs.copyFileSync(target, backup, fs.constants.COPYFILE_EXCL);
	} else {
		fs.writeFileSync(backup, bytes, {flag: 'wx'});
	}

	return backup;
}

function corruptWarning(file: string, reason: string, backup: string): string {
	return file.endsWith('comments.json')
		? `Comments file was corrupt (${reason}); moved it to ${backup} and started without comments.`
		: `State file was corrupt (${reason}); moved it to ${backup} and started fresh.`;
}

/** Write both files through conf, comments first: a crash between them leaves every comment saved. */
export function writeState(files: StateFiles, state: FileState): void {
	files.writeComments(state.comments);
	files.writeConfig(state);
}

/**
Read the state. With `repair` (under the lock, as the store opens it or finds it changed): a damaged file is moved aside, damaged parts are left out with the original copied aside, and an older layout is migrated by conf. With `look`: nothing on disk changes, and a damaged config.json reads as undefined.
*/
function read(
	files: StateFiles,
	mode: Mode,
	previous: PreviousRead | undefined,
): StateReport {
	const file = files.configPath;
	const stamp = stateStamp(file);
	const commentsStamp = stamp.split('|')[1];
	const [previousConfig, previousComments] = previous?.stamp.split('|') ?? [];
	const warnings: string[] = [];
	const cannotRead = (path: string, error: unknown): StateReport =>
		mode === 'repair'
			? {state: undefined, stamp, warnings, readOnly: unreadable(path, error)}
			: {state: undefined, stamp, warnings: [unreadable(path, error)]};

	// Config.json, looked at before conf touches it.
	let config = lookAtConfig(file, files.parseConfig);
	if (config.kind === 'unreadable') {
		return cannotRead(file, config.error);
	}

	if (config.kind === 'unusable') {
		if (mode === 'look') {
			return {
				state: undefined,
				stamp,
				warnings: [leftAlone(file, config.reason)],
			};
		}

		warnings.push(corruptWarning(file, config.reason, setAside(file)));
		config = {kind: 'missing'};
	}

	const looked = config.kind === 'state' ? config.raw : {};
	const legacyComments = Array.isArray(looked.comments) ? looked.comments : [];
	let newer = newerVersion(looked);

	// The comments are the large part: not read again, nor checked again, while their file is unchanged.
	const reuseComments =
		previous !== undefined &&
		previousComments === commentsStamp &&
		previousConfig !== undefined &&
		legacyComments.length === 0;
	let comments: unknown[] = [];
	let commentsExisted = false;
	let commentsMissing = commentsStamp === 'none';
	if (!reuseComments) {
		const parsed = readComments(files, mode, warnings);
		if (parsed.kind === 'unreadable') {
			return cannotRead(files.commentsPath, parsed.error);
		}

		if (parsed.kind === 'state') {
			newer ??= newerVersion(parsed.raw);
			comments = parsed.raw.comments as unknown[];
			commentsExisted = true;
		}

		commentsMissing = parsed.kind !== 'state';
	}

	// An older layout, or none yet: conf migrates it, under the lock. Never a newer one: conf would migrate it down.
	const migrating =
		mode === 'repair' &&
		newer === undefined &&
		(config.kind === 'missing' ||
			storedVersion(looked) !== stateVersion ||
			legacyComments.length > 0 ||
			commentsMissing);
	let checked: CheckedState;
	try {
		if (migrating) {
			files.migrate(looked);
		}

		// Through conf; an unchanged text is not parsed again.
		const raw =
			config.kind === 'state' || migrating ? files.config().store : {};
		// The 0.3.0 migration joined the comments the same way; in `look` mode they are joined in memory only.
		checked = checkState({
			...raw,
			comments: reuseComments ? [] : joinComments(comments, legacyComments),
		});
	} catch (error) {
		if (mode === 'repair') {
			throw error;
		}

		// Changed since it was looked at, by a process that does not take the lock.
		return {state: undefined, stamp, warnings: [lookFailed(file, error)]};
	}

	const {state, problems} = checked;
	if (reuseComments) {
		state.comments = previous.state.comments;
	}

	if (newer !== undefined) {
		return {state, stamp, warnings, readOnly: newerMessage(file, newer)};
	}

	const written = migrating ? stateStamp(file) : stamp;
	if (problems.length === 0) {
		return {state, stamp: written, warnings};
	}

	if (mode === 'look') {
		warnings.push(
			`State file has damaged parts (${problems.join('; ')}); they are left out.`,
		);
		return {state, stamp, warnings};
	}

	const copies = [
		...(config.kind === 'state' ? [copyAside(file, config.bytes)] : []),
		...(commentsExisted ? [copyAside(files.commentsPath)] : []),
	];
	warnings.push(
		`State file had damaged parts (${problems.join('; ')}); kept the rest, and a copy of the original is in ${copies.join(' and ')}.`,
	);
	try {
		// Written back now, so that the next start does not copy it again.
		writeState(files, state);
		return {state, stamp: stateStamp(file), warnings};
	} catch {
		return {state, stamp: written, warnings};
	}
}

/** Read the state under the lock (inside `writingUnder`), repairing what needs it (see `read`). Throws when a file it must write cannot be written. */
export function openState(
	files: StateFiles,
	previous?: PreviousRead,
): StateReport {
	try {
		return read(files, 'repair', previous);
	} finally {
		files.forget();
	}
}

/** Read the state without changing anything on disk: for a folder gazette cannot write, and for a reload. */
export function readState(
	files: StateFiles,
	previous?: PreviousRead,
): StateReport {
	try {
		return read(files, 'look', previous);
	} finally {
		files.forget();
	}
}

/**
A quick look for the reader's first frame, before conf is loaded: the files read plainly, anything odd read as the defaults; opening the store (through conf) deals with it.
*/
export function peekState(file: string): FileState {
	try {
		const config = lookAtConfig(file, parseState);
		const comments = look(commentsFile(file), parseCommentsState);
		const raw = config.kind === 'state' ? config.raw : {};
		return checkState({
			...raw,
			comments: joinComments(
				comments.kind === 'state' ? (comments.raw.comments as unknown[]) : [],
				raw.comments,
			),
		}).state;
	} catch {
		return checkState({}).state;
	}
}
