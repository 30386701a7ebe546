import type {Article} from '../library/article.js';
import type {ArticleMarks} from '../library/filter.js';
import {defaultArticleState, type StoreData} from './types.js';

const cache = new WeakMap<object, (article: Article) => ArticleMarks>();

/**
Each article's marks in a state: read, bookmarked, progress, its comment count and whether a draft waits. Counted once per state (the state is replaced, never changed, by each write), not per row; the same state gives the same function, so what is built from the marks is kept while they don't change.
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

	const byId = new Map<string, ArticleMarks>();
	marks = (article) => {
		let entry = byId.get(article.id);
		if (!entry) {
			const state = Object.hasOwn(data.articles, article.id)
				? data.articles[article.id]
				: defaultArticleState();
			entry = {
				unread: !state.read,
				bookmarked: state.bookmarked,
				progress: state.progress,
				comments: commentCounts.get(article.id) ?? 0,
				draft: withDraft.has(article.id),
			};
			byId.set(article.id, entry);
		}

		return entry;
	};

	cache.set(data, marks);
	return marks;
}
