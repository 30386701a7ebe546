/*
Reading the state file, and recovering from what can be wrong with it: a damaged file is moved aside byte for byte, a damaged part is left out (the original copied aside), a file that is not a regular file or that a newer gazette wrote is left alone.
*/
import fs from 'node:fs';
import {isRecord} from '../terminal/safe-json.js';
import type {RawState} from './migrations.js';
import {
	checkState,
	newerVersion,
	serializeState,
	stateVersion,
	storedVersion,
	type FileState,
} from './schema.js';
import {
	backupPath,
	describeFailure,
	fileStamp,
	firstLine,
	invalidStateReason,
	parseJson,
	readBytes,
	writeFileAtomically,
	writeTarget,
} from './state-file.js';

export type StateReport = {
	/** The state, or undefined when the file could not be used (the warnings say why). */
	state: FileState | undefined;
	/** The file's stamp, taken before it was read: a change made meanwhile is seen at the next read, never missed. */
	stamp: string | undefined;
	/** Lines for the user. */
	warnings: string[];
	/** Set when the store must not write the file: why, for the user. */
	readOnly?: string;
};

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

function check(
	raw: RawState,
): {state: FileState; problems: string[]} | {reason: string} {
	try {
		return checkState(raw);
	} catch (error) {
		return {reason: invalidStateReason(error) ?? firstLine(error)};
	}
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

/** Move an unusable file aside and start from an empty state. */
function startFresh(file: string, reason: string): StateReport {
	const backup = setAside(file);
	return {
		state: undefined,
		stamp: fileStamp(file),
		warnings: [
			`State file was corrupt (${reason}); moved it to ${backup} and started fresh.`,
		],
	};
}

/** Keep a copy of a file whose damaged parts are being left out. @returns Where it went. */
function copyAside(file: string, bytes: Uint8Array): string {
	const backup = backupPath(writeTarget(file));
	fs.writeFileSync(backup, bytes, {flag: 'wx'});
	return backup;
}

/**
Read the state under the lock, as the store opens it or finds it changed: a damaged file is moved aside and the store starts fresh; damaged parts are left out, the original copied aside and the repaired file written back.
*/
export function openState(file: string): StateReport {
	const stamp = fileStamp(file);
	const parsed = parse(file);
	switch (parsed.kind) {
		case 'missing': {
			// Written at once, as conf did: the first test of whether the folder can be written.
			const {state} = checkState({});
			writeFileAtomically(file, serializeState(state));
			return {state, stamp: fileStamp(file), warnings: []};
		}

		case 'unreadable': {
			const message = unreadable(file, parsed.error);
			return {state: undefined, stamp, warnings: [], readOnly: message};
		}

		case 'unusable': {
			return startFresh(file, parsed.reason);
		}

		case 'state': {
			break;
		}
	}

	const version = newerVersion(parsed.raw);
	if (version !== undefined) {
		const checked = check(parsed.raw);
		return {
			state: 'state' in checked ? checked.state : undefined,
			stamp,
			warnings: [],
			readOnly: newerMessage(file, version),
		};
	}

	const checked = check(parsed.raw);
	if ('reason' in checked) {
		return startFresh(file, checked.reason);
	}

	if (checked.problems.length === 0) {
		if (storedVersion(parsed.raw) !== stateVersion) {
			// Migrated from an older layout: written now, as conf did, so that the old keys are gone from the file.
			writeFileAtomically(file, serializeState(checked.state));
			return {state: checked.state, stamp: fileStamp(file), warnings: []};
		}

		return {state: checked.state, stamp, warnings: []};
	}

	const backup = copyAside(file, parsed.bytes);
	const warnings = [
		`State file had damaged parts (${checked.problems.join('; ')}); kept the rest, and a copy of the original is in ${backup}.`,
	];
	try {
		// Written back now, so that the next start does not copy it again.
		writeFileAtomically(file, serializeState(checked.state));
		return {state: checked.state, stamp: fileStamp(file), warnings};
	} catch {
		return {state: checked.state, stamp, warnings};
	}
}

function leftAlone(
	file: string,
	stamp: string | undefined,
	reason: string,
): StateReport {
	return {
		state: undefined,
		stamp,
		warnings: [
			`State file ${file} is corrupt (${reason}) and was left as it is.`,
		],
	};
}

/**
Read the state without changing anything on disk: for a folder gazette cannot write, and for a reload. A damaged file reads as undefined with a warning; damaged parts are left out.
*/
export function readState(
	file: string,
	_options: {setAside: false},
): StateReport {
	const stamp = fileStamp(file);
	const parsed = parse(file);
	switch (parsed.kind) {
		case 'missing': {
			return {state: undefined, stamp, warnings: []};
		}

		case 'unreadable': {
			return {
				state: undefined,
				stamp,
				warnings: [unreadable(file, parsed.error)],
			};
		}

		case 'unusable': {
			return leftAlone(file, stamp, parsed.reason);
		}

		case 'state': {
			break;
		}
	}

	const checked = check(parsed.raw);
	if ('reason' in checked) {
		return leftAlone(file, stamp, checked.reason);
	}

	const version = newerVersion(parsed.raw);
	return {
		state: checked.state,
		stamp,
		warnings:
			checked.problems.length > 0
				? [
						`State file has damaged parts (${checked.problems.join('; ')}); they are left out.`,
					]
				: [],
		...(version === undefined ? {} : {readOnly: newerMessage(file, version)}),
	};
}

/** A quick look at the file for the first frame: anything odd reads as the defaults, and opening the store deals with it. */
export function peekState(file: string): FileState {
	const parsed = parse(file);
	if (parsed.kind === 'state') {
		const checked = check(parsed.raw);
		if ('state' in checked) {
			return checked.state;
		}
	}

	return checkState({}).state;
}
