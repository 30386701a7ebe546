/**
The rows the list shows, whatever holds them: an array of articles (a small library, the tests) or the article index (a library of any size, read a page at a time). The list asks only for what it draws: a row, a window of rows, the count, where an article is.
*/
import {Buffer} from 'node:buffer';
import type {Article} from './article.js';
import {foldText, searchTerms} from './search-query.js';
import type {ArticleIndex, Match, ReadingMarks} from './article-index.js';
import {
	type ArticleMarks,
	filterArticles,
	fullTextQuery,
	groupRowId,
	type ListFilter,
	type ListRow,
	sortArticles,
	type SortOrder,
} from './filter.js';

export type ArticleRows = Readonly<{
	length: number;
	at(index: number): Article | undefined;
	/** The rows from `start` up to (not including) `end`. */
	slice(start: number, end: number): readonly Article[];
	/** Where the article with this id is; -1 when it is not among the rows. */
	indexOfId(id: string | undefined): number;
	/** The first row from `from` on (wrapping past the end to the start, `from` itself last) that passes `test`; -1 for none. */
	findNext(from: number, test: (article: Article) => boolean): number;
	/** Every row: for an action on all of them (A marks every article shown). */
	all(): readonly Article[];
}>;

/** Rows, or an array of articles taken as rows (the tests, a small list). */
export type RowsLike = ArticleRows | readonly Article[];

export function asRows(rows: RowsLike): ArticleRows {
	return isArticleArray(rows) ? arrayRows(rows) : rows;
}

function isArticleArray<T>(
	rows: T | readonly Article[],
): rows is readonly Article[] {
	return Array.isArray(rows);
}

const arrayRowsCache = new WeakMap<readonly Article[], ArticleRows>();

/** Rows over an array of articles, in its order. The same array gives the same rows. */
export function arrayRows(articles: readonly Article[]): ArticleRows {
	let rows = arrayRowsCache.get(articles);
	if (!rows) {
		let positions: Map<string, number> | undefined;
		rows = {
			length: articles.length,
			at: (index) => articles[index],
			slice: (start, end) => articles.slice(start, end),
			indexOfId(id) {
				if (id === undefined) {
					return -1;
				}

				positions ??= new Map(
					articles.map((article, index) => [article.id, index]),
				);
				return positions.get(id) ?? -1;
			},
			findNext(from, test) {
				for (let step = 0; step < articles.length; step++) {
					const index = (from + step) % articles.length;
					if (test(articles[index])) {
						return index;
					}
				}

				return -1;
			},
			all: () => articles,
		};
		arrayRowsCache.set(articles, rows);
	}

	return rows;
}

/** One result of a full-text search: the article and its line that matches. */
export type SearchHit = Readonly<{article: Article; snippet: string}>;

/** A full-text search over every article, best first; the last word of the query matches the start of a word (it is still being typed). */
export type FullTextSearch = Readonly<{
	count(query: string): number;
	/** The results from `offset`, at most `limit` of them. */
	search(query: string, offset: number, limit: number): readonly SearchHit[];
}>;

/** What the list shows of a library: every article's count, and its rows for a filter and an order. */
export type ListSource = Readonly<{
	/** The full text of every article searched (`//` in the list); none: the search finds nothing. */
	fullText?: FullTextSearch;
	/** How many articles the library has. */
	total(): number;
	/** Articles to measure the columns by (all of them for an array; a sample of the widest for the index). */
	columnSample(): readonly Article[];
	rows(
		filter: ListFilter,
		sort: SortOrder,
		marks: (article: Article) => ArticleMarks,
		reading: ReadingMarks,
	): ArticleRows;
	/** Sorted by source, each source's name and counts, in the order of `rows(filter, 'source', …)`: each is a run of those rows. */
	groups(
		filter: ListFilter,
		marks: (article: Article) => ArticleMarks,
		reading: ReadingMarks,
	): readonly SourceGroup[];
	/** Grows when the rows change under the list (the index found files added, changed or removed). */
	version(): number;
	/** Call `listener` when the version grows; returns the unsubscribe. */
	subscribe(listener: () => void): () => void;
	/** Start the full check of the files in the background, a few hundred files per step between keys (the first frame came from a quick check). */
	checkInBackground(): void;
	/** Resolves once what is done between keys (the check, what a filter typed narrows) is done: for tests. */
	idle?(): Promise<void>;
}>;

/** An article list, or a list source. */
export type LibraryLike = ListSource | readonly Article[];

const arraySources = new WeakMap<readonly Article[], ListSource>();

/** The list source of a library given either way; the same array gives the same source. */
export function asSource(library: LibraryLike): ListSource {
	if (!isArticleArray(library)) {
		return library;
	}

	let source = arraySources.get(library);
	if (!source) {
		source = arraySource(library);
		arraySources.set(library, source);
	}

	return source;
}

/**
A search of an array of articles without their text (it is not loaded): every word of the query (the last one as the start of a word) in the title, source, tags or summary, in the array's order; the summary is the matching line. For the tests and a small list; the index searches the full text.
*/
function arrayFullText(articles: readonly Article[]): FullTextSearch {
	let last: {query: string; hits: readonly SearchHit[]} | undefined;
	const hitsOf = (query: string) => {
		if (last?.query !== query) {
			const {words} = searchTerms(query, true);
			const hits =
				words.length === 0
					? []
					: articles.flatMap((article) => {
							const found = new Set(
								foldText(
									[
										article.title,
										article.source,
										...article.tags,
										article.summary,
									].join('\n'),
								).match(/[\p{L}\p{N}]+/gu),
							);
							const has = (word: {text: string; prefix: boolean}) =>
								found.has(word.text) ||
								(word.prefix &&
									[...found].some((each) => each.startsWith(word.text)));
							return words.every((word) => has(word))
								? [{article, snippet: article.summary}]
								: [];
						});
			last = {query, hits};
		}

		return last.hits;
	};

	return {
		count: (query) => hitsOf(query).length,
		search: (query, offset, limit) =>
			hitsOf(query).slice(offset, offset + limit),
	};
}

/** A list over an array of articles, filtered and sorted in memory. */
export function arraySource(articles: readonly Article[]): ListSource {
	return {
		fullText: arrayFullText(articles),
		total: () => articles.length,
		columnSample: () => articles,
		rows: (filter, sort, marks) =>
			arrayRows(
				filterArticles(sortArticles(articles, sort, marks), marks, filter),
			),
		groups: (filter, marks) =>
			groupsOf(
				filterArticles(sortArticles(articles, 'source', marks), marks, filter),
				marks,
			),
		version: () => 0,
		subscribe: () => () => undefined,
		checkInBackground() {
			// Nothing to check: the articles were read from the files.
		},
	};
}

const pageSize = 100;

/** Rows of the index for one filter and order: counted once, read a page at a time, the pages read kept. */
function indexRows(
	index: ArticleIndex,
	filter: ListFilter,
	sort: SortOrder,
): ArticleRows {
	const count = index.count(filter);
	const pages = new Map<number, readonly Article[]>();
	const positions = new Map<string, number>();
	const page = (number: number): readonly Article[] => {
		let rows = pages.get(number);
		if (!rows) {
			rows = index.rowsAt(filter, sort, number * pageSize, pageSize);
			pages.set(number, rows);
			for (const [offset, article] of rows.entries()) {
				positions.set(article.id, number * pageSize + offset);
			}
		}

		return rows;
	};

	const at = (position: number) =>
		position < 0 || position >= count
			? undefined
			: page(Math.floor(position / pageSize))[position % pageSize];
	return {
		length: count,
		at,
		slice(start, end) {
			const rows: Article[] = [];
			for (
				let position = Math.max(0, start);
				position < Math.min(end, count);
				position++
			) {
				rows.push(at(position)!);
			}

			return rows;
		},
		indexOfId(id) {
			if (id === undefined) {
				return -1;
			}

			const known = positions.get(id);
			if (known !== undefined) {
				return known;
			}

			const found = index.indexOf(filter, sort, id);
			if (found !== -1) {
				positions.set(id, found);
			}

			return found;
		},
		findNext(from, test) {
			// Page by page from `from`, then from the start: a few queries however far the next one is.
			for (let step = 0; step < count; step++) {
				const position = (from + step) % count;
				const article = at(position);
				if (article && test(article)) {
					return position;
				}
			}

			return -1;
		},
		all: () => index.rowsAt(filter, sort, 0, Number.POSITIVE_INFINITY),
	};
}

/** Rows of articles known by their row ids, in order: the rows of a filter being typed. Read a page at a time through `read` (one article or undefined per id, in order). */
function idRows(
	index: ArticleIndex,
	candidates: ReadonlyArray<{id: number}>,
	read: (ids: readonly number[]) => ReadonlyArray<Article | undefined>,
): ArticleRows {
	const ids = candidates.map((candidate) => candidate.id);
	const pages = new Map<number, ReadonlyArray<Article | undefined>>();
	const shown = new Map<string, number>();
	let positions: Map<number, number> | undefined;
	const page = (number: number): ReadonlyArray<Article | undefined> => {
		let rows = pages.get(number);
		if (!rows) {
			rows = read(ids.slice(number * pageSize, (number + 1) * pageSize));
			pages.set(number, rows);
			for (const [offset, article] of rows.entries()) {
				if (article) {
					shown.set(article.id, number * pageSize + offset);
				}
			}
		}

		return rows;
	};

	const at = (position: number) =>
		position < 0 || position >= ids.length
			? undefined
			: page(Math.floor(position / pageSize))[position % pageSize];
	return {
		length: ids.length,
		at,
		slice(start, end) {
			const rows: Article[] = [];
			for (
				let position = Math.max(0, start);
				position < Math.min(end, ids.length);
				position++
			) {
				const article = at(position);
				if (article) {
					rows.push(article);
				}
			}

			return rows;
		},
		indexOfId(id) {
			if (id === undefined) {
				return -1;
			}

			const known = shown.get(id);
			if (known !== undefined) {
				return known;
			}

			const rowId = index.rowIdOf(id);
			if (rowId === undefined) {
				return -1;
			}

			positions ??= new Map(ids.map((entry, position) => [entry, position]));
			return positions.get(rowId) ?? -1;
		},
		findNext(from, test) {
			for (let step = 0; step < ids.length; step++) {
				const position = (from + step) % ids.length;
				const article = at(position);
				if (article && test(article)) {
					return position;
				}
			}

			return -1;
		},
		all() {
			const articles: Article[] = [];
			for (let start = 0; start < ids.length; start += 500) {
				for (const article of index.articlesOf(ids.slice(start, start + 500))) {
					if (article) {
						articles.push(article);
					}
				}
			}

			return articles;
		},
	};
}

/** What a filter being typed matched last: a longer query is looked for among these only, in memory. */
type Matching = {
	query: string;
	sort: SortOrder;
	unreadOnly: boolean;
	bookmarkedOnly: boolean;
	reading: ReadingMarks | undefined;
	version: number;
	candidates: readonly Match[];
};

/** SQLite's `nocase`: the 26 ASCII capitals folded, nothing else. */
const foldNocase = (text: string) =>
	text.replaceAll(/[A-Z]/g, (letter) => letter.toLowerCase());

/** The lesser of two texts by their UTF-8 bytes, as SQLite's `min` compares them. */
const lesserText = (a: string, b: string) =>
	a === b || Buffer.compare(Buffer.from(a), Buffer.from(b)) <= 0 ? a : b;

/**
The headings of the articles matched sorted by source (with their source and key): each run of one source (the index's `nocase`), named as the index's `groups` names it (the least of its spellings), with its count and how many the marks leave unread.
*/
function groupsOfMatches(
	candidates: readonly Match[],
	reading: ReadingMarks,
): SourceGroup[] {
	const groups: Array<{source: string; total: number; unread: number}> = [];
	let folded: string | undefined;
	for (const {source = '', key = ''} of candidates) {
		const run = foldNocase(source);
		let group = groups.at(-1);
		if (group === undefined || run !== folded) {
			group = {source, total: 0, unread: 0};
			groups.push(group);
			folded = run;
		}

		group.source = lesserText(group.source, source);
		group.total++;
		if (!reading[key]?.read) {
			group.unread++;
		}
	}

	return groups;
}

/**
A list over the article index. Rows are made once per filter, order, and (for the filters and the order that depend on them) reading marks, and again when the index changes.
*/
export function indexSource(index: ArticleIndex): ListSource {
	let last:
		| {
				filter: ListFilter;
				sort: SortOrder;
				reading: ReadingMarks | undefined;
				version: number;
				rows: ArticleRows;
		  }
		| undefined;
	let total: {version: number; count: number} | undefined;
	let matching: Matching | undefined;
	const listeners = new Set<() => void>();
	let checking = false;
	let sample: {version: number; articles: readonly Article[]} | undefined;
	let groups:
		| {
				version: number;
				reading: ReadingMarks;
				filter: ListFilter;
				groups: readonly SourceGroup[];
		  }
		| undefined;
	/**
	What the first key of a filter narrows in memory: every article the list's order and marks filters keep, with its search text, read from the index a page a step between keys while the list is shown without a query (the background check waits for it). Some 15–25 MB at 100,000 articles.
	*/
	let prepared: Matching | undefined;
	let preparing:
		| {key: Omit<Matching, 'candidates'>; steps: Generator<void, Match[]>}
		| undefined;
	let wanted:
		| {
				filter: ListFilter;
				sort: SortOrder;
				readingKey: ReadingMarks | undefined;
				reading: ReadingMarks;
		  }
		| undefined;
	let scheduled = false;
	let idleWaiters: Array<() => void> = [];
	const sameKey = (
		a: Omit<Matching, 'candidates'>,
		b: Omit<Matching, 'candidates'>,
	) =>
		a.query === b.query &&
		a.sort === b.sort &&
		a.unreadOnly === b.unreadOnly &&
		a.bookmarkedOnly === b.bookmarkedOnly &&
		a.reading === b.reading &&
		a.version === b.version;
	const wantedKey = () =>
		wanted && {
			query: '',
			sort: wanted.sort,
			unreadOnly: wanted.filter.unreadOnly,
			bookmarkedOnly: wanted.filter.bookmarkedOnly,
			reading: wanted.readingKey,
			version: index.version,
		};
	const settle = () => {
		if (!checking && !scheduled) {
			const waiters = idleWaiters;
			idleWaiters = [];
			for (const resolve of waiters) {
				resolve();
			}
		}
	};

	const prepareStep = () => {
		scheduled = false;
		const key = wantedKey();
		if (!key || (prepared && sameKey(prepared, key))) {
			preparing = undefined;
			settle();
			return;
		}

		if (!preparing || !sameKey(preparing.key, key)) {
			preparing = {
				key,
				steps: index.matchesInSteps(
					{
						query: '',
						unreadOnly: key.unreadOnly,
						bookmarkedOnly: key.bookmarkedOnly,
					},
					key.sort,
				),
			};
		}

		index.setMarks(wanted!.reading);
		let step: IteratorResult<void, Match[]>;
		try {
			step = preparing.steps.next();
		} catch {
			// The first key asks the index, as it did.
			preparing = undefined;
			settle();
			return;
		}

		if (step.done) {
			if (index.version === preparing.key.version) {
				prepared = {...preparing.key, candidates: step.value};
			}

			preparing = undefined;
		}

		// Again: the next page, or a check of what was wanted meanwhile.
		schedulePreparing();
	};

	function schedulePreparing() {
		if (!scheduled) {
			scheduled = true;
			// A timer: keys are handled between two steps. Unreferenced: quitting never waits for it.
			setTimeout(prepareStep, 0).unref();
		}
	}

	/**
	The rows a typed filter keeps, as row ids in order: when the query contains the one before (a key typed) with the same marks filters, order, marks and index, they are looked for in memory among what the query before kept, with the index's own test (the lower-case query contained in the search text); otherwise (the first key, a key erased, anything else changed) the index is asked. What is kept in memory is bounded by the library: one row id and search text (title, source and tags) per article, some 10–20 MB at 100,000 articles.
	*/
	const typed = (
		filter: ListFilter,
		sort: SortOrder,
		reading: ReadingMarks | undefined,
	): readonly Match[] => {
		const query = filter.query.trim().toLowerCase();
		const key = {
			query: '',
			sort,
			unreadOnly: filter.unreadOnly,
			bookmarkedOnly: filter.bookmarkedOnly,
			reading,
			version: index.version,
		};
		const before =
			matching &&
			sameKey(matching, {...key, query: matching.query}) &&
			query.includes(matching.query)
				? matching
				: prepared && sameKey(prepared, key)
					? prepared
					: undefined;
		const candidates = before
			? before.candidates.filter((candidate) =>
					candidate.search.includes(query),
				)
			: index.matches(filter, sort);
		matching = {
			query,
			sort,
			unreadOnly: filter.unreadOnly,
			bookmarkedOnly: filter.bookmarkedOnly,
			reading,
			version: index.version,
			candidates,
		};
		return candidates;
	};

	/** Articles read for the rows of a query, by row id, while the index stays the same: the next key's rows are mostly the same articles (the same objects: the rows on the screen are not drawn again). A few thousand at most. */
	let read: {version: number; articles: Map<number, Article>} | undefined;
	const articlesOf = (ids: readonly number[]) => {
		if (read?.version !== index.version) {
			read = {version: index.version, articles: new Map()};
		}

		const {articles} = read;
		const missing = ids.filter((id) => !articles.has(id));
		if (missing.length > 0) {
			if (articles.size + missing.length > 5000) {
				articles.clear();
			}

			for (const [position, article] of index.articlesOf(missing).entries()) {
				if (article) {
					articles.set(missing[position], article);
				}
			}
		}

		return ids.map((id) => articles.get(id));
	};

	return {
		fullText: {
			count: (query) => index.searchCount(query, {prefix: true}),
			search: (query, offset, limit) =>
				index.search(query, {offset, limit, prefix: true}),
		},
		total() {
			if (total?.version !== index.version) {
				total = {
					version: index.version,
					count: index.count({
						query: '',
						unreadOnly: false,
						bookmarkedOnly: false,
					}),
				};
			}

			return total.count;
		},
		columnSample() {
			if (sample?.version !== index.version) {
				sample = {version: index.version, articles: index.widest()};
			}

			return sample.articles;
		},
		rows(filter, sort, _marks, reading) {
			const byMarks =
				filter.unreadOnly || filter.bookmarkedOnly || sort === 'unread';
			// Marks matter to these rows only when they filter or order by them.
			const readingKey = byMarks ? reading : undefined;
			index.setMarks(reading);
			if (filter.query.trim() === '') {
				// Shown without a query: what its first key will narrow is read between keys.
				wanted = {filter, sort, readingKey, reading};
				schedulePreparing();
			}

			if (
				last?.filter.query !== filter.query ||
				last.filter.unreadOnly !== filter.unreadOnly ||
				last.filter.bookmarkedOnly !== filter.bookmarkedOnly ||
				last.sort !== sort ||
				last.reading !== readingKey ||
				last.version !== index.version
			) {
				last = {
					filter,
					sort,
					reading: readingKey,
					version: index.version,
					rows:
						filter.query.trim() === ''
							? indexRows(index, filter, sort)
							: idRows(index, typed(filter, sort, readingKey), articlesOf),
				};
			}

			return last.rows;
		},
		groups(filter, _marks, reading) {
			index.setMarks(reading);
			if (
				groups?.version !== index.version ||
				groups.reading !== reading ||
				groups.filter.query !== filter.query ||
				groups.filter.unreadOnly !== filter.unreadOnly ||
				groups.filter.bookmarkedOnly !== filter.bookmarkedOnly
			) {
				// Sorted by source, the rows of a query come from `matches` (narrowed or not): their headings are counted from the same matches, in memory.
				const query = filter.query.trim().toLowerCase();
				const byMarks = filter.unreadOnly || filter.bookmarkedOnly;
				const matched =
					query !== '' &&
					matching?.sort === 'source' &&
					matching.query === query &&
					matching.unreadOnly === filter.unreadOnly &&
					matching.bookmarkedOnly === filter.bookmarkedOnly &&
					matching.reading === (byMarks ? reading : undefined) &&
					matching.version === index.version
						? matching.candidates
						: undefined;
				groups = {
					version: index.version,
					reading,
					filter,
					groups: matched
						? groupsOfMatches(matched, reading)
						: index.groups(filter),
				};
			}

			return groups.groups;
		},
		version: () => index.version,
		async idle() {
			return new Promise((resolve) => {
				// The steps' timers do not keep the process alive: this does, while it waits.
				const alive = setInterval(() => undefined, 1000);
				idleWaiters.push(() => {
					clearInterval(alive);
					resolve();
				});
				settle();
			});
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => {
				listeners.delete(listener);
			};
		},
		checkInBackground() {
			if (checking) {
				return;
			}

			checking = true;
			const before = index.version;
			const steps = index.syncSteps({check: 'full'});
			const step = () => {
				if (scheduled) {
					// What the first key of a filter narrows is read first (a second or so): the check (some seconds at 100,000) waits for it. Should the check change the index, it is read again after.
					setTimeout(step, 0).unref();
					return;
				}

				let done = false;
				try {
					done = steps.next().done ?? false;
				} catch {
					// A folder gone meanwhile: what is shown stays, the next start says so.
					done = true;
				}

				if (done) {
					checking = false;
					schedulePreparing();
					if (index.version !== before) {
						for (const listener of listeners) {
							listener();
						}
					}

					return;
				}

				// A timer, not a loop: keys are handled between two steps. Unreferenced: quitting never waits for it.
				setTimeout(step, 0).unref();
			};

			setTimeout(step, 0).unref();
		},
	};
}

/** A source's articles in the list sorted by source: a run of its rows. */
export type SourceGroup = Readonly<{
	source: string;
	total: number;
	unread: number;
}>;

const runGroups = new WeakMap<
	readonly Article[],
	{marks: (article: Article) => ArticleMarks; groups: readonly SourceGroup[]}
>();

/** The runs of one source in articles sorted by source, with their counts. The same articles and marks give the same array. */
export function groupsOf(
	articles: readonly Article[],
	marks: (article: Article) => ArticleMarks,
): readonly SourceGroup[] {
	const known = runGroups.get(articles);
	if (known?.marks === marks) {
		return known.groups;
	}

	const groups: SourceGroup[] = [];
	let start = 0;
	while (start < articles.length) {
		const {source} = articles[start];
		let end = start;
		let unread = 0;
		while (end < articles.length && articles[end].source === source) {
			if (marks(articles[end]).unread) {
				unread++;
			}

			end++;
		}

		groups.push({source, total: end - start, unread});
		start = end;
	}

	runGroups.set(articles, {marks, groups});
	return groups;
}

/** The rows the list draws: articles, and sorted by source each source's heading before its articles (none while it is folded). Read a row at a time, as the article rows under them. */
export type ListRows = Readonly<{
	length: number;
	/** How many articles the rows stand for, folded ones included. */
	articleCount: number;
	/** The headings and where they are, in order; none unless sorted by source. */
	headings: ReadonlyArray<Readonly<{index: number; row: ListRow}>>;
	at(index: number): ListRow | undefined;
	/** The rows from `start` up to (not including) `end`. */
	slice(start: number, end: number): readonly ListRow[];
	/** Where the row with this id (an article's, or a heading's) is; -1 when it is not shown. */
	indexOfId(id: string | undefined): number;
	/** The first article row from `from` on (wrapping, `from` itself last) that passes `test`; -1 for none. */
	findNext(from: number, test: (article: Article) => boolean): number;
	/** Every article shown, in order (none of a folded source). */
	articles(): readonly Article[];
	/** Which article, counted from 0, the row at `index` is (a heading: the first of its source). */
	articleIndex(index: number): number;
}>;

// An article's row object, made once: the list's rows compare equal while the article is the same.
const rowOfArticle = new WeakMap<Article, ListRow>();

function articleRow(article: Article): ListRow {
	let row = rowOfArticle.get(article);
	if (!row) {
		row = {kind: 'article', id: article.id, article};
		rowOfArticle.set(article, row);
	}

	return row;
}

function plainRows(rows: ArticleRows): ListRows {
	return {
		length: rows.length,
		at(index) {
			const article = rows.at(index);
			return article && articleRow(article);
		},
		slice: (start, end) =>
			rows.slice(start, end).map((article) => articleRow(article)),
		indexOfId: (id) => rows.indexOfId(id),
		findNext: (from, test) => rows.findNext(from, test),
		articles: () => rows.all(),
		articleCount: rows.length,
		articleIndex: (index) => index,
		headings: [],
	};
}

/** The first position in a sorted array whose value is above `value`, minus one: the segment holding it. */
function segmentOf(starts: readonly number[], value: number): number {
	let low = 0;
	let high = starts.length - 1;
	while (low < high) {
		const middle = Math.ceil((low + high) / 2);
		if (starts[middle] <= value) {
			low = middle;
		} else {
			high = middle - 1;
		}
	}

	return low;
}

function groupedRows(
	rows: ArticleRows,
	groups: readonly SourceGroup[],
	folded: ReadonlySet<string>,
): ListRows {
	// Group k: its heading's row, and where its articles start among the article rows.
	const headingAt: number[] = [];
	const firstArticle: number[] = [];
	const headings: Array<{index: number; row: ListRow}> = [];
	const byId = new Map<string, number>();
	let row = 0;
	let article = 0;
	for (const group of groups) {
		const isFolded = folded.has(group.source);
		const heading: ListRow = {
			kind: 'group',
			id: groupRowId(group.source),
			source: group.source,
			unread: group.unread,
			total: group.total,
			folded: isFolded,
		};
		headingAt.push(row);
		firstArticle.push(article);
		headings.push({index: row, row: heading});
		byId.set(heading.id, headings.length - 1);
		row += 1 + (isFolded ? 0 : group.total);
		article += group.total;
	}

	const length = row;
	const at = (index: number): ListRow | undefined => {
		if (index < 0 || index >= length) {
			return undefined;
		}

		const group = segmentOf(headingAt, index);
		if (index === headingAt[group]) {
			return headings[group].row;
		}

		const found = rows.at(firstArticle[group] + index - headingAt[group] - 1);
		return found && articleRow(found);
	};

	return {
		length,
		at,
		slice(start, end) {
			const shown: ListRow[] = [];
			for (
				let index = Math.max(0, start);
				index < Math.min(end, length);
				index++
			) {
				const found = at(index);
				if (found) {
					shown.push(found);
				}
			}

			return shown;
		},
		indexOfId(id) {
			if (id === undefined) {
				return -1;
			}

			const group = byId.get(id);
			if (group !== undefined) {
				return headingAt[group];
			}

			const position = rows.indexOfId(id);
			if (position === -1 || groups.length === 0) {
				return -1;
			}

			const owner = segmentOf(firstArticle, position);
			return folded.has(groups[owner].source)
				? -1
				: headingAt[owner] + 1 + position - firstArticle[owner];
		},
		findNext(from, test) {
			for (let step = 0; step < length; step++) {
				const index = (from + step) % length;
				const found = at(index);
				if (found?.kind === 'article' && test(found.article)) {
					return index;
				}
			}

			return -1;
		},
		articles() {
			const all = rows.all();
			return groups.flatMap((group, index) =>
				folded.has(group.source)
					? []
					: all.slice(firstArticle[index], firstArticle[index] + group.total),
			);
		},
		articleCount: article,
		articleIndex(index) {
			if (groups.length === 0) {
				return 0;
			}

			const group = segmentOf(headingAt, Math.max(0, index));
			return firstArticle[group] + Math.max(0, index - headingAt[group] - 1);
		},
		headings,
	};
}

/** The most results a full-text search shows: enough to look through, few enough to count at each key. */
export const fullTextLimit = 300;

const hitPageSize = 25;

/** The rows of a full-text search, best first: counted once, read (with their matching lines) a page at a time. */
function hitRows(search: FullTextSearch, query: string): ListRows {
	const length = Math.min(fullTextLimit, search.count(query));
	const pages = new Map<number, readonly ListRow[]>();
	const positions = new Map<string, number>();
	const page = (number: number) => {
		let rows = pages.get(number);
		if (!rows) {
			rows = search
				.search(query, number * hitPageSize, hitPageSize)
				.map(({article, snippet}) => ({
					kind: 'article' as const,
					id: article.id,
					article,
					snippet,
				}));
			pages.set(number, rows);
			for (const [offset, row] of rows.entries()) {
				positions.set(row.id, number * hitPageSize + offset);
			}
		}

		return rows;
	};

	const at = (index: number): ListRow | undefined =>
		index < 0 || index >= length
			? undefined
			: page(Math.floor(index / hitPageSize))[index % hitPageSize];
	const slice = (start: number, end: number) => {
		const shown: ListRow[] = [];
		for (
			let index = Math.max(0, start);
			index < Math.min(end, length);
			index++
		) {
			const row = at(index);
			if (row) {
				shown.push(row);
			}
		}

		return shown;
	};

	const articles = () =>
		slice(0, length).flatMap((row) =>
			row.kind === 'article' ? [row.article] : [],
		);
	return {
		length,
		articleCount: length,
		headings: [],
		at,
		slice,
		indexOfId(id) {
			if (id === undefined) {
				return -1;
			}

			// Only rows read so far are known: a result never read is not on screen either.
			return positions.get(id) ?? -1;
		},
		findNext(from, test) {
			for (let step = 0; step < length; step++) {
				const index = (from + step) % length;
				const row = at(index);
				if (row?.kind === 'article' && test(row.article)) {
					return index;
				}
			}

			return -1;
		},
		articles,
		articleIndex: (index) => index,
	};
}

const searchesMade = new WeakMap<
	ListSource,
	{query: string; version: number; rows: ListRows}
>();

/** A full-text search's rows, kept while the query and the library stay the same. */
function searchRowsOf(library: ListSource, query: string): ListRows {
	if (!library.fullText) {
		return plainRows(arrayRows([]));
	}

	const version = library.version();
	const known = searchesMade.get(library);
	if (known?.query === query && known.version === version) {
		return known.rows;
	}

	const rows = hitRows(library.fullText, query);
	searchesMade.set(library, {query, version, rows});
	return rows;
}

const listRowsMade = new WeakMap<
	ArticleRows,
	{
		groups: readonly SourceGroup[] | undefined;
		folded: ReadonlySet<string>;
		rows: ListRows;
	}
>();

/** The rows of a list source for a filter and an order; sorted by source, with each source's heading, its articles hidden while it is folded. The same inputs give the same rows. */
export function listRowsOf(
	library: ListSource,
	filter: ListFilter,
	sort: SortOrder,
	marks: (article: Article) => ArticleMarks,
	reading: ReadingMarks,
	folded: ReadonlySet<string>,
): ListRows {
	// A full-text search: ranked results from every article, whatever the order and the marks.
	const fullText = fullTextQuery(filter);
	if (fullText !== undefined) {
		return searchRowsOf(library, fullText);
	}

	const rows = library.rows(filter, sort, marks, reading);
	const groups =
		sort === 'source' ? library.groups(filter, marks, reading) : undefined;
	const known = listRowsMade.get(rows);
	if (known && known.groups === groups && known.folded === folded) {
		return known.rows;
	}

	const made = groups ? groupedRows(rows, groups, folded) : plainRows(rows);
	listRowsMade.set(rows, {groups, folded, rows: made});
	return made;
}

/** The rows of articles already in order (sorted by source when `grouped`): for the tests and a small list. */
export function listRows(
	articles: readonly Article[],
	grouped: boolean,
	marks: (article: Article) => ArticleMarks,
	folded: ReadonlySet<string>,
): ListRows {
	const rows = arrayRows(articles);
	return grouped
		? groupedRows(rows, groupsOf(articles, marks), folded)
		: plainRows(rows);
}
