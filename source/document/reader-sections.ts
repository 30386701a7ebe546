import {headingLines, type LayoutSection} from './layout.js';
import type {RenderedSection, SectionRenderer} from './render.js';
import {
	type ArticleDocument,
	describeSummary,
	type Section,
} from './sections.js';

/** A quote as the reader jumps to it: its section and where it sits in the section's lines. */
export type QuoteTarget = Readonly<{
	id: string;
	sectionId: string;
	lineInSection: number;
	height: number;
	text: string;
}>;

/** How many lines a section will take at a width, before it is rendered: enough to lay out a long article at once. */
export function estimateLines(section: Section, width: number): number {
	let lines = 0;
	for (const token of section.tokens) {
		lines +=
			(lines > 0 ? 1 : 0) +
			Math.max(
				1,
				...token.raw
					.split('\n')
					.map((line) => Math.ceil(line.length / Math.max(10, width - 4))),
			);
	}

	return lines;
}

/** The lines of a section not rendered yet: blank, marked pending so the reader asks for them. */
function pending(
	section: Section,
	width: number,
): RenderedSection & {pending: true} {
	const lines = Array.from({length: estimateLines(section, width)}, () => '');
	return {lines, plain: lines, quoteLines: [], pending: true};
}

/**
The article's sections, laid out by the reader. A section shows its rendering when there is one, at this width; until then, blank lines as many as it will take (a long article opens at once and renders in the background).
*/
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
		initiallyFolded: section.initiallyFolded,
		continues: section.continues,
		body: () => renderer.peek(section, width) ?? pending(section, width),
	}));
}

/** The article's quotes; where each one sits is known once its section is rendered, which asking for it does. */
export function quoteTargets(
	document: ArticleDocument,
	renderer: SectionRenderer,
	width: number,
): QuoteTarget[] {
	return document.sections.flatMap((section) => {
		// The body starts under the heading's lines and the blank line after them.
		const bodyStart =
			section.level > 0
				? headingLines(
						{...section, summary: '', body: () => ({lines: [], plain: []})},
						width,
					).length + 1
				: 0;
		return section.quotes.map((quote) => {
			const place = () =>
				renderer.render(document, section, width).quoteLines[quote.index];
			return {
				id: quote.id,
				sectionId: section.id,
				text: quote.text,
				get lineInSection() {
					return bodyStart + (place()?.line ?? 0);
				},
				get height() {
					return place()?.height ?? 1;
				},
			};
		});
	});
}

/** Render the sections a reader is about to see: from one section on, until about `lines` lines are ready. */
export function renderFrom(
	document: ArticleDocument,
	renderer: SectionRenderer,
	width: number,
	sectionId: string | undefined,
	lines: number,
): void {
	const start = Math.max(
		0,
		document.sections.findIndex((section) => section.id === sectionId),
	);
	let ready = 0;
	for (const section of document.sections.slice(start)) {
		ready += renderer.render(document, section, width).lines.length + 2;
		if (ready >= lines) {
			return;
		}
	}
}

/** Render sections not rendered yet, in order, for about `milliseconds`; false when every section is ready. */
export function renderSome(
	document: ArticleDocument,
	renderer: SectionRenderer,
	width: number,
	milliseconds: number,
): boolean {
	const started = performance.now();
	for (const section of document.sections) {
		if (!renderer.peek(section, width)) {
			renderer.render(document, section, width);
			if (performance.now() - started > milliseconds) {
				return document.sections.some((other) => !renderer.peek(other, width));
			}
		}
	}

	return false;
}

export function renderSections(
	document: ArticleDocument,
	renderer: SectionRenderer,
	width: number,
	sectionIds: Iterable<string>,
): void {
	const wanted = new Set(sectionIds);
	for (const section of document.sections) {
		if (wanted.has(section.id)) {
			renderer.render(document, section, width);
		}
	}
}
