import {decodeHTMLStrict} from 'entities';
import type {Token, Tokens} from 'marked';
import {htmlPlainText, parseHtml} from './html-text.js';

/** Text that came from HTML (already decoded by the parser) carries this flag; marked's text still holds named entities. */
export type DecodedText = Tokens.Text & {decoded?: boolean};

/** The text of a markdown text token as the reader sees it: named entities decoded (marked decodes numeric ones itself). */
export function decodedText(token: Tokens.Text | Tokens.Escape): string {
	if (token.type === 'escape' || (token as DecodedText).decoded) {
		return token.text;
	}

	return token.text.includes('&') ? decodeHTMLStrict(token.text) : token.text;
}

/** The child tokens of any token: inline tokens, list items, table cells, footnote content, a details block's summary and body. */
export function childTokens(token: Token): Token[] {
	const children: Token[] = [];
	const record = token as unknown as Record<string, unknown>;
	if (token.type === 'table') {
		const table = token as Tokens.Table;
		for (const cell of table.header) {
			children.push(...cell.tokens);
		}

		for (const row of table.rows) {
			for (const cell of row) {
				children.push(...cell.tokens);
			}
		}

		return children;
	}

	for (const key of ['summary', 'tokens', 'items', 'content']) {
		const value = record[key];
		if (Array.isArray(value)) {
			children.push(...(value as Token[]));
		}
	}

	return children;
}

/**
The plain text of tokens, block or inline: what a reader would copy. Iterative, so no depth of nesting can overflow the stack.
*/
export function plainText(tokens: readonly Token[]): string {
	let text = '';
	// A string on the stack is text to add after a block's children: the space between blocks.
	const stack: Array<Token | string> = [...tokens].reverse();
	while (stack.length > 0) {
		const token = stack.pop()!;
		if (typeof token === 'string') {
			text += token;
			continue;
		}

		switch (token.type) {
			case 'text':
			case 'escape': {
				const children = (token as Tokens.Text).tokens;
				if (children && children.length > 0) {
					pushChildren(stack, children);
				} else {
					text += decodedText(token as Tokens.Text);
				}

				break;
			}

			case 'codespan':
			case 'code': {
				text += (token as Tokens.Codespan).text;
				break;
			}

			case 'br': {
				text += ' ';
				break;
			}

			case 'html': {
				text += htmlPlainText(parseHtml((token as Tokens.HTML).text).nodes);
				break;
			}

			case 'image': {
				const image = token as Tokens.Image;
				if (image.tokens && image.tokens.length > 0) {
					pushChildren(stack, image.tokens);
				} else {
					text += image.text;
				}

				break;
			}

			case 'checkbox':
			case 'space':
			case 'def':
			case 'hr':
			case 'footnoteRef': {
				break;
			}

			case 'strong':
			case 'em':
			case 'del':
			case 'link': {
				pushChildren(stack, childTokens(token));
				break;
			}

			default: {
				// A block: a space before and after it, so that words of two blocks never run together.
				text += ' ';
				stack.push(' ');
				pushChildren(stack, childTokens(token));
			}
		}
	}

	return text.replaceAll(/\s+/g, ' ').trim();
}

function pushChildren(
	stack: Array<Token | string>,
	children: readonly Token[],
) {
	for (let index = children.length - 1; index >= 0; index--) {
		stack.push(children[index]);
	}
}
