import {fileURLToPath} from 'node:url';
import {commentSections} from '../../source/comments/layout.js';
import {
	type OpenedArticle,
	openDocument,
} from '../../source/document/opened.js';
import type {Article} from '../../source/library/article.js';
import {
	loadLibrary,
	openArticle as readLibraryArticle,
} from '../../source/library/load.js';
import type {CommentRecord} from '../../source/comments/comment.js';
import {
	type ReaderContext,
	createReaderContext,
} from '../../source/ui/reader-state.js';

export const articlesFolder = fileURLToPath(
	new URL('../../articles', import.meta.url),
);

/** The bundled articles, as the list loads them (newest first). */
export const bundled: readonly Article[] = loadLibrary([articlesFolder]);

export function bundledArticle(id: string): Article {
	const found = bundled.find((article) => article.id === id);
	if (!found) {
		throw new Error(`no bundled article ${id}`);
	}

	return found;
}

/** Open an article for the reader, as the app does when Enter is pressed on it (source/ui/run.tsx). */
export function openArticle(article: Article): OpenedArticle {
	const loaded = readLibraryArticle(article);
	if (loaded.error) {
		throw new Error(loaded.error);
	}

	return openDocument(loaded, {hyperlinks: false});
}

/**
A bundled article opened and laid out at `width`, every section rendered (the reader renders in the background; tests start with all of it), and the reader's context over it, as the reader screen builds it. With `comments` (even none), the Comments section and the comments follow the article, as on the reader screen.
*/
export function openBundled(
	id: string,
	width: number,
	height = 20,
	comments?: readonly CommentRecord[],
) {
	const opened = openArticle(bundledArticle(id));
	opened.renderSections(
		width,
		opened.document.sections.map((section) => section.id),
	);
	const {sections: articleSections, quotes} = opened.sectionsAt(width);
	const sections = comments
		? [
				...articleSections,
				...commentSections(
					comments,
					opened.document,
					width,
					opened.renderMarkdown,
				),
			]
		: articleSections;
	const context: ReaderContext = createReaderContext(
		sections,
		quotes,
		width,
		height,
	);
	return {opened, article: opened.article, sections, quotes, context};
}
