import type {LoadedArticle} from '../library/article.js';
import type {LayoutSection} from './layout.js';
import {type ArticleLink, articleLinks} from './links.js';
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
		options?: NumberingOptions,
	) => void;
	/** Render more sections in the background, for about `milliseconds`; false once all are ready. */
	renderSome: (width: number, milliseconds: number) => boolean;
	/** Render these sections now (they came into view). */
	renderSections: (
		width: number,
		sectionIds: Iterable<string>,
		options?: NumberingOptions,
	) => void;
	/** The sections at a width; with `linkNumbers`, rendered with each link's number after its text (kept apart from the others). */
	sectionsAt: (
		width: number,
		options?: NumberingOptions,
	) => {
		sections: LayoutSection[];
		quotes: QuoteTarget[];
	};
	/** The article's links, numbered as `sectionsAt(width, {linkNumbers: true})` shows them. */
	links: () => readonly ArticleLink[];
}>;

export type NumberingOptions = Readonly<{linkNumbers?: boolean}>;

/** Parse an article for the reader; nothing is rendered until a width is asked for. */
export function openDocument(
	article: LoadedArticle,
	options: Readonly<{hyperlinks: boolean}>,
): OpenedArticle {
	const document = parseDocument(article.body, {title: article.title});
	const renderer = new SectionRenderer({hyperlinks: options.hyperlinks});
	// Made when the link picker first opens.
	let numbered: SectionRenderer | undefined;
	const rendererFor = (numbering: NumberingOptions = {}) => {
		if (!numbering.linkNumbers) {
			return renderer;
		}

		numbered ??= new SectionRenderer({
			hyperlinks: options.hyperlinks,
			linkNumbers: true,
		});
		return numbered;
	};

	type Sections = ReturnType<OpenedArticle['sectionsAt']>;
	const byWidth = new Map<number, Sections>();
	const numberedByWidth = new Map<number, Sections>();
	return {
		article,
		document,
		renderMarkdown: (markdown, width) =>
			renderMarkdown(renderer, markdown, width),
		prepare(width, sectionId, lines, numbering) {
			renderFrom(document, rendererFor(numbering), width, sectionId, lines);
		},
		renderSome: (width, milliseconds) =>
			renderSome(document, renderer, width, milliseconds),
		renderSections(width, sectionIds, numbering) {
			renderSections(document, rendererFor(numbering), width, sectionIds);
		},
		sectionsAt(width, numbering) {
			const cache = numbering?.linkNumbers ? numberedByWidth : byWidth;
			let entry = cache.get(width);
			if (!entry) {
				const chosen = rendererFor(numbering);
				entry = {
					sections: articleSections(document, chosen, width),
					quotes: quoteTargets(document, chosen, width),
				};
				cache.set(width, entry);
			}

			return entry;
		},
		links: () => articleLinks(document),
	};
}
