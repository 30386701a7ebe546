/**
The rows the list shows, whatever holds them: an array of articles (a small library, the tests) or the article index (a library of any size, read a page at a time). The list asks only for what it draws: a row, a window of rows, the count, where an article is.
*/
import type {Article} from './article.js';
import type {ArticleIndex, ReadingMarks} from './article-index.js';
import {
	type ArticleMarks,
	filterArticles,
	type ListFilter,
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

/** What the list shows of a library: every article's count, and its rows for a filter and an order. */
export type ListSource = Readonly<{
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
	/** Grows when the rows change under the list (the index found files added, changed or removed). */
	version(): number;
	/** Call `listener` when the version grows; returns the unsubscribe. */
	subscribe(listener: () => void): () => void;
	/** Start the full check of the files in the background, a few hundred files per step between keys (the first frame came from a quick check). */
	checkInBackground(): void;
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

/** A list over an array of articles, filtered and sorted in memory. */
export function arraySource(articles: readonly Article[]): ListSource {
	return {
		total: () => articles.length,
		columnSample: () => articles,
		rows: (filter, sort, marks) =>
			arrayRows(
				filterArticles(sortArticles(articles, sort, marks), marks, filter),
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
	const listeners = new Set<() => void>();
	let checking = false;
	let sample: {version: number; articles: readonly Article[]} | undefined;
	return {
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
					rows: indexRows(index, filter, sort),
				};
			}

			return last.rows;
		},
		version: () => index.version,
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
				let done = false;
				try {
					done = steps.next().done ?? false;
				} catch {
					// A folder gone meanwhile: what is shown stays, the next start says so.
					done = true;
				}

				if (done) {
					checking = false;
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
