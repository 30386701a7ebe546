import {Parser} from 'htmlparser2';

/** An element or text of HTML written inside markdown, as htmlparser2 reads it. */
export type HtmlNode =
	| {
			kind: 'element';
			name: string;
			attributes: Readonly<Record<string, string>>;
			children: HtmlNode[];
			/** False when the HTML ended before the element's closing tag. */
			closed: boolean;
	  }
	| {kind: 'text'; text: string};

export type HtmlElement = Extract<HtmlNode, {kind: 'element'}>;

// Never shown: what a browser does not show either.
const hiddenElements = new Set([
	'script',
	'style',
	'template',
	'head',
	'title',
	'noscript',
	'iframe',
	'object',
	'svg',
	'math',
	'select',
]);

export type ParsedHtml = {
	/** The HTML's nodes; with `inside`, those before the closing tag of the element open before it. */
	nodes: HtmlNode[];
	/** With `inside`: whether the HTML closed that element, and the nodes after its closing tag. */
	closed: boolean;
	after: HtmlNode[];
};

/**
Parse HTML with htmlparser2 into a tree. Comments, processing instructions, CDATA, scripts and styles are left out; entities are decoded by the parser.

`inside` names an element opened by earlier HTML (a `<details>` whose `</details>` comes in a later block): the HTML is read as its content, and `closed` says whether it ends there.
*/
export function parseHtml(html: string, inside?: string): ParsedHtml {
	const root: HtmlElement = {
		kind: 'element',
		name: '#root',
		attributes: {},
		children: [],
		closed: true,
	};
	const stack: HtmlElement[] = [root];
	let wrapper: HtmlElement | undefined;
	let closed = false;
	let hiddenDepth = 0;
	const parser = new Parser(
		{
			onopentag(name, attributes) {
				const element: HtmlElement = {
					kind: 'element',
					name,
					attributes,
					children: [],
					closed: false,
				};
				if (hiddenDepth > 0 || hiddenElements.has(name)) {
					hiddenDepth++;
				}

				stack.at(-1)!.children.push(element);
				stack.push(element);
			},
			ontext(text) {
				if (hiddenDepth === 0) {
					stack.at(-1)!.children.push({kind: 'text', text});
				}
			},
			onclosetag(_name, isImplied) {
				if (stack.length <= 1) {
					return;
				}

				const element = stack.pop()!;
				if (hiddenDepth > 0) {
					hiddenDepth--;
				}

				// Void elements (br, img) close at once, implied: they are complete all the same.
				element.closed = !isImplied || element.children.length === 0;
				if (element === wrapper && !isImplied) {
					closed = true;
				}
			},
		},
		{decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true},
	);
	if (inside) {
		parser.write(`<${inside}>`);
		wrapper = stack.at(-1);
	}

	parser.write(html);
	parser.end();
	if (!wrapper) {
		return {nodes: root.children, closed: false, after: []};
	}

	return {
		nodes: wrapper.children,
		closed,
		after: root.children.slice(root.children.indexOf(wrapper) + 1),
	};
}

/** Text of nodes, whitespace as a browser collapses it. Iterative. */
export function htmlPlainText(nodes: readonly HtmlNode[]): string {
	let text = '';
	const stack: HtmlNode[] = [...nodes].reverse();
	while (stack.length > 0) {
		const node = stack.pop()!;
		if (node.kind === 'text') {
			text += node.text;
		} else if (node.name === 'br') {
			text += ' ';
		} else if (node.name === 'img') {
			text += node.attributes.alt ?? '';
		} else {
			for (let index = node.children.length - 1; index >= 0; index--) {
				stack.push(node.children[index]);
			}
		}
	}

	return text.replaceAll(/\s+/g, ' ').trim();
}
