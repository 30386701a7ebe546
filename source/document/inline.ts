import {decodeHTMLStrict} from 'entities';
import type {Token, Tokens, TokensList} from 'marked';
import TerminalRenderer from 'marked-terminal';
import {visibleControl} from '../terminal/sanitize.js';
import {glyphs, noteMark, theme} from '../terminal/theme.js';
import {type HtmlNode, parseHtml} from '../library/html-text.js';
import {decodedText, plainText} from '../library/plain-text.js';
import {htmlInline} from './html.js';
import {inlineQuoteSpans} from './speech.js';

export type InlineContext = Readonly<{
	/** Emit OSC 8 hyperlinks (for http, https and mailto only). */
	hyperlinks: boolean;
	links: TokensList['links'];
	/** Each link's number by its address: a link's text is followed by its number (`[3]`), as the link picker lists it. */
	linkNumbers?: ReadonlyMap<string, number>;
}>;

const safeLinkProtocol = /^(?:https?:|mailto:)/i;

/** The span renderers of marked-terminal that gazette uses, called with text already rendered. */
type SpanRenderer = Readonly<{
	strong(text: string): string;
	em(text: string): string;
	del(text: string): string;
	codespan(text: string): string;
	/** `:smile:` and the other shortcodes, as emoji. */
	emoji(text: string): string;
}>;

/*
Marked-terminal styles the spans (bold, italic, struck, code) in gazette's theme and turns emoji shortcodes into emoji; gazette lays out the blocks, tables, quotes, links and HTML itself, so that no word is lost at any width.
*/
const spans = new TerminalRenderer({
	strong: (text: string) => theme.text.strong(text),
	em: (text: string) => theme.text.emphasis(text),
	del: (text: string) => theme.text.strike(text),
	codespan: (text: string) => theme.text.code(text),
	emoji: true,
	unescape: false,
}) as unknown as SpanRenderer;

// Marked-terminal hides the colons of a code span from its emoji pass with this mark, and undoes it only for whole paragraphs.
const colonMark = '*#COLON|*';

// Text from the library is already sanitized; this is a second fence for anything an entity or the HTML parser decodes. Tabs are expanded before it.
const controlCharacter = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/g;

function withoutControls(text: string): string {
	return text.replaceAll(controlCharacter, (character) =>
		character === '\n' ? ' ' : visibleControl(character),
	);
}

const addressControl = /[\u0000-\u001F\u007F-\u009F]/g;

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

/** Tabs to spaces, to the next stop of four columns within the text's own line. */
function expandTabs(text: string): string {
	if (!text.includes('\t')) {
		return text;
	}

	let result = '';
	let column = 0;
	for (const character of text) {
		if (character === '\t') {
			const spaces = 4 - (column % 4);
			result += ' '.repeat(spaces);
			column += spaces;
		} else {
			column = character === '\n' ? 0 : column + 1;
			result += character;
		}
	}

	return result;
}

// Placeholders for markdown tokens while the HTML around them is parsed: private-use characters, which no article holds (the check below makes sure).
const slotOpen = '\uE000';
const slotClose = '\uE001';
const slotPattern = /\uE000(\d+)\uE001/g;

/**
Inline HTML (`<kbd>`, `<a href>…</a>`, `<br>`, comments) is split by marked into one token per tag, with markdown tokens between them. Put the whole run through htmlparser2 at once, markdown tokens held by placeholders, and turn the tree back into tokens: tags become their markdown twins, the markdown tokens come back where they were.
*/
export function foldInlineHtml(tokens: readonly Token[]): Token[] {
	if (!tokens.some((token) => token.type === 'html')) {
		return [...tokens];
	}

	let html = '';
	for (const [index, token] of tokens.entries()) {
		if (token.type === 'html') {
			const {text} = token as Tokens.HTML;
			if (text.includes(slotOpen) || text.includes(slotClose)) {
				return tokens.map((entry) =>
					entry.type === 'html'
						? {
								type: 'text',
								raw: '',
								text: plainText([entry]),
								decoded: true,
							}
						: entry,
				);
			}

			html += text;
		} else {
			html += `${slotOpen}${index}${slotClose}`;
		}
	}

	const restore = (nodes: readonly HtmlNode[]): Token[] =>
		htmlInline(nodes).flatMap((token) => {
			if (token.type !== 'text') {
				return [token];
			}

			const {text} = token as Tokens.Text;
			if (!text.includes(slotOpen)) {
				return [{...token, decoded: true}];
			}

			const pieces: Token[] = [];
			let at = 0;
			for (const match of text.matchAll(slotPattern)) {
				if (match.index > at) {
					pieces.push({
						type: 'text',
						raw: '',
						text: text.slice(at, match.index),
						decoded: true,
					});
				}

				pieces.push(tokens[Number(match[1])]);
				at = match.index + match[0].length;
			}

			if (at < text.length) {
				pieces.push({
					type: 'text',
					raw: '',
					text: text.slice(at),
					decoded: true,
				});
			}

			return pieces;
		});

	return restoreNested(restore(parseHtml(html).nodes), tokens, restore);
}

/** Placeholders inside the tokens made from HTML (a markdown emphasis inside `<a>`): restored through their children too. */
function restoreNested(
	made: Token[],
	original: readonly Token[],
	restore: (nodes: readonly HtmlNode[]) => Token[],
): Token[] {
	const stack: Token[] = [...made];
	while (stack.length > 0) {
		const token = stack.pop()!;
		if (original.includes(token)) {
			continue;
		}

		const holder = token as unknown as {tokens?: Token[]; text?: string};
		if (token.type === 'codespan' && holder.text?.includes(slotOpen)) {
			holder.text = holder.text.replaceAll(slotPattern, (_, index: string) =>
				plainText([original[Number(index)]]),
			);
		}

		if (holder.tokens) {
			holder.tokens = holder.tokens.flatMap((child) => {
				if (
					child.type === 'text' &&
					(child as Tokens.Text).text.includes(slotOpen)
				) {
					return restore([{kind: 'text', text: (child as Tokens.Text).text}]);
				}

				return [child];
			});
			stack.push(...holder.tokens);
		}
	}

	return made;
}

/** The plain address of a link or image: no control character can end an OSC 8 sequence early. */
export function linkAddress(href: string): string {
	// Marked leaves named entities in addresses as written (`/f&ouml;`).
	return (href.includes('&') ? decodeHTMLStrict(href) : href).replaceAll(
		addressControl,
		'',
	);
}

function hyperlink(href: string, label: string): string {
	return `\u001B]8;;${href}\u0007${label}\u001B]8;;\u0007`;
}

/** `http://www.x.org/` and `www.x.org` say the same: the address is not shown twice. */
function sameAddress(text: string, href: string): boolean {
	const bare = (value: string) =>
		value
			.trim()
			.replace(/^mailto:/i, '')
			.replace(/^https?:\/\//i, '')
			.replace(/\/$/, '')
			.toLowerCase();
	return text === '' || bare(text) === bare(href);
}

/** Render inline tokens to one styled string; a hard line break is `\n`. */
export function renderInline(
	tokens: readonly Token[],
	context: InlineContext,
): string {
	const folded = foldInlineHtml(tokens);
	let result = '';
	for (const [index, token] of folded.entries()) {
		result += renderInlineToken(token, context, folded[index - 1]);
	}

	return result;
}

function renderInlineToken(
	token: Token,
	context: InlineContext,
	previous: Token | undefined,
): string {
	switch (token.type) {
		case 'text': {
			const text = token as Tokens.Text;
			if (text.tokens && text.tokens.length > 0) {
				return renderInline(text.tokens, context);
			}

			let value = expandTabs(decodedText(text));
			// A line break right after an image keeps a caption on its own line rather than after the address.
			const keepBreak = previous?.type === 'image' && value.startsWith('\n');
			if (keepBreak) {
				value = value.replace(/^\n */, '');
			}

			return (
				(keepBreak ? '\n' : '') +
				highlightSpeech(withoutControls(spans.emoji(value)))
			);
		}

		case 'escape': {
			return withoutControls((token as Tokens.Escape).text);
		}

		case 'strong': {
			return spans.strong(
				renderInline((token as Tokens.Strong).tokens, context),
			);
		}

		case 'em': {
			return spans.em(renderInline((token as Tokens.Em).tokens, context));
		}

		case 'del': {
			return spans.del(renderInline((token as Tokens.Del).tokens, context));
		}

		case 'codespan': {
			return spans
				.codespan(withoutControls(expandTabs((token as Tokens.Codespan).text)))
				.replaceAll(colonMark, ':');
		}

		case 'br': {
			return '\n';
		}

		case 'link': {
			return renderLink(token as Tokens.Link, context);
		}

		case 'image': {
			return renderImage(token as Tokens.Image, context, undefined);
		}

		case 'footnoteRef': {
			const reference = token as unknown as {id: string};
			return theme.text.link(noteMark(Number(reference.id) || 0));
		}

		case 'checkbox':
		case 'html': {
			return '';
		}

		default: {
			const generic = token as {tokens?: Token[]; text?: string};
			return generic.tokens
				? renderInline(generic.tokens, context)
				: withoutControls(generic.text ?? '');
		}
	}
}

function renderLink(token: Tokens.Link, context: InlineContext): string {
	const href = linkAddress(token.href);
	const children = token.tokens ?? [];
	// A linked image (a badge) is the image, pointing where the link points: one address, not two.
	if (children.length === 1 && children[0].type === 'image') {
		return renderImage(children[0] as Tokens.Image, context, href);
	}

	const text = renderInline(children, context);
	const label = theme.text.link(text);
	const number = numberMark(href, context);
	if (context.hyperlinks && safeLinkProtocol.test(href)) {
		return hyperlink(href, label) + number;
	}

	return sameAddress(plainText(children), href) || !href
		? label + number
		: `${label}${number} ${theme.text.url(`(${href})`)}`;
}

/** The number of a link to this address (`[3]`), when links are numbered, else nothing. */
function numberMark(href: string, context: InlineContext): string {
	const number = context.linkNumbers?.get(href);
	return number === undefined ? '' : theme.text.dim(`[${number}]`);
}

function renderImage(
	token: Tokens.Image,
	context: InlineContext,
	linkHref: string | undefined,
): string {
	const alt =
		withoutControls(
			token.tokens && token.tokens.length > 0
				? plainText(token.tokens)
				: token.text,
		).trim() || 'image';
	const target = linkHref ?? linkAddress(token.href);
	const label = `${glyphs.image} ${alt}`;
	// Only a linked image (a badge) opens a page: it carries the link's number.
	const number = linkHref === undefined ? '' : numberMark(linkHref, context);
	if (context.hyperlinks && safeLinkProtocol.test(target)) {
		return hyperlink(target, label) + number;
	}

	return target
		? `${label}${number} ${theme.text.url(target)}`
		: label + number;
}
