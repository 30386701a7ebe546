import sliceAnsi from 'slice-ansi';
import stringWidth from './string-width.js';
import {glyphs, theme} from './theme.js';

const tabStop = '    ';

// What starts a line and should start its continuation lines too: indentation, quote bars, a list bullet.
const linePrefix = new RegExp(
	`^ *(?:${glyphs.quoteBar} *)*(?:(?:[*•◦▪-]|\\d+[.)]) +)?`,
);

// Escape sequences gazette's own styling emits: SGR (colours) and OSC 8 (links).

const escapeSequence =
	/\u001B\[[\d;]*m|\u001B]8(?:;[^\u0007\u001B]*){2}(?:\u0007|\u001B\\)/g;

const plainAscii = /^[\u0020-\u007E]*$/;
const segmenter = new Intl.Segmenter();
const graphemeWidths = new Map<string, number>();

/** Display width of one grapheme: CJK and emoji take two columns, combining marks none. */
function graphemeWidth(grapheme: string): number {
	if (grapheme.length === 1 && grapheme.codePointAt(0)! < 0x3_00) {
		return 1;
	}

	let width = graphemeWidths.get(grapheme);
	if (width === undefined) {
		width = stringWidth(grapheme);
		graphemeWidths.set(grapheme, width);
	}

	return width;
}

/** Display width of a rendered line: escape sequences take no columns. */
export function lineWidth(line: string): number {
	return stringWidth(
		line.includes('\u001B') ? line.replaceAll(escapeSequence, '') : line,
	);
}

type Piece = {text: string; width: number; space: boolean; escape: boolean};

/** Split a styled line into escape sequences, runs of spaces and graphemes of words. */
function pieces(line: string): Piece[] {
	const result: Piece[] = [];
	let at = 0;
	const addText = (text: string) => {
		for (const match of text.matchAll(/ +|[^ ]+/g)) {
			const run = match[0];
			if (run.startsWith(' ')) {
				result.push({text: run, width: run.length, space: true, escape: false});
			} else if (plainAscii.test(run)) {
				result.push({
					text: run,
					width: run.length,
					space: false,
					escape: false,
				});
			} else {
				// Other text word by word, but measured per grapheme so a long word can break anywhere.
				for (const {segment} of segmenter.segment(run)) {
					result.push({
						text: segment,
						width: graphemeWidth(segment),
						space: false,
						escape: false,
					});
				}
			}
		}
	};

	for (const match of line.matchAll(escapeSequence)) {
		addText(line.slice(at, match.index));
		result.push({text: match[0], width: 0, space: false, escape: true});
		at = match.index + match[0].length;
	}

	addText(line.slice(at));
	return result;
}

/**
Greedy word wrap of a styled line by display width. Styles that are open at a break are closed at the end of the line and opened again on the next, so every line stands alone (Ink draws lines one by one).
*/
function wrapStyled(line: string, width: number): string[] {
	const lines: string[] = [];
	let current = '';
	let currentWidth = 0;
	let pendingSpace = '';
	let styles: string[] = [];
	let link: string | undefined;
	const endLine = () => {
		lines.push(
			current +
				(link ? '\u001B]8;;\u0007' : '') +
				(styles.length > 0 ? '\u001B[0m' : ''),
		);
		current = styles.join('') + (link ?? '');
		currentWidth = 0;
		pendingSpace = '';
	};

	const addWord = (text: string, wordWidth: number) => {
		if (
			currentWidth > 0 &&
			currentWidth + pendingSpace.length + wordWidth > width
		) {
			endLine();
		}

		if (currentWidth > 0) {
			current += pendingSpace;
			currentWidth += pendingSpace.length;
		}

		pendingSpace = '';
		current += text;
		currentWidth += wordWidth;
	};

	// Words are runs of pieces between spaces; graphemes of a too-long word go one by one.
	let word: Piece[] = [];
	const flushWord = () => {
		if (word.length === 0) {
			return;
		}

		const wordWidth = word.reduce((sum, piece) => sum + piece.width, 0);
		if (wordWidth <= width) {
			addWord(word.map((piece) => piece.text).join(''), wordWidth);
		} else {
			for (const piece of word) {
				if (piece.escape) {
					current += piece.text;
				} else {
					// An ASCII run is one piece: break it character by character too.
					const parts =
						piece.width > 1 && plainAscii.test(piece.text)
							? [...piece.text]
							: [piece.text];
					for (const part of parts) {
						addWord(part, parts.length > 1 ? 1 : piece.width);
						// Inside a word there is no space to add between graphemes.
						pendingSpace = '';
					}
				}
			}
		}

		word = [];
	};

	for (const piece of pieces(line)) {
		if (piece.escape) {
			if (piece.text.startsWith('\u001B]8;')) {
				link = /^\u001B]8;[^;]*;(?:\u0007|\u001B\\)$/.test(piece.text)
					? undefined
					: piece.text;
			} else if (piece.text === '\u001B[0m' || piece.text === '\u001B[m') {
				styles = [];
			} else {
				styles.push(piece.text);
			}

			word.push(piece);
		} else if (piece.space) {
			flushWord();
			pendingSpace = currentWidth > 0 ? pendingSpace + piece.text : '';
		} else {
			word.push(piece);
		}
	}

	flushWord();
	lines.push(current);
	return lines;
}

/**
Fit one rendered line into `width` display columns, wrapping by display width (CJK and emoji count two), keeping indentation, quote bars and list indents on the continuation lines.
*/
export function fitLine(line: string, width: number): string[] {
	const expanded = line.includes('\t') ? line.replaceAll('\t', tabStop) : line;
	if (lineWidth(expanded) <= width) {
		return [expanded];
	}

	const plain = expanded.replaceAll(escapeSequence, '');
	let prefix = linePrefix.exec(plain)?.[0] ?? '';
	if (stringWidth(prefix) * 2 > width) {
		prefix = '';
	}

	const prefixWidth = stringWidth(prefix);
	const head = prefix === '' ? '' : sliceAnsi(expanded, 0, prefixWidth);
	const rest = prefix === '' ? expanded : sliceAnsi(expanded, prefixWidth);
	const continuation = prefix
		.replaceAll(/(?:[*•◦▪-]|\d+[.)])( +)$/g, (match: string) =>
			' '.repeat(match.length),
		)
		.replaceAll(glyphs.quoteBar, theme.quote.bar(glyphs.quoteBar));
	return wrapStyled(rest, width - prefixWidth).map((piece, index) =>
		truncateToWidth((index === 0 ? head : continuation) + piece, width),
	);
}

/** Cut a line that is still too wide (a piece that could not wrap). */
export function truncateToWidth(line: string, width: number): string {
	if (lineWidth(line) <= width) {
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

export {default as displayWidth} from './string-width.js';
