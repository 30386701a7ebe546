import type {LoadedArticle} from '../library/article.js';
import type {LayoutSection} from './layout.js';
import {
	articleSections,
	type QuoteTarget,
	quoteTargets,
	renderFrom,
	renderSections,
	renderSome,
} from './reader-sections.js';
import {renderMarkdown, SectionRenderer} from './render.js';
import {type ArticleDocument, parseDocument} from './sections.js';

/** An article opened for reading: its document, rendered section by section at the widths asked for, each kept once made. */
export type OpenedArticle = Readonly<{
	article: LoadedArticle;
	document: ArticleDocument;
	/** A comment's body as lines at a width. */
	renderMarkdown: (markdown: string, width: number) => string[];
	/** Render the sections about to be seen: from a section on, about `lines` lines. */
	prepare: (
		width: number,
		sectionId: string | undefined,
		lines: number,
	) => void;
	/** Render more sections in the background, for about `milliseconds`; false once all are ready. */
	renderSome: (width: number, milliseconds: number) => boolean;
	/** Render these sections now (they came into view). */
	renderSections: (width: number, sectionIds: Iterable<string>) => void;
	sectionsAt: (width: number) => {
		sections: LayoutSection[];
		quotes: QuoteTarget[];
	};
}>;

/** Parse an article for the reader; nothing is rendered until a width is asked for. */
export function openDocument(
	article: LoadedArticle,
	options: Readonly<{hyperlinks: boolean}>,
): OpenedArticle {
	const document = parseDocument(article.body, {title: article.title});
	const renderer = new SectionRenderer({hyperlinks: options.hyperlinks});
	const byWidth = new Map<number, ReturnType<OpenedArticle['sectionsAt']>>();
	return {
		article,
		document,
		renderMarkdown: (markdown, width) =>
			renderMarkdown(renderer, markdown, width),
		prepare(width, sectionId, lines) {
			renderFrom(document, renderer, width, sectionId, lines);
		},
		renderSome: (width, milliseconds) =>
			renderSome(document, renderer, width, milliseconds),
		renderSections(width, sectionIds) {
			renderSections(document, renderer, width, sectionIds);
		},
		sectionsAt(width) {
			let entry = byWidth.get(width);
			if (!entry) {
				entry = {
					sections: articleSections(document, renderer, width),
					quotes: quoteTargets(document, renderer, width),
				};
				byWidth.set(width, entry);
			}

			return entry;
		},
	};
}
