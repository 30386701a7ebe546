import {renderDocumentLines} from '../document/render.js';
import {parseDocument} from '../document/sections.js';
import type {LoadedArticle} from '../library/article.js';
import {theme} from '../terminal/theme.js';
import {fitLine} from '../terminal/wrap.js';

/** The article as `gazette read` prints it: a header, then the body at the width. */
export function formatArticle(
	article: LoadedArticle,
	width: number,
	options: Readonly<{hyperlinks: boolean}>,
): string {
	const meta = [
		article.source,
		article.author,
		article.date,
		`${article.readingMinutes} min read`,
	]
		.filter(Boolean)
		.join(' · ');
	const document = parseDocument(article.body, {title: article.title});
	const header = [
		...fitLine(theme.text.title(article.title), width),
		...fitLine(theme.text.dim(meta), width),
		theme.text.dim('─'.repeat(width)),
		'',
	];
	return [...header, ...renderDocumentLines(document, width, options)].join(
		'\n',
	);
}
