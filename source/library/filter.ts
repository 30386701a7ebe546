import type {Article} from './article.js';

/** What the list shows beside a title: kept in the store, read through `marksOf`. */
export type ArticleMarks = Readonly<{
	unread: boolean;
	bookmarked: boolean;
	/** Percent read, shown while started and not finished. */
	progress: number;
	comments: number;
	draft: boolean;
}>;

/** The marks of an article gazette has no state for: unread, never opened. */
export const unmarked: ArticleMarks = {
	unread: true,
	bookmarked: false,
	progress: 0,
	comments: 0,
	draft: false,
};

export type ListFilter = Readonly<{
	query: string;
	unreadOnly: boolean;
	bookmarkedOnly: boolean;
}>;

/** The filter's text starts with this for a full-text search (`//` from the list: `/`, then `/`). */
export const fullTextMark = '/';

/** The words of a full-text search, when the filter's text asks for one (it starts with `/`); undefined for a title filter. */
export function fullTextQuery(filter: ListFilter): string | undefined {
	return filter.query.startsWith(fullTextMark)
		? filter.query.slice(fullTextMark.length)
		: undefined;
}

export const noFilter: ListFilter = {
	query: '',
	unreadOnly: false,
	bookmarkedOnly: false,
};

export const sortOrders = ['newest', 'oldest', 'source', 'unread'] as const;

export type SortOrder = (typeof sortOrders)[number];

export const sortLabels: Record<SortOrder, string> = {
	newest: 'newest first',
	oldest: 'oldest first',
	source: 'by source',
	unread: 'unread first',
};

export function isSortOrder(value: unknown): value is SortOrder {
	return sortOrders.includes(value as SortOrder);
}

export function nextSortOrder(order: SortOrder): SortOrder {
	return sortOrders[(sortOrders.indexOf(order) + 1) % sortOrders.length];
}

function passesMarks(marks: ArticleMarks, filter: ListFilter): boolean {
	return (
		(!filter.unreadOnly || marks.unread) &&
		(!filter.bookmarkedOnly || marks.bookmarked)
	);
}

/** What the filter searches: title, source and tags, in lower case. */
function searchText(article: Article): string {
	// NUL cannot be typed into the filter: a match never spans two fields.
	return [article.title, article.source, ...article.tags]
		.map((text) => text.toLowerCase())
		.join('\0');
}

// Each list's search texts, made once: a keystroke in the filter only searches them.
const searchTexts = new WeakMap<readonly Article[], string[]>();

/** Make the search texts of a list ahead of the first keystroke in the filter. */
export function searchTextsOf(articles: readonly Article[]): string[] {
	let texts = searchTexts.get(articles);
	if (!texts) {
		texts = articles.map((article) => searchText(article));
		searchTexts.set(articles, texts);
	}

	return texts;
}

type Filtering = Readonly<{
	marks: (article: Article) => ArticleMarks;
	query: string;
	unreadOnly: boolean;
	bookmarkedOnly: boolean;
	/** Positions in the list of the articles kept. */
	kept: readonly number[];
	result: readonly Article[];
}>;

// The last filtering of each list: typing on narrows it, so a keystroke searches only the articles the last one kept.
const lastFiltering = new WeakMap<readonly Article[], Filtering>();

/** The articles the filter keeps, in order; an article's marks are looked up only when the filter needs them. The same filter twice gives the same array. */
export function filterArticles(
	articles: readonly Article[],
	marks: (article: Article) => ArticleMarks,
	filter: ListFilter,
): readonly Article[] {
	const query = filter.query.trim().toLowerCase();
	const {unreadOnly, bookmarkedOnly} = filter;
	const byMarks = unreadOnly || bookmarkedOnly;
	if (query === '' && !byMarks) {
		return articles;
	}

	const last = lastFiltering.get(articles);
	const sameMarks =
		last?.marks === marks &&
		last.unreadOnly === unreadOnly &&
		last.bookmarkedOnly === bookmarkedOnly;
	if (sameMarks && last.query === query) {
		return last.result;
	}

	const texts = searchTextsOf(articles);
	// Whatever contains the new query contains the old one: only what the old query kept can match.
	const candidates =
		sameMarks && query.includes(last.query) ? last.kept : undefined;
	const kept: number[] = [];
	const count = candidates ? candidates.length : articles.length;
	for (let position = 0; position < count; position++) {
		const index = candidates ? candidates[position] : position;
		if (
			(query === '' || texts[index].includes(query)) &&
			(!byMarks || passesMarks(marks(articles[index]), filter))
		) {
			kept.push(index);
		}
	}

	const result = kept.map((index) => articles[index]);
	lastFiltering.set(articles, {
		marks,
		query,
		unreadOnly,
		bookmarkedOnly,
		kept,
		result,
	});
	return result;
}

// The library comes newest first; the other orders are made from it once per list and order.
const sorted = new WeakMap<readonly Article[], Map<SortOrder, Article[]>>();

const unreadFirst = new WeakMap<
	readonly Article[],
	{marks: (article: Article) => ArticleMarks; result: readonly Article[]}
>();

const sourceOrder = new Intl.Collator(undefined, {sensitivity: 'base'});

/** The list in an order (filter after sorting: the filter's cache follows the sorted list). Stable: within a source, or among the unread, newest first stays. */
export function sortArticles(
	articles: readonly Article[],
	order: SortOrder,
	marks: (article: Article) => ArticleMarks,
): readonly Article[] {
	if (order === 'newest') {
		return articles;
	}

	// Unread first depends on the marks: made again when they change, kept while they don't.
	if (order === 'unread') {
		const last = unreadFirst.get(articles);
		if (last?.marks === marks) {
			return last.result;
		}

		const unread: Article[] = [];
		const read: Article[] = [];
		for (const article of articles) {
			(marks(article).unread ? unread : read).push(article);
		}

		const result = [...unread, ...read];
		unreadFirst.set(articles, {marks, result});
		return result;
	}

	let byOrder = sorted.get(articles);
	if (!byOrder) {
		byOrder = new Map();
		sorted.set(articles, byOrder);
	}

	let result = byOrder.get(order);
	if (!result) {
		result =
			order === 'oldest'
				? articles.toReversed()
				: articles.toSorted(
						(a, b) =>
							sourceOrder.compare(a.source, b.source) ||
							// Sources alike but for case or accents stay apart: each is a group of its own.
							(a.source < b.source ? -1 : a.source > b.source ? 1 : 0),
					);
		byOrder.set(order, result);
	}

	return result;
}

/** A row of the list: an article, or the heading of a source's group (when the list is sorted by source). */
export type ListRow =
	| Readonly<{
			kind: 'article';
			id: string;
			article: Article;
			/** A full-text search's result: the article's line that matches (sanitized, one line). */
			snippet?: string;
	  }>
	| Readonly<{
			kind: 'group';
			id: string;
			source: string;
			unread: number;
			total: number;
			folded: boolean;
	  }>;

/** The row id of a source's heading: apart from every article id (they never hold a NUL). */
export const groupRowId = (source: string) => `\0group:${source}`;
