/**
HTML (already cleaned: see clean-html.ts) to markdown: turndown with GFM strikethrough and code blocks, and gazette's own table rules, which keep tables without a heading row and escape `|` in cells.
*/
import {parseHTML} from 'linkedom';
import TurndownService from 'turndown';
import {highlightedCodeBlock, strikethrough} from 'turndown-plugin-gfm';

/** The little of a DOM node the table rules read: turndown's types need the DOM library, which gazette does not load. */
type Node = {
	readonly nodeName: string;
	readonly parentNode: Node | null;
	readonly childNodes: ArrayLike<Node> & Iterable<Node>;
	getAttribute?(name: string): string | null;
};

const asNode = (node: unknown): Node => node as Node;

let service: TurndownService | undefined;

function cellsOf(row: Node): Node[] {
	return [...row.childNodes].filter(
		(child) => child.nodeName === 'TH' || child.nodeName === 'TD',
	);
}

function tableOf(node: Node): Node | undefined {
	let current = node.parentNode;
	// A row's table is at most two levels up (tr → tbody → table).
	for (let step = 0; step < 3 && current; step++) {
		if (current.nodeName === 'TABLE') {
			return current;
		}

		current = current.parentNode;
	}

	return undefined;
}

function rowsOf(table: Node): Node[] {
	const rows: Node[] = [];
	for (const child of table.childNodes) {
		if (child.nodeName === 'TR') {
			rows.push(child);
		} else if (['THEAD', 'TBODY', 'TFOOT'].includes(child.nodeName)) {
			for (const row of child.childNodes) {
				if (row.nodeName === 'TR') {
					rows.push(row);
				}
			}
		}
	}

	return rows;
}

function columnCount(table: Node): number {
	return Math.max(1, ...rowsOf(table).map((row) => cellsOf(row).length));
}

function createService(): TurndownService {
	const turndown = new TurndownService({
		headingStyle: 'atx',
		codeBlockStyle: 'fenced',
		bulletListMarker: '-',
		emDelimiter: '_',
		// Not `---`: a rule at the top of the body must never read as front matter.
		hr: '* * *',
	});
	turndown.use([strikethrough, highlightedCodeBlock]);
	turndown.addRule('tableCell', {
		filter: ['th', 'td'],
		replacement(content, domNode) {
			const node = asNode(domNode);
			const text = content
				.trim()
				.replaceAll(/\s*\n+\s*/g, ' ')
				.replaceAll('|', String.raw`\|`);
			const first =
				node.parentNode !== null && cellsOf(node.parentNode)[0] === node;
			return `${first ? '|' : ''} ${text} |`;
		},
	});
	turndown.addRule('tableRow', {
		filter: 'tr',
		replacement(content, domNode) {
			const node = asNode(domNode);
			const table = tableOf(node);
			const columns = table ? columnCount(table) : cellsOf(node).length;
			const missing = columns - cellsOf(node).length;
			const row = `${content}${' |'.repeat(Math.max(0, missing))}`;
			// The first row is the heading row, whatever its cells are: a table without one would not be a table in markdown.
			const isFirst = table !== undefined && rowsOf(table)[0] === node;
			return isFirst ? `\n${row}\n|${' --- |'.repeat(columns)}` : `\n${row}`;
		},
	});
	turndown.addRule('tableSection', {
		filter: ['thead', 'tbody', 'tfoot'],
		replacement: (content) => content,
	});
	turndown.addRule('tableCaption', {
		filter: 'caption',
		replacement: (content) => `\n\n${content.trim()}\n\n`,
	});
	turndown.addRule('table', {
		filter: 'table',
		replacement(content, domNode) {
			const rows = rowsOf(asNode(domNode));
			if (rows.length === 0) {
				return `\n\n${content.trim()}\n\n`;
			}

			// The caption converts first; keep it above the table.
			const lines = content.split('\n');
			const tableLines = lines.filter((line) => line.startsWith('|'));
			const other = lines.filter(
				(line) => !line.startsWith('|') && line.trim(),
			);
			return `\n\n${other.length > 0 ? `${other.join('\n')}\n\n` : ''}${tableLines.join('\n')}\n\n`;
		},
	});
	// Images only from the web, and a figure's caption as its own line.
	turndown.addRule('image', {
		filter: 'img',
		replacement(_content, domNode) {
			const element = asNode(domNode);
			const source = element.getAttribute?.('src') ?? '';
			if (!/^https?:/i.test(source)) {
				return '';
			}

			const alt = (element.getAttribute?.('alt') ?? '')
				.replaceAll(/[[\]\n]/g, ' ')
				.trim();
			return `![${alt}](${source.replaceAll(/[()\s]/g, encodeURIComponent)})`;
		},
	});
	return turndown;
}

/** An element to convert: linkedom's, as the extractor parsed it. */
export type MarkdownSource = {readonly nodeType: number};

/**
Markdown for cleaned HTML: an element already parsed (the extractor's, so a page is parsed once), or a string, parsed here with linkedom. Turndown's own parser for strings, domino, is never used: the bundle leaves it out (scripts/domino-stub.js).
*/
export function toMarkdown(html: string | MarkdownSource): string {
	service ??= createService();
	const element =
		typeof html === 'string'
			? (parseHTML as (html: string) => {document: {body: MarkdownSource}})(
					`<!DOCTYPE html><html><head></head><body>${html}</body></html>`,
				).document.body
			: html;
	return service
		.turndown(element)
		.replaceAll(/\n{3,}/g, '\n\n')
		.trim();
}
