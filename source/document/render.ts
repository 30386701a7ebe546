import stripAnsi from 'strip-ansi';
import {noteMark} from '../terminal/theme.js';
import {renderBlocks} from './blocks.js';
import {buildLayout} from './layout.js';
import {articleLinks, linkNumbers} from './links.js';
import {articleSections} from './reader-sections.js';
import {type ArticleDocument, parseDocument, type Section} from './sections.js';

export type RenderedSection = Readonly<{
	/** Styled lines, each at most `width` columns. */
	lines: readonly string[];
	/** The same lines without styling, for search. */
	plain: readonly string[];
	/** For each of the section's quotes (by index): the first line and the number of lines it spans. */
	quoteLines: ReadonlyArray<Readonly<{line: number; height: number}>>;
	/** In the Notes section: the line of each note, by its number less one (the note `¹` is at `noteLines[0]`). */
	noteLines?: readonly number[];
}>;

export type RenderOptions = Readonly<{
	/** Emit OSC 8 hyperlinks (for http, https and mailto only). */
	hyperlinks: boolean;
	/** Follow each link's text with its number (`[3]`), as `articleLinks` numbers it: the reader shows them while its link picker is open. */
	linkNumbers?: boolean;
}>;

/** Renders sections one at a time and keeps each rendering per width: folding and focus never render again. */
export class SectionRenderer {
	readonly #options: RenderOptions;
	readonly #cache = new WeakMap<Section, Map<number, RenderedSection>>();
	readonly #numbers = new WeakMap<
		ArticleDocument,
		ReadonlyMap<string, number>
	>();

	constructor(options: RenderOptions) {
		this.#options = options;
	}

	/** The rendering of a section at a width, if it has been rendered. */
	peek(section: Section, width: number): RenderedSection | undefined {
		return this.#cache.get(section)?.get(width);
	}

	render(
		document: ArticleDocument,
		section: Section,
		width: number,
	): RenderedSection {
		let byWidth = this.#cache.get(section);
		if (!byWidth) {
			byWidth = new Map();
			this.#cache.set(section, byWidth);
		}

		const cached = byWidth.get(width);
		if (cached) {
			return cached;
		}

		const rendered = this.#renderSection(document, section, width);
		byWidth.set(width, rendered);
		return rendered;
	}

	#linkNumbers(
		document: ArticleDocument,
	): ReadonlyMap<string, number> | undefined {
		if (!this.#options.linkNumbers) {
			return undefined;
		}

		let numbers = this.#numbers.get(document);
		if (!numbers) {
			numbers = linkNumbers(articleLinks(document));
			this.#numbers.set(document, numbers);
		}

		return numbers;
	}

	#renderSection(
		document: ArticleDocument,
		section: Section,
		width: number,
	): RenderedSection {
		const {lines, blockStart, blockHeight} = renderBlocks(
			section.tokens,
			Math.max(1, width),
			{
				hyperlinks: this.#options.hyperlinks,
				links: document.links,
				linkNumbers: this.#linkNumbers(document),
			},
		);
		const plain = lines.map((line) =>
			line.includes('\u001B') ? stripAnsi(line) : line,
		);
		const quoteLines = section.quotes.map((quote) => {
			const start = blockStart[quote.block] ?? 0;
			const height = blockHeight[quote.block] ?? 1;
			if (quote.kind === 'block') {
				return {line: start, height};
			}

			const needle = quote.text
				.split(/\s+/)
				.slice(0, 2)
				.join(' ')
				.toLowerCase();
			for (let line = start; line < start + height; line++) {
				if (plain[line].toLowerCase().includes(needle)) {
					return {line, height: 1};
				}
			}

			return {line: start, height: 1};
		});
		if (!section.notes) {
			return {lines, plain, quoteLines};
		}

		const noteLines: number[] = [];
		for (const [line, text] of plain.entries()) {
			if (text.startsWith(`${noteMark(noteLines.length + 1)} `)) {
				noteLines.push(line);
			}
		}

		return {lines, plain, quoteLines, noteLines};
	}
}

/** Render a whole document to lines at a width, every section open: what `gazette read` prints, drawn as the reader draws it. */
export function renderDocumentLines(
	document: ArticleDocument,
	width: number,
	options: RenderOptions,
	renderer = new SectionRenderer(options),
): string[] {
	for (const section of document.sections) {
		renderer.render(document, section, width);
	}

	return buildLayout(
		articleSections(document, renderer, width),
		new Set(),
		width,
	).lines.map((line) => line.text);
}

/** A short markdown text (a comment's body) as lines at a width, headings and all. */
export function renderMarkdown(
	renderer: SectionRenderer,
	markdown: string,
	width: number,
): string[] {
	return renderDocumentLines(
		parseDocument(markdown),
		width,
		{hyperlinks: false},
		renderer,
	);
}
