import type {LayoutSection} from './layout.js';
import type {SectionRenderer} from './render.js';
import {type ArticleDocument, describeSummary} from './sections.js';

/** A quote as the reader jumps to it: its section and where it sits in the section's lines. */
export type QuoteTarget = Readonly<{
	id: string;
	sectionId: string;
	lineInSection: number;
	height: number;
	text: string;
}>;

const bodyStart = (level: number) => (level > 0 ? 2 : 0);

/** The article's sections, laid out by the reader; each renders (once per width) only when it is unfolded. */
export function articleSections(
	document: ArticleDocument,
	renderer: SectionRenderer,
	width: number,
	badges: ReadonlyMap<string, string> = new Map(),
): LayoutSection[] {
	return document.sections.map((section) => ({
		id: section.id,
		title: section.title,
		level: section.level,
		parentId: section.parentId,
		summary: describeSummary(section.summary),
		badge: badges.get(section.id),
		body: () => renderer.render(document, section, width),
	}));
}

export function quoteTargets(
	document: ArticleDocument,
	renderer: SectionRenderer,
	width: number,
): QuoteTarget[] {
	return document.sections.flatMap((section) => {
		if (section.quotes.length === 0) {
			return [];
		}

		const {quoteLines} = renderer.render(document, section, width);
		return section.quotes.map((quote) => ({
			id: quote.id,
			sectionId: section.id,
			lineInSection:
				bodyStart(section.level) + (quoteLines[quote.index]?.line ?? 0),
			height: quoteLines[quote.index]?.height ?? 1,
			text: quote.text,
		}));
	});
}
