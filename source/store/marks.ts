import type {KeptReason} from '../feeds/retention.js';
import type {Article} from '../library/article.js';
import type {ArticleMarks} from '../library/filter.js';
import {setOwn} from '../terminal/safe-json.js';
import type {Store} from './store.js';
import {defaultArticleState, type StoreData} from './types.js';

const cache = new WeakMap<object, (article: Article) => ArticleMarks>();

/**
Each article's marks in a state, found by the article's key: read, bookmarked, progress, its comment count and whether a draft waits. Counted once per state (the state is replaced, never changed, by each write), not per row; the same state gives the same function, so what is built from the marks is kept while they don't change.
*/
export function marksOf(
	data: Readonly<StoreData>,
): (article: Article) => ArticleMarks {
	let marks = cache.get(data);
	if (marks) {
		return marks;
	}

	const commentCounts = new Map<string, number>();
	for (const comment of data.comments) {
		commentCounts.set(
			comment.articleId,
			(commentCounts.get(comment.articleId) ?? 0) + 1,
		);
	}

	const withDraft = new Set<string>();
	for (const draft of Object.values(data.drafts)) {
		if (draft.body.trim() !== '') {
			withDraft.add(draft.articleId);
		}
	}

	const byKey = new Map<string, ArticleMarks>();
	marks = (article) => {
		let entry = byKey.get(article.key);
		if (!entry) {
			const state = Object.hasOwn(data.articles, article.key)
				? data.articles[article.key]
				: defaultArticleState();
			entry = {
				unread: !state.read,
				bookmarked: state.bookmarked,
				progress: state.progress,
				comments: commentCounts.get(article.key) ?? 0,
				draft: withDraft.has(article.key),
			};
			byKey.set(article.key, entry);
		}

		return entry;
	};

	cache.set(data, marks);
	return marks;
}

/** A change of marks: the article (by key) and what its read and bookmark marks become. */
export type MarkChange = Readonly<{
	key: string;
	read?: boolean;
	bookmarked?: boolean;
}>;

/** Set the read or bookmark marks of several articles in one write (A marks every article shown; u puts them back). */
export function setMarks(store: Store, changes: readonly MarkChange[]): void {
	store.update(
		(data) => {
			for (const {key, ...patch} of changes) {
				const current = Object.hasOwn(data.articles, key)
					? data.articles[key]
					: defaultArticleState();
				// The record is replaced, never edited.
				setOwn(data.articles, key, {...current, ...patch});
			}
		},
		{immediate: true},
	);
}

/** Why retention must keep the article under a key, in a state: unread, bookmarked, commented, or with a draft; undefined when nothing keeps it. */
export function keptReasons(
	data: Readonly<StoreData>,
): (key: string) => KeptReason | undefined {
	const commented = new Set(data.comments.map((comment) => comment.articleId));
	const drafted = new Set(
		Object.values(data.drafts).map((draft) => draft.articleId),
	);
	return (key) => {
		const state = Object.hasOwn(data.articles, key)
			? data.articles[key]
			: undefined;
		return state?.read === true
			? state.bookmarked
				? 'bookmarked'
				: commented.has(key)
					? 'commented'
					: drafted.has(key)
						? 'draft'
						: undefined
			: 'unread';
	};
}
