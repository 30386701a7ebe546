import {Buffer} from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import type Conf from 'conf';
import type {Schema} from 'conf';
import envPaths from 'env-paths';
import {sanitizeLine} from '../terminal/sanitize.js';
import {checkFeeds, feedsSchema} from './feeds-schema.js';
import {withLock} from './lock.js';
import {
	isRecord,
	legacyLayoutDamaged,
	migrateLegacyLayout,
	setOwn,
	type RawState,
} from './migrations.js';
import {
	defaultArticleState,
	defaultSettings,
	type ArticleState,
	type CommentDraft,
	type CommentRecord,
	type Settings,
	type StoreData,
} from './types.js';

export {acquireLock, withLock} from './lock.js';

export type StoreOptions = Readonly<{
	/** Folder for `config.json`; undefined: conf's per-user config folder for gazette (XDG, via env-paths). */
	stateDir?: string;
	/** How long a change may wait before it is written, in ms. Default 400. */
	debounceMs?: number;
	/**
	Read the file plainly now, and open conf (its validator, migrations, the corrupt-file backup) at `completeOpen()`: the reader's first frame waits neither for conf to load nor for it to build its schema validator. Changes made meanwhile are kept in memory and written once conf is open.
	*/
	deferOpen?: boolean;
}>;

export type UpdateOptions = Readonly<{
	/** Write now rather than after the debounce: for changes the user just asked for (a comment, a bookmark). */
	immediate?: boolean;
}>;

/**
A change to the state. It runs once on the in-memory snapshot and again on the file's fresh content when it is written, so it must be expressed against its argument (push, set a key), not computed from an earlier read.
*/
export type Mutation = (data: StoreData) => void;

/**
What the UI renders from: replaced by a new object whenever the data, the warnings or the saving status change, and the same object otherwise, as React's `useSyncExternalStore` needs.
*/
export type StoreSnapshot = Readonly<{
	data: Readonly<StoreData>;
	/** One-line messages for the user, oldest first. */
	warnings: readonly string[];
	/** False when changes live in memory only (the folder cannot be written, or a newer gazette owns the file). */
	writable: boolean;
	/** A status line about saving for the user, e.g. "not saved: no space left on device — retrying"; undefined while all is well. */
	saving?: string;
}>;

export type DraftTarget = Readonly<{
	articleId: string;
	sectionId: string | null;
	parentId: string | null;
	editingId?: string | null;
}>;

const projectName = 'gazette';
// Conf's default suffix: the folder is `gazette-nodejs`.
const projectSuffix = 'nodejs';
const projectVersion = '0.2.0';
const configName = 'config';
const defaultDebounceMs = 400;

type JsonSchema = Schema<StoreData>[keyof StoreData];

const string: JsonSchema = {type: 'string'};
const nullableString: JsonSchema = {anyOf: [{type: 'string'}, {type: 'null'}]};

// Lenient where a stricter rule would buy nothing: a violation sets the whole file aside, so only wrong shapes count.
const articleSchema: JsonSchema = {
	type: 'object',
	properties: {
		read: {type: 'boolean', default: false},
		lastOpened: string,
		position: {
			type: 'object',
			properties: {
				sectionId: string,
				lineInSection: {type: 'number', minimum: 0},
			},
			required: ['sectionId', 'lineInSection'],
		},
		collapsed: {type: 'array', items: string, default: []},
		bookmarked: {type: 'boolean', default: false},
		progress: {type: 'number', default: 0},
	},
};

const commentSchema: JsonSchema = {
	type: 'object',
	properties: {
		id: string,
		articleId: string,
		sectionId: nullableString,
		sectionTitle: string,
		quote: nullableString,
		parentId: nullableString,
		author: string,
		email: string,
		body: string,
		createdAt: string,
		updatedAt: string,
	},
	required: [
		'id',
		'articleId',
		'sectionId',
		'quote',
		'parentId',
		'author',
		'email',
		'body',
		'createdAt',
		'updatedAt',
	],
};

const draftSchema: JsonSchema = {
	type: 'object',
	properties: {
		articleId: string,
		sectionId: nullableString,
		quote: nullableString,
		parentId: nullableString,
		editingId: nullableString,
		name: string,
		email: string,
		body: string,
		updatedAt: string,
	},
	required: [
		'articleId',
		'sectionId',
		'quote',
		'parentId',
		'editingId',
		'name',
		'email',
		'body',
		'updatedAt',
	],
};

// Top-level keys other than these four stay allowed: conf's `__internal__`, and the 0.1.0 keys until the migration removes them.
const schema: Schema<StoreData> = {
	articles: {type: 'object', additionalProperties: articleSchema, default: {}},
	settings: {
		type: 'object',
		properties: {
			name: {type: 'string', default: defaultSettings.name},
			email: {type: 'string', default: defaultSettings.email},
			theme: {type: 'string', default: defaultSettings.theme},
			maxWidth: {
				type: 'integer',
				minimum: 1,
				default: defaultSettings.maxWidth,
			},
		},
		default: {...defaultSettings},
	},
	comments: {type: 'array', items: commentSchema, default: []},
	drafts: {type: 'object', additionalProperties: draftSchema, default: {}},
	// Issue 14: subscriptions and fetch state.
	feeds: feedsSchema,
};

function migrateTo020(conf: Conf<StoreData>): void {
	const state: RawState = conf.store;
	migrateLegacyLayout(state);
	conf.store = state as StoreData;
}

let LoadedConf: typeof Conf | undefined;
let loadingConf: Promise<void> | undefined;

/**
Load conf. It is loaded apart from the rest (`import()`), because evaluating it and its schema validator (ajv) took about 20 ms of the list's first frame.

`Store.open` needs it loaded, except with `deferOpen` until `completeOpen`; `openStore` loads it and opens.
*/
export async function loadConf(): Promise<void> {
	loadingConf ??= (async () => {
		const module = await import('conf');
		LoadedConf = module.default;
	})();
	return loadingConf;
}

/** Conf's class, once `loadConf` has loaded it. */
function confClass(): typeof Conf {
	if (LoadedConf === undefined) {
		throw new Error('conf is not loaded: await loadConf() first');
	}

	return LoadedConf;
}

function createConf(cwd: string): Conf<StoreData> {
	const ConfClass = confClass();
	return new ConfClass<StoreData>({
		cwd,
		projectName,
		projectSuffix,
		projectVersion,
		configName,
		// Article ids are file names and may contain dots.
		accessPropertiesByDotNotation: false,
		schema,
		migrations: {
			'0.2.0': migrateTo020,
		},
	});
}

/**
Where the state file lives. Without a folder, conf's per-user config folder, found as conf finds it (env-paths, with conf's suffix): `test/store.ts` checks the two agree.

`error` is set when that folder cannot be created; the store then works in memory.
*/
function locateStateFile(stateDir: string | undefined): {
	file: string;
	error?: Error;
} {
	const fileName = `${configName}.json`;
	if (stateDir) {
		return {file: path.resolve(stateDir, fileName)};
	}

	const folder = envPaths(projectName, {suffix: projectSuffix}).config;
	const file = path.join(folder, fileName);
	try {
		// As conf does on opening: creating the folder is the first test of whether state can be kept.
		fs.mkdirSync(folder, {recursive: true});
		return {file};
	} catch (error) {
		return {
			file,
			error: error instanceof Error ? error : new Error(String(error)),
		};
	}
}

function errorCode(error: unknown): unknown {
	return error instanceof Error && 'code' in error ? error.code : undefined;
}

function firstLine(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return message.split('\n', 1)[0];
}

const reasons = new Map<unknown, string>([
	['EACCES', 'permission denied'],
	['EPERM', 'permission denied'],
	['EROFS', 'read-only file system'],
	['ENOSPC', 'no space left on device'],
	['EDQUOT', 'disk quota exceeded'],
	['ENOTDIR', 'part of the path is a file, not a folder'],
	['EISDIR', 'the state file is a folder'],
	['ELOCKED', 'another gazette process kept the state locked for too long'],
]);

function describeFailure(error: unknown): string {
	return reasons.get(errorCode(error)) ?? firstLine(error);
}

const schemaViolation = 'Config schema violation: ';

/** Why the file's content cannot be used as state, or undefined if `error` is about something else (the disk, the lock). */
function invalidStateReason(error: unknown): string | undefined {
	if (error instanceof SyntaxError) {
		return 'not valid JSON';
	}

	if (!(error instanceof Error)) {
		return undefined;
	}

	if (error.message.startsWith(schemaViolation)) {
		return error.message.slice(schemaViolation.length);
	}

	// Conf wraps a failed migration in its own error; only our complaint about the content means the file is bad.
	const at = error.message.indexOf(legacyLayoutDamaged);
	return at === -1 ? undefined : error.message.slice(at);
}

function jsonProblem(bytes: Uint8Array): string | undefined {
	let value: unknown;
	try {
		value = JSON.parse(new TextDecoder().decode(bytes));
	} catch {
		return 'not valid JSON';
	}

	return isRecord(value) ? undefined : 'not a JSON object';
}

/** The file's bytes, or undefined when there is no file. */
function readBytes(file: string): Uint8Array | undefined {
	try {
		return fs.readFileSync(file);
	} catch (error) {
		const code = errorCode(error);
		if (code === 'ENOENT' || code === 'ENOTDIR') {
			return undefined;
		}

		throw error;
	}
}

/** What changes whenever the file is replaced or written; undefined when there is no file. */
function fileStamp(file: string): string | undefined {
	try {
		const stats = fs.statSync(file, {bigint: true});
		return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
	} catch {
		return undefined;
	}
}

function backupPath(file: string): string {
	const stamp = new Date()
		.toISOString()
		.replace(/\.\d+Z$/, 'Z')
		.replaceAll(':', '-');
	let candidate = `${file}.corrupt-${stamp}`;
	for (let number = 2; fs.existsSync(candidate); number++) {
		candidate = `${file}.corrupt-${stamp}-${number}`;
	}

	return candidate;
}

/** Fill in what a file may lack (a missing file, an old one); conf's schema defaults cover the rest. */
function withDefaults(state: RawState): RawState & StoreData {
	const articles = isRecord(state.articles) ? state.articles : {};
	for (const [id, article] of Object.entries(articles)) {
		setOwn(articles, id, {
			...defaultArticleState(),
			...(isRecord(article) ? article : {}),
		});
	}

	// Read without conf the values are unchecked, and the layout depends on these types.
	const settings = isRecord(state.settings) ? state.settings : {};
	const typed: Record<string, unknown> = {...defaultSettings};
	for (const [key, fallback] of Object.entries(defaultSettings)) {
		if (typeof settings[key] === typeof fallback) {
			typed[key] = settings[key];
		}
	}

	state.articles = articles;
	state.settings = {...settings, ...typed};
	state.comments = Array.isArray(state.comments) ? state.comments : [];
	state.drafts = isRecord(state.drafts) ? state.drafts : {};
	state.feeds = checkFeeds(state.feeds);
	return state as RawState & StoreData;
}

/** The four keys the app sees, detached from the file's object (which also holds conf's bookkeeping). */
function snapshotOf(state: StoreData): StoreData {
	return structuredClone({
		articles: state.articles,
		settings: state.settings,
		comments: state.comments,
		drafts: state.drafts,
		feeds: state.feeds,
	});
}

/**
Gazette's local state: reading positions, marks, comments, drafts and settings, kept in one `config.json` through conf.

Several gazette processes may share the file. Every write takes a cross-process lock, re-reads the file, applies the queued changes and writes it back, so no process overwrites another's changes. A corrupt file is moved aside, never discarded; a folder that cannot be written leaves the store working in memory. No method throws for a file system problem: it becomes a line in `warnings`.
*/
export class Store {
	/** Open the store; conf must be loaded (`loadConf`), unless `deferOpen`. `openStore` does both. */
	static open(options: StoreOptions = {}): Store {
		if (!options.deferOpen) {
			// Here rather than when the store opens conf, where a failure would only make the store read-only.
			confClass();
		}

		return new Store(options);
	}

	/** Full path of `config.json`. */
	readonly path: string;
	/** One-line messages for the user, oldest first. */
	readonly warnings: string[] = [];
	readonly #debounceMs: number;
	#conf: Conf<StoreData> | undefined;
	#writable = true;
	#snapshot: StoreData;
	/** Changes applied to the snapshot but not yet written; replayed on the file's fresh content at the next flush or reload. */
	#queue: Mutation[] = [];
	#timer: NodeJS.Timeout | undefined;
	#openPending = false;
	readonly #listeners = new Set<() => void>();
	#published: StoreSnapshot | undefined;
	/** The state file's identity, size and times when this store last read or wrote it: a reload skips a file still the same. */
	#stamp: string | undefined;

	private constructor(options: StoreOptions) {
		this.#debounceMs = options.debounceMs ?? defaultDebounceMs;
		const {file, error: locateError} = locateStateFile(options.stateDir);
		this.path = file;
		if (options.deferOpen && locateError === undefined) {
			this.#openPending = true;
			this.#snapshot = snapshotOf(this.#peek());
			return;
		}

		this.#snapshot = snapshotOf(withDefaults({}));
		this.#open(locateError);
	}

	/** Load conf and open it if `deferOpen` put it off; the changes made meanwhile are kept, and written after the debounce. Idempotent. */
	async completeOpen(): Promise<void> {
		await loadConf();
		this.#openIfLoaded();
	}

	/** False once a write has failed (or the folder was unwritable from the start): changes then live in memory only. */
	get writable(): boolean {
		return this.#writable;
	}

	/** What was on disk at the last read or flush, with the changes not yet written applied. Replaced, never mutated, by each change. */
	get data(): Readonly<StoreData> {
		return this.#snapshot;
	}

	/**
	Call `listener` after every change: this process's updates, a flush that brought in another process's writes, a reload that found new content, a new warning, a change of `writable`.

	@returns A function that unsubscribes.
	*/
	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => {
			this.#listeners.delete(listener);
		};
	};

	/** The current state, the same object until something changes. */
	getSnapshot = (): StoreSnapshot => {
		this.#published ??= Object.freeze({
			data: this.#snapshot,
			warnings: Object.freeze([...this.warnings]),
			writable: this.#writable,
		});
		return this.#published;
	};

	/** The article's state, or the state of an article never opened. */
	article(id: string): ArticleState {
		const {articles} = this.#snapshot;
		return Object.hasOwn(articles, id)
			? structuredClone(articles[id])
			: defaultArticleState();
	}

	settings(): Settings {
		return {...defaultSettings, ...this.#snapshot.settings};
	}

	/** Every comment, or the comments on one article, oldest first as stored. */
	comments(articleId?: string): CommentRecord[] {
		const {comments} = this.#snapshot;
		return structuredClone(
			articleId === undefined
				? comments
				: comments.filter((comment) => comment.articleId === articleId),
		);
	}

	draft(key: string): CommentDraft | undefined {
		const {drafts} = this.#snapshot;
		return Object.hasOwn(drafts, key)
			? structuredClone(drafts[key])
			: undefined;
	}

	drafts(): Record<string, CommentDraft> {
		return structuredClone(this.#snapshot.drafts);
	}

	/**
	Change the state: at once in memory, on disk after the debounce (or now, with `immediate`).

	A mutation that throws here is not kept, and the error reaches the caller.
	*/
	update(mutate: Mutation, options: UpdateOptions = {}): void {
		const next = structuredClone(this.#snapshot);
		mutate(next);
		this.#commit(next, mutate, options);
	}

	updateArticle(
		id: string,
		patch: Partial<ArticleState>,
		options?: UpdateOptions,
	): void {
		// The patch is replayed at flush time; a caller reusing its object must not change what gets written.
		const change = structuredClone(patch);
		const mutate: Mutation = (data) => {
			const current = Object.hasOwn(data.articles, id)
				? data.articles[id]
				: undefined;
			setOwn(data.articles, id, {
				...defaultArticleState(),
				...current,
				...change,
			});
		};

		// The reader saves its position on every key: copy only the articles map, not every comment and draft.
		const next = {...this.#snapshot, articles: {...this.#snapshot.articles}};
		mutate(next);
		this.#commit(next, mutate, options ?? {});
	}

	/** Write the queued changes now: lock, re-read the file, apply them, write, unlock. Synchronous; never throws. */
	flush(): void {
		this.#openIfLoaded();
		this.#clearTimer();
		const conf = this.#conf;
		if (this.#queue.length === 0 || !this.#writable || conf === undefined) {
			return;
		}

		const queued = this.#queue;
		try {
			const state = this.#locked(() => {
				const fresh = this.#readLocked(conf);
				this.#apply(fresh, queued);
				conf.store = fresh;
				this.#stamp = fileStamp(this.path);
				return fresh;
			});
			this.#queue = this.#queue.slice(queued.length);
			this.#setData(this.#withQueue(state));
		} catch (error) {
			const reason = invalidStateReason(error);
			if (reason === undefined) {
				// The queue stays, so a reload still shows this session's changes.
				this.#becomeReadOnly(error);
				return;
			}

			// The changes themselves broke the schema: a bug, not a disk problem. Keep the file as it is.
			this.#queue = [];
			this.#warn(`Some changes could not be saved: ${reason}.`);
			this.reload();
		}
	}

	/** Re-read the file (another gazette process may have changed it) and re-apply the changes not yet written. */
	reload(): void {
		this.#openIfLoaded();
		const conf = this.#conf;
		const stamp = fileStamp(this.path);
		if (stamp !== undefined && stamp === this.#stamp) {
			// The file is as this store last read or wrote it.
			return;
		}

		let state: RawState & StoreData;
		if (conf === undefined || !this.#writable) {
			this.#stamp = stamp;
			state = this.#readPlain();
		} else {
			try {
				state = withDefaults(conf.store);
				this.#stamp = stamp;
			} catch (error) {
				if (invalidStateReason(error) === undefined) {
					this.#warn(
						`Cannot read state from ${this.path}: ${describeFailure(error)}.`,
					);
					return;
				}

				// Someone broke the file since the last read: set it aside, under the lock as for any write.
				try {
					state = this.#locked(() => this.#readLocked(conf));
				} catch (lockError) {
					this.#becomeReadOnly(lockError);
					state = this.#readPlain();
				}
			}
		}

		this.#setData(this.#withQueue(state));
	}

	/** Write what is queued and stop the timer. The store stays usable. */
	close(): void {
		this.flush();
		this.#clearTimer();
	}

	/** Open conf if `deferOpen` put it off and it has loaded meanwhile. Until then the changes wait in the queue. */
	#openIfLoaded(): void {
		if (this.#openPending && LoadedConf !== undefined) {
			this.#openPending = false;
			this.#open(undefined);
			if (this.#queue.length > 0) {
				this.#schedule();
			}
		}
	}

	#commit(next: StoreData, mutate: Mutation, options: UpdateOptions): void {
		this.#setData(next);
		this.#queue.push(mutate);
		if (options.immediate) {
			this.flush();
		} else {
			this.#schedule();
		}
	}

	/** A quick look at the file for the first frame: anything odd reads as the defaults, and `completeOpen` deals with it. */
	#peek(): StoreData {
		try {
			const bytes = readBytes(this.path);
			if (bytes === undefined || jsonProblem(bytes) !== undefined) {
				return withDefaults({});
			}

			const state = JSON.parse(new TextDecoder().decode(bytes)) as RawState;
			migrateLegacyLayout(state);
			return withDefaults(state);
		} catch {
			return withDefaults({});
		}
	}

	#open(locateError: unknown): void {
		let state: RawState & StoreData;
		try {
			if (locateError !== undefined) {
				throw locateError as Error;
			}

			// Opening writes too (migrations, the version stamp), so it takes the lock like any other write.
			// Creating the folder and the lock is also the first test of whether the folder can be written.
			state = this.#locked(() => {
				const conf = this.#createConf();
				this.#conf = conf;
				return this.#readLocked(conf);
			});
		} catch (error) {
			this.#conf = undefined;
			this.#becomeReadOnly(error);
			state = this.#readPlain();
		}

		this.#setData(this.#withQueue(state));
	}

	#locked<T>(action: () => T): T {
		// The lock lives in the state folder, which may not exist yet, or may have been removed while gazette ran.
		fs.mkdirSync(path.dirname(this.path), {recursive: true});
		return withLock(this.path, action);
	}

	#withQueue(state: StoreData): StoreData {
		const snapshot = snapshotOf(state);
		this.#apply(snapshot, this.#queue);
		return snapshot;
	}

	#apply(state: StoreData, mutations: readonly Mutation[]): void {
		for (const mutate of mutations) {
			try {
				mutate(state);
			} catch (error) {
				// It ran cleanly on the snapshot; the file's newer content (another process's change) made it fail.
				this.#warn(`A change could not be applied: ${firstLine(error)}.`);
			}
		}
	}

	#schedule(): void {
		if (this.#timer !== undefined || !this.#writable) {
			return;
		}

		// Not restarted by later changes: a steady stream of changes (scrolling) is still written every `debounceMs`.
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			this.flush();
		}, this.#debounceMs);
		this.#timer.unref();
	}

	#clearTimer(): void {
		if (this.#timer !== undefined) {
			clearTimeout(this.#timer);
			this.#timer = undefined;
		}
	}

	#warn(message: string): void {
		const line = sanitizeLine(message);
		if (!this.warnings.includes(line)) {
			this.warnings.push(line);
			this.#changed();
		}
	}

	#setData(next: StoreData): void {
		if (next !== this.#snapshot) {
			this.#snapshot = next;
			this.#changed();
		}
	}

	/** Something the snapshot shows changed: publish a new one and tell the listeners. */
	#changed(): void {
		this.#published = undefined;
		for (const listener of this.#listeners) {
			listener();
		}
	}

	#becomeReadOnly(error: unknown): void {
		this.#writable = false;
		this.#changed();
		this.#clearTimer();
		this.#warn(
			`Cannot save state in ${path.dirname(this.path)}: ${describeFailure(error)}. Reading works; nothing will be saved.`,
		);
	}

	/** Move a file that cannot be used aside, keeping the exact bytes the user had, and say where it went. */
	#setAside(original: Uint8Array | undefined, reason: string): void {
		const backup = backupPath(this.path);
		fs.renameSync(this.path, backup);
		// Conf may have rewritten the file while migrating it before the check failed.
		if (
			original !== undefined &&
			!Buffer.from(original).equals(fs.readFileSync(backup))
		) {
			fs.writeFileSync(backup, original);
		}

		this.#warn(
			`State file was corrupt (${reason}); moved it to ${backup} and started fresh.`,
		);
	}

	/** Construct conf (it migrates and validates), setting a bad file aside first. Call under the lock. */
	#createConf(): Conf<StoreData> {
		const folder = path.dirname(this.path);
		const original = readBytes(this.path);
		const problem = original === undefined ? undefined : jsonProblem(original);
		if (problem !== undefined) {
			this.#setAside(original, problem);
		}

		try {
			return createConf(folder);
		} catch (error) {
			const reason = invalidStateReason(error);
			if (reason === undefined || !fs.existsSync(this.path)) {
				throw error;
			}

			this.#setAside(original, reason);
			return createConf(folder);
		}
	}

	/** The file's current content through conf (validated, defaults filled); a bad file is set aside. Call under the lock. */
	#readLocked(conf: Conf<StoreData>): RawState & StoreData {
		try {
			// Before reading: a change made between the two is then seen again at the next reload, never missed.
			this.#stamp = fileStamp(this.path);
			return withDefaults(conf.store);
		} catch (error) {
			const reason = invalidStateReason(error);
			if (reason === undefined) {
				throw error;
			}

			this.#setAside(readBytes(this.path), reason);
			return withDefaults({});
		}
	}

	/** Read without conf, for a folder gazette cannot write: nothing may be migrated on disk or moved aside. */
	#readPlain(): RawState & StoreData {
		let bytes: Uint8Array | undefined;
		try {
			bytes = readBytes(this.path);
		} catch (error) {
			this.#warn(
				`Cannot read state from ${this.path}: ${describeFailure(error)}.`,
			);
			return withDefaults({});
		}

		if (bytes === undefined) {
			return withDefaults({});
		}

		const problem = jsonProblem(bytes);
		if (problem === undefined) {
			const state = JSON.parse(new TextDecoder().decode(bytes)) as RawState;
			try {
				migrateLegacyLayout(state);
				return withDefaults(state);
			} catch (error) {
				return this.#unusable(invalidStateReason(error) ?? firstLine(error));
			}
		}

		return this.#unusable(problem);
	}

	#unusable(reason: string): RawState & StoreData {
		this.#warn(
			`State file ${this.path} is corrupt (${reason}) and could not be moved aside; starting from defaults.`,
		);
		return withDefaults({});
	}
}

/** Load conf and open the store. */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
	await loadConf();
	return Store.open(options);
}

/**
The key a draft is kept under: one per article and section, or per reply target, or per edited comment, so that reopening the composer on the same target finds it again.
*/
export function draftKey(target: DraftTarget): string {
	const article = encodeURIComponent(target.articleId);
	if (target.editingId) {
		return `${article}/edit/${encodeURIComponent(target.editingId)}`;
	}

	if (target.parentId !== null) {
		return `${article}/reply/${encodeURIComponent(target.parentId)}`;
	}

	if (target.sectionId !== null) {
		return `${article}/section/${encodeURIComponent(target.sectionId)}`;
	}

	return `${article}/article`;
}
