import {Lexer, Marked, type Token, type Tokens, type TokensList} from 'marked';
import markedFootnote from 'marked-footnote';
import {plainText} from './plain-text.js';

/** Lex markdown as gazette reads it: GFM, with footnotes. May throw (nesting thousands deep overflows marked's stack). */
export function lexMarkdown(markdown: string): TokensList {
	// Without `[^` there is no footnote to find, and a Marked instance with the extension costs more than lexing a line.
	if (!markdown.includes('[^')) {
		return new Lexer({gfm: true}).lex(markdown);
	}

	// A new instance each time: marked-footnote keeps its numbering in the instance.
	const marked = new Marked({gfm: true});
	marked.use(markedFootnote());
	return marked.lexer(markdown);
}

/** A paragraph of images alone (a lead photo, a row of badges). */
function isImageOnly(token: Token): boolean {
	if (token.type !== 'paragraph') {
		return false;
	}

	// A paragraph whose inline content was not lexed (markdownTitle's fast path) is not taken for images.
	const {tokens} = token as Tokens.Paragraph;
	return (
		tokens.length > 0 &&
		tokens.every(
			(child) =>
				child.type === 'image' ||
				(child.type === 'link' &&
					(child as Tokens.Link).tokens.every(
						(inner) => inner.type === 'image',
					)) ||
				(child.type === 'text' && (child as Tokens.Text).text.trim() === ''),
		)
	);
}

/** Blocks that show no text of the article and are passed over: blank lines, footnote definitions (gathered at the end). */
export function isPassedOver(token: Token): boolean {
	return (
		token.type === 'space' ||
		token.type === 'footnote' ||
		token.type === 'footnotes'
	);
}

/** What may come before an article's `#` title: images (a lead photo, badges), link definitions and HTML that shows no text (comments); nothing else. */
export function mayPrecedeTitle(token: Token): boolean {
	return (
		isImageOnly(token) ||
		token.type === 'def' ||
		(token.type === 'html' && plainText([token]) === '')
	);
}

/** Text that marked left as written: a reference (`[a][ref]`, `[^1]`) whose definition may lie past the head that was lexed. */
function mayHoldReference(tokens: readonly Token[]): boolean {
	const stack = [...tokens];
	while (stack.length > 0) {
		const token = stack.pop()!;
		const {tokens: children} = token as {tokens?: Token[]};
		if (children && children.length > 0) {
			stack.push(...children);
		} else if (token.type === 'text' && token.raw.includes(']')) {
			return true;
		}
	}

	return false;
}

/** Where a head of the body ends: after the line that holds character `length` and the blank lines after it. */
function headEnd(body: string, length: number): number {
	if (length >= body.length) {
		return body.length;
	}

	let end = body.indexOf('\n', length) + 1;
	while (end > 0 && end < body.length) {
		const next = body.indexOf('\n', end) + 1;
		if (next === 0 || body.slice(end, next).trim() !== '') {
			break;
		}

		end = next;
	}

	return end === 0 ? body.length : end;
}

type Head = {
	tokens: Token[];
	/** How many of the blocks are as in the whole body. */
	settled: number;
	whole: boolean;
	/** Lex a block's inline content, which the head leaves for the blocks that need it. */
	inline: (token: Token) => void;
};

/**
The blocks of the head of a body up to `end`, and how many of them are as in the whole body: those before its last block, and the last one too when nothing after the head can change it (the head is the whole body; the block is a heading, a line or a line and its underline; or it is a paragraph or a link definition that a blank line ends).

Inline content is lexed only when asked for, as marked itself would lex it. Markdown nested too deep for marked in the head: a shorter head, down to its first line.
*/
function lexHead(body: string, end: number): Head | undefined {
	for (;;) {
		const whole = end === body.length;
		try {
			const {tokens, inline} = lexBlocks(body.slice(0, end));
			const last = tokens.findLastIndex((token) => !isPassedOver(token));
			const type = tokens[last]?.type;
			const settled =
				whole ||
				type === 'heading' ||
				((type === 'paragraph' || type === 'def') &&
					tokens.at(-1)?.type === 'space')
					? tokens.length
					: last;
			return {tokens, settled: Math.max(0, settled), whole, inline};
		} catch {
			// Halved, so that a head of many deep lines is lexed a few times, not once per line.
			const before = body.lastIndexOf('\n', Math.floor(end / 2) - 1);
			if (before === -1 || before + 1 >= end) {
				return undefined;
			}

			end = before + 1;
		}
	}
}

/** Lex markdown's blocks; inline content when asked for, block by block (with footnotes, all at once). */
function lexBlocks(markdown: string): Pick<Head, 'tokens' | 'inline'> {
	if (markdown.includes('[^')) {
		return {
			tokens: lexMarkdown(markdown),
			inline() {
				// Lexed with the blocks.
			},
		};
	}

	const lexer = new Lexer({gfm: true});
	const tokens = lexer.blockTokens(
		markdown.replaceAll(/\r\n?/g, '\n'),
		lexer.tokens,
	);
	return {
		tokens,
		inline(token) {
			const {tokens: children} = token as {tokens?: Token[]};
			for (const entry of lexer.inlineQueue) {
				if (entry.tokens === children && children.length === 0) {
					lexer.state.inRawBlock = false;
					lexer.inlineTokens(entry.src, entry.tokens);
				}
			}
		},
	};
}

/**
An article's title from its body, by the rule the reader follows (sections.ts): a `#` heading with nothing before it but images, link definitions and comments. Its text comes from the parsed heading.

Only the head of the body is lexed (the library reads thousands of files), and of its blocks only those that decide; the whole body only when a reference's definition might come later.
*/
export function markdownTitle(body: string): string | undefined {
	try {
		return titleOfHead(body);
	} catch {
		// Inline markup nested too deep for marked: the reader shows such an article as plain text, without a title heading.
		return undefined;
	}
}

function titleOfHead(body: string): string | undefined {
	// The first line decides in most articles (a `#` title, or text): lex that, and more only when it does not.
	let length = 0;
	for (;;) {
		const head = lexHead(body, headEnd(body, length));
		if (!head) {
			return undefined;
		}

		const {tokens, settled, whole, inline} = head;
		const deciding = tokens.slice(0, settled).findIndex((token) => {
			if (isPassedOver(token)) {
				return false;
			}

			// Only a heading's text and a paragraph that may be images alone (it starts with `!` or `[`) need their inline content.
			if (
				token.type === 'heading' ||
				(token.type === 'paragraph' && /^\s*[![]/.test(token.raw))
			) {
				inline(token);
			}

			return !mayPrecedeTitle(token);
		});
		if (deciding === -1) {
			if (whole || length >= body.length) {
				return undefined;
			}

			length = Math.max(512, length * 4);
			continue;
		}

		if (
			length < body.length &&
			mayHoldReference(tokens.slice(0, deciding + 1))
		) {
			// A reference defined further down would change the text or the images before the title: the whole body decides.
			length = body.length;
			continue;
		}

		const block = tokens[deciding];
		return block.type === 'heading' && (block as Tokens.Heading).depth === 1
			? plainText((block as Tokens.Heading).tokens) || undefined
			: undefined;
	}
}
