import type {Token, Tokens} from 'marked';
import {visibleControl} from '../terminal/sanitize.js';
import {glyphs, noteMark, theme} from '../terminal/theme.js';
import stringWidth, {graphemes} from '../terminal/string-width.js';
import {expandTabs, fitLine, lineWidth, wrapText} from '../terminal/wrap.js';
import {parseHtml} from '../library/html-text.js';
import {plainText} from '../library/plain-text.js';
import {htmlBlocks} from './html.js';
import {type InlineContext, renderInline} from './inline.js';
import {renderTable} from './table.js';

/** A footnote as marked-footnote lexes it. */
type Footnote = Readonly<{label: string; content: Token[]}>;

/** Lines of blocks, and where each top-level block starts and how many lines it takes (quotes are found by block). */
export type BlockLines = {
	lines: string[];
	blockStart: number[];
	blockHeight: number[];
};

// Deeper than this (lists in quotes in lists…), the rest is shown as plain text: bounded work and stack whatever the nesting.
const maximumDepth = 24;
// Quotes nested deeper than this share their bars, so lines neither narrow to nothing nor multiply.
const maximumQuoteBars = 6;
// Below this width, nested prefixes may not fit: lines are measured and wrapped again.
const narrow = 24;

type State = Readonly<{depth: number; quoteDepth: number}>;

const topLevel: State = {depth: 0, quoteDepth: 0};

const controlButLayout = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Render block tokens at a width: one blank line between blocks; blocks that show nothing (link definitions, comments) take no lines. */
export function renderBlocks(
	tokens: readonly Token[],
	width: number,
	context: InlineContext,
	state: State = topLevel,
	between = 1,
): BlockLines {
	const lines: string[] = [];
	const blockStart: number[] = [];
	const blockHeight: number[] = [];
	for (const token of tokens) {
		let block: string[];
		try {
			block = renderBlock(token, Math.max(1, width), context, state);
		} catch (error) {
			// A stack overflow deep inside a pathological token, or a bug: the block's text, and a line that says so.
			block = [
				theme.text.error(
					`[this part could not be rendered: ${error instanceof Error ? error.message : String(error)}]`,
				),
				...wrapText(plainText([token]), width),
			];
		}

		// Prefixes (bars, bullets) can outgrow a very narrow width: such lines wrap again, prefix kept where it fits.
		if (width < narrow) {
			block = block.flatMap((line) =>
				lineWidth(line) > width ? fitLine(line, Math.max(1, width)) : [line],
			);
		}

		if (block.length > 0 && lines.length > 0) {
			for (let blank = 0; blank < between; blank++) {
				lines.push('');
			}
		}

		blockStart.push(lines.length);
		blockHeight.push(block.length);
		for (const line of block) {
			lines.push(line);
		}
	}

	return {lines, blockStart, blockHeight};
}

function renderBlock(
	token: Token,
	width: number,
	context: InlineContext,
	state: State,
): string[] {
	if (state.depth > maximumDepth) {
		const text = plainText([token]);
		return text ? wrapText(text, width) : [];
	}

	const inner: State = {...state, depth: state.depth + 1};
	switch (token.type) {
		case 'paragraph':
		case 'text': {
			const {tokens} = token as Tokens.Paragraph;
			return paragraph(
				tokens && tokens.length > 0
					? renderInline(tokens, context)
					: renderInline([token], context),
				width,
			);
		}

		case 'heading': {
			return heading(token as Tokens.Heading, width, context);
		}

		case 'code': {
			return codeBlock((token as Tokens.Code).text, width);
		}

		case 'blockquote': {
			return blockquote(token as Tokens.Blockquote, width, context, inner);
		}

		case 'list': {
			return list(token as Tokens.List, width, context, inner);
		}

		case 'table': {
			return renderTableBlock(token as Tokens.Table, width, context);
		}

		case 'hr': {
			return [theme.text.dim('─'.repeat(Math.min(width, 40)))];
		}

		case 'html': {
			const blocks = htmlBlocks(parseHtml((token as Tokens.HTML).text).nodes);
			return renderBlocks(blocks, width, context, inner).lines;
		}

		case 'details': {
			return details(token, width, context, inner);
		}

		case 'footnotes': {
			return notes(token, width, context, inner);
		}

		case 'space':
		case 'def':
		case 'footnote':
		case 'checkbox': {
			return [];
		}

		default: {
			const generic = token as {tokens?: Token[]; text?: string};
			if (generic.tokens) {
				return renderBlocks(generic.tokens, width, context, inner).lines;
			}

			return generic.text ? wrapText(generic.text, width) : [];
		}
	}
}

function paragraph(styled: string, width: number): string[] {
	const lines: string[] = [];
	for (const line of styled.split('\n')) {
		for (const piece of wrapText(line.trim() === '' ? '' : line, width)) {
			lines.push(piece);
		}
	}

	// A paragraph that ends with a line break leaves no blank line behind.
	while (lines.length > 1 && lines.at(-1) === '') {
		lines.pop();
	}

	return lines.length === 1 && lines[0] === '' ? [] : lines;
}

/** A heading inside a section: its level's mark, then its text, bold; continuation lines under the text. */
function heading(
	token: Tokens.Heading,
	width: number,
	context: InlineContext,
): string[] {
	const mark =
		glyphs.headingMarks[Math.min(glyphs.headingMarks.length, token.depth) - 1];
	const text = renderInline(token.tokens, context).replaceAll('\n', ' ');
	return hang(wrapText(text, width - 2), `${mark} `, '  ').map((line) =>
		theme.text.strong(line),
	);
}

function hang(lines: readonly string[], first: string, rest: string): string[] {
	return lines.map((line, index) => (index === 0 ? first : rest) + line);
}

/**
A code block: indented, never reflowed as prose. A line too long for the width goes on in lines that start with `↪`, so a wrapped command does not read as two.
*/
function codeBlock(text: string, width: number): string[] {
	const lines: string[] = [];
	const room = Math.max(1, width - 2);
	const mark = theme.text.dim(`${glyphs.continuation} `);
	for (const raw of text.split('\n')) {
		const line = expandTabs(raw).replaceAll(controlButLayout, (character) =>
			visibleControl(character),
		);
		if (lineWidth(line) <= room) {
			lines.push(line === '' ? '' : '  ' + theme.text.code(line));
			continue;
		}

		const pieces = splitCode(line, room, Math.max(1, room - 2));
		for (const [index, piece] of pieces.entries()) {
			lines.push(
				index === 0
					? '  ' + theme.text.code(piece)
					: '  ' + mark + theme.text.code(piece),
			);
		}
	}

	return lines;
}

/** Cut a code line into pieces of at most `first`, then `rest` columns, after a space where one is in the second half, else anywhere. Joined again, the pieces are the line as written. */
function splitCode(line: string, first: number, rest: number): string[] {
	const pieces: string[] = [];
	let piece = '';
	let pieceWidth = 0;
	let room = first;
	let afterSpace = -1;
	let widthAtSpace = 0;
	for (const grapheme of graphemes(line)) {
		const width =
			grapheme.length === 1 && grapheme < '\u0300' ? 1 : stringWidth(grapheme);
		if (pieceWidth + width > room && piece !== '') {
			if (afterSpace > 0 && widthAtSpace * 2 > room) {
				pieces.push(piece.slice(0, afterSpace));
				piece = piece.slice(afterSpace);
				pieceWidth -= widthAtSpace;
			} else {
				pieces.push(piece);
				piece = '';
				pieceWidth = 0;
			}

			room = rest;
			afterSpace = -1;
		}

		piece += grapheme;
		pieceWidth += width;
		if (grapheme === ' ') {
			afterSpace = piece.length;
			widthAtSpace = pieceWidth;
		}
	}

	pieces.push(piece);
	return pieces;
}

function blockquote(
	token: Tokens.Blockquote,
	width: number,
	context: InlineContext,
	state: State,
): string[] {
	const shareBars = state.quoteDepth >= maximumQuoteBars;
	const inner = renderBlocks(
		token.tokens,
		shareBars ? width : width - 2,
		context,
		{...state, quoteDepth: state.quoteDepth + 1},
	).lines;
	if (inner.length === 0) {
		return [];
	}

	if (shareBars) {
		return inner;
	}

	const bar = theme.quote.bar(glyphs.quoteBar);
	return styleQuoteLines(inner).map((line) =>
		line === '' ? bar : `${bar} ${line}`,
	);
}

const escapeSequence =
	/\u001B\[[\d;]*m|\u001B]8(?:;[^\u0007\u001B]*){2}(?:\u0007|\u001B\\)/g;

// The text after a blockquote's closing quotation mark ("he told reporters.") is its attribution.
function styleQuoteLines(lines: readonly string[]): string[] {
	return lines.map((line) => {
		if (line === '') {
			return line;
		}

		const plain = line.replaceAll(escapeSequence, '');
		if (/^\s*(?:—|–|―|--)\s*\S/.test(plain)) {
			return theme.quote.attribution(line);
		}

		const close = plain.lastIndexOf('”');
		if (
			close !== -1 &&
			close < plain.length - 1 &&
			plain.length - close < 80 &&
			!plain.slice(close + 1).includes('“')
		) {
			const at = line.lastIndexOf('”') + 1;
			return (
				theme.quote.body(line.slice(0, at)) +
				theme.quote.attribution(line.slice(at))
			);
		}

		return theme.quote.body(line);
	});
}

function list(
	token: Tokens.List,
	width: number,
	context: InlineContext,
	state: State,
): string[] {
	const start = typeof token.start === 'number' ? token.start : 1;
	const lines: string[] = [];
	for (const [index, item] of token.items.entries()) {
		const bullet = token.ordered ? `${start + index}.` : '•';
		const check = item.task ? (item.checked ? '[x] ' : '[ ] ') : '';
		const indent = ' '.repeat(bullet.length + 1);
		const blocks = item.tokens.filter((child) => child.type !== 'checkbox');
		const body = renderBlocks(
			withLead(blocks, check),
			width - indent.length,
			context,
			state,
			item.loose ? 1 : 0,
		).lines;
		if (item.loose && index > 0) {
			lines.push('');
		}

		if (body.length === 0) {
			// An empty item still takes its place: `2.` alone.
			lines.push(bullet + (check ? ` ${check.trim()}` : ''));
			continue;
		}

		for (const [n, line] of body.entries()) {
			lines.push(
				n === 0 ? `${bullet} ${line}` : line === '' ? '' : indent + line,
			);
		}
	}

	return lines;
}

/** Put a task's checkbox before the text of its first block (a checkbox token inside the paragraph of a loose item is dropped: drawn once). */
function withLead(blocks: readonly Token[], lead: string): Token[] {
	const cleaned = blocks.map((block) => {
		const {tokens} = block as {tokens?: Token[]};
		if (
			(block.type === 'paragraph' || block.type === 'text') &&
			tokens?.some((child) => child.type === 'checkbox')
		) {
			return {
				...block,
				tokens: tokens.filter((child) => child.type !== 'checkbox'),
			};
		}

		return block;
	});
	if (!lead) {
		return cleaned;
	}

	const first = cleaned[0];
	if (first && (first.type === 'paragraph' || first.type === 'text')) {
		const {tokens} = first as {tokens?: Token[]};
		const leadToken = {
			type: 'text',
			raw: '',
			text: lead,
			decoded: true,
		} as unknown as Token;
		return [
			{
				...first,
				type: 'paragraph',
				tokens: [leadToken, ...(tokens ?? [first])],
			},
			...cleaned.slice(1),
		];
	}

	return [
		{
			type: 'paragraph',
			raw: '',
			text: lead,
			tokens: [{type: 'text', raw: '', text: lead.trim(), decoded: true}],
		},
		...cleaned,
	];
}

function renderTableBlock(
	token: Tokens.Table,
	width: number,
	context: InlineContext,
): string[] {
	return renderTable(token, width, (tokens) => renderInline(tokens, context));
}

/** A `<details>` inside a section: its summary, then its body indented under it. Top-level ones are sections of their own, folded. */
function details(
	token: Token,
	width: number,
	context: InlineContext,
	state: State,
): string[] {
	const {summary, tokens} = token as unknown as {
		summary: Token[];
		tokens: Token[];
	};
	const title = renderInline(summary, context).replaceAll('\n', ' ');
	const head = hang(
		wrapText(title, width - 2),
		`${glyphs.expanded} `,
		'  ',
	).map((line) => theme.text.strong(line));
	const body = renderBlocks(tokens, width - 2, context, state).lines;
	return [...head, ...body.map((line) => (line === '' ? '' : `  ${line}`))];
}

/** The notes of an article (GFM footnotes), numbered in the order the text refers to them. */
function notes(
	token: Token,
	width: number,
	context: InlineContext,
	state: State,
): string[] {
	const {items} = token as unknown as {items: Footnote[]};
	const lines: string[] = [];
	for (const [index, item] of items.entries()) {
		const mark = `${noteMark(index + 1)} `;
		const indent = ' '.repeat(lineWidth(mark));
		const body = renderBlocks(
			item.content,
			width - indent.length,
			context,
			state,
		).lines;

		lines.push(
			...(body.length === 0
				? [mark.trim()]
				: hang(body, theme.text.link(mark), indent)),
		);
	}

	return lines;
}
