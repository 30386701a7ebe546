import {eastAsianWidth} from 'get-east-asian-width';
import stringWidth, {graphemes, isSimpleText} from './string-width.js';
import {glyphs, theme} from './theme.js';

const tabStop = '    ';

// What starts a line and should start its continuation lines too: indentation, quote bars, a list bullet.
const linePrefix = new RegExp(
	`^ *(?:${glyphs.quoteBar} *)*(?:(?:[*•◦▪-]|\\d+[.)]) +)?`,
);

// Escape sequences gazette's own styling emits: SGR (colours) and OSC 8 (links).

const escapeSequence =
	/\u001B\[[\d;]*m|\u001B]8(?:;[^\u0007\u001B]*){2}(?:\u0007|\u001B\\)/g;

// The same, sticky: an escape sequence exactly where a scan stands (a separate object: `matchAll` copies the other's lastIndex).
const escapeAt =
	/\u001B\[[\d;]*m|\u001B]8(?:;[^\u0007\u001B]*){2}(?:\u0007|\u001B\\)/y;

const plainAscii = /^[\u0020-\u007E]*$/;
const graphemeWidths = new Map<string, number>();
const maximumCachedWidths = 20_000;

/** Display width of one grapheme: CJK and emoji take two columns, combining marks none. */
function graphemeWidth(grapheme: string): number {
	if (grapheme.length === 1 && grapheme.codePointAt(0)! < 0x3_00) {
		return 1;
	}

	let width = graphemeWidths.get(grapheme);
	if (width === undefined) {
		width = stringWidth(grapheme);
		if (graphemeWidths.size < maximumCachedWidths) {
			graphemeWidths.set(grapheme, width);
		}
	}

	return width;
}

/** Display width of a rendered line: escape sequences take no columns. */
export function lineWidth(line: string): number {
	return stringWidth(
		line.includes('\u001B') ? line.replaceAll(escapeSequence, '') : line,
	);
}

/**
The SGR attributes in force at a point of a styled line, so that a line break can close them and the next line open just those again, rather than every code seen so far.
*/
class StyleState {
	readonly #attributes = new Map<string, string>();

	apply(sequence: string): void {
		const codes = sequence.slice(2, -1).split(';');
		if (codes.length === 1 && codes[0] === '') {
			this.#attributes.clear();
			return;
		}

		for (let index = 0; index < codes.length; index++) {
			const code = Number(codes[index]);
			if (code === 38 || code === 48 || code === 58) {
				// Extended colours: 38;5;n or 38;2;r;g;b.
				const length = codes[index + 1] === '2' ? 4 : 2;
				const key = code === 38 ? 'fg' : code === 48 ? 'bg' : 'ul-colour';
				this.#attributes.set(
					key,
					codes.slice(index, index + 1 + length).join(';'),
				);
				index += length;
			} else {
				this.#applyOne(code);
			}
		}
	}

	/** The sequence that opens every attribute in force, or nothing. */
	open(): string {
		return this.#attributes.size === 0
			? ''
			: `\u001B[${[...this.#attributes.values()].join(';')}m`;
	}

	get active(): boolean {
		return this.#attributes.size > 0;
	}

	#applyOne(code: number): void {
		if (code === 0) {
			this.#attributes.clear();
			return;
		}

		const on = attributeOn.get(code) ?? colourOf(code);
		if (on === undefined) {
			for (const key of attributesOff.get(code) ?? []) {
				this.#attributes.delete(key);
			}
		} else {
			this.#attributes.set(on, String(code));
		}
	}
}

/** The SGR codes that turn an attribute on. */
const attributeOn = new Map<number, string>([
	[1, 'bold'],
	[2, 'dim'],
	[3, 'italic'],
	[4, 'underline'],
	[5, 'blink'],
	[7, 'inverse'],
	[8, 'hidden'],
	[9, 'strike'],
	[53, 'overline'],
]);

/** The SGR codes that turn attributes off (22 ends both bold and dim). */
const attributesOff = new Map<number, readonly string[]>([
	[22, ['bold', 'dim']],
	[23, ['italic']],
	[24, ['underline']],
	[25, ['blink']],
	[27, ['inverse']],
	[28, ['hidden']],
	[29, ['strike']],
	[55, ['overline']],
	[39, ['fg']],
	[49, ['bg']],
]);

/** The basic and bright colours: 30–37 and 90–97 the foreground, 40–47 and 100–107 the background. */
function colourOf(code: number): string | undefined {
	if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) {
		return 'fg';
	}

	if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107)) {
		return 'bg';
	}

	return undefined;
}

// Wide characters (CJK) may break a line before and after them, except before closing punctuation and after opening punctuation.
const noBreakBefore = new Set([
	...'、。，．・：；？！）」』】〕〉》”’｝］ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ',
	...'.,;:!?)]}%',
]);
const noBreakAfter = new Set([...'（「『【〔〈《“‘｛［', ...'([{']);

type Piece = Readonly<{
	text: string;
	width: number;
	/** `wide-run`: wide characters, two columns each, that a line may break between anywhere. */
	kind: 'escape' | 'space' | 'text' | 'wide-run';
	/** A wide character: a line may break before and after it. */
	wide: boolean;
}>;

/** Split a styled line into escape sequences, runs of spaces, ASCII runs and graphemes, in one pass. */
function pieces(line: string): Piece[] {
	const result: Piece[] = [];
	const addText = (text: string) => {
		for (const match of text.matchAll(/ +|[^ ]+/g)) {
			const run = match[0];
			if (run.startsWith(' ')) {
				result.push({text: run, width: run.length, kind: 'space', wide: false});
			} else if (plainAscii.test(run)) {
				result.push({text: run, width: run.length, kind: 'text', wide: false});
			} else if (isSimpleText(run)) {
				addSimple(run);
			} else {
				for (const grapheme of graphemes(run)) {
					const width = graphemeWidth(grapheme);
					result.push({text: grapheme, width, kind: 'text', wide: width > 1});
				}
			}
		}
	};

	// Each code point a grapheme (CJK, accented Latin): no segmenter, no cache. The inside of a run of wide characters is one piece: a line may break anywhere in it, and placing it costs nothing per character.
	const addSimple = (run: string) => {
		let wideFrom = -1;
		const flushWide = (end: number) => {
			if (wideFrom === -1) {
				return;
			}

			// The first and last characters go alone: they may hold to their neighbours (`「`, `。`).
			const inner = run.slice(wideFrom + 1, end - 1);
			push(run[wideFrom], 2);
			if (inner.length > 0) {
				result.push({
					text: inner,
					width: inner.length * 2,
					kind: 'wide-run',
					wide: true,
				});
			}

			if (end - 1 > wideFrom) {
				push(run[end - 1], 2);
			}

			wideFrom = -1;
		};

		const push = (text: string, width: number) => {
			result.push({text, width, kind: 'text', wide: width > 1});
		};

		// Code units are code points here: a simple run holds only the BMP.
		for (let index = 0; index < run.length; index++) {
			const code = run.codePointAt(index)!;
			const text = String.fromCodePoint(code);
			const width = eastAsianWidth(code);
			if (width === 2 && !noBreakBefore.has(text) && !noBreakAfter.has(text)) {
				if (wideFrom === -1) {
					wideFrom = index;
				}

				continue;
			}

			flushWide(index);
			push(text, width);
		}

		flushWide(run.length);
	};

	let at = 0;
	if (line.includes('\u001B')) {
		for (const match of line.matchAll(escapeSequence)) {
			addText(line.slice(at, match.index));
			result.push({text: match[0], width: 0, kind: 'escape', wide: false});
			at = match.index + match[0].length;
		}
	}

	addText(line.slice(at));
	return result;
}

const linkEnd = /^\u001B]8;[^;]*;(?:\u0007|\u001B\\)$/;

/**
Greedy word wrap of a styled line by display width, in time linear in its length.

Lines break at spaces and around wide (CJK) characters; a word longer than the width breaks anywhere. Styles and a link open at a break are closed at the end of the line and opened again on the next, just those in force, so every line stands alone (Ink draws lines one by one) and a long paragraph costs no more bytes per line than a short one.
*/
export function wrapText(line: string, width: number): string[] {
	const columns = Math.max(1, width);
	// Most lines of a table's cells, and short paragraphs, fit as they are.
	if (line.length <= columns && lineWidth(line) <= columns) {
		return [line];
	}

	const lines: string[] = [];
	const style = new StyleState();
	let link: string | undefined;
	let current = '';
	let currentWidth = 0;
	let pendingSpace = '';
	let started = false;

	const emit = (piece: Piece) => {
		if (piece.kind === 'escape') {
			if (piece.text.startsWith('\u001B]8;')) {
				link = linkEnd.test(piece.text) ? undefined : piece.text;
			} else {
				style.apply(piece.text);
			}

			current += piece.text;
			return;
		}

		current += piece.text;
		currentWidth += piece.width;
	};

	const endLine = () => {
		lines.push(
			current +
				(link ? '\u001B]8;;\u0007' : '') +
				(style.active ? '\u001B[0m' : ''),
		);
		current = style.open() + (link ?? '');
		currentWidth = 0;
		pendingSpace = '';
	};

	// The pieces since the last place a line may break, and their width.
	let word: Piece[] = [];
	let wordWidth = 0;
	const placeWord = () => {
		if (word.length === 0) {
			return;
		}

		const space = currentWidth > 0 || !started ? pendingSpace : '';
		if (currentWidth > 0 && currentWidth + space.length + wordWidth > columns) {
			endLine();
		} else if (space) {
			current += space;
			currentWidth += space.length;
		}

		pendingSpace = '';
		started = true;
		if (currentWidth + wordWidth <= columns) {
			for (const piece of word) {
				emit(piece);
			}
		} else {
			// Longer than a line: break it anywhere, between graphemes (an ASCII run character by character).
			for (const piece of word) {
				if (piece.kind === 'escape') {
					emit(piece);
					continue;
				}

				const parts =
					piece.width > 1 && !piece.wide ? [...piece.text] : [piece.text];
				for (const part of parts) {
					const partWidth = parts.length > 1 ? 1 : piece.width;
					if (currentWidth > 0 && currentWidth + partWidth > columns) {
						endLine();
					}

					emit({...piece, text: part, width: partWidth});
				}
			}
		}

		word = [];
		wordWidth = 0;
	};

	const placeRun = (text: string) => {
		placeWord();
		let at = 0;
		if (currentWidth > 0 && pendingSpace) {
			if (currentWidth + pendingSpace.length + 2 > columns) {
				endLine();
			} else {
				current += pendingSpace;
				currentWidth += pendingSpace.length;
			}
		}

		pendingSpace = '';
		started = true;
		while (at < text.length) {
			let take = Math.min(
				Math.floor((columns - currentWidth) / 2),
				text.length - at,
			);
			if (take <= 0) {
				if (currentWidth === 0) {
					// Narrower than one wide character: one a line, as a word longer than the line.
					take = 1;
				} else {
					endLine();
					continue;
				}
			}

			current += text.slice(at, at + take);
			currentWidth += take * 2;
			at += take;
		}
	};

	let breakAfter = false;
	for (const piece of pieces(line)) {
		if (piece.kind === 'wide-run') {
			placeRun(piece.text);
			breakAfter = true;
			continue;
		}

		if (piece.kind === 'space') {
			placeWord();
			breakAfter = false;
			pendingSpace =
				currentWidth > 0 || !started ? pendingSpace + piece.text : '';
			continue;
		}

		if (piece.kind === 'text') {
			const first = graphemeStart(piece.text);
			if (
				(piece.wide || breakAfter) &&
				!noBreakBefore.has(first) &&
				!(word.length > 0 && noBreakAfter.has(lastText(word)))
			) {
				placeWord();
			}

			breakAfter = piece.wide;
		}

		word.push(piece);
		wordWidth += piece.width;
	}

	placeWord();
	lines.push(current);
	return lines;
}

function graphemeStart(text: string): string {
	return String.fromCodePoint(text.codePointAt(0) ?? 0x20);
}

function lastText(word: readonly Piece[]): string {
	for (let index = word.length - 1; index >= 0; index--) {
		if (word[index].kind === 'text') {
			return word[index].text.at(-1) ?? '';
		}
	}

	return '';
}

/** Expand tabs to the next stop of four columns, counting from the start of the text. */
export function expandTabs(text: string): string {
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
		} else if (character === '\n') {
			result += character;
			column = 0;
		} else {
			result += character;
			column++;
		}
	}

	return result;
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
	const [head, rest] =
		prefix === '' ? ['', expanded] : splitAtColumn(expanded, prefixWidth);
	const continuation = prefix
		.replaceAll(/(?:[*•◦▪-]|\d+[.)])( +)$/g, (match: string) =>
			' '.repeat(match.length),
		)
		.replaceAll(glyphs.quoteBar, theme.quote.bar(glyphs.quoteBar));
	return wrapText(rest, width - prefixWidth).map((piece, index) =>
		truncateToWidth((index === 0 ? head : continuation) + piece, width),
	);
}

/** Split a styled line after its first `columns` columns of plain ASCII prefix (indentation, bars, a bullet), escape sequences going with the head. */
function splitAtColumn(line: string, columns: number): [string, string] {
	let seen = 0;
	let index = 0;
	while (index < line.length && seen < columns) {
		escapeAt.lastIndex = index;
		const match = line.startsWith('\u001B', index) ? escapeAt.exec(line) : null;
		if (match) {
			index += match[0].length;
			continue;
		}

		const character = String.fromCodePoint(line.codePointAt(index)!);
		seen += graphemeWidth(character);
		index += character.length;
	}

	// Escape sequences right after the prefix belong to the text that follows.
	return [line.slice(0, index), line.slice(index)];
}

/** Cut a line that is still too wide (a piece that could not wrap). */
export function truncateToWidth(line: string, width: number): string {
	if (lineWidth(line) <= width) {
		return line;
	}

	const limit = Math.max(0, width - 1);
	let result = '';
	let used = 0;
	for (const piece of pieces(line)) {
		if (piece.kind === 'escape') {
			result += piece.text;
			continue;
		}

		for (const part of piece.kind === 'text' && !piece.wide && piece.width > 1
			? [...piece.text]
			: piece.kind === 'space'
				? [...piece.text]
				: [piece.text]) {
			const partWidth = part.length === piece.text.length ? piece.width : 1;
			if (used + partWidth > limit) {
				return closeStyles(result) + '…';
			}

			result += part;
			used += partWidth;
		}
	}

	return closeStyles(result) + '…';
}

function closeStyles(text: string): string {
	const hasLink = /\u001B]8;[^;]*;[^\u0007\u001B]+(?:\u0007|\u001B\\)/.test(
		text,
	);
	return (
		text +
		(hasLink ? '\u001B]8;;\u0007' : '') +
		(text.includes('\u001B[') ? '\u001B[0m' : '')
	);
}

/** Fit text to one line, cutting with an ellipsis. */
export function fitOneLine(text: string, width: number): string {
	return truncateToWidth(text, Math.max(1, width));
}

export {default as displayWidth} from './string-width.js';
