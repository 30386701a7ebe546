import fs from 'node:fs';
import path from 'node:path';
import type {CommentDraft, CommentRecord} from '../comments/comment.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {
	acquireLock,
	acquireLockAsync,
	tryLock,
	type Lock,
	type LockOptions,
} from './lock.js';
import {
	loadConf,
	LockLostError,
	requireConf,
	StateFiles,
	writingUnder,
} from './conf-files.js';
import {setOwn} from './migrations.js';
import {appData, editableCopy, emptyState, type FileState} from './schema.js';
import {
	describeFailure,
	errorCode,
	stateStamp,
	firstLine,
	locateStateFile,
} from './state-file.js';
import {
	openState,
	peekState,
	readState,
	writeState,
	type PreviousRead,
	type StateReport,
} from './open.js';
import {
	defaultArticleState,
	defaultSettings,
	type ArticleState,
	type Settings,
	type StoreData,
} from './types.js';

export {acquireLock, withLock} from './lock.js';
export {loadConf} from './conf-files.js';
// Re-exported while the UI moves its imports to the comments, which model drafts.
export {draftKey, type DraftTarget} from '../comments/comment.js';

const defaultDebounceMs = 400;
const defaultLazyDebounceMs = 2000;
/** The first retry after a failed write, doubled after each further failure up to `maxRetryMs`. */
const firstRetryMs = 500;
const maxRetryMs = 30_000;
/** How often a write that found its lock taken over starts again before it counts as failed. */
const lockLostAttempts = 3;

export type StoreOptions = Readonly<{
	/** Folder for `config.json`; undefined: the per-user config folder for gazette (XDG, via env-paths), where conf keeps it. */
	stateDir?: string;
	/** How long a change may wait before it is written, in ms. Default 400. */
	debounceMs?: number;
	/** How long a `lazy` change (the reading position) may wait, in ms. Default 2000, and never less than `debounceMs`. */
	lazyDebounceMs?: number;
	/**
	Read the file plainly now, and open it properly (conf loaded, under the lock: migrations, setting a damaged file aside) at `completeOpen()`: the reader's first frame waits neither for conf nor for a lock. Changes made meanwhile are kept in memory and written once the store is open.
	*/
	deferOpen?: boolean;
	/**
	Never block the caller for the lock: writes that find it taken wait for it in the background. For the interactive reader; the CLI writes synchronously, so that it knows the outcome before it exits. `flush()` and `close()` always write synchronously (exit paths).
	*/
	background?: boolean;
	/** The lock's timing (tests). */
	lock?: LockOptions;
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

The records in the state (an article's state, a comment, a draft) are frozen and shared between snapshots: replace a record, never change it in place. The containers (`articles`, `comments`, `drafts`, `settings`) are the change's own.
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
	/** A status line about saving for the user ("not saved: no space left on device — retrying", then "saved again"); undefined while all is well. */
	saving?: string;
}>;

/**
Gazette's local state: reading positions, marks, comments, drafts and settings, kept by conf in `config.json` and `comments.json`.

Several gazette processes may share the file. Every write takes a cross-process lock, re-reads the file if another process changed it, applies the queued changes (each a change of its own fields, never a copy of what this process read) and replaces the file all or nothing. A write that fails (a full disk, a lock held too long) leaves the file as it was, says so in `getSnapshot().saving`, and is tried again with a growing pause. A damaged file is moved aside, never discarded; a folder that cannot be written, or a file a newer gazette wrote, leaves the store working in memory. No method throws for a file system problem: it becomes a line in `warnings` or in `saving`.
*/
export class Store {
	/** Open the store; conf must be loaded (`loadConf`), unless `deferOpen`. `openStore` does both. */
	static open(options: StoreOptions = {}): Store {
		if (!options.deferOpen) {
			// Here rather than when the store reads, where a failure would only make the store read-only.
			requireConf();
		}

		return new Store(options);
	}

	/** Full path of `config.json`. */
	readonly path: string;
	/** One-line messages for the user, oldest first. */
	readonly warnings: string[] = [];
	readonly #debounceMs: number;
	readonly #lazyDebounceMs: number;
	readonly #background: boolean;
	readonly #lockOptions: LockOptions;
	/** When the pending timer fires (Date.now() time). */
	#timerDue = 0;
	#writable = true;
	/** The file's content as this store last read or wrote it (undefined until opened). */
	#base: FileState | undefined;
	/** The state file's identity, size and times when this store last read or wrote it: a file still the same is not read again. */
	#stamp: string | undefined;
	#snapshot: StoreData;
	/** Changes applied to the snapshot but not yet written; replayed on the file's fresh content at the next flush or reload. */
	#queue: Mutation[] = [];
	#timer: NodeJS.Timeout | undefined;
	#openPending = false;
	#opening: Promise<void> | undefined;
	/** Config.json and comments.json, as conf reads and writes them. */
	readonly #files: StateFiles;
	readonly #locateError: Error | undefined;
	/** A write waiting for the lock in the background. */
	#waiting = false;
	#failures = 0;
	#saving: string | undefined;
	readonly #listeners = new Set<() => void>();
	#published: StoreSnapshot | undefined;

	private constructor(options: StoreOptions) {
		this.#debounceMs = options.debounceMs ?? defaultDebounceMs;
		this.#lazyDebounceMs = Math.max(
			this.#debounceMs,
			options.lazyDebounceMs ?? defaultLazyDebounceMs,
		);
		this.#background = options.background ?? false;
		this.#lockOptions = options.lock ?? {};
		const {file, error} = locateStateFile(options.stateDir);
		this.path = file;
		this.#files = new StateFiles(file);
		this.#locateError = error;
		if (options.deferOpen && error === undefined) {
			this.#openPending = true;
			this.#snapshot = appData(peekState(file));
			return;
		}

		this.#snapshot = appData(emptyState());
		this.#open();
	}

	/** Load conf and open the store if `deferOpen` put it off; the changes made meanwhile are kept, and written after the debounce. Idempotent. */
	async completeOpen(): Promise<void> {
		this.#opening ??= this.#completeOpen();
		return this.#opening;
	}

	/** False when changes live in memory only: the folder could not be written when the store opened, or a newer gazette wrote the file. */
	get writable(): boolean {
		return this.#writable;
	}

	/** What was on disk at the last read or flush, with the changes not yet written applied. Replaced, never mutated, by each change. */
	get data(): Readonly<StoreData> {
		return this.#snapshot;
	}

	/** How many changes wait to be written. */
	get unsaved(): number {
		return this.#queue.length;
	}

	/**
	Call `listener` after every change: this process's updates, a flush that brought in another process's writes, a reload that found new content, a new warning, a change of `writable` or of the saving status.

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
			...(this.#saving === undefined ? {} : {saving: this.#saving}),
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
		const next = editableCopy(this.#snapshot);
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
		this.update((data) => {
			const current = {
				...defaultArticleState(),
				...(Object.hasOwn(data.articles, id) ? data.articles[id] : undefined),
			};
			setOwn(
				data.articles,
				id,
				Object.freeze({
					...current,
					...(typeof change === 'function' ? change(current) : change),
				}),
			);
		}, options);
	}

	/**
	Write the queued changes now, waiting for the lock if another process holds it: lock, re-read the file if it changed, apply them, write, unlock. Synchronous; never throws.

	@returns Whether every change is on disk.
	*/
	flush(): boolean {
		this.#clearTimer();
		if (this.#queue.length === 0) {
			return this.#failures === 0;
		}

		if (!this.#writable || this.#openPending) {
			return false;
		}

		for (let attempt = 1; ; attempt++) {
			let lock: Lock;
			try {
				lock = this.#lock();
			} catch (error) {
				this.#failed(error);
				return false;
			}

			const outcome = this.#writeLocked(lock, attempt);
			if (outcome !== 'lock lost') {
				return outcome;
			}
		}
	}

	/** Re-read the file (another gazette process may have changed it) and re-apply the changes not yet written. */
	reload(): void {
		if (this.#openPending) {
			return;
		}

		const stamp = stateStamp(this.path);
		if (stamp === this.#stamp) {
			// The files are as this store last read or wrote them.
			return;
		}

		let read = readState(this.#files, this.#previous());
		if (
			read.state === undefined &&
			fs.existsSync(this.path) &&
			this.#writable
		) {
			// Damaged since the last read: set it aside, under the lock as for any write.
			try {
				read = this.#openLocked();
			} catch (error) {
				this.#failed(error);
				return;
			}
		}

		this.#report(read);
		if (read.readOnly !== undefined) {
			this.#becomeReadOnly(undefined, read.readOnly);
		}

		this.#stamp = read.stamp;
		this.#base = read.state ?? emptyState();
		this.#setData(this.#withQueue(this.#base));
	}

	/**
	Write what is queued (waiting for the lock if need be) and stop the timer. The store stays usable.

	@returns Whether every change is on disk.
	*/
	close(): boolean {
		const saved = this.flush();
		this.#clearTimer();
		return saved;
	}

	async #completeOpen(): Promise<void> {
		if (!this.#openPending) {
			return;
		}

		await loadConf();
		this.#openPending = false;
		if (this.#background && this.#locateError === undefined) {
			// The reader's thread must not wait for a lock another process holds: wait for it here, asynchronously.
			let lock: Lock | undefined;
			try {
				fs.mkdirSync(path.dirname(this.path), {recursive: true});
				lock = await acquireLockAsync(this.path, this.#lockOptions);
			} catch (error) {
				this.#open({error});
			}

			if (lock) {
				this.#open({lock});
			}
		} else {
			this.#open();
		}

		if (this.#queue.length > 0) {
			this.#schedule();
		}
	}

	#commit(next: StoreData, mutate: Mutation, options: UpdateOptions): void {
		this.#queue.push(mutate);
		this.#setData(next);
		if (options.immediate) {
			this.#writeSoon();
		} else {
			this.#schedule(options.lazy ? this.#lazyDebounceMs : this.#debounceMs);
		}
	}

	/** Read the state under the lock (taken here, or `acquired` already), as the store opens. */
	#open(acquired?: {lock: Lock} | {error: unknown}): void {
		if (this.#locateError !== undefined) {
			this.#becomeReadOnly(this.#locateError);
			return;
		}

		let report: StateReport;
		let locked = true;
		try {
			if (acquired && 'error' in acquired) {
				throw acquired.error;
			}

			// Opening may write (moving a damaged file aside), so it takes the lock like any write.
			// Creating the folder and the lock is also the first test of whether the folder can be written.
			report = acquired
				? this.#openWith(acquired.lock)
				: this.#openWith(this.#lock());
		} catch (error) {
			report = readState(this.#files);
			if (errorCode(error) === 'ELOCKED' || error instanceof LockLostError) {
				// Held too long by another process: shown as read, and repaired at the first write, which takes the lock again.
				locked = false;
			} else {
				this.#becomeReadOnly(error);
			}
		}

		this.#report(report);
		if (report.readOnly !== undefined) {
			this.#becomeReadOnly(undefined, report.readOnly);
		}

		const state = report.state ?? emptyState();
		this.#base = state;
		// Without the lock the read may have left damaged parts out: the first write reads again, under the lock.
		this.#stamp = locked ? report.stamp : undefined;
		this.#setData(this.#withQueue(state));
	}

	/** What this store last read or wrote, so that an unchanged file is not read again. */
	#previous(): PreviousRead | undefined {
		return this.#base === undefined || this.#stamp === undefined
			? undefined
			: {state: this.#base, stamp: this.#stamp};
	}

	/** Read the file under the lock, setting a damaged one aside. */
	#openLocked(): StateReport {
		return this.#openWith(this.#lock());
	}

	/** Read the file under `lock`, setting a damaged one aside, migrating an old layout; releases the lock. */
	#openWith(lock: Lock): StateReport {
		try {
			return writingUnder(lock, () => openState(this.#files, this.#previous()));
		} finally {
			lock.release();
		}
	}

	#report(report: StateReport): void {
		for (const warning of report.warnings) {
			this.#warn(warning);
		}
	}

	#lock(): Lock {
		// The lock lives in the state folder, which may not exist yet, or may have been removed while gazette ran.
		fs.mkdirSync(path.dirname(this.path), {recursive: true});
		return acquireLock(this.path, this.#lockOptions);
	}

	/** Write now if the lock is free; otherwise, in the background mode, wait for it without blocking. */
	#writeSoon(): void {
		if (!this.#background) {
			this.flush();
			return;
		}

		this.#clearTimer();
		if (
			this.#waiting ||
			this.#queue.length === 0 ||
			!this.#writable ||
			this.#openPending
		) {
			return;
		}

		let lock: Lock | undefined;
		try {
			fs.mkdirSync(path.dirname(this.path), {recursive: true});
			lock = tryLock(this.path, this.#lockOptions.staleMs);
		} catch (error) {
			this.#failed(error);
			return;
		}

		if (lock) {
			this.#writeLocked(lock, 1);
			return;
		}

		void this.#waitAndWrite();
	}

	/** Wait for the lock without blocking, then write. */
	async #waitAndWrite(): Promise<void> {
		this.#waiting = true;
		let lock: Lock;
		try {
			lock = await acquireLockAsync(this.path, this.#lockOptions);
		} catch (error) {
			this.#waiting = false;
			this.#failed(error);
			return;
		}

		this.#waiting = false;
		if (this.#writeLocked(lock, 1) === 'lock lost') {
			this.#writeSoon();
		}
	}

	/** The write itself, with the lock held; releases it. */
	#writeLocked(lock: Lock, attempt: number): boolean | 'lock lost' {
		const queued = this.#queue;
		if (queued.length === 0 || !this.#writable) {
			lock.release();
			return this.#queue.length === 0;
		}

		let changedElsewhere = false;
		let fresh: FileState | undefined;
		try {
			try {
				fresh = writingUnder(lock, () => {
					changedElsewhere =
						this.#base === undefined || stateStamp(this.path) !== this.#stamp;
					let base = this.#base!;
					if (changedElsewhere) {
						const report = openState(this.#files, this.#previous());
						this.#report(report);
						if (report.readOnly !== undefined) {
							this.#becomeReadOnly(undefined, report.readOnly);
							return undefined;
						}

						base = report.state ?? emptyState();
					}

					const next = editableCopy(base);
					this.#apply(next, queued);
					// The comments are rewritten only when they changed: a position or a draft costs only the small config.json.
					if (sameItems(base.comments, next.comments)) {
						this.#files.writeConfig(next);
					} else {
						writeState(this.#files, next);
					}

					this.#stamp = stateStamp(this.path);
					return next;
				});
			} finally {
				lock.release();
			}
		} catch (error) {
			if (error instanceof LockLostError && attempt < lockLostAttempts) {
				return 'lock lost';
			}

			this.#failed(error);
			return false;
		}

		if (fresh === undefined) {
			return false;
		}

		this.#base = fresh;
		this.#queue = this.#queue.slice(queued.length);
		this.#succeeded();
		// Only the changes already shown were written: the snapshot stays the same object.
		if (changedElsewhere) {
			this.#setData(this.#withQueue(fresh));
		}

		return this.#queue.length === 0;
	}

	#succeeded(): void {
		if (this.#failures > 0) {
			this.#failures = 0;
			this.#setSaving('saved again: every change is on disk');
		} else if (this.#saving !== undefined) {
			this.#setSaving(undefined);
		}
	}

	#failed(error: unknown): void {
		this.#failures++;
		this.#setSaving(`not saved: ${describeFailure(error)} — retrying`);
		const pause = Math.min(
			maxRetryMs,
			firstRetryMs * 2 ** (this.#failures - 1),
		);
		this.#schedule(pause);
	}

	#setSaving(line: string | undefined): void {
		const sanitized = line === undefined ? undefined : sanitizeLine(line);
		if (sanitized !== this.#saving) {
			this.#saving = sanitized;
			this.#changed();
		}
	}

	#withQueue(state: StoreData): StoreData {
		const snapshot = editableCopy(appData(state));
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
			this.#writeSoon();
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

	#becomeReadOnly(error: unknown, message?: string): void {
		if (!this.#writable) {
			return;
		}

		this.#writable = false;
		this.#clearTimer();
		this.#changed();
		this.#warn(
			message ??
				`Cannot save state in ${path.dirname(this.path)}: ${describeFailure(error)}. Reading works; nothing will be saved.`,
		);
	}
}

/** Whether two lists hold the same items in the same order (records are replaced, never changed in place). */
function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
	if (a.length !== b.length) {
		return false;
	}

	for (const [index, item] of a.entries()) {
		if (item !== b[index]) {
			return false;
		}
	}

	return true;
}

/** Load conf and open the store. */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
	await loadConf();
	return Store.open(options);
}

export {type RawState} from './migrations.js';
