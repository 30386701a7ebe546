import Table from 'cli-table3';
import {Marked, type Token, type Tokens} from 'marked';
import {markedTerminal} from 'marked-terminal';
import stripAnsi from 'strip-ansi';
import stringWidth from '../terminal/string-width.js';
import {fitLine, truncateToWidth} from '../terminal/wrap.js';
import {glyphs, theme} from '../terminal/theme.js';
import {
	type ArticleDocument,
	inlineQuoteSpans,
	parseDocument,
	type Section,
} from './sections.js';

export type RenderedSection = Readonly<{
	/** Styled lines, each at most `width` columns. */
	lines: readonly string[];
	/** The same lines without styling, for search. */
	plain: readonly string[];
	/** For each of the section's quotes (by index): the first line and the number of lines it spans. */
	quoteLines: ReadonlyArray<Readonly<{line: number; height: number}>>;
}>;

export type RenderOptions = Readonly<{
	/** Emit OSC 8 hyperlinks (for http, https and mailto only). */
	hyperlinks: boolean;
}>;

const safeLinkProtocol = /^(?:https?:|mailto:)/i;

// Text from the library is already sanitized; this is a second fence for anything marked decodes.

const anyControl = /[\u0000-\u001F\u007F-\u009F]/g;

const controlButLayout = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

function highlightSpeech(text: string): string {
	let result = '';
	let at = 0;
	for (const {start, end} of inlineQuoteSpans(text)) {
		if (start >= at) {
			result +=
				text.slice(at, start) + theme.quote.inline(text.slice(start, end));
			at = end;
		}
	}

	return result + text.slice(at);
}

// The text after a blockquote's closing quotation mark ("he told reporters.") is its attribution.
function styleQuoteLines(lines: string[]): string[] {
	return lines.map((line) => {
		const plain = stripAnsi(line);
		if (/^\s*(?:—|–|―|--)\s*\S/.test(plain)) {
			return theme.quote.attribution(plain);
		}

		const close = plain.lastIndexOf('”');
		if (
			close !== -1 &&
			close < plain.length - 1 &&
			plain.length - close < 80 &&
			!plain.slice(close + 1).includes('“')
		) {
			return (
				theme.quote.body(plain.slice(0, close + 1)) +
				theme.quote.attribution(plain.slice(close + 1))
			);
		}

		return theme.quote.body(plain);
	});
}

const maxQuoteBars = 6;
const minimumQuoteWidth = 20;
const deepQuote = new RegExp(`^(?:${glyphs.quoteBar} ){${maxQuoteBars}}`);

function createMarked(width: number, options: RenderOptions): Marked {
	const marked = new Marked({gfm: true});
	let inTable = false;
	marked.use(
		markedTerminal({
			width,
			reflowText: false,
			showSectionPrefix: false,
			tab: 2,
			emoji: true,
			heading: theme.text.strong,
			firstHeading: theme.text.title,
			strong: theme.text.strong,
			codespan: theme.text.code,
			link: (text: string) => text,
			href: theme.text.link,
		}) as Parameters<Marked['use']>[0],
	);
	marked.use({
		renderer: {
			text(token: Tokens.Text | Tokens.Escape) {
				if ('tokens' in token && token.tokens) {
					return this.parser.parseInline(token.tokens);
				}

				return highlightSpeech(
					token.text.replaceAll('\n', ' ').replaceAll(anyControl, ''),
				);
			},
			blockquote(token: Tokens.Blockquote) {
				// Wrap before adding the bar, so that every line of the quote keeps it and its style.
				// Quotes nested deeper than a few levels share their bars, so that lines neither narrow to nothing nor multiply.
				const inner = this.parser
					.parse(token.tokens)
					.replace(/\s+$/, '')
					.split('\n')
					.flatMap((line) =>
						fitLine(stripAnsi(line), Math.max(minimumQuoteWidth, width - 2)),
					);
				const bar = theme.quote.bar(glyphs.quoteBar);
				return (
					styleQuoteLines(inner)
						.map((line, index) =>
							deepQuote.test(inner[index] ?? '') ? line : `${bar} ${line}`,
						)
						.join('\n') + '\n\n'
				);
			},
			code(token: Tokens.Code) {
				const lines = token.text.replaceAll(controlButLayout, '').split('\n');
				return (
					lines.map((line) => '  ' + theme.text.code(line)).join('\n') + '\n\n'
				);
			},
			list(token: Tokens.List) {
				const start = typeof token.start === 'number' ? token.start : 1;
				const lines: string[] = [];
				for (const [index, item] of token.items.entries()) {
					const bullet = token.ordered ? `${start + index}.` : '•';
					const check = item.task ? (item.checked ? '[x] ' : '[ ] ') : '';
					// The task's checkbox token is drawn by `check`, on the same line as the item's text.
					const blocks = item.tokens
						.filter(
							(child) => child.type !== 'space' && child.type !== 'checkbox',
						)
						.map((child) => this.parser.parse([child]).replace(/\s+$/, ''));
					const body = (check + blocks.join(item.loose ? '\n\n' : '\n'))
						.replace(/\s+$/, '')
						.split('\n');
					const indent = ' '.repeat(bullet.length + 1);
					for (const [n, line] of body.entries()) {
						if (line.trim() === '' && !item.loose) {
							continue;
						}

						lines.push(n === 0 ? `${bullet} ${line}` : indent + line);
					}

					if (item.loose && index < token.items.length - 1) {
						lines.push('');
					}
				}

				return lines.join('\n') + '\n\n';
			},
			hr() {
				return theme.text.dim('─'.repeat(Math.min(width, 40))) + '\n\n';
			},
			image(token: Tokens.Image) {
				const alt = token.text.replaceAll(anyControl, '') || 'image';
				const url = token.href.replaceAll(anyControl, '');
				return (
					`${glyphs.image} ${alt}` + (url ? ' ' + theme.text.url(url) : '')
				);
			},
			link(token: Tokens.Link) {
				const text = this.parser.parseInline(token.tokens);
				const href = token.href.replaceAll(anyControl, '');
				const label = theme.text.link(text);
				if (options.hyperlinks && !inTable && safeLinkProtocol.test(href)) {
					return `\u001B]8;;${href}\u0007${label}\u001B]8;;\u0007`;
				}

				const plainText = stripAnsi(text);
				const shown = href.replace(/^mailto:/i, '');
				return plainText === shown || plainText === href || !href
					? label
					: `${label} ${theme.text.url(`(${href})`)}`;
			},
			table(token: Tokens.Table) {
				// Cli-table3 wraps and cuts cells without knowing OSC 8: links in tables stay plain text.
				inTable = true;
				try {
					return (
						renderTable(token, width, (cell) =>
							this.parser.parseInline(cell.tokens),
						) + '\n\n'
					);
				} finally {
					inTable = false;
				}
			},
		},
	});
	return marked;
}

function renderTable(
	token: Tokens.Table,
	width: number,
	renderCell: (cell: Tokens.TableCell) => string,
): string {
	const header = token.header.map((cell) =>
		theme.text.strong(renderCell(cell)),
	);
	const rows = token.rows.map((row) => row.map((cell) => renderCell(cell)));
	const columns = header.length;
	const natural = header.map(
		(cell, column) =>
			Math.max(
				stringWidth(cell),
				...rows.map((row) => stringWidth(row[column] ?? '')),
			) + 2,
	);
	const borders = columns + 1;
	const fits = natural.reduce((sum, w) => sum + w, 0) + borders <= width;
	const minimum = 5;
	const options: ConstructorParameters<typeof Table>[0] = {
		head: header,
		style: {head: [], border: []},
	};
	if (!fits && columns * minimum + borders <= width) {
		const available = width - borders;
		const total = natural.reduce((sum, w) => sum + w, 0);
		const widths = natural.map((w) =>
			Math.max(minimum, Math.floor((available * w) / total)),
		);
		// Raising narrow columns to the minimum can overshoot: take the excess from the widest.
		let excess = widths.reduce((sum, w) => sum + w, 0) - available;
		while (excess > 0) {
			const widest = widths.indexOf(Math.max(...widths));
			const take = Math.min(excess, widths[widest] - minimum);
			if (take <= 0) {
				break;
			}

			widths[widest] -= take;
			excess -= take;
		}

		options.colWidths = widths;
		options.wordWrap = true;
		options.wrapOnWordBoundary = true;
	}

	const table = new Table(options);
	for (const row of rows) {
		table.push(row);
	}

	// A table with more columns than the width can show is cut at the right edge.
	return table
		.toString()
		.split('\n')
		.map((line) => truncateToWidth(line, width))
		.join('\n');
}

/** Renders sections one at a time and keeps each rendering per width: folding and focus never render again. */
export class SectionRenderer {
	readonly #options: RenderOptions;
	readonly #markeds = new Map<number, Marked>();
	readonly #cache = new WeakMap<Section, Map<number, RenderedSection>>();

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

	#marked(width: number): Marked {
		let marked = this.#markeds.get(width);
		if (!marked) {
			marked = createMarked(width, this.#options);
			this.#markeds.set(width, marked);
		}

		return marked;
	}

	#renderSection(
		document: ArticleDocument,
		section: Section,
		width: number,
	): RenderedSection {
		const marked = this.#marked(width);
		const lines: string[] = [];
		const blockStart: number[] = [];
		const blockHeight: number[] = [];
		for (const token of section.tokens) {
			if (lines.length > 0) {
				lines.push('');
			}

			blockStart.push(lines.length);
			const block = renderBlock(marked, token, document.links, width);
			lines.push(...block);
			blockHeight.push(block.length);
		}

		const plain = lines.map((line) => stripAnsi(line));
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
		return {lines, plain, quoteLines};
	}
}

function renderBlock(
	marked: Marked,
	token: Token,
	links: ArticleDocument['links'],
	width: number,
): string[] {
	let output: string;
	try {
		output = marked.parser(Object.assign([token], {links}));
	} catch (error) {
		output = theme.text.error(
			`[this part could not be rendered: ${error instanceof Error ? error.message : String(error)}]`,
		);
	}

	const raw = output.replace(/\s+$/, '').replace(/^\n+/, '').split('\n');
	const fitted: string[] = [];
	for (const line of raw) {
		fitted.push(...fitLine(line, width));
	}

	return fitted;
}

/** Render a whole document to lines at a width: what `gazette read` prints. */
export function renderDocumentLines(
	document: ArticleDocument,
	width: number,
	options: RenderOptions,
	renderer = new SectionRenderer(options),
): string[] {
	const lines: string[] = [];
	for (const section of document.sections) {
		if (section.level > 0) {
			if (lines.length > 0) {
				lines.push('');
			}

			const heading = (section.level === 2 ? '  ' : '') + section.title;
			lines.push(
				...fitLine(
					section.level === 1
						? theme.text.heading(heading)
						: theme.text.subheading(heading),
					width,
				),
				'',
			);
		} else if (lines.length > 0) {
			lines.push('');
		}

		lines.push(...renderer.render(document, section, width).lines);
	}

	return lines;
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
