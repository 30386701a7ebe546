import lockfile from 'proper-lockfile';

/** A lock older than this belongs to a process that died while holding it, and is taken over. */
export const staleLockMs = 10_000;

/** Waiting a little longer than the stale age means even a dead process's lock never makes a write fail. */
const defaultTimeoutMs = staleLockMs + 1000;

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

function sleep(ms: number): void {
	Atomics.wait(sleepCell, 0, 0, ms);
}

function errorCode(error: unknown): unknown {
	return error instanceof Error && 'code' in error ? error.code : undefined;
}

/**
Take the cross-process lock that guards `file` (the lock is the folder `<file>.lock`), waiting while another process holds it.

Synchronous, so a flush can run inside an exit handler. Throws `ELOCKED` after `timeoutMs`, or the file system's error (`EACCES`, `EROFS`, `ENOENT`…) when the lock cannot be created at all.

@returns A function that releases the lock.
*/
export function acquireLock(
	file: string,
	timeoutMs = defaultTimeoutMs,
): () => void {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			const release = lockfile.lockSync(file, {
				realpath: false,
				lockfilePath: `${file}.lock`,
				stale: staleLockMs,
				onCompromised() {
					// The lock is held for a few milliseconds of synchronous work; a late mtime refresh must not throw from a timer.
				},
			});
			return () => {
				try {
					release();
				} catch {
					// Already released or removed by someone who judged it stale: nothing left to undo.
				}
			};
		} catch (error) {
			if (errorCode(error) !== 'ELOCKED' || Date.now() >= deadline) {
				throw error;
			}

			// Random back-off so that waiting processes do not retry in lockstep.
			sleep(5 + Math.floor(Math.random() * 11));
		}
	}
}

/** Run `action` while holding the lock on `file`; the lock is always released, even when `action` throws. */
export function withLock<T>(
	file: string,
	action: () => T,
	timeoutMs?: number,
): T {
	const release = acquireLock(file, timeoutMs);
	try {
		return action();
	} finally {
		release();
	}
}
