/**
Making a fetched page safe to extract and convert: scripts, styles, frames, plugins, form controls and event attributes go; only http(s) and mailto links stay; lazy-loaded images get their real address; and nesting is capped, because Readability and turndown take seconds or overflow the stack on pages nested thousands deep.
*/

/** The little of a DOM element this module uses (linkedom's, in the extraction worker). */
export type DomElement = {
	readonly tagName: string;
	readonly firstElementChild: DomElement | null;
	readonly nextElementSibling: DomElement | null;
	readonly parentElement: DomElement | null;
	textContent: string | null;
	getAttributeNames(): Iterable<string>;
	getAttribute(name: string): string | null;
	setAttribute(name: string, value: string): void;
	removeAttribute(name: string): void;
	remove(): void;
};

export const maxDepth = 150;

const droppedElements = new Set([
	'SCRIPT',
	'STYLE',
	'NOSCRIPT',
	'TEMPLATE',
	'IFRAME',
	'FRAME',
	'FRAMESET',
	'OBJECT',
	'EMBED',
	'APPLET',
	'BASE',
	'INPUT',
	'BUTTON',
	'SELECT',
	'TEXTAREA',
	'OPTION',
	'DIALOG',
	'CANVAS',
	'SVG',
	'MATH',
]);

const urlAttributes = new Set([
	'href',
	'src',
	'action',
	'formaction',
	'poster',
	'background',
	'cite',
	'longdesc',
	'data',
	'xlink:href',
	'srcset',
]);

const lazySources = [
	'data-src',
	'data-lazy-src',
	'data-original',
	'data-url',
	'data-hi-res-src',
];

/** An absolute address with a safe scheme, or undefined. */
function safeAddress(
	value: string,
	base: string,
	schemes: ReadonlySet<string>,
): string | undefined {
	try {
		const url = new URL(value.trim(), base);
		return schemes.has(url.protocol) ? url.href : undefined;
	} catch {
		return undefined;
	}
}

const webSchemes = new Set(['http:', 'https:']);
const linkSchemes = new Set(['http:', 'https:', 'mailto:']);

function firstOfSrcset(srcset: string): string {
	return srcset.trim().split(/\s+/, 1)[0] ?? '';
}

/** The image's real address: a lazy-load attribute wins over a placeholder `src` (a data: GIF, a spinner). */
function imageSource(element: DomElement, base: string): string | undefined {
	const candidates = [
		...lazySources.map((name) => element.getAttribute(name)),
		element.getAttribute('src'),
		firstOfSrcset(element.getAttribute('data-srcset') ?? ''), // eslint-disable-line unicorn/prefer-dom-node-dataset
		firstOfSrcset(element.getAttribute('srcset') ?? ''),
	];
	for (const candidate of candidates) {
		if (candidate) {
			const address = safeAddress(candidate, base, webSchemes);
			if (address) {
				return address;
			}
		}
	}

	return undefined;
}

function cleanAttributes(element: DomElement, base: string): void {
	// The names alone: linkedom builds `attributes` as a proxied map for every element asked.
	const names = [...element.getAttributeNames()];
	for (const name of names) {
		const lower = name.toLowerCase();
		if (
			lower.startsWith('on') ||
			lower === 'style' ||
			lower === 'srcdoc' ||
			(urlAttributes.has(lower) && !(lower === 'href' || lower === 'src'))
		) {
			element.removeAttribute(name);
		}
	}

	const tag = element.tagName;
	if (tag === 'IMG' || tag === 'SOURCE') {
		const source = imageSource(element, base);
		if (source) {
			element.setAttribute('src', source);
		} else {
			element.removeAttribute('src');
		}

		return;
	}

	const href = element.getAttribute('href');
	if (href !== null) {
		const address = safeAddress(href, base, linkSchemes);
		if (address) {
			element.setAttribute('href', address);
		} else {
			element.removeAttribute('href');
		}
	}

	const source = element.getAttribute('src');
	if (source !== null && !safeAddress(source, base, webSchemes)) {
		element.removeAttribute('src');
	}
}

/**
Clean a document in place, from `root` down, in one iterative walk. Elements deeper than `maxDepth` keep only their text.
*/
export function cleanDocument(root: DomElement, base: string): void {
	// Depth-first, iterative: the page decides the depth, not the stack.
	let element: DomElement | null = root;
	let depth = 0;
	while (element) {
		const dropped = droppedElements.has(element.tagName.toUpperCase());
		if (!dropped) {
			cleanAttributes(element, base);
			if (depth >= maxDepth && element.firstElementChild) {
				// Everything below becomes one text node: the words stay, the nesting goes.
				const text = element.textContent ?? '';
				element.textContent = text;
			}

			const child: DomElement | null = element.firstElementChild;
			if (child) {
				element = child;
				depth++;
				continue;
			}
		}

		// Found before a removal, which unlinks the element from its siblings.
		const {next, levels} = nextOutside(element, root);
		if (dropped) {
			element.remove();
		}

		depth -= levels;
		element = next;
	}
}

/** The element after `element` in document order, skipping its descendants (null at the end of `root`), and how many levels up that is. */
function nextOutside(
	element: DomElement,
	root: DomElement,
): {next: DomElement | null; levels: number} {
	let current: DomElement | null = element;
	let levels = 0;
	while (current && current !== root) {
		if (current.nextElementSibling) {
			return {next: current.nextElementSibling, levels};
		}

		current = current.parentElement;
		levels++;
	}

	return {next: null, levels};
}

const rawTextOpening = /<(script|style|noscript|template)\b/gi;

/**
The page without its scripts, styles, noscript and template elements, cut out of the text before parsing: they are dropped anyway, and on a news page they are often most of the bytes. One pass: each search starts where the last one ended. An element left open runs to the end, as in a browser.
*/
export function stripRawText(html: string): string {
	const parts: string[] = [];
	let kept = 0;
	rawTextOpening.lastIndex = 0;
	for (;;) {
		const opening = rawTextOpening.exec(html);
		if (!opening) {
			break;
		}

		parts.push(html.slice(kept, opening.index));
		const closing = new RegExp(`</${opening[1]}\\s*>`, 'gi');
		closing.lastIndex = rawTextOpening.lastIndex;
		const end = closing.exec(html);
		if (!end) {
			kept = html.length;
			break;
		}

		kept = end.index + end[0].length;
		rawTextOpening.lastIndex = kept;
	}

	parts.push(html.slice(kept));
	return parts.join('');
}
