import {Lexer, type Token, type Tokens} from 'marked';
import {plainInline} from '../library/plain-text.js';

/** A link of an article, numbered in reading order from 1, as w3m and lynx number them. */
export type ArticleLink = Readonly<{number: number; text: string; url: string}>;

// Only what a browser should be asked to open: web pages and mail.
const openable = /^(?:https?:\/\/|mailto:)/i;

/** The children of a token, in reading order: inline tokens, list items, table cells. */
function childrenOf(token: Token): Token[] {
	const children: Token[] = [];
	if ('tokens' in token && Array.isArray(token.tokens)) {
		children.push(...token.tokens);
	}

	if (token.type === 'list') {
		children.push(...(token as Tokens.List).items);
	}

	if (token.type === 'table') {
		const table = token as Tokens.Table;
		for (const cell of [...table.header, ...table.rows.flat()]) {
			children.push(...cell.tokens);
		}
	}

	return children;
}

/** Every link to a web page or a mail address in the article, in reading order; the same address twice is listed once. */
export function articleLinks(markdown: string): ArticleLink[] {
	let tokens: Token[];
	try {
		tokens = new Lexer({gfm: true}).lex(markdown);
	} catch {
		// Markdown marked cannot read (the reader shows it as plain text): no links.
		return [];
	}

	const links: ArticleLink[] = [];
	const seen = new Set<string>();
	// A stack rather than recursion: nesting depth comes from the article.
	const stack = tokens.toReversed();
	while (stack.length > 0) {
		const token = stack.pop()!;
		if (token.type === 'link') {
			const link = token as Tokens.Link;
			if (openable.test(link.href) && !seen.has(link.href)) {
				seen.add(link.href);
				links.push({
					number: links.length + 1,
					text: plainInline(link.text) || link.href,
					url: link.href,
				});
			}

			continue;
		}

		stack.push(...childrenOf(token).toReversed());
	}

	return links;
}
