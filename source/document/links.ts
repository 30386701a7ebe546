import type {Token, Tokens} from 'marked';
import {parseHtml} from '../library/html-text.js';
import {plainText} from '../library/plain-text.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {htmlBlocks} from './html.js';
import {foldInlineHtml, linkAddress} from './inline.js';
import type {ArticleDocument} from './sections.js';

/** A link of an article, numbered in reading order from 1, as w3m and lynx number them. */
export type ArticleLink = Readonly<{number: number; text: string; url: string}>;

// Only what a browser should be asked to open: web pages and mail.
const openable = /^(?:https?:\/\/|mailto:)/i;

/** A token to look into, and whether its tokens are inline (HTML tags in them are folded first, as the renderer does). */
type Entry = Readonly<{token: Token; inline: boolean}>;

/** The tokens the renderer draws inside a block, in order (blocks.ts renderBlock). */
function blockChildren(token: Token): Entry[] {
	const inline = (tokens: readonly Token[] | undefined) =>
		foldInlineHtml(tokens ?? []).map((child) => ({token: child, inline: true}));
	const blocks = (tokens: readonly Token[] | undefined) =>
		(tokens ?? []).map((child) => ({token: child, inline: false}));
	switch (token.type) {
		case 'paragraph':
		case 'text':
		case 'heading': {
			return inline((token as Tokens.Paragraph).tokens);
		}

		case 'list': {
			return (token as Tokens.List).items.flatMap((item) =>
				blocks(item.tokens),
			);
		}

		case 'table': {
			const table = token as Tokens.Table;
			return [...table.header, ...table.rows.flat()].flatMap((cell) =>
				inline(cell.tokens),
			);
		}

		case 'html': {
			return blocks(htmlBlocks(parseHtml((token as Tokens.HTML).text).nodes));
		}

		case 'details': {
			const {summary, tokens} = token as unknown as {
				summary: Token[];
				tokens: Token[];
			};
			return [...inline(summary), ...blocks(tokens)];
		}

		case 'footnotes': {
			const {items} = token as unknown as {items: Array<{content: Token[]}>};
			return items.flatMap((item) => blocks(item.content));
		}

		case 'code':
		case 'space':
		case 'def':
		case 'footnote':
		case 'checkbox':
		case 'hr': {
			return [];
		}

		default: {
			return blocks((token as {tokens?: Token[]}).tokens);
		}
	}
}

/** A link in the text: where it points and what it says. */
function linkOf(link: Tokens.Link): {url: string; text: string} {
	const children = link.tokens ?? [];
	return {url: linkAddress(link.href), text: plainText(children)};
}

/**
Every link to a web page or a mail address in the article, in the order the reader shows them (the notes last); the same address twice is listed once. Found in the tokens the renderer draws, HTML `<a>` included, so that each link drawn has its number.
*/
export function articleLinks(
	document: ArticleDocument,
): readonly ArticleLink[] {
	let links = found.get(document);
	if (!links) {
		links = findLinks(document);
		found.set(document, links);
	}

	return links;
}

// Found once per document: the picker and the numbered rendering ask for the same list.
const found = new WeakMap<ArticleDocument, readonly ArticleLink[]>();

function findLinks(document: ArticleDocument): ArticleLink[] {
	const links: ArticleLink[] = [];
	const seen = new Set<string>();
	// A stack rather than recursion: nesting depth comes from the article.
	const stack: Entry[] = document.sections
		.flatMap((section) =>
			section.tokens.map((token) => ({token, inline: false})),
		)
		.reverse();
	while (stack.length > 0) {
		const {token, inline} = stack.pop()!;
		if (token.type === 'link') {
			const {url, text} = linkOf(token as Tokens.Link);
			if (openable.test(url) && !seen.has(url)) {
				seen.add(url);
				links.push({
					number: links.length + 1,
					text: sanitizeLine(text) || url,
					url,
				});
			}
		}

		// An image's alt text is drawn as plain text: no link in it is drawn.
		const children =
			token.type === 'image'
				? []
				: inline
					? foldInlineHtml((token as {tokens?: Token[]}).tokens ?? []).map(
							(child) => ({token: child, inline: true}),
						)
					: blockChildren(token);
		for (let index = children.length - 1; index >= 0; index--) {
			stack.push(children[index]);
		}
	}

	return links;
}

/** Each link's number by its address, for the renderer to mark links with. */
export function linkNumbers(
	links: readonly ArticleLink[],
): ReadonlyMap<string, number> {
	return new Map(links.map((link) => [link.url, link.number]));
}
