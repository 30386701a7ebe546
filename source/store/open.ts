/*
Reading the state, and recovering from what can be wrong with it: a damaged file is moved aside byte for byte, a damaged part is left out (the original copied aside), a file that is not a regular file or that a newer gazette wrote is left alone.

The state is two files in one folder: `config.json` (settings, reading state, drafts: small, written often) and `comments.json` (every comment: large, written when a comment changes). gazette 0.2 kept the comments in `config.json`; they are moved out when it is opened.
*/
import fs from 'node:fs';
import {isRecord} from '../terminal/safe-json.js';
import type {RawState} from './migrations.js';
import {
	checkState,
	newerVersion,
	serializeComments,
	serializeConfig,
	stateVersion,
	storedVersion,
	type FileState,
} from './schema.js';
import {
	backupPath,
	commentsFile,
	describeFailure,
	firstLine,
	invalidStateReason,
	parseJson,
	readBytes,
	stateStamp,
	writeFileAtomically,
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

type Parsed =
	| {kind: 'missing'}
	| {kind: 'state'; bytes: Uint8Array; raw: RawState}
	| {kind: 'unusable'; bytes: Uint8Array; reason: string}
	| {kind: 'unreadable'; error: unknown};

function parse(file: string): Parsed {
	let bytes: Uint8Array | undefined;
	try {
		bytes = readBytes(file);
	} catch (error) {
		return {kind: 'unreadable', error};
	}

	if (bytes === undefined) {
		return {kind: 'missing'};
	}

	let value: unknown;
	try {
		value = parseJson(
			new TextDecoder('utf-8', {ignoreBOM: true}).decode(bytes),
		);
	} catch {
		return {kind: 'unusable', bytes, reason: 'not valid JSON'};
	}

	return isRecord(value)
		? {kind: 'state', bytes, raw: value}
		: {kind: 'unusable', bytes, reason: 'not a JSON object'};
}

/** The comments file, parsed: its list must be a list. */
function parseComments(file: string): Parsed {
	const parsed = parse(file);
	return parsed.kind === 'state' && !Array.isArray(parsed.raw.comments)
		? {
				kind: 'unusable',
				bytes: parsed.bytes,
				reason: '`comments` is not a list',
			}
		: parsed;
}

function unreadable(file: string, error: unknown): string {
	return `Cannot read state from ${file}: ${describeFailure(error)}.`;
}

function newerMessage(file: string, version: string): string {
	return `A newer gazette (state version ${version}) wrote ${file}; this one shows what it can and saves nothing.`;
}

/** Move a file that cannot be used aside, keeping the exact bytes the user had. @returns Where it went. */
function setAside(file: string): string {
	const target = writeTarget(file);
	const backup = backupPath(target);
	fs.renameSync(target, backup);
	return backup;
}

/** Keep a copy of a file whose damaged parts are being left out. @returns Where it went. */
function copyAside(file: string, bytes: Uint8Array): string {
	const backup = backupPath(writeTarget(file));
	fs.writeFileSync(backup, bytes, {flag: 'wx'});
	return backup;
}

function corruptWarning(file: string, reason: string, backup: string): string {
	return file.endsWith('comments.json')
		? `Comments file was corrupt (${reason}); moved it to ${backup} and started without comments.`
		: `State file was corrupt (${reason}); moved it to ${backup} and started fresh.`;
}

/** Comments kept in config.json (gazette 0.2) joined to those of comments.json, each id once. */
function joinComments(kept: readonly unknown[], legacy: unknown): unknown[] {
	if (!Array.isArray(legacy) || legacy.length === 0) {
		return [...kept];
	}

	const ids = new Set(
		kept.map((comment) => (isRecord(comment) ? comment.id : undefined)),
	);
	return [
		...kept,
		...(legacy as unknown[]).filter(
			(comment) => !isRecord(comment) || !ids.has(comment.id),
		),
	];
}

/** Write both files, comments first: a crash between them leaves every comment saved. */
export function writeState(file: string, state: FileState): void {
	writeFileAtomically(commentsFile(file), serializeComments(state.comments));
	writeFileAtomically(file, serializeConfig(state));
}

type Mode = 'repair' | 'look';

/**
Read the state. With `repair` (under the lock, as the store opens it or finds it changed): a damaged file is moved aside, damaged parts are left out with the original copied aside, and an old layout is written anew. With `look`: nothing on disk changes, and a damaged config.json reads as undefined.
*/
function read(
	file: string,
	mode: Mode,
	previous: PreviousRead | undefined,
): StateReport {
	const stamp = stateStamp(file);
	const commentsStamp = stamp.split('|')[1];
	const [previousConfig, previousComments] = previous?.stamp.split('|') ?? [];
	const warnings: string[] = [];
	let needsWrite = false;

	const config = parse(file);
	if (config.kind === 'unreadable') {
		const message = unreadable(file, config.error);
		return mode === 'repair'
			? {state: undefined, stamp, warnings, readOnly: message}
			: {state: undefined, stamp, warnings: [message]};
	}

	let configRaw: RawState = {};
	if (config.kind === 'state') {
		configRaw = config.raw;
	} else if (config.kind === 'unusable') {
		if (mode === 'look') {
			return {
				state: undefined,
				stamp,
				warnings: [
					`State file ${file} is corrupt (${config.reason}) and was left as it is.`,
				],
			};
		}

		warnings.push(corruptWarning(file, config.reason, setAside(file)));
		needsWrite = true;
	} else {
		// Written at once, as conf did: the first test of whether the folder can be written.
		needsWrite = mode === 'repair';
	}

	const hasLegacyComments =
		Array.isArray(configRaw.comments) && configRaw.comments.length > 0;
	// The comments are the large part: not read again, nor checked again, while their file is unchanged.
	const reuseComments =
		previous !== undefined &&
		previousComments === commentsStamp &&
		previousConfig !== undefined &&
		!hasLegacyComments;
	let comments: unknown[] = [];
	let commentsBytes: Uint8Array | undefined;
	if (!reuseComments) {
		const commentsPath = commentsFile(file);
		const parsed = parseComments(commentsPath);
		if (parsed.kind === 'unreadable') {
			const message = unreadable(commentsPath, parsed.error);
			return mode === 'repair'
				? {state: undefined, stamp, warnings, readOnly: message}
				: {state: undefined, stamp, warnings: [message]};
		}

		if (parsed.kind === 'unusable') {
			if (mode === 'repair') {
				warnings.push(
					corruptWarning(commentsPath, parsed.reason, setAside(commentsPath)),
				);
				needsWrite = true;
			} else {
				warnings.push(
					`State file ${commentsPath} is corrupt (${parsed.reason}) and was left as it is.`,
				);
			}
		} else if (parsed.kind === 'state') {
			const version = newerVersion(parsed.raw);
			if (version !== undefined) {
				configRaw = {...configRaw, __internal__: parsed.raw.__internal__};
			}

			comments = parsed.raw.comments as unknown[];
			commentsBytes = parsed.bytes;
		}
	}

	const version = newerVersion(configRaw);
	let checked;
	try {
		checked = checkState({
			...configRaw,
			comments: reuseComments ? [] : joinComments(comments, configRaw.comments),
		});
	} catch (error) {
		// A 0.1 layout whose lists are damaged: the whole config.json is set aside.
		const reason = invalidStateReason(error) ?? firstLine(error);
		if (mode === 'look') {
			return {
				state: undefined,
				stamp,
				warnings: [
					`State file ${file} is corrupt (${reason}) and was left as it is.`,
				],
			};
		}

		warnings.push(corruptWarning(file, reason, setAside(file)));
		needsWrite = true;
		checked = checkState({comments});
	}

	const {state, problems} = checked;
	if (reuseComments) {
		state.comments = previous.state.comments;
	}

	if (version !== undefined) {
		return {state, stamp, warnings, readOnly: newerMessage(file, version)};
	}

	if (problems.length > 0) {
		if (mode === 'look') {
			warnings.push(
				`State file has damaged parts (${problems.join('; ')}); they are left out.`,
			);
			return {state, stamp, warnings};
		}

		const copies = [
			...(config.kind === 'state' ? [copyAside(file, config.bytes)] : []),
			...(commentsBytes ? [copyAside(commentsFile(file), commentsBytes)] : []),
		];
		warnings.push(
			`State file had damaged parts (${problems.join('; ')}); kept the rest, and a copy of the original is in ${copies.join(' and ')}.`,
		);
		try {
			// Written back now, so that the next start does not copy it again.
			writeState(file, state);
			return {state, stamp: stateStamp(file), warnings};
		} catch {
			return {state, stamp, warnings};
		}
	}

	if (
		mode === 'repair' &&
		(needsWrite ||
			hasLegacyComments ||
			storedVersion(configRaw) !== stateVersion)
	) {
		// A new or older layout: written now, as conf did, so that the old keys are gone from the file.
		writeState(file, state);
		return {state, stamp: stateStamp(file), warnings};
	}

	return {state, stamp, warnings};
}

/** Read the state under the lock, repairing what needs it (see `read`). Throws when a file it must write cannot be written. */
export function openState(file: string, previous?: PreviousRead): StateReport {
	return read(file, 'repair', previous);
}

/** Read the state without changing anything on disk: for a folder gazette cannot write, and for a reload. */
export function readState(file: string, previous?: PreviousRead): StateReport {
	return read(file, 'look', previous);
}

/** A quick look for the first frame: anything odd reads as the defaults, and opening the store deals with it. */
export function peekState(file: string): FileState {
	try {
		return readState(file).state ?? checkState({}).state;
	} catch {
		return checkState({}).state;
	}
}
