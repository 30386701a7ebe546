import {readFileSync} from 'node:fs';
import path from 'node:path';
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

type StoredArticle = {
	read?: boolean;
	bookmarked?: boolean;
	position?: {sectionId: string; lineInSection: number};
	collapsed?: string[];
};

/** The reading state kept for the article in `fileName`: state is keyed by the article's file path (or its url or guid). */
export function storedArticle(
	stateDir: string,
	fileName: string,
): StoredArticle | undefined {
	const state = JSON.parse(
		readFileSync(path.join(stateDir, 'config.json'), 'utf8'),
	) as {articles: Record<string, StoredArticle>};
	const key = Object.keys(state.articles).find((entry) =>
		entry.endsWith(`/${fileName}`),
	);
	return key === undefined ? undefined : state.articles[key];
}

/** The comments kept on this machine, as stored. */
export function storedComments(
	stateDir: string,
): Array<Record<string, unknown>> {
	return (
		JSON.parse(readFileSync(path.join(stateDir, 'comments.json'), 'utf8')) as {
			comments: Array<Record<string, unknown>>;
		}
	).comments;
}
