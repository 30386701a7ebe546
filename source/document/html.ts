import type {Token, Tokens} from 'marked';
import {
	type HtmlElement,
	type HtmlNode,
	htmlPlainText,
} from '../library/html-text.js';

/** The elements of a parsed fragment that were left open: a `<details>` whose body follows as markdown. */
export function openElements(nodes: readonly HtmlNode[]): HtmlElement[] {
	const open: HtmlElement[] = [];
	let level: readonly HtmlNode[] = nodes;
	for (;;) {
		const last = [...level]
			.reverse()
			.find(
				(node): node is HtmlElement => node.kind === 'element' && !node.closed,
			);
		if (!last) {
			return open;
		}

		open.push(last);
		level = last.children;
	}
}

const make = <T extends {type: string}>(token: T): Token => ({
	raw: '',
	...token,
});

function textToken(text: string): Token {
	return make({type: 'text', text, escaped: true});
}

const blockElements = new Set([
	'address',
	'article',
	'aside',
	'blockquote',
	'center',
	'dd',
	'details',
	'dialog',
	'div',
	'dl',
	'dt',
	'fieldset',
	'figcaption',
	'figure',
	'footer',
	'form',
	'h1',
	'h2',
	'h3',
	'h4',
	'h5',
	'h6',
	'header',
	'hr',
	'li',
	'main',
	'nav',
	'ol',
	'p',
	'pre',
	'section',
	'summary',
	'table',
	'tbody',
	'td',
	'tfoot',
	'th',
	'thead',
	'tr',
	'ul',
	'caption',
	'picture',
]);

function isBlock(node: HtmlNode): boolean {
	return node.kind === 'element' && blockElements.has(node.name);
}

/**
Turn HTML nodes into the block tokens gazette renders markdown with: `<p>` a paragraph, `<table>` a table, `<details>` a details block, `<figure>` an image and its caption, and so on. Text outside any block becomes paragraphs.

Depth is bounded by what htmlparser2 builds from one HTML block; deeper than `maximumDepth` the rest is kept as text.
*/
export function htmlBlocks(nodes: readonly HtmlNode[], depth = 0): Token[] {
	const blocks: Token[] = [];
	let inline: HtmlNode[] = [];
	const flushInline = () => {
		const tokens = trimInline(htmlInline(inline, depth));
		if (tokens.length > 0) {
			blocks.push(make({type: 'paragraph', text: '', tokens}));
		}

		inline = [];
	};

	for (const node of nodes) {
		if (!isBlock(node) || depth > maximumDepth) {
			inline.push(node);
			continue;
		}

		flushInline();
		blocks.push(...htmlBlock(node as HtmlElement, depth + 1));
	}

	flushInline();
	return blocks;
}

const maximumDepth = 40;

function htmlBlock(element: HtmlElement, depth: number): Token[] {
	const {name, children} = element;
	switch (name) {
		case 'p':
		case 'dt':
		case 'figcaption':
		case 'caption':
		case 'summary': {
			const tokens = trimInline(htmlInline(children, depth));
			return tokens.length > 0
				? [make({type: 'paragraph', text: '', tokens})]
				: [];
		}

		case 'h1':
		case 'h2':
		case 'h3':
		case 'h4':
		case 'h5':
		case 'h6': {
			const tokens = trimInline(htmlInline(children, depth));
			return tokens.length > 0
				? [make({type: 'heading', depth: Number(name[1]), text: '', tokens})]
				: [];
		}

		case 'hr': {
			return [make({type: 'hr'})];
		}

		case 'pre': {
			return [
				make({
					type: 'code',
					text: htmlRawText(children).replace(/^\n/, '').replace(/\n$/, ''),
					codeBlockStyle: 'indented',
				}),
			];
		}

		case 'blockquote': {
			return [
				make({
					type: 'blockquote',
					text: '',
					tokens: htmlBlocks(children, depth),
				}),
			];
		}

		case 'ul':
		case 'ol': {
			const items = children
				.filter(
					(child): child is HtmlElement =>
						child.kind === 'element' && child.name === 'li',
				)
				.map((item) =>
					make({
						type: 'list_item',
						text: '',
						task: false,
						loose: false,
						tokens: htmlBlocks(item.children, depth),
					}),
				);
			const start = Number.parseInt(element.attributes.start ?? '1', 10);
			return items.length > 0
				? [
						make({
							type: 'list',
							ordered: name === 'ol',
							start: Number.isFinite(start) ? start : 1,
							loose: false,
							items,
						}),
					]
				: [];
		}

		case 'table': {
			return htmlTable(element, depth);
		}

		case 'details': {
			const summary = children.find(
				(child): child is HtmlElement =>
					child.kind === 'element' && child.name === 'summary',
			);
			const rest = children.filter((child) => child !== summary);
			return [
				make({
					type: 'details',
					summary: summary
						? trimInline(htmlInline(summary.children, depth))
						: [textToken('Details')],
					tokens: htmlBlocks(rest, depth),
				}),
			];
		}

		default: {
			// Div, section, figure, center and the like: their content, block by block.
			return htmlBlocks(children, depth);
		}
	}
}

/** Text of a `<pre>` as written, line breaks kept. */
function htmlRawText(nodes: readonly HtmlNode[]): string {
	let text = '';
	const stack: HtmlNode[] = [...nodes].reverse();
	while (stack.length > 0) {
		const node = stack.pop()!;
		if (node.kind === 'text') {
			text += node.text;
		} else if (node.name === 'br') {
			text += '\n';
		} else {
			for (let index = node.children.length - 1; index >= 0; index--) {
				stack.push(node.children[index]);
			}
		}
	}

	return text;
}

function htmlTable(table: HtmlElement, depth: number): Token[] {
	const rows: HtmlElement[] = [];
	let caption: HtmlElement | undefined;
	const stack: HtmlNode[] = [...table.children].reverse();
	while (stack.length > 0) {
		const node = stack.pop()!;
		if (node.kind !== 'element') {
			continue;
		}

		if (node.name === 'tr') {
			rows.push(node);
		} else if (node.name === 'caption') {
			caption = node;
		} else if (node.name !== 'table') {
			for (let index = node.children.length - 1; index >= 0; index--) {
				stack.push(node.children[index]);
			}
		}
	}

	const cellsOf = (row: HtmlElement) =>
		row.children.filter(
			(child): child is HtmlElement =>
				child.kind === 'element' &&
				(child.name === 'td' || child.name === 'th'),
		);
	const before: Token[] = caption ? htmlBlock(caption, depth) : [];
	if (rows.length === 0) {
		return before;
	}

	const columns = Math.max(1, ...rows.map((row) => cellsOf(row).length));
	const cell = (element: HtmlElement | undefined, header: boolean) => {
		const align = element?.attributes.align;
		return {
			text: '',
			tokens: element ? trimInline(htmlInline(element.children, depth)) : [],
			header,
			align:
				align === 'center' || align === 'right' || align === 'left'
					? align
					: null,
		};
	};

	const row = (element: HtmlElement, header: boolean) => {
		const cells = cellsOf(element);
		return Array.from({length: columns}, (_, index) =>
			cell(cells[index], header),
		);
	};

	// A first row of <th> only is the header; otherwise the table has an empty header.
	const firstCells = cellsOf(rows[0]);
	const hasHeader =
		firstCells.length > 0 && firstCells.every((entry) => entry.name === 'th');
	const header = hasHeader
		? row(rows[0], true)
		: Array.from({length: columns}, () => cell(undefined, true));
	const body = (hasHeader ? rows.slice(1) : rows).map((entry) =>
		row(entry, false),
	);
	return [
		...before,
		make({
			type: 'table',
			header,
			rows: body,
			align: header.map((entry) => entry.align),
		}),
	];
}

/** Drop white space at the ends of inline content, as a browser does. */
function trimInline(tokens: Token[]): Token[] {
	const first = tokens[0];
	if (first?.type === 'text') {
		(first as Tokens.Text).text = (first as Tokens.Text).text.trimStart();
	}

	const last = tokens.at(-1);
	if (last?.type === 'text') {
		(last as Tokens.Text).text = (last as Tokens.Text).text.trimEnd();
	}

	return tokens.filter(
		(token) => token.type !== 'text' || (token as Tokens.Text).text !== '',
	);
}

const collapse = (text: string) => text.replaceAll(/[ \t\n\r\f]+/g, ' ');

/** Inline HTML as the inline tokens of its markdown twin: `<strong>` strong, `<a>` a link, `<kbd>` and `<code>` code, `<br>` a line break, `<img>` an image. */
export function htmlInline(nodes: readonly HtmlNode[], depth = 0): Token[] {
	const tokens: Token[] = [];
	for (const node of nodes) {
		if (node.kind === 'text') {
			tokens.push(textToken(collapse(node.text)));
			continue;
		}

		const inner = () =>
			depth > maximumDepth
				? [textToken(htmlPlainText(node.children))]
				: htmlInline(node.children, depth + 1);
		switch (node.name) {
			case 'br': {
				tokens.push(make({type: 'br'}));
				break;
			}

			case 'img': {
				const alt = node.attributes.alt ?? node.attributes.title ?? '';
				tokens.push(
					make({
						type: 'image',
						href: node.attributes.src ?? '',
						title: null,
						text: alt,
						tokens: alt ? [textToken(alt)] : [],
					}),
				);
				break;
			}

			case 'strong':
			case 'b': {
				tokens.push(make({type: 'strong', text: '', tokens: inner()}));
				break;
			}

			case 'em':
			case 'i':
			case 'cite':
			case 'var':
			case 'dfn': {
				tokens.push(make({type: 'em', text: '', tokens: inner()}));
				break;
			}

			case 'del':
			case 's':
			case 'strike': {
				tokens.push(make({type: 'del', text: '', tokens: inner()}));
				break;
			}

			case 'code':
			case 'kbd':
			case 'samp':
			case 'tt': {
				tokens.push(make({type: 'codespan', text: htmlPlainText([node])}));
				break;
			}

			case 'a': {
				const href = node.attributes.href ?? '';
				const children = inner();
				tokens.push(
					href
						? make({
								type: 'link',
								href,
								title: null,
								text: '',
								tokens: children,
							})
						: make({type: 'strong-less', tokens: children}),
				);
				break;
			}

			default: {
				if (isBlock(node)) {
					// A block inside inline content (a <div> in a <td>, a <p> in an <li>): its text, on its own line.
					tokens.push(make({type: 'br'}), ...inner(), make({type: 'br'}));
				} else {
					tokens.push(...inner());
				}
			}
		}
	}

	const flat = tokens.flatMap((token) =>
		token.type === 'strong-less'
			? ((token as unknown as {tokens: Token[]}).tokens ?? [])
			: [token],
	);
	// White space around a line break is not shown, as in a browser.
	for (const [index, token] of flat.entries()) {
		if (token.type !== 'br') {
			continue;
		}

		const before = flat[index - 1];
		const after = flat[index + 1];
		if (before?.type === 'text') {
			(before as Tokens.Text).text = (before as Tokens.Text).text.trimEnd();
		}

		if (after?.type === 'text') {
			(after as Tokens.Text).text = (after as Tokens.Text).text.trimStart();
		}
	}

	return flat;
}
