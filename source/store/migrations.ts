import {isRecord} from '../terminal/safe-json.js';
import {defaultArticleState, type ArticleState} from './types.js';

export type RawState = Record<string, unknown>;

/** Assign an own property even for keys like `__proto__` (article ids come from file names). */
export function setOwn<T>(
	object: Record<string, T>,
	key: string,
	value: T,
): void {
	Object.defineProperty(object, key, {
		value,
		enumerable: true,
		writable: true,
		configurable: true,
	});
}

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

/**
0.1.0 kept three parallel lists (`read`, `bookmarks`, `positions`); 0.2.0 keeps one record per article.

Mutates `state`: merges the old keys into `articles` (keeping any record already there) and deletes them. A no-op on the new layout.
*/
export function migrateLegacyLayout(state: RawState): void {
	const {read = [], bookmarks = [], positions = {}} = state;
	if (!isStringArray(read)) {
		throw new LegacyLayoutError('`read` is not a list of article ids');
	}

	if (!isStringArray(bookmarks)) {
		throw new LegacyLayoutError('`bookmarks` is not a list of article ids');
	}

	if (!isRecord(positions)) {
		throw new LegacyLayoutError('`positions` is not an object');
	}

	if (state.articles !== undefined && !isRecord(state.articles)) {
		throw new LegacyLayoutError('`articles` is not an object');
	}

	const articles = (state.articles ?? {}) as Record<
		string,
		Partial<ArticleState>
	>;
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
		if (
			!isRecord(position) ||
			typeof position.section !== 'string' ||
			typeof position.line !== 'number' ||
			!Number.isFinite(position.line)
		) {
			throw new LegacyLayoutError(
				`the position of \`${id}\` is not {section, line}`,
			);
		}

		article(id).position = {
			sectionId: position.section,
			lineInSection: Math.max(0, Math.floor(position.line)),
		};
	}

	state.articles = articles;
	delete state.read;
	delete state.bookmarks;
	delete state.positions;
}
