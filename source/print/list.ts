import type {Article} from '../library/article.js';
import {type ArticleMarks, unmarked} from '../library/filter.js';
import {safeJson} from '../terminal/safe-json.js';

function readingState(marks: ArticleMarks) {
	return {
		read: !marks.unread,
		progress: marks.progress,
		bookmarked: marks.bookmarked,
		comments: marks.comments,
		draft: marks.draft,
	};
}

/** One line per article: id, date, source and title, in columns; an unreadable article says why. */
export function formatList(articles: readonly Article[]): string {
	const idWidth = Math.max(2, ...articles.map((article) => article.id.length));
	const sourceWidth = Math.max(
		6,
		...articles.map((article) => article.source.length),
	);
	return articles
		.map((article) => {
			const title = article.error
				? `${article.title}  [unreadable: ${article.error}]`
				: article.title;
			return [
				article.id.padEnd(idWidth),
				(article.date || '----------').padEnd(10),
				(article.source || '-').padEnd(sourceWidth),
				title,
			].join('  ');
		})
		.join('\n');
}

/** Every article's fields and its reading state (read, progress, bookmarked, comments, draft), as JSON. */
export function listToJson(
	articles: readonly Article[],
	marks: (article: Article) => ArticleMarks = () => unmarked,
): string {
	return safeJson(
		articles.map((article) => ({
			id: article.id,
			title: article.title,
			source: article.source,
			author: article.author,
			date: article.date,
			url: article.url,
			tags: article.tags,
			summary: article.summary,
			readingMinutes: article.readingMinutes,
			path: article.path,
			...readingState(marks(article)),
			...(article.warnings.length > 0 ? {warnings: article.warnings} : {}),
			...(article.error ? {error: article.error} : {}),
		})),
	);
}
