import {randomUUID} from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {setTimeout as delay} from 'node:timers/promises';

/**
A lock whose holder left no trace of who it is (it died between creating the lock and naming itself), or whose holder runs on another host, is taken over once it is this old. A holder on this host is asked directly: its lock is taken over only once its process is gone, however long it holds it (a stopped process, a suspended laptop).
*/
export const staleLockMs = 10_000;

/**
How long a writer waits without seeing any progress: the wait starts again whenever the lock passes to another holder, so a long queue of writers each get their turn, and only a lock that nobody releases makes a write fail.
*/
export const lockTimeoutMs = staleLockMs + 1000;

export type LockOptions = Readonly<{
	/** Give up after this long without progress (the lock passing to another holder). Default `lockTimeoutMs`. */
	timeoutMs?: number;
	/** See `staleLockMs`. */
	staleMs?: number;
}>;

/** A held lock. */
export type Lock = Readonly<{
	/** Whether the lock is still this holder's: false when another process judged it stale and took it. */
	owned: () => boolean;
	release: () => void;
}>;

type Owner = Readonly<{pid: number; host: string; token: string}>;

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

function sleep(ms: number): void {
	Atomics.wait(sleepCell, 0, 0, ms);
}

function errorCode(error: unknown): unknown {
	return error instanceof Error && 'code' in error ? error.code : undefined;
}

function lockedError(file: string): Error {
	return Object.assign(
		new Error(`another gazette process kept ${file} locked for too long`),
		{code: 'ELOCKED'},
	);
}

/** The lock is the folder `<file>.lock`; the file `owner` inside names its holder. */
function lockFolder(file: string): string {
	return `${file}.lock`;
}

function ownerFile(file: string): string {
	return path.join(lockFolder(file), 'owner');
}

function readOwner(file: string): Owner | undefined {
	try {
		const value = JSON.parse(
			fs.readFileSync(ownerFile(file), 'utf8'),
		) as Partial<Owner>;
		return typeof value.pid === 'number' &&
			typeof value.host === 'string' &&
			typeof value.token === 'string'
			? {pid: value.pid, host: value.host, token: value.token}
			: undefined;
	} catch {
		return undefined;
	}
}

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists, under another user.
		return errorCode(error) === 'EPERM';
	}
}

/** What identifies the current holder, for noticing that the lock changed hands. */
function holderOf(file: string): string {
	const owner = readOwner(file);
	if (owner) {
		return owner.token;
	}

	try {
		return `mtime:${fs.statSync(lockFolder(file)).mtimeMs}`;
	} catch {
		return 'none';
	}
}

function isStale(file: string, staleMs: number): boolean {
	const owner = readOwner(file);
	if (owner?.host === os.hostname()) {
		return !processAlive(owner.pid);
	}

	try {
		return Date.now() - fs.statSync(lockFolder(file)).mtimeMs > staleMs;
	} catch {
		// Gone meanwhile: not stale, just free.
		return false;
	}
}

/** Remove a stale lock. Renamed away first, so that of two processes that both judged it stale only one removes it. */
function breakLock(file: string): void {
	const aside = `${lockFolder(file)}.stale-${randomUUID()}`;
	try {
		fs.renameSync(lockFolder(file), aside);
	} catch {
		return;
	}

	fs.rmSync(aside, {recursive: true, force: true});
}

/**
One attempt at the lock.

@returns The lock, or undefined while another process holds it. Throws the file system's error (`EACCES`, `EROFS`, `ENOENT`…) when the lock cannot be created at all.
*/
export function tryLock(
	file: string,
	staleMs: number = staleLockMs,
): Lock | undefined {
	const owner: Owner = {
		pid: process.pid,
		host: os.hostname(),
		token: randomUUID(),
	};
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			fs.mkdirSync(lockFolder(file));
		} catch (error) {
			if (errorCode(error) !== 'EEXIST') {
				throw error;
			}

			if (attempt === 0 && isStale(file, staleMs)) {
				breakLock(file);
				continue;
			}

			return undefined;
		}

		try {
			fs.writeFileSync(ownerFile(file), JSON.stringify(owner));
		} catch (error) {
			fs.rmSync(lockFolder(file), {recursive: true, force: true});
			throw error;
		}

		return {
			owned: () => readOwner(file)?.token === owner.token,
			release() {
				// Only this holder's lock: one taken over meanwhile belongs to someone else now.
				if (readOwner(file)?.token === owner.token) {
					fs.rmSync(lockFolder(file), {recursive: true, force: true});
				}
			},
		};
	}

	return undefined;
}

/** Waits between attempts: short and random, so that waiting processes do not retry in lockstep. */
function pause(): number {
	return 5 + Math.floor(Math.random() * 11);
}

/**
Whether to go on waiting: the wait starts again whenever the lock changes hands, and times out only when it stays with one holder for `timeoutMs`.

@returns A function to call after each failed attempt; it throws `ELOCKED` once the wait is over.
*/
function patience(file: string, options: LockOptions): () => void {
	const timeoutMs = options.timeoutMs ?? lockTimeoutMs;
	let holder = holderOf(file);
	let deadline = Date.now() + timeoutMs;
	return () => {
		const now = holderOf(file);
		if (now !== holder) {
			holder = now;
			deadline = Date.now() + timeoutMs;
		} else if (Date.now() >= deadline) {
			throw lockedError(file);
		}
	};
}

/**
Take the cross-process lock that guards `file`, waiting while other processes hold it. Synchronous, for the CLI and for exit handlers.

Throws `ELOCKED` after `timeoutMs` without progress, or the file system's error when the lock cannot be created at all.
*/
export function acquireLock(file: string, options: LockOptions = {}): Lock {
	const waited = patience(file, options);
	for (;;) {
		const lock = tryLock(file, options.staleMs);
		if (lock) {
			return lock;
		}

		waited();
		sleep(pause());
	}
}

/** As `acquireLock`, waiting without blocking the event loop: for the interactive reader. */
export async function acquireLockAsync(
	file: string,
	options: LockOptions = {},
): Promise<Lock> {
	const waited = patience(file, options);
	for (;;) {
		const lock = tryLock(file, options.staleMs);
		if (lock) {
			return lock;
		}

		waited();
		// eslint-disable-next-line no-await-in-loop
		await delay(pause());
	}
}

/** Run `action` while holding the lock on `file`; the lock is always released, even when `action` throws. */
export function withLock<T>(
	file: string,
	action: (lock: Lock) => T,
	options?: LockOptions,
): T {
	const lock = acquireLock(file, options);
	try {
		return action(lock);
	} finally {
		lock.release();
	}
}
