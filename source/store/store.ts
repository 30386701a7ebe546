import {Buffer} from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import type Conf from 'conf';
import type {CommentDraft, CommentRecord} from '../comments/comment.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {withLock} from './lock.js';
import {migrateLegacyLayout, setOwn, type RawState} from './migrations.js';
import {confClass, confLoaded, createConf, loadConf} from './schema.js';
import {snapshotOf, withDefaults} from './state.js';
import {
	backupPath,
	describeFailure,
	fileStamp,
	firstLine,
	invalidStateReason,
	jsonProblem,
	locateStateFile,
	readBytes,
} from './state-file.js';
import {
	defaultArticleState,
	defaultSettings,
	type ArticleState,
	type Settings,
	type StoreData,
} from './types.js';

export {acquireLock, withLock} from './lock.js';
export {loadConf} from './schema.js';
// Re-exported while the UI moves its imports to the comments, which model drafts.
export {draftKey, type DraftTarget} from '../comments/comment.js';

const defaultDebounceMs = 400;
const defaultLazyDebounceMs = 2000;

export type StoreOptions = Readonly<{
	/** Folder for `config.json`; undefined: conf's per-user config folder for gazette (XDG, via env-paths). */
	stateDir?: string;
	/** How long a change may wait before it is written, in ms. Default 400. */
	debounceMs?: number;
	/** How long a `lazy` change (the reading position) may wait, in ms. Default 2000, and never less than `debounceMs`. */
	lazyDebounceMs?: number;
	/**
	Read the file plainly now, and open conf (its validator, migrations, the corrupt-file backup) at `completeOpen()`: the reader's first frame waits neither for conf to load nor for it to build its schema validator. Changes made meanwhile are kept in memory and written once conf is open.
	*/
	deferOpen?: boolean;
}>;

/** Fields of an article's state to set, or a function of its current state that returns them. */
export type ArticlePatch =
	| Partial<ArticleState>
	| ((current: Readonly<ArticleState>) => Partial<ArticleState>);

export type UpdateOptions = Readonly<{
	/** Write now rather than after the debounce: for changes the user just asked for (a comment, a bookmark). */
	immediate?: boolean;
	/** Write after the longer debounce (`lazyDebounceMs`): for changes made all the time, like the reading position. */
	lazy?: boolean;
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
	readonly #lazyDebounceMs: number;
	/** When the pending timer fires (Date.now() time). */
	#timerDue = 0;
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
		this.#lazyDebounceMs = Math.max(
			this.#debounceMs,
			options.lazyDebounceMs ?? defaultLazyDebounceMs,
		);
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

	/**
	Change some fields of one article's state, leaving the others as they are in the file when it is written.

	`patch` may be a function of the article's current state (as the file has it at the write, not as this process last read it), for a change that depends on it.
	*/
	updateArticle(
		id: string,
		patch: ArticlePatch,
		options?: UpdateOptions,
	): void {
		// The patch is replayed at flush time; a caller reusing its object must not change what gets written.
		const change = typeof patch === 'function' ? patch : structuredClone(patch);
		const mutate: Mutation = (data) => {
			const current = {
				...defaultArticleState(),
				...(Object.hasOwn(data.articles, id) ? data.articles[id] : undefined),
			};
			setOwn(data.articles, id, {
				...current,
				...(typeof change === 'function' ? change(current) : change),
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
		if (this.#openPending && confLoaded()) {
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
			this.#schedule(options.lazy ? this.#lazyDebounceMs : this.#debounceMs);
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

	#schedule(delay = this.#debounceMs): void {
		if (!this.#writable) {
			return;
		}

		const due = Date.now() + delay;
		// Not restarted by later changes: a steady stream of changes (scrolling) is still written every `delay`; only an earlier due time moves it.
		if (this.#timer !== undefined) {
			if (this.#timerDue <= due) {
				return;
			}

			clearTimeout(this.#timer);
		}

		this.#timerDue = due;
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			this.flush();
		}, delay);
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
