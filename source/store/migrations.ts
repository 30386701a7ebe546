import {isRecord, setOwn} from '../terminal/safe-json.js';
import {defaultArticleState, type ArticleState} from './types.js';

export type RawState = Record<string, unknown>;

export {setOwn} from '../terminal/safe-json.js';

function isStringArray(value: unknown): value is string[] {
	return (
		Array.isArray(value) && value.every((item) => typeof item === 'string')
	);
}

export const legacyLayoutDamaged = 'The 0.1.0 state layout is damaged: ';

/** Thrown for a file that claims the old layout but does not hold it; the store then sets the file aside. */
export class LegacyLayoutError extends Error {
	constructor(message: string) {
		super(legacyLayoutDamaged + message);
		this.name = 'LegacyLayoutError';
	}
}

/** Why a file that claims the 0.1.0 layout does not hold it, or undefined when it can be migrated: looked at before conf's migration runs, so that a damaged file is set aside as it is rather than half migrated. */
export function legacyLayoutProblem(state: RawState): string | undefined {
	const {read = [], bookmarks = [], positions = {}} = state;
	if (!isStringArray(read)) {
		return '`read` is not a list of article ids';
	}

	if (!isStringArray(bookmarks)) {
		return '`bookmarks` is not a list of article ids';
	}

	if (!isRecord(positions)) {
		return '`positions` is not an object';
	}

	if (state.articles !== undefined && !isRecord(state.articles)) {
		return '`articles` is not an object';
	}

	for (const [id, position] of Object.entries(positions)) {
		if (
			!isRecord(position) ||
			typeof position.section !== 'string' ||
			typeof position.line !== 'number' ||
			!Number.isFinite(position.line)
		) {
			return `the position of \`${id}\` is not {section, line}`;
		}
	}

	return undefined;
}

/**
0.1.0 kept three parallel lists (`read`, `bookmarks`, `positions`); 0.2.0 keeps one record per article. conf's migration to 0.2.0, and the in-memory view of a 0.1.0 file gazette may not write.

Changes `state`'s own keys only: merges the old keys into a new `articles` (keeping any record already there) and deletes them; the records it read are left as they were (conf's reads of an unchanged file share them). Throws `LegacyLayoutError` for a file `legacyLayoutProblem` rejects.

@returns Whether there was anything to migrate.
*/
export function migrateLegacyLayout(state: RawState): boolean {
	const problem = legacyLayoutProblem(state);
	if (problem !== undefined) {
		throw new LegacyLayoutError(problem);
	}

	const {
		read = [],
		bookmarks = [],
		positions = {},
	} = state as {
		read?: string[];
		bookmarks?: string[];
		positions?: Record<string, {section: string; line: number}>;
	};
	if (
		state.read === undefined &&
		state.bookmarks === undefined &&
		state.positions === undefined
	) {
		return false;
	}

	const articles = {...(state.articles as Record<string, unknown>)};
	const article = (id: string): Partial<ArticleState> => {
		const existing = Object.hasOwn(articles, id) ? articles[id] : undefined;
		const record = {
			...defaultArticleState(),
			...(isRecord(existing) ? existing : {}),
		};
		setOwn(articles, id, record);
		return record;
	};

	for (const id of read) {
		Object.assign(article(id), {read: true, progress: 100});
	}

	for (const id of bookmarks) {
		article(id).bookmarked = true;
	}

	for (const [id, position] of Object.entries(positions)) {
		article(id).position = {
			sectionId: position.section,
			lineInSection: Math.max(0, Math.floor(position.line)),
		};
	}

	state.articles = articles;
	delete state.read;
	delete state.bookmarks;
	delete state.positions;
	return true;
}

/** Comments kept in config.json (gazette 0.2) joined to those of comments.json, each id once: what the 0.3.0 migration writes to comments.json. */
export function joinComments(
	kept: readonly unknown[],
	legacy: unknown,
): unknown[] {
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
