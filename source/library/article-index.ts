/**
The article index: what the library knows of every article file (its front matter, its key, a full-text index of its text), kept in an SQLite database (better-sqlite3, FTS5) in the cache folder, so that a library of 100,000 articles opens at once, is filtered, sorted and counted without being held in memory, and searched in milliseconds.

A cache only: it can always be rebuilt from the files, and it is. A file added, changed or removed behind its back is noticed (by the folder's modification time, then by each file's size and modification time); an index that is damaged, of another format or not readable is deleted and built again; a row that does not look like gazette wrote it is read again from its file. Reading state stays in the store: the list's marks are given to the index (`setMarks`) for the filters and the unread-first order.
*/
import type {Buffer} from 'node:buffer';
import {
	type Dir,
	mkdirSync,
	opendirSync,
	rmSync,
	statSync,
	type Stats,
} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {sanitizeLine} from '../terminal/sanitize.js';
import type {Article} from './article.js';
import type {ListFilter, SortOrder} from './filter.js';
import {localDate} from './front-matter.js';
import {ReadAhead} from './read-ahead.js';
import {defaultIndexFolder} from './index-cache.js';
import {
	articleFiles,
	articleFilesNamed,
	articleKey,
	type FilePath,
	idOf,
	LibraryError,
	openArticle,
	type ReadFields,
	readFields,
} from './load.js';
import {
	foldText,
	ftsQuery,
	type SearchTerms,
	searchTerms,
} from './search-query.js';

/** Bump when what is stored changes: an index of another format is built again. */
const indexFormat = 1;

const databaseName = 'articles.sqlite';

/** How thoroughly `open` and `sync` look at the folders. */
export type CheckMode =
	/** Every file's size and modification time (what a command does: always right). */
	| 'full'
	/** Only each folder's modification time, which changes when a file is added, removed or renamed: a file edited in place is seen at the next full check (`verify`). For the first frame. */
	| 'quick';

export type IndexProgress = Readonly<{
	/** Files read so far, and how many need reading. */
	done: number;
	total: number;
}>;

export type OpenIndexOptions = Readonly<{
	/** The cache folder, or `false` for an index in memory only. Default: `$GAZETTE_CACHE_DIR`, or the user's cache folder. */
	cacheDir?: string | false;
	check?: CheckMode;
	/** Called as files are read into the index (a first run, a folder of new files). */
	onProgress?: (progress: IndexProgress) => void;
	/** Smaller bulk reads, for tests. */
	bulk?: BulkSizes;
}>;

/** From how many files to read at once a sync reads in bulk (indexes dropped, files read ahead by a worker), and how many it writes per transaction. */
export type BulkSizes = Readonly<{reads: number; batch: number}>;

/** The reading state the list filters and sorts by, as the store keeps it (by article key). */
export type ReadingMarks = Readonly<
	Record<string, Readonly<{read: boolean; bookmarked: boolean}>>
>;

/** An article a filter keeps, as `ArticleIndex.matches` gives it: its row id and search text; sorted by source, its source and key too. */
export type Match = Readonly<{
	id: number;
	search: string;
	source?: string;
	key?: string;
}>;

export type SearchResult = Readonly<{
	article: Article;
	/** The line of the article that matches best, as plain one-line text (for the reader's in-article search). */
	line: string;
	/** That line cut around its first match, at most `snippetLength` characters, sanitized. */
	snippet: string;
	/** Bm25: lower is better. */
	score: number;
}>;

export type SearchOptions = Readonly<{
	limit?: number;
	offset?: number;
	/** The last word matches as a prefix too (a query still being typed). */
	prefix?: boolean;
}>;

const snippetLength = 160;

type FolderRow = {id: number; path: string; mtime_ms: number; verified: number};

type ArticleRow = {
	id: number;
	folder: number;
	name: string;
	raw_path: Buffer | null;
	path: string;
	size: number;
	mtime_ms: number;
	article_id: string;
	key: string;
	title: string;
	source: string;
	author: string;
	date: string;
	url: string;
	guid: string | null;
	tags: string;
	summary: string;
	feed: string | null;
	image: string | null;
	reading_minutes: number;
	warnings: string;
	error: string | null;
};

type Folder = {id: number; path: string; position: number};

const schema = `
create table if not exists folders(
	id integer primary key,
	path text not null unique,
	mtime_ms real not null default -1,
	verified integer not null default 0
);
create table if not exists articles(
	id integer primary key,
	folder integer not null,
	name text not null,
	raw_path blob,
	path text not null,
	size integer not null,
	mtime_ms real not null,
	article_id text not null,
	key text not null,
	title text not null,
	source text not null,
	author text not null,
	date text not null,
	url text not null,
	guid text,
	tags text not null,
	summary text not null,
	feed text,
	image text,
	reading_minutes integer not null,
	warnings text not null,
	error text,
	search text not null,
	unique(folder, name)
);
create virtual table if not exists fulltext using fts5(title, source, tags, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
-- Larger leaves: about half the time to fill the index from many files.
insert into fulltext(fulltext, rank) values('pgsz', 8000);
`;

/** The indexes the list's queries use: dropped while many files are read at once and made again after, which is quicker than keeping them up to date row by row. */
const indexes = `
create index if not exists articles_newest on articles(date desc, title collate nocase, folder, search, key);
create index if not exists articles_by_source on articles(source collate nocase, date desc, title collate nocase, folder, search, key);
create index if not exists articles_by_id on articles(article_id);
create index if not exists articles_by_key on articles(key);
create index if not exists articles_to_read_again on articles(folder, name) where size < 0;
`;

const dropIndexes = `
drop index if exists articles_newest;
drop index if exists articles_by_source;
drop index if exists articles_by_id;
drop index if exists articles_by_key;
drop index if exists articles_to_read_again;
`;

/** Names a full check in steps lists per step (some milliseconds). */
const namesPerStep = 5000;

/** Files whose stats a full check in steps looks at per step (some milliseconds). */
const statsPerStep = 300;

/** Files read at once from which the indexes are dropped and made again after (and the files read ahead by a worker); files read and written to the index per transaction: another gazette can write between two. */
const bulkSizes: BulkSizes = {reads: 5000, batch: 500};

/** The columns each order sorts by, the last one making it total: [expression, descending]. */
const orderKeys: Record<
	Exclude<SortOrder, 'unread'>,
	ReadonlyArray<readonly [string, boolean]>
> = {
	newest: [
		['a.date', true],
		['a.title collate nocase', false],
		['a.id', false],
	],
	oldest: [
		['a.date', false],
		['a.title collate nocase', true],
		['a.id', true],
	],
	source: [
		['a.source collate nocase', false],
		['a.date', true],
		['a.title collate nocase', false],
		['a.id', false],
	],
};

/** The `order by` of an order. */
function orderBy(sort: Exclude<SortOrder, 'unread'>): string {
	return orderKeys[sort]
		.map(([expression, descending]) =>
			descending ? `${expression} desc` : expression,
		)
		.join(', ');
}

/**
Where rows stand against `row` in an order: `(k1 before v1) or (k1 = v1 and ((k2 before v2) or ...))`, built from the last key out (`after`: the same, the other way). With the values of the order's keys for `row`.
*/
function keysetCondition(
	sort: Exclude<SortOrder, 'unread'>,
	row: Pick<ArticleRow, 'date' | 'title' | 'source' | 'id'>,
	side: 'before' | 'after',
): {condition: string; parameters: unknown[]; values: Record<string, unknown>} {
	const values: Record<string, unknown> = {
		'a.date': row.date,
		'a.title collate nocase': row.title,
		'a.source collate nocase': row.source,
		'a.id': row.id,
	};
	const keys = orderKeys[sort];
	let condition = '';
	let parameters: unknown[] = [];
	for (let index = keys.length - 1; index >= 0; index--) {
		const [expression, descending] = keys[index];
		const value = values[expression];
		const smaller = descending === (side === 'after');
		const compared = `${expression} ${smaller ? '<' : '>'} ?`;
		if (condition === '') {
			condition = compared;
			parameters = [value];
		} else {
			condition = `(${compared} or (${expression} = ? and ${condition}))`;
			parameters = [value, value, ...parameters];
		}
	}

	return {condition, parameters, values};
}

// Bm25's weights for title, source, tags and text: a word in the title counts most.
const rankWeights = '10.0, 2.0, 4.0, 1.0';

/** Whether an error means the database file is damaged, not gazette's: it is then built again. */
function isDamage(error: unknown): boolean {
	if (!(error instanceof Database.SqliteError)) {
		return false;
	}

	return (
		/^SQLITE_(CORRUPT|NOTADB|IOERR|CANTOPEN|FORMAT)/.test(error.code) ||
		/no such (table|column|index)|malformed/i.test(error.message)
	);
}

function removeDatabase(file: string): void {
	for (const suffix of ['', '-wal', '-shm', '-journal']) {
		try {
			rmSync(file + suffix, {force: true});
		} catch {}
	}
}

/** An open database with gazette's schema: the file's if it can be used, else a new one (in memory when none can be written). */
function openDatabase(file: string | undefined): {
	db: Database.Database;
	file: string | undefined;
} {
	if (file !== undefined) {
		for (let attempt = 0; attempt < 2; attempt++) {
			let db: Database.Database | undefined;
			try {
				mkdirSync(path.dirname(file), {recursive: true});
				db = new Database(file, {timeout: 5000});
				prepareDatabase(db);
				return {db, file};
			} catch (error) {
				db?.close();
				if (error instanceof LibraryError) {
					throw error;
				}

				// Damaged or of another format: start again from the files.
				removeDatabase(file);
			}
		}
	}

	const db = new Database(':memory:');
	prepareDatabase(db);
	return {db, file: undefined};
}

function prepareDatabase(db: Database.Database): void {
	db.pragma('journal_mode = WAL');
	// A cache: a crash may lose the last writes, never the file's consistency; the files are read again.
	db.pragma('synchronous = NORMAL');
	const version = db.pragma('user_version', {simple: true}) as number;
	if (version === indexFormat) {
		// Reads a page of the schema: a file that is not a database fails here.
		db.prepare('select count(*) from folders').get();
		// Made again if a bulk read was interrupted after dropping them.
		db.exec(indexes);
		return;
	}

	const tables = db
		.prepare("select count(*) as count from sqlite_master where type = 'table'")
		.get() as {count: number};
	if (version !== 0 || tables.count > 0) {
		throw new Error('an index of another format');
	}

	db.transaction(() => {
		db.exec(schema);
		db.exec(indexes);
		db.pragma(`user_version = ${indexFormat}`);
	}).immediate();
}

/**
Open the index of the article folders (in the order given: ids taken twice get `~2`, `~3` in that order), and bring it up to date with the files.

@throws LibraryError when a folder does not exist or cannot be read.
*/
export function openLibraryIndex(
	folders: readonly string[],
	options: OpenIndexOptions = {},
): ArticleIndex {
	const cacheDir = options.cacheDir ?? defaultIndexFolder();
	const index = new ArticleIndex(
		folders,
		cacheDir === false ? undefined : path.join(cacheDir, databaseName),
	);
	index.sync({
		check: options.check ?? 'full',
		onProgress: options.onProgress,
		bulk: options.bulk,
	});
	return index;
}

export type SyncOptions = Readonly<{
	check?: CheckMode;
	onProgress?: (progress: IndexProgress) => void;
	bulk?: BulkSizes;
}>;

export class ArticleIndex {
	readonly folders: readonly string[];

	#db: Database.Database;

	#file: string | undefined;

	#folders: Folder[] = [];

	#folderIds = '';

	readonly #statements = new Map<string, Database.Statement>();

	#marks: ReadingMarks = {};

	#marksInTable = new Map<string, object>();

	/** Counts the changes to the rows: what was built from them before is stale. */
	#version = 0;

	constructor(folders: readonly string[], file: string | undefined) {
		const seen = new Set<string>();
		this.folders = folders.filter((folder) => {
			const resolved = path.resolve(folder);
			if (seen.has(resolved)) {
				return false;
			}

			seen.add(resolved);
			return true;
		});
		const opened = openDatabase(file);
		this.#db = opened.db;
		this.#file = opened.file;
		this.#attachFolders();
	}

	/** Where the index is kept; undefined when it lives in memory only. */
	get file(): string | undefined {
		return this.#file;
	}

	/** Grows whenever rows change (a sync that found changes, a repaired row). */
	get version(): number {
		return this.#version;
	}

	close(): void {
		this.#statements.clear();
		this.#db.close();
	}

	/** Bring the index up to date with the files: see `CheckMode`. @returns How many files were read, added or removed. */
	sync(options: SyncOptions = {}): number {
		let changes = 0;
		for (const step of this.syncSteps(options)) {
			changes = step;
		}

		return changes;
	}

	/**
	The same as `sync`, in steps of at most a few hundred files: each `next()` does one. For a check in the background (the list after its first frame): run a step, let keys in, run the next.
	*/
	*syncSteps(options: SyncOptions = {}): Generator<number, number> {
		const check = options.check ?? 'full';
		let changes = 0;
		for (const folder of this.#folders) {
			for (const step of this.#syncFolder(
				folder,
				check,
				options.onProgress,
				options.bulk,
			)) {
				changes += step;
				yield changes;
			}
		}

		if (check === 'full') {
			this.#forgetMissingFolders();
		}

		if (changes > 0) {
			this.#version++;
		}

		return changes;
	}

	/** Bring the index of one article file up to date at once (one just written or deleted). */
	syncFile(filePath: string): void {
		const folder = this.#folders.find(
			(entry) => entry.path === path.resolve(path.dirname(filePath)),
		);
		if (!folder) {
			return;
		}

		const name = path.basename(filePath);
		this.#guard(() => {
			const row = this.#statement(
				'select id, size, mtime_ms from articles where folder = ? and name = ?',
			).get(folder.id, name) as
				{id: number; size: number; mtime_ms: number} | undefined;
			let stats: Stats | undefined;
			try {
				stats = statSync(filePath);
			} catch {}

			this.#db.transaction(() => {
				if (stats === undefined) {
					if (row) {
						this.#remove(row.id);
					}
				} else {
					this.#write(folder, {name, path: filePath}, stats, row?.id);
				}
			})();
		});
		this.#version++;
	}

	/** The reading state the filters and the unread-first order use: the store's `articles` (by key). Cheap to call with the same state again. */
	setMarks(marks: ReadingMarks): void {
		this.#marks = marks;
	}

	/** How many articles the filter keeps. */
	count(filter: ListFilter): number {
		return this.#guard(() => {
			if (this.#needsMarks(filter)) {
				this.#syncMarks();
			}

			const where = this.#where(filter);
			const row = this.#statement(
				`select count(*) as count from articles a where ${where.sql}`,
			).get(...where.parameters) as {count: number};
			return row.count;
		});
	}

	/** The rows from `offset` on, at most `limit` of them, of the articles the filter keeps in the order asked for. */
	rowsAt(
		filter: ListFilter,
		sort: SortOrder,
		offset: number,
		limit: number,
	): Article[] {
		return this.#guard(() => {
			if (this.#needsMarks(filter, sort)) {
				this.#syncMarks();
			}

			if (sort === 'unread') {
				// The unread ones newest first, then the read ones newest first.
				const unread = this.count({...filter, unreadOnly: true});
				const rows =
					offset < unread
						? this.#rows({...filter, unreadOnly: true}, 'newest', offset, limit)
						: [];
				if (filter.unreadOnly || rows.length >= limit) {
					return rows;
				}

				return [
					...rows,
					...this.#rows(
						filter,
						'newest',
						Math.max(0, offset - unread),
						limit - rows.length,
						true,
					),
				];
			}

			return this.#rows(filter, sort, offset, limit);
		});
	}

	/** Every article the filter keeps, in order, one at a time: for printing the whole list without holding it. */
	*iterate(
		filter: ListFilter,
		sort: SortOrder = 'newest',
		pageSize = 2000,
	): Generator<Article> {
		for (let offset = 0; ; offset += pageSize) {
			const rows = this.rowsAt(filter, sort, offset, pageSize);
			yield* rows;
			if (rows.length < pageSize) {
				return;
			}
		}
	}

	/** The position of the article with this id among the rows the filter keeps in that order; -1 when it is not among them. */
	indexOf(filter: ListFilter, sort: SortOrder, id: string): number {
		return this.#guard(() => {
			const row = this.#rowById(id);
			if (!row) {
				return -1;
			}

			if (this.#needsMarks(filter, sort)) {
				this.#syncMarks();
			}

			const where = this.#where(filter);
			const kept = this.#statement(
				`select count(*) as count from articles a where a.id = ? and ${where.sql}`,
			).get(row.id, ...where.parameters) as {count: number};
			if (kept.count === 0) {
				return -1;
			}

			if (sort === 'unread') {
				const isRead = this.#marks[row.key]?.read;
				const unreadBefore = this.#before(
					{...filter, unreadOnly: true},
					'newest',
					row,
				);
				if (!isRead) {
					return unreadBefore;
				}

				const unread = this.count({...filter, unreadOnly: true});
				const readWhere = this.#where(filter);
				return (
					unread +
					this.#before(
						filter,
						'newest',
						row,
						' and exists (select 1 from temp.marks m where m.key = a.key and m.read = 1)',
						readWhere,
					)
				);
			}

			return this.#before(filter, sort, row);
		});
	}

	/** Sorted by source, each source's name, how many articles the filter keeps of it and how many of those are unread: the runs of `rowsAt(filter, 'source', …)`, in order. */
	groups(
		filter: ListFilter,
	): Array<{source: string; total: number; unread: number}> {
		return this.#guard(() => {
			this.#syncMarks();
			const where = this.#where(filter);
			return this.#statement(
				`select min(a.source) as source, count(*) as total, sum(not exists (select 1 from temp.marks m where m.key = a.key and m.read = 1)) as unread from articles a where ${where.sql} group by a.source collate nocase order by a.source collate nocase`,
			).all(...where.parameters) as Array<{
				source: string;
				total: number;
				unread: number;
			}>;
		});
	}

	/**
	The row ids and search texts (title, source and tags in lower case) of every article the filter keeps, in order: what a filter being typed narrows in memory, a keystroke at a time, without asking the index again. Sorted by source, each article's source and key too: the headings' counts, made from the rows narrowed.
	*/
	matches(filter: ListFilter, sort: SortOrder): Match[] {
		return this.#guard(() => {
			if (this.#needsMarks(filter, sort)) {
				this.#syncMarks();
			}

			if (sort === 'unread') {
				return [
					...this.#matches({...filter, unreadOnly: true}, 'newest'),
					...(filter.unreadOnly
						? []
						: this.#matches(
								filter,
								'newest',
								' and exists (select 1 from temp.marks m where m.key = a.key and m.read = 1)',
							)),
				];
			}

			return this.#matches(filter, sort);
		});
	}

	/** The articles of these row ids, in the order given, one for each id: undefined for a row gone since (what follows keeps its place). */
	articlesOf(ids: readonly number[]): Array<Article | undefined> {
		if (ids.length === 0) {
			return [];
		}

		return this.#guard(() => {
			const rows = this.#statement(
				`select a.* from articles a where a.id in (${ids.map(() => '?').join(', ')})`,
			).all(...ids) as ArticleRow[];
			const byId = new Map(rows.map((row) => [row.id, row]));
			return ids.map((id) => {
				const row = byId.get(id);
				return row && this.#article(row);
			});
		});
	}

	/** The row id of the article with this id, if any. */
	rowIdOf(id: string): number | undefined {
		return this.#guard(() => this.#rowById(id)?.id);
	}

	/** A few articles with the longest source, author and reading time: what the list's columns are measured by, without reading every row. */
	widest(): Article[] {
		return this.#guard(() => {
			const rows: ArticleRow[] = [];
			for (const measure of [
				'length(a.source)',
				'length(a.author)',
				'a.reading_minutes',
			]) {
				rows.push(
					...(this.#statement(
						`select a.* from articles a where a.folder in (${this.#folderIds}) and a.error is null order by ${measure} desc limit 3`,
					).all() as ArticleRow[]),
				);
			}

			return rows.map((row) => this.#article(row));
		});
	}

	/** The article with this id (as `list` shows it), if any. */
	article(id: string): Article | undefined {
		return this.#guard(() => {
			const row = this.#rowById(id);
			return row ? this.#article(row) : undefined;
		});
	}

	/** The article whose state is kept under this key, if it is in the library. */
	articleByKey(key: string): Article | undefined {
		return this.#guard(() => {
			const row = this.#statement(
				`select * from articles a where a.key = ? and a.folder in (${this.#folderIds}) order by a.id limit 1`,
			).get(key) as ArticleRow | undefined;
			return row ? this.#article(row) : undefined;
		});
	}

	/** How many articles the full-text query finds. */
	searchCount(
		query: string,
		options: Pick<SearchOptions, 'prefix'> = {},
	): number {
		const terms = searchTerms(query, options.prefix);
		const match = ftsQuery(terms);
		if (match === undefined) {
			return 0;
		}

		return this.#guard(() => {
			const row = this.#statement(
				`select count(*) as count from fulltext f join articles a on a.id = f.rowid where fulltext match ? and a.folder in (${this.#folderIds})`,
			).get(match) as {count: number};
			return row.count;
		});
	}

	/** The articles whose title, source, tags or text have every word of the query, best first, each with the line that matches best. */
	search(query: string, options: SearchOptions = {}): SearchResult[] {
		const terms = searchTerms(query, options.prefix);
		const match = ftsQuery(terms);
		if (match === undefined) {
			return [];
		}

		const limit = options.limit ?? 20;
		const offset = options.offset ?? 0;
		const ranked = () =>
			this.#guard(
				() =>
					this.#bestRanked(match, limit, offset) ??
					(this.#statement(
						`select a.*, bm25(fulltext, ${rankWeights}) as score from fulltext f join articles a on a.id = f.rowid where fulltext match ? and a.folder in (${this.#folderIds}) order by score, a.date desc, a.id limit ? offset ?`,
					).all(match, limit, offset) as Array<ArticleRow & {score: number}>),
			);
		let rows = ranked();
		// What is shown is checked against its file: one changed or removed since it was indexed is read again, and the query asked again.
		const stale = rows.filter((row) => !row.raw_path && isStale(row));
		if (stale.length > 0) {
			for (const row of stale) {
				this.syncFile(row.path);
			}

			rows = ranked();
		}

		return rows.map((row) => {
			const article = this.#article(row);
			const found = matchingLine(article, terms);
			return {article, ...found, score: row.score};
		});
	}

	/**
	`matches`, a page of at most `pageSize` rows a step (each `next()` one): for a list to have them between keys. Its result is `matches`'s as long as the index and the marks stay the same meanwhile (the caller checks `version`).
	*/
	*matchesInSteps(
		filter: ListFilter,
		sort: SortOrder,
		pageSize = 5000,
	): Generator<void, Match[]> {
		const readExtra =
			' and exists (select 1 from temp.marks m where m.key = a.key and m.read = 1)';
		const parts: Array<[ListFilter, Exclude<SortOrder, 'unread'>, string]> =
			sort === 'unread'
				? [
						[{...filter, unreadOnly: true}, 'newest', ''],
						...(filter.unreadOnly
							? []
							: [
									[filter, 'newest', readExtra] as [
										ListFilter,
										'newest',
										string,
									],
								]),
					]
				: [[filter, sort, '']];
		const result: Match[] = [];
		for (const [partFilter, partSort, extra] of parts) {
			let after: ArticleRow | undefined;
			for (;;) {
				const from = after;
				const page = this.#guard(() => {
					if (this.#needsMarks(filter, sort)) {
						this.#syncMarks();
					}

					return this.#matchesAfter(
						partFilter,
						partSort,
						extra,
						from,
						pageSize,
					);
				});
				for (const match of page) {
					result.push(match);
				}

				if (page.length < pageSize) {
					break;
				}

				after = this.#guard(
					() =>
						this.#statement('select * from articles where id = ?').get(
							page.at(-1)!.id,
						) as ArticleRow | undefined,
				);
				if (!after) {
					// The index changed meanwhile: the caller sees it by its version.
					break;
				}

				yield;
			}
		}

		return result;
	}

	/**
	The page of `search` from the best few hundred matches as FTS5 ranks them, joined to their rows only then: ranking and sorting every match of a common word together with its row took most of a query (66,000 matches of "harbour" in 100,000 articles: 87 → 49 ms). Undefined when those few may not hold the page (too few left after the folders, or a tie with the last of them): the whole query then answers.
	*/
	#bestRanked(
		match: string,
		limit: number,
		offset: number,
	): Array<ArticleRow & {score: number}> | undefined {
		const wanted = offset + limit;
		const taken = Math.max(200, wanted * 4);
		const best = this.#statement(
			`select rowid as id, bm25(fulltext, ${rankWeights}) as score from fulltext where fulltext match ? order by score limit ?`,
		).all(match, taken) as Array<{id: number; score: number}>;
		const scores = new Map(best.map((entry) => [entry.id, entry.score]));
		const rows = (
			this.#statement(
				`select a.* from articles a where a.id in (select value from json_each(?)) and a.folder in (${this.#folderIds})`,
			).all(JSON.stringify(best.map((entry) => entry.id))) as ArticleRow[]
		)
			.map((row) => ({...row, score: scores.get(row.id)!}))
			// As the whole query orders them: by score, then newest, then id.
			.sort(
				(a, b) =>
					a.score - b.score ||
					(a.date < b.date ? 1 : a.date > b.date ? -1 : 0) ||
					a.id - b.id,
			);
		const complete = best.length < taken;
		if (!complete) {
			const last = rows[wanted - 1];
			if (last === undefined || last.score >= best.at(-1)!.score) {
				return undefined;
			}
		}

		return rows.slice(offset, wanted);
	}

	/** A page of `#matches`, from the row after `after` (keyset, not offset: each page is read from where the last ended, in the order's index). */
	#matchesAfter(
		filter: ListFilter,
		sort: Exclude<SortOrder, 'unread'>,
		extra: string,
		after: ArticleRow | undefined,
		limit: number,
	): Match[] {
		const where = this.#where(filter);
		const order = orderBy(sort);
		const columns =
			sort === 'source'
				? 'a.id as id, a.search as search, a.source as source, a.key as key'
				: 'a.id as id, a.search as search';
		let condition = '';
		let parameters: unknown[] = [];
		if (after) {
			// The rows after `after`; and k1 from v1 on, which the order's index seeks to.
			const keyset = keysetCondition(sort, after, 'after');
			const [first, descending] = orderKeys[sort][0];
			condition = ` and ${first} ${descending ? '<=' : '>='} ? and ${keyset.condition}`;
			parameters = [keyset.values[first], ...keyset.parameters];
		}

		// `+`: the folders' test does not choose the index (the order's own is read in order, a page at a time).
		return this.#statement(
			`select ${columns} from articles a where +${where.sql}${extra}${condition} order by ${order} limit ?`,
		).all(...where.parameters, ...parameters, limit) as Match[];
	}

	*#syncFolder(
		folder: Folder,
		check: CheckMode,
		onProgress: SyncOptions['onProgress'],
		{reads: bulkReads, batch: batchSize}: BulkSizes = bulkSizes,
	): Generator<number> {
		let folderStats: Stats;
		try {
			folderStats = statSync(folder.path);
		} catch {
			throw new LibraryError(
				`article folder not found: ${sanitizeLine(folder.path)}`,
			);
		}

		const stored = this.#guard(
			() =>
				this.#statement(
					'select id, path, mtime_ms, verified from folders where id = ?',
				).get(folder.id) as FolderRow | undefined,
		);
		if (check === 'quick' && stored?.mtime_ms === folderStats.mtimeMs) {
			return;
		}

		// Taken before the folder is listed: a file added while it is read changes it again, and is seen next time.
		const folderTime = folderStats.mtimeMs;
		let files: Array<{name: string; path: FilePath}> | undefined;
		if (check === 'full') {
			// Listed a few thousand names a step, in the background: 100,000 at once hold the keys for a few hundred milliseconds.
			const names = [];
			let dir: Dir | undefined;
			try {
				dir = opendirSync(folder.path, {bufferSize: 1024});
			} catch {}

			if (dir) {
				let listed = true;
				try {
					for (let entry = dir.readSync(); entry; entry = dir.readSync()) {
						names.push(entry.name);
						if (names.length % namesPerStep === 0) {
							yield 0;
						}
					}
				} catch {
					// Listed again at once below, which says what went wrong.
					listed = false;
				} finally {
					dir.closeSync();
				}

				files = listed ? articleFilesNamed(folder.path, names) : undefined;
			}
		}

		files ??= articleFiles(folder.path, {sorted: false});
		const storedCount = this.#guard(
			() =>
				this.#statement('select count(*) from articles where folder = ?')
					.pluck()
					.get(folder.id) as number,
		);
		// The names the index holds to read again (not indexable): a few.
		const again = this.#guard(
			() =>
				new Set(
					this.#statement(
						'select name from articles where folder = ? and size < 0',
					)
						.pluck()
						.all(folder.id) as string[],
				),
		);
		let listing: string | undefined;
		const listed = () => {
			listing ??= JSON.stringify(files.map((file) => file.name));
			return listing;
		};

		// A quick check asks the index at once which names are new to it (quicker than a row per article in memory); a full check looks up each file's row as it takes its stats, a few hundred a step.
		const added =
			check === 'quick' && storedCount > 0
				? this.#guard(
						() =>
							new Set(
								this.#statement(
									'select j.value from json_each(?) j where not exists (select 1 from articles a where a.folder = ? and a.name = j.value)',
								)
									.pluck()
									.all(listed(), folder.id) as string[],
							),
					)
				: undefined;
		const versionAtStart = this.#version;
		const storedRow = (name: string) =>
			this.#statement(
				'select id, size, mtime_ms from articles where folder = ? and name = ?',
			).get(folder.id, name) as
				{id: number; size: number; mtime_ms: number} | undefined;
		const rowOf = (name: string) => this.#guard(() => storedRow(name));
		let changes = 0;
		let reported = 0;
		const newChanges = () => {
			const count = changes - reported;
			reported = changes;
			return count;
		};

		if (check === 'full') {
			// The listing is a step; each file's row and stats a few hundred a step.
			yield newChanges();
		}

		const toRead: Array<{
			file: {name: string; path: FilePath};
			stats: Stats | undefined;
			id: number | undefined;
		}> = [];
		// A quick check of a folder that changed looks only at the files added and removed (a refresh's new articles); the others wait for the next full check.
		const trustKnown = check === 'quick';
		// Listed files the index has a row for.
		let found = 0;
		for (let start = 0; start < files.length; start += statsPerStep) {
			let statted = 0;
			for (const file of files.slice(start, start + statsPerStep)) {
				const isNew = added ? added.has(file.name) : storedCount === 0;
				if (trustKnown && !isNew && !again.has(file.name)) {
					found++;
					continue;
				}

				const row = isNew ? undefined : rowOf(file.name);
				if (row) {
					found++;
				}

				let stats: Stats | undefined;
				try {
					stats = statSync(file.path);
				} catch {}

				statted++;
				if (
					row &&
					stats &&
					row.size >= 0 &&
					row.size === stats.size &&
					row.mtime_ms === stats.mtimeMs
				) {
					continue;
				}

				toRead.push({file, stats, id: row?.id});
			}

			if (statted > 0 && start + statsPerStep < files.length) {
				yield newChanges();
			}
		}

		// Rows of files gone: none when every row was found (names not UTF-8 may fold to the same text: then asked). Only rows whose file is not there: one written meanwhile (`syncFile`, between two steps) was not listed.
		const unique = files.every((file) => typeof file.path === 'string');
		const removed =
			unique && found === storedCount
				? []
				: this.#guard(
						() =>
							this.#statement(
								'select id, path, raw_path from articles where folder = ? and name not in (select value from json_each(?))',
							).all(folder.id, listed()) as Array<{
								id: number;
								path: string;
								raw_path: Buffer | null;
							}>,
					)
						.filter((row) => {
							try {
								statSync(row.raw_path ?? row.path);
								return false;
							} catch {
								return true;
							}
						})
						.map((row) => row.id);
		if (removed.length > 0) {
			this.#guard(() => {
				this.#db.transaction(() => {
					for (const id of removed) {
						this.#remove(id);
					}
				})();
			});
			changes += removed.length;
		}

		// In the order of the names, as the folder is listed for the library (new rows' ids follow it).
		toRead.sort((a, b) =>
			a.file.name < b.file.name ? -1 : a.file.name > b.file.name ? 1 : 0,
		);
		const bulk = toRead.length >= bulkReads;
		if (bulk) {
			this.#guard(() => {
				this.#db.exec(dropIndexes);
			});
		}

		// Many files: a worker reads and parses the next batches on the other core while this one is written.
		const ahead = bulk ? ReadAhead.start() : undefined;
		const requested: number[] = [];
		const requestBatch = (start: number) => {
			if (ahead && start < toRead.length) {
				requested.push(
					ahead.request(
						toRead
							.slice(start, start + batchSize)
							.map((entry) => entry.file.path),
					),
				);
			}
		};

		requestBatch(0);
		for (let start = 0; start < toRead.length; start += batchSize) {
			const batch = toRead.slice(start, start + batchSize);
			requestBatch(start + batchSize);
			const reads = ahead?.take(requested.shift()!);
			// A file written meanwhile (`syncFile`, between two steps) may have a row now, or none any more.
			const moved = this.#version !== versionAtStart;
			this.#guard(() => {
				this.#db.transaction(() => {
					for (const [index, {file, stats, id}] of batch.entries()) {
						this.#write(
							folder,
							file,
							stats,
							moved ? storedRow(file.name)?.id : id,
							reads?.[index],
						);
					}
				})();
			});
			changes += batch.length;
			onProgress?.({
				done: Math.min(start + batchSize, toRead.length),
				total: toRead.length,
			});
			yield newChanges();
		}

		ahead?.close();
		if (bulk) {
			this.#guard(() => {
				this.#db.exec(indexes);
			});
		}

		this.#guard(() => {
			this.#statement(
				'update folders set mtime_ms = ?, verified = ? where id = ?',
			).run(folderTime, trustKnown ? 0 : 1, folder.id);
		});
		if (changes > 0) {
			this.#version++;
		}

		yield newChanges();
	}

	/** Drop what the index holds of other folders that no longer exist (a temporary folder, a feed purged): the index does not grow for ever. */
	#forgetMissingFolders(): void {
		this.#guard(() => {
			const others = this.#statement(
				`select id, path from folders where id not in (${this.#folderIds})`,
			).all() as Array<{id: number; path: string}>;
			const missing = others.filter((folder) => {
				try {
					statSync(folder.path);
					return false;
				} catch {
					return true;
				}
			});
			if (missing.length === 0) {
				return;
			}

			this.#db.transaction(() => {
				for (const folder of missing) {
					const ids = this.#statement(
						'select id from articles where folder = ?',
					)
						.pluck()
						.all(folder.id) as number[];
					for (const id of ids) {
						this.#remove(id);
					}

					this.#statement('delete from folders where id = ?').run(folder.id);
				}
			})();
		});
	}

	/** Read one file and put what it says in the index, under its old row if it had one. */
	#write(
		folder: Folder,
		file: {name: string; path: FilePath},
		stats: Stats | undefined,
		id: number | undefined,
		/** The file already read (by the read-ahead worker). */
		readAhead?: ReadFields,
	): void {
		const articleId = idOf(file.path);
		const shown = typeof file.path === 'string' ? file.path : file.name;
		const raw = typeof file.path === 'string' ? null : file.path;
		const read = stats
			? (readAhead ?? readFields(file.path, stats))
			: {
					fields: {
						title: articleId,
						source: '',
						author: '',
						url: '',
						tags: [],
						summary: '',
						readingMinutes: 0,
						warnings: [],
						error: 'cannot open: file not found (a broken link?)',
					},
					body: '',
					indexable: false,
				};
		const {fields} = read;
		// Without a date of its own (or readable at all) an article is dated by its file, as the library does.
		const date = fields.date ?? (stats ? localDate(stats.mtime) : '');
		const tags = JSON.stringify(fields.tags);
		const search = [fields.title, fields.source, ...fields.tags]
			.map((text) => text.toLowerCase())
			.join('\0');
		const values = {
			folder: folder.id,
			name: file.name,
			raw_path: raw,
			path: typeof file.path === 'string' ? file.path : shown,
			// Not indexable: read again at the next check.
			size: read.indexable && stats ? stats.size : -1,
			mtime_ms: stats?.mtimeMs ?? -1,
			article_id: articleId,
			key: articleKey(fields, file.path),
			title: fields.title,
			source: fields.source,
			author: fields.author,
			date,
			url: fields.url,
			guid: fields.guid ?? null,
			tags,
			summary: fields.summary,
			feed: fields.feed ?? null,
			image: fields.image ?? null,
			reading_minutes: fields.readingMinutes,
			warnings: JSON.stringify(fields.warnings),
			error: fields.error ?? null,
			search,
		};
		let rowId = id;
		if (rowId === undefined) {
			rowId = Number(
				this.#statement(
					`insert into articles(${Object.keys(values).join(', ')}) values (${Object.keys(
						values,
					)
						.map((column) => `@${column}`)
						.join(', ')})`,
				).run(values).lastInsertRowid,
			);
		} else {
			this.#statement('delete from fulltext where rowid = ?').run(rowId);
			this.#statement(
				`update articles set ${Object.keys(values)
					.map((column) => `${column} = @${column}`)
					.join(', ')} where id = @id`,
			).run({...values, id: rowId});
		}

		this.#statement(
			'insert into fulltext(rowid, title, source, tags, body) values (?, ?, ?, ?, ?)',
		).run(rowId, fields.title, fields.source, fields.tags.join(' '), read.body);
	}

	#remove(id: number): void {
		this.#statement('delete from fulltext where rowid = ?').run(id);
		this.#statement('delete from articles where id = ?').run(id);
	}

	/** The folders' rows, made where missing. */
	#attachFolders(): void {
		this.#guard(() => {
			this.#folders = this.folders.map((folder, position) => {
				const resolved = path.resolve(folder);
				this.#statement(
					'insert into folders(path) values (?) on conflict(path) do nothing',
				).run(resolved);
				const row = this.#statement(
					'select id from folders where path = ?',
				).get(resolved) as {id: number};
				return {id: row.id, path: resolved, position};
			});
		});
		// Folder ids are integers the index made: safe in the text of a query.
		this.#folderIds = this.#folders.map((folder) => folder.id).join(', ');
	}

	/** Run `work`; if the database turns out damaged, build it again from the files and run it once more. */
	#guard<T>(work: () => T): T {
		try {
			return work();
		} catch (error) {
			if (!isDamage(error)) {
				throw error;
			}

			this.#rebuild();
			return work();
		}
	}

	/** Throw the damaged database away and start a new one; the next sync reads every file. */
	#rebuild(): void {
		this.#statements.clear();
		try {
			this.#db.close();
		} catch {}

		if (this.#file !== undefined) {
			removeDatabase(this.#file);
		}

		const opened = openDatabase(this.#file);
		this.#db = opened.db;
		this.#file = opened.file;
		this.#marksInTable = new Map();
		this.#attachFolders();
		this.#version++;
		// Filled at once: whatever asked for rows gets them from the files, not from an empty index.
		for (const folder of this.#folders) {
			for (const _ of this.#syncFolder(folder, 'full', undefined)) {
				// Each step writes a batch.
			}
		}
	}

	#statement(sql: string): Database.Statement {
		let statement = this.#statements.get(sql);
		if (!statement) {
			statement = this.#db.prepare(sql);
			this.#statements.set(sql, statement);
		}

		return statement;
	}

	/** Copy the marks that changed since the last query into the database's temporary table. */
	#syncMarks(): void {
		const marks = this.#marks;
		this.#db.exec(
			'create temp table if not exists marks(key text primary key, read integer not null, bookmarked integer not null) without rowid',
		);
		const upsert = this.#statement(
			'insert into temp.marks(key, read, bookmarked) values (?, ?, ?) on conflict(key) do update set read = excluded.read, bookmarked = excluded.bookmarked',
		);
		const remove = this.#statement('delete from temp.marks where key = ?');
		const before = this.#marksInTable;
		const after = new Map<string, object>();
		this.#db.transaction(() => {
			for (const [key, state] of Object.entries(marks)) {
				after.set(key, state);
				if (before.get(key) !== state) {
					upsert.run(key, state.read ? 1 : 0, state.bookmarked ? 1 : 0);
				}
			}

			for (const key of before.keys()) {
				if (!after.has(key)) {
					remove.run(key);
				}
			}
		})();
		this.#marksInTable = after;
	}

	/** The `where` of a filter, and its parameters. */
	#where(filter: ListFilter): {sql: string; parameters: unknown[]} {
		const parts = [`a.folder in (${this.#folderIds})`];
		const parameters: unknown[] = [];
		const query = filter.query.trim().toLowerCase();
		if (query !== '') {
			parts.push('instr(a.search, ?) > 0');
			parameters.push(query);
		}

		if (filter.unreadOnly) {
			parts.push(
				'not exists (select 1 from temp.marks m where m.key = a.key and m.read = 1)',
			);
		}

		if (filter.bookmarkedOnly) {
			parts.push(
				'exists (select 1 from temp.marks m where m.key = a.key and m.bookmarked = 1)',
			);
		}

		return {sql: parts.join(' and '), parameters};
	}

	#needsMarks(filter: ListFilter, sort?: SortOrder): boolean {
		return filter.unreadOnly || filter.bookmarkedOnly || sort === 'unread';
	}

	#rows(
		filter: ListFilter,
		sort: Exclude<SortOrder, 'unread'>,
		offset: number,
		limit: number,
		readOnly = false,
	): Article[] {
		const where = this.#where(filter);
		const order = orderBy(sort);
		const readPart = readOnly
			? ' and exists (select 1 from temp.marks m where m.key = a.key and m.read = 1)'
			: '';
		const rows = this.#statement(
			`select a.* from articles a where ${where.sql}${readPart} order by ${order} limit ? offset ?`,
		).all(
			...where.parameters,
			Number.isFinite(limit) ? limit : -1,
			offset,
		) as ArticleRow[];
		return rows.map((row) => this.#article(row));
	}

	#matches(
		filter: ListFilter,
		sort: Exclude<SortOrder, 'unread'>,
		extra = '',
	): Match[] {
		const where = this.#where(filter);
		const order = orderBy(sort);
		const columns =
			sort === 'source'
				? 'a.id as id, a.search as search, a.source as source, a.key as key'
				: 'a.id as id, a.search as search';
		return this.#statement(
			`select ${columns} from articles a where ${where.sql}${extra} order by ${order}`,
		).all(...where.parameters) as Match[];
	}

	/** How many rows the filter keeps before `row` in that order. */
	#before(
		filter: ListFilter,
		sort: Exclude<SortOrder, 'unread'>,
		row: ArticleRow,
		extra = '',
		where = this.#where(filter),
	): number {
		const {condition, parameters} = keysetCondition(sort, row, 'before');
		const result = this.#statement(
			`select count(*) as count from articles a where ${where.sql}${extra} and ${condition}`,
		).get(...where.parameters, ...parameters) as {count: number};
		return result.count;
	}

	#rowById(id: string): ArticleRow | undefined {
		const exact = this.#rowsWithId(id);
		if (exact.length > 0) {
			return exact[0];
		}

		const match = /^(.*)~(\d+)$/.exec(id);
		if (!match) {
			return undefined;
		}

		const [, base, number] = match;
		return this.#rowsWithId(base)[Number(number) - 1];
	}

	/** The rows whose file gives this id, in the order they take it: by folder, then by file name. */
	#rowsWithId(articleId: string): ArticleRow[] {
		const rows = this.#statement(
			`select * from articles a where a.article_id = ? and a.folder in (${this.#folderIds})`,
		).all(articleId) as ArticleRow[];
		if (rows.length < 2) {
			return rows;
		}

		const position = new Map(
			this.#folders.map((folder) => [folder.id, folder.position]),
		);
		return rows.sort(
			(a, b) =>
				position.get(a.folder)! - position.get(b.folder)! ||
				(a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
		);
	}

	/** The id the CLI takes for the row: its file's, with `~2`, `~3` for the second and third file of that name. */
	#shownId(row: ArticleRow): string {
		const same = this.#rowsWithId(row.article_id);
		const at = same.findIndex((entry) => entry.id === row.id);
		return at <= 0 ? row.article_id : `${row.article_id}~${at + 1}`;
	}

	/** The article of a row; a row that does not look as gazette wrote it is read again from its file. */
	#article(row: ArticleRow): Article {
		const article = articleOfRow(row, this.#shownId(row));
		if (article) {
			return article;
		}

		const folder = this.#folders.find((entry) => entry.id === row.folder);
		const filePath = row.raw_path ?? row.path;
		let stats: Stats | undefined;
		try {
			stats = statSync(filePath);
		} catch {}

		if (folder) {
			this.#db.transaction(() => {
				this.#write(folder, {name: row.name, path: filePath}, stats, row.id);
			})();
			this.#version++;
			const fresh = this.#statement('select * from articles where id = ?').get(
				row.id,
			) as ArticleRow;
			const repaired = articleOfRow(fresh, this.#shownId(fresh));
			if (repaired) {
				return repaired;
			}
		}

		throw new LibraryError(
			`the article index is damaged: ${sanitizeLine(row.path)}`,
		);
	}
}

/** Whether a row's file changed (or went) since it was indexed. */
function isStale(row: ArticleRow): boolean {
	try {
		const stats = statSync(row.raw_path ?? row.path);
		return (
			row.size < 0 || stats.size !== row.size || stats.mtimeMs !== row.mtime_ms
		);
	} catch {
		return true;
	}
}

// ---------------------------------------------------------------- rows, checked

// What the library stores is sanitized, one-line text: anything else in the index was not written by gazette.
const controlCharacter = /[\u0000-\u001F\u007F-\u009F]/;
const isoDate = /^(\d{4}-\d{2}-\d{2})?$/;

const isLine = (value: unknown): value is string =>
	typeof value === 'string' && !controlCharacter.test(value);

function lines(json: string): string[] | undefined {
	try {
		const value: unknown = JSON.parse(json);
		return Array.isArray(value) && value.every((item) => isLine(item))
			? value
			: undefined;
	} catch {
		return undefined;
	}
}

/** The article a row stands for, or undefined when the row has a field gazette would not have written. */
function articleOfRow(row: ArticleRow, id: string): Article | undefined {
	const tags = lines(row.tags);
	const warnings = lines(row.warnings);
	if (
		!tags ||
		!warnings ||
		!isLine(row.title) ||
		!isLine(row.source) ||
		!isLine(row.author) ||
		!isLine(row.url) ||
		!isLine(row.summary) ||
		typeof row.key !== 'string' ||
		!isLine(id) ||
		typeof row.date !== 'string' ||
		!isoDate.test(row.date) ||
		!(row.guid === null || isLine(row.guid)) ||
		!(row.feed === null || isLine(row.feed)) ||
		!(row.image === null || isLine(row.image)) ||
		!(row.error === null || isLine(row.error)) ||
		!Number.isInteger(row.reading_minutes) ||
		row.reading_minutes < 0
	) {
		return undefined;
	}

	return {
		id,
		key: row.key,
		path: row.path,
		...(row.raw_path ? {rawPath: row.raw_path} : {}),
		title: row.title,
		source: row.source,
		author: row.author,
		date: row.date,
		url: row.url,
		...(row.guid === null ? {} : {guid: row.guid}),
		tags,
		summary: row.summary,
		...(row.feed === null ? {} : {feed: row.feed}),
		...(row.image === null ? {} : {image: row.image}),
		readingMinutes: row.reading_minutes,
		...(row.error === null ? {} : {error: row.error}),
		warnings,
	};
}

// ---------------------------------------------------------------- snippets

/** The article's line that has the most of the query's words (the first such), as plain text, and a snippet of it. */
function matchingLine(
	article: Article,
	terms: SearchTerms,
): {line: string; snippet: string} {
	const body = readBody(article);
	const best = bestLine(body, terms);
	const line = best ?? article.summary;
	return {line, snippet: snippetOf(line, terms)};
}

function readBody(article: Article): string {
	const loaded = openArticle(article);
	return loaded.error ? '' : loaded.body;
}

const fold = foldText;

/** Where a folded line has the term as a word (or the start of one, for a prefix); -1 when it has not. */
function termAt(folded: string, term: string, prefix: boolean): number {
	let from = 0;
	for (;;) {
		const at = folded.indexOf(term, from);
		if (at === -1) {
			return -1;
		}

		const before = at === 0 ? '' : folded[at - 1];
		const after = folded[at + term.length] ?? '';
		if (
			!/[\p{L}\p{N}]/u.test(before) &&
			(prefix || !/[\p{L}\p{N}]/u.test(after))
		) {
			return at;
		}

		from = at + 1;
	}
}

function bestLine(body: string, terms: SearchTerms): string | undefined {
	let best: string | undefined;
	let bestScore = 0;
	let inFence = false;
	for (const raw of body.split('\n')) {
		if (/^\s{0,3}(```|~~~)/.test(raw)) {
			inFence = !inFence;
		}

		const text = plainLine(raw);
		if (text === '') {
			continue;
		}

		const folded = fold(text);
		let score = 0;
		for (const term of terms.words) {
			if (termAt(folded, term.text, term.prefix) !== -1) {
				score++;
			}
		}

		for (const phrase of terms.phrases) {
			if (folded.includes(phrase)) {
				score += 2;
			}
		}

		// A heading that only repeats the title counts less than a line of text.
		if (/^\s{0,3}#/.test(raw)) {
			score -= 0.5;
		}

		if (score > bestScore) {
			best = text;
			bestScore = score;
		}
	}

	return best;
}

/** A markdown line as the reader reads it: no heading marks, list marks, emphasis or link targets; one line, sanitized. */
function plainLine(line: string): string {
	return sanitizeLine(
		line
			.replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)+/, '')
			.replaceAll(/!?\[([^\]]*)]\([^)]*\)/g, '$1')
			.replaceAll(/[*_`~]+/g, '')
			.replaceAll(/\s+/g, ' ')
			.trim(),
	);
}

/** The line cut around its first match, with `…` where it was cut. */
export function snippetOf(line: string, terms: SearchTerms): string {
	const text = sanitizeLine(line);
	if (text.length <= snippetLength) {
		return text;
	}

	const folded = fold(text);
	let first = -1;
	for (const term of terms.words) {
		const at = termAt(folded, term.text, term.prefix);
		if (at !== -1 && (first === -1 || at < first)) {
			first = at;
		}
	}

	// Folding can change the length (ligatures): use the position only where the lengths agree.
	const at = folded.length === text.length && first > 0 ? first : 0;
	const start = Math.max(0, Math.min(at - 40, text.length - snippetLength));
	const cut = text.slice(start, start + snippetLength - 2);
	return `${start > 0 ? '…' : ''}${cut.trim()}${start + snippetLength - 2 < text.length ? '…' : ''}`;
}
