import type {CommentDraft, CommentRecord} from '../comments/comment.js';
import type {ReadingPosition} from '../document/position.js';
import {isRecord} from '../terminal/safe-json.js';
import {migrateLegacyLayout, setOwn, type RawState} from './migrations.js';
import {checkFeeds} from './feeds-schema.js';
import {
	defaultArticleState,
	defaultSettings,
	type ArticleState,
	type Settings,
	type StoreData,
} from './types.js';

export const projectName = 'gazette';
// Conf's default suffix: the folder is `gazette-nodejs`.
export const projectSuffix = 'nodejs';
export const configName = 'config';

/** The layout this gazette reads and writes, stamped in the files by conf (`projectVersion`). 0.3.0: the comments in a file of their own. */
export const stateVersion = '0.3.0';

/** The state as read: the four keys the app sees, and whatever else the file holds (kept as it is). */
export type FileState = RawState & StoreData;

/** The state, with a line for each part that was damaged and left out or replaced by its default. */
export type CheckedState = {state: FileState; problems: string[]};

function versionParts(version: string): number[] | undefined {
	const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
	return match ? match.slice(1).map(Number) : undefined;
}

/** The layout version stamped in the file by conf's migrations. */
export function storedVersion(state: RawState): string | undefined {
	const internal = state.__internal__;
	const migrations = isRecord(internal) ? internal.migrations : undefined;
	const version = isRecord(migrations) ? migrations.version : undefined;
	return typeof version === 'string' ? version : undefined;
}

/** The version that wrote the file, when it is newer than this gazette's layout: this gazette must not write it. */
export function newerVersion(state: RawState): string | undefined {
	const version = storedVersion(state);
	if (version === undefined) {
		return undefined;
	}

	const theirs = versionParts(version);
	const ours = versionParts(stateVersion)!;
	if (!theirs) {
		return undefined;
	}

	for (const [index, part] of ours.entries()) {
		if (theirs[index] !== part) {
			return theirs[index] > part ? version : undefined;
		}
	}

	return undefined;
}

/** Stamp the layout where conf keeps it, keeping anything else under `__internal__`. */
export function stampVersion(state: RawState): void {
	const internal = isRecord(state.__internal__) ? state.__internal__ : {};
	const migrations = isRecord(internal.migrations) ? internal.migrations : {};
	state.__internal__ = {
		...internal,
		migrations: {...migrations, version: stateVersion},
	};
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isNullableString = (value: unknown): value is string | null =>
	value === null || typeof value === 'string';
const isCount = (value: unknown): value is number =>
	typeof value === 'number' && Number.isFinite(value) && value >= 0;

function checkPosition(value: unknown): ReadingPosition | undefined {
	if (
		!isRecord(value) ||
		!isString(value.sectionId) ||
		!isCount(value.lineInSection)
	) {
		return undefined;
	}

	return {
		sectionId: value.sectionId,
		lineInSection: value.lineInSection,
		...(isCount(value.sectionLines) ? {sectionLines: value.sectionLines} : {}),
		...(isCount(value.textBefore) ? {textBefore: value.textBefore} : {}),
	};
}

/** One article's state: each field that has the wrong type is replaced by its default; unknown fields are kept. */
function checkArticle(
	id: string,
	value: unknown,
	problems: string[],
): ArticleState | undefined {
	if (!isRecord(value)) {
		problems.push(`the state of "${id}" is not an object`);
		return undefined;
	}

	const fallback = defaultArticleState();
	const wrong: string[] = [];
	const field = <T>(
		name: keyof ArticleState,
		check: (item: unknown) => item is T,
		defaultValue: T,
	): T => {
		const item = value[name];
		if (item === undefined) {
			return defaultValue;
		}

		if (check(item)) {
			return item;
		}

		wrong.push(name);
		return defaultValue;
	};

	const position =
		value.position === undefined ? undefined : checkPosition(value.position);
	if (value.position !== undefined && position === undefined) {
		wrong.push('position');
	}

	const collapsed = field(
		'collapsed',
		(item): item is string[] =>
			Array.isArray(item) && item.every((entry) => isString(entry)),
		fallback.collapsed,
	);
	const progress = field('progress', isCount, fallback.progress);
	const lastOpened = field('lastOpened', isString, '');
	const article: ArticleState = {
		...value,
		read: field(
			'read',
			(item): item is boolean => typeof item === 'boolean',
			false,
		),
		bookmarked: field(
			'bookmarked',
			(item): item is boolean => typeof item === 'boolean',
			false,
		),
		collapsed: [...collapsed],
		progress: Math.min(100, progress),
	};
	delete article.position;
	delete article.lastOpened;
	if (position) {
		article.position = position;
	}

	if (lastOpened !== '') {
		article.lastOpened = lastOpened;
	}

	if (wrong.length > 0) {
		problems.push(`the state of "${id}" had a wrong ${wrong.join(', ')}`);
	}

	return article;
}

const settingChecks: {
	[Key in keyof Settings]: (value: unknown) => value is Settings[Key];
} = {
	name: isString,
	email: isString,
	theme: isString,
	maxWidth: (value): value is number =>
		Number.isInteger(value) && (value as number) >= 1,
};

/** The settings, each checked on its own: a bad one falls back to its default and the others stay. */
function checkSettings(value: unknown, problems: string[]): Settings {
	if (value === undefined) {
		return {...defaultSettings};
	}

	if (!isRecord(value)) {
		problems.push('`settings` is not an object');
		return {...defaultSettings};
	}

	const settings: Record<string, unknown> = {...value};
	for (const [key, check] of Object.entries(settingChecks) as Array<
		[keyof Settings, (item: unknown) => boolean]
	>) {
		if (value[key] === undefined) {
			settings[key] = defaultSettings[key];
		} else if (!check(value[key])) {
			problems.push(
				`the setting ${key} (${JSON.stringify(value[key]) ?? typeof value[key]}) is not valid, so it is back to ${JSON.stringify(defaultSettings[key])}`,
			);
			settings[key] = defaultSettings[key];
		}
	}

	return settings as Settings;
}

/** Whether `value` is an object with these text fields, and these fields of text or null. */
function hasFields(
	value: unknown,
	text: readonly string[],
	textOrNull: readonly string[],
): value is Record<string, unknown> {
	return (
		isRecord(value) &&
		text.every((name) => isString(value[name])) &&
		textOrNull.every((name) => isNullableString(value[name]))
	);
}

const isComment = (value: unknown): value is CommentRecord =>
	hasFields(
		value,
		['id', 'articleId', 'author', 'email', 'body', 'createdAt', 'updatedAt'],
		['sectionId', 'quote', 'parentId'],
	) &&
	(value.sectionTitle === undefined || isString(value.sectionTitle));

const isDraft = (value: unknown): value is CommentDraft =>
	hasFields(
		value,
		['articleId', 'name', 'email', 'body', 'updatedAt'],
		['sectionId', 'quote', 'parentId', 'editingId'],
	);

function freezeArticle(article: ArticleState): ArticleState {
	if (article.position) {
		Object.freeze(article.position);
	}

	Object.freeze(article.collapsed);
	return Object.freeze(article);
}

/**
Check what a file holds, part by part, and fill in what it lacks. A damaged part (a setting of the wrong type, a comment missing its body) is left out or set back to its default, and named in `problems`; the rest is kept. The records are frozen: a change replaces a record, never edits it, so snapshots can share them.

Throws `LegacyLayoutError` for a 0.1.0 file whose lists are damaged.
*/
export function checkState(raw: RawState): CheckedState {
	const problems: string[] = [];
	migrateLegacyLayout(raw);
	const articles: Record<string, ArticleState> = {};
	if (raw.articles !== undefined && !isRecord(raw.articles)) {
		problems.push('`articles` is not an object');
	}

	for (const [id, value] of Object.entries(
		isRecord(raw.articles) ? raw.articles : {},
	)) {
		const article = checkArticle(id, value, problems);
		if (article) {
			setOwn(articles, id, freezeArticle(article));
		}
	}

	const comments: CommentRecord[] = [];
	if (raw.comments !== undefined && !Array.isArray(raw.comments)) {
		problems.push('`comments` is not a list');
	}

	let damagedComments = 0;
	for (const value of Array.isArray(raw.comments) ? raw.comments : []) {
		if (isComment(value)) {
			comments.push(Object.freeze(value));
		} else {
			damagedComments++;
		}
	}

	if (damagedComments > 0) {
		problems.push(
			`${damagedComments} ${damagedComments === 1 ? 'comment was' : 'comments were'} damaged`,
		);
	}

	const drafts: Record<string, CommentDraft> = {};
	if (raw.drafts !== undefined && !isRecord(raw.drafts)) {
		problems.push('`drafts` is not an object');
	}

	for (const [key, value] of Object.entries(
		isRecord(raw.drafts) ? raw.drafts : {},
	)) {
		if (isDraft(value)) {
			setOwn(drafts, key, Object.freeze(value));
		} else {
			problems.push(`the draft "${key}" was damaged`);
		}
	}

	raw.articles = articles;
	raw.settings = checkSettings(raw.settings, problems);
	raw.comments = comments;
	raw.drafts = drafts;
	raw.feeds = checkFeeds(raw.feeds);
	return {state: raw as FileState, problems};
}

/** An empty state, as a new file starts. */
export function emptyState(): FileState {
	return checkState({}).state;
}

/**
A copy that a change may alter: new containers (the articles, the comments, the drafts, the settings), the same frozen records. Cheap, whatever the size of the state.
*/
export function editableCopy<T extends StoreData>(state: T): T {
	return {
		...state,
		articles: {...state.articles},
		settings: {...state.settings},
		comments: [...state.comments],
		drafts: {...state.drafts},
		feeds: {
			subscriptions: {...state.feeds.subscriptions},
			fetch: {...state.feeds.fetch},
		},
	};
}

/** The four keys the app sees, without the file's bookkeeping. */
export function appData(state: StoreData): StoreData {
	return {
		articles: state.articles,
		settings: state.settings,
		comments: state.comments,
		drafts: state.drafts,
		feeds: state.feeds,
	};
}

/** Stamp a version that is not one (conf's migrations would throw comparing it), or an `__internal__` that is not an object. */
export function damagedStamp(state: RawState): boolean {
	const internal = state.__internal__;
	if (internal === undefined) {
		return false;
	}

	if (!isRecord(internal)) {
		return true;
	}

	const {migrations} = internal;
	if (migrations === undefined) {
		return false;
	}

	if (!isRecord(migrations)) {
		return true;
	}

	return (
		migrations.version !== undefined &&
		(typeof migrations.version !== 'string' ||
			!/^\d+\.\d+\.\d+(?:-[\da-z.-]+)?(?:\+[\da-z.-]+)?$/i.test(
				migrations.version,
			))
	);
}

/** The same state without its layout stamp: conf then runs every migration, which are no-ops on what is already migrated. */
export function withoutStamp(state: RawState): RawState {
	const internal = isRecord(state.__internal__) ? state.__internal__ : {};
	const migrations = isRecord(internal.migrations) ? internal.migrations : {};
	const {version: _version, ...rest} = migrations;
	return {...state, __internal__: {...internal, migrations: rest}};
}

/** What conf writes to config.json: everything but the comments, stamped with this layout. */
export function configValue(state: FileState): RawState {
	const {comments: _comments, ...config} = state;
	stampVersion(config);
	return config;
}

/** What conf writes to comments.json: the comments, stamped with this layout. */
export function commentsValue(comments: readonly unknown[]): RawState {
	return {__internal__: {migrations: {version: stateVersion}}, comments};
}

/** Config.json's text (conf's `serialize`): tab-indented JSON, as conf writes it by default. */
export function serializeConfig(value: RawState): string {
	return JSON.stringify(value, undefined, '\t');
}

/** Comments.json's text (conf's `serialize`): the stamp, then the comments one per line. */
export function serializeComments(value: RawState): string {
	const stamp = JSON.stringify(value.__internal__ ?? {});
	const comments = Array.isArray(value.comments) ? value.comments : [];
	// One line per comment: as readable as indented JSON, and a third smaller and quicker to write.
	const lines = comments.map((comment) => JSON.stringify(comment));
	return `{"__internal__":${stamp},"comments":[\n${lines.join(',\n')}\n]}\n`;
}
