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

/** Open the seed article from the list, by filtering for it. */
export async function openSeed(session: Session): Promise<void> {
	await session.waitFor('Miami Summit');
	await session.press('/');
	await session.waitFor(/^\/ ?$/m);
	await session.type('miami');
	await session.waitFor('1 of 3 articles');
	await session.press('enter');
	await session.waitFor('Enter open');
	// The list (ink-select-input) subscribes to keys in an effect after it renders.
	await session.settle();
	await session.press('enter');
	await session.waitFor('World Desk · Staff');
}
