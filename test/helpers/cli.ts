import type {ExecutionContext} from 'ava';
import {type Session, type SpawnOptions, spawnCli, tempDir} from './pty.js';

/** Start the built CLI in a pty with a fresh state dir; the session is killed when the test ends. */
export function startGazette(
	t: ExecutionContext,
	args: string[] = [],
	options: SpawnOptions & {stateDir?: string} = {},
): Session & {stateDir: string} {
	const stateDir = options.stateDir ?? tempDir('gazette-state-');
	const session = spawnCli(['--state-dir', stateDir, ...args], options);
	t.teardown(() => {
		session.kill('SIGKILL');
	});
	return Object.assign(session, {stateDir});
}

export const seedTitle = 'Miami Summit Set as U.S., Russia, Ukraine';

/** Open the seed article from the list, by filtering for it: the filter, the Enter that keeps it and the Enter that opens, in one write. */
export async function openSeed(session: Session): Promise<void> {
	await session.waitFor('Miami Summit');
	await session.press('/miami\r\r');
	await session.waitFor('World Desk · Staff');
}
