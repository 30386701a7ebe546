import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';
import wrapAnsi from 'wrap-ansi';
import {glyphs, theme} from './theme.js';

const tabStop = '    ';

// What starts a line and should start its continuation lines too: indentation, quote bars, a list bullet.
const linePrefix = new RegExp(
	`^ *(?:${glyphs.quoteBar} *)*(?:(?:[*•◦▪-]|\\d+[.)]) +)?`,
);

/**
Fit one rendered line into `width` display columns, wrapping by display width (CJK and emoji count two), keeping indentation, quote bars and list indents on the continuation lines.
*/
export function fitLine(line: string, width: number): string[] {
	const expanded = line.includes('\t') ? line.replaceAll('\t', tabStop) : line;
	if (stringWidth(expanded) <= width) {
		return [expanded];
	}

	const plain = stripAnsi(expanded);
	let prefix = linePrefix.exec(plain)?.[0] ?? '';
	if (stringWidth(prefix) * 2 > width) {
		prefix = '';
	}

	const prefixWidth = stringWidth(prefix);
	const head = sliceAnsi(expanded, 0, prefixWidth);
	const rest = sliceAnsi(expanded, prefixWidth);
	const pieces = wrapAnsi(rest, width - prefixWidth, {
		hard: true,
		trim: true,
		wordWrap: true,
	}).split('\n');
	const continuation = prefix
		.replaceAll(/(?:[*•◦▪-]|\d+[.)])( +)$/g, (match: string) =>
			' '.repeat(match.length),
		)
		.replaceAll(glyphs.quoteBar, theme.quote.bar(glyphs.quoteBar));
	return pieces.map((piece, index) =>
		truncateToWidth((index === 0 ? head : continuation) + piece, width),
	);
}

/** Cut a line that is still too wide (a piece that could not wrap). */
export function truncateToWidth(line: string, width: number): string {
	if (stringWidth(line) <= width) {
		return line;
	}

	// A wide character (CJK, emoji) on the boundary would overflow: cut one column earlier until it fits.
	for (let end = Math.max(0, width - 1); end >= 0; end--) {
		const cut = sliceAnsi(line, 0, end);
		if (stringWidth(cut) <= width - 1) {
			return cut + '…';
		}
	}

	return '…';
}

/** Fit text to one line, cutting with an ellipsis. */
export function fitOneLine(text: string, width: number): string {
	return truncateToWidth(text, Math.max(1, width));
}

export {default as displayWidth} from 'string-width';
