/**
Small, linear text helpers for what feeds say in HTML: titles, summaries, names. Full pages go through the extractor instead.
*/
import {decodeHTML} from 'entities';
import {escapeText} from 'entities/escape';
import {sanitizeLine} from '../terminal/sanitize.js';

/** One line of plain text from text that may hold HTML tags and entities: tags dropped, entities decoded, controls made visible. */
export function htmlToLine(html: string): string {
	let text = html;
	// Each pass only when needed, and each pattern starting with a literal, which V8 scans for quickly: feeds carry thousands of these.
	if (text.includes('<')) {
		if (text.includes('<!')) {
			text = text.replaceAll(/<!--[\s\S]*?-->|<!\[CDATA\[/g, ' ');
		}

		// `<` followed by anything but a tag name (`a < b`) is text.
		text = text.replaceAll(/<\/?[a-z][^>]*>/gi, ' ');
	}

	if (text.includes('&')) {
		text = decodeHTML(text);
	}

	// Runs of spaces and other white space only: replacing every single space costs more than all the rest.
	return sanitizeLine(text)
		.replaceAll(/\s{2,}|[^\S ]/g, ' ')
		.trim();
}

/** Plain text as HTML, paragraphs kept. */
export function textToHtml(text: string): string {
	return text
		.split(/\n\s*\n/)
		.map((paragraph) => paragraph.trim())
		.filter(Boolean)
		.map(
			(paragraph) => `<p>${escapeText(paragraph).replaceAll('\n', '<br>')}</p>`,
		)
		.join('\n');
}

/** Cut a line at a word boundary to at most `length` characters, with an ellipsis when cut. */
export function shorten(line: string, length: number): string {
	if (line.length <= length) {
		return line;
	}

	const cut = line.slice(0, length - 1);
	const space = cut.lastIndexOf(' ');
	return `${(space > length / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
The deepest nesting of elements in XML (a feed, an OPML file), found in one pass without parsing: a guard to run before a parser that recurses. Self-closing tags and HTML's void elements (in a sloppy feed) don't nest.
*/
export function nestingDepth(
	text: string,
	stopAt = Number.POSITIVE_INFINITY,
): number {
	let depth = 0;
	let deepest = 0;
	const tag =
		/<(\/?)([a-zA-Z][\w:.-]*)[^>]*?(\/?)>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?]]>/g;
	for (const match of text.matchAll(tag)) {
		const [, closing, name, selfClosing] = match;
		if (
			name === undefined ||
			selfClosing === '/' ||
			voidElements.has(name.toLowerCase())
		) {
			continue;
		}

		if (closing === '/') {
			depth = Math.max(0, depth - 1);
		} else {
			depth++;
			if (depth > deepest) {
				deepest = depth;
				if (deepest > stopAt) {
					break;
				}
			}
		}
	}

	return deepest;
}

const voidElements = new Set([
	'area',
	'base',
	'br',
	'col',
	'embed',
	'hr',
	'img',
	'input',
	'link',
	'meta',
	'source',
	'track',
	'wbr',
]);
