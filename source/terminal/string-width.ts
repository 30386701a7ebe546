import {createRequire} from 'node:module';
import {eastAsianWidth} from 'get-east-asian-width';
import type StringWidth from 'string-width';
import stripAnsi from 'strip-ansi';

type Options = Parameters<typeof StringWidth>[1];

let loaded: typeof StringWidth | undefined;

/**
The string-width package, loaded at its first use: it builds its `\p{RGI_Emoji}` pattern as it loads, about 12 ms.

In the bundle, esbuild turns `require('string-width')` into a call that evaluates the bundled module then. Unbundled (the tests), Node's `require` of an ES module does it.
*/
function stringWidthOfGraphemes(text: string, options?: Options): number {
	if (loaded === undefined) {
		/* eslint-disable unicorn/prefer-module, @typescript-eslint/no-require-imports -- see above: a lazy load that stays synchronous */
		const module = (
			typeof require === 'function'
				? require('string-width')
				: createRequire(import.meta.url)('string-width')
		) as {default: typeof StringWidth};
		/* eslint-enable unicorn/prefer-module, @typescript-eslint/no-require-imports */
		loaded = module.default;
	}

	return loaded(text, options);
}

const ascii = /^[\u0020-\u007E]*$/;

// Letters, numbers, punctuation, symbols and spaces of the BMP…
const ownGraphemes = /^[\p{L}\p{N}\p{P}\p{S}\p{Zs}]*$/u;
// …except those that may join a neighbour into one grapheme, be drawn as emoji or not at all: pictographs, the default-ignorable, Hangul jamo, the Thai and Lao vowels that count as spacing marks, the Malayalam prepended letter, and anything outside the BMP.
const mayJoin =
	/[\p{Extended_Pictographic}\p{Default_Ignorable_Code_Point}\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF\u0E33\u0EB3\u0D4E\u{10000}-\u{10FFFF}]/u;

/**
The display width of text, as `string-width` measures it, without its cost where it isn't needed.

`string-width` splits text into graphemes and tests each against `\p{RGI_Emoji}`: building that pattern costs about 12 ms when it loads, and compiling it about 20 ms more at the first measurement of any non-ASCII text, inside the first frame. Text whose every code point is a grapheme of its own (most text: `●`, `·`, `—`, `é`, CJK) is its code points' East Asian widths, which is what `string-width` would find; everything else goes to `string-width`. `test/string-width.ts` checks the two agree on every BMP code point and on random text.

The bundle gives this to Ink too (`scripts/build.js`).
*/
export default function stringWidth(text: string, options?: Options): number {
	if (typeof text !== 'string' || options !== undefined) {
		return stringWidthOfGraphemes(text, options);
	}

	// As string-width does: escape sequences take no columns. Ink measures styled text.
	const visible =
		text.includes('\u001B') || text.includes('\u009B') ? stripAnsi(text) : text;
	if (ascii.test(visible)) {
		return visible.length;
	}

	// The text as given: string-width strips it itself, and stripping twice is not stripping once (ESC ESC m m).
	if (!ownGraphemes.test(visible) || mayJoin.test(visible)) {
		return stringWidthOfGraphemes(text);
	}

	let width = 0;
	for (let index = 0; index < visible.length; index++) {
		width += eastAsianWidth(visible.codePointAt(index)!);
	}

	return width;
}

/** Whether every code point of the text is a grapheme of its own, measured by its East Asian width alone. */
export function isSimpleText(text: string): boolean {
	return ascii.test(text) || (ownGraphemes.test(text) && !mayJoin.test(text));
}

// A code point that is a grapheme of its own and never joins the one before or after it.
const simpleCodePoint = /^[\p{L}\p{N}\p{P}\p{S}\p{Zs}]$/u;

function isSimple(character: string): boolean {
	return (
		character.length === 1 &&
		simpleCodePoint.test(character) &&
		!mayJoin.test(character)
	);
}

let segmenter: Intl.Segmenter | undefined;
// Intl.Segmenter slows down with the length of the text it walks (quadratic in V8: 80k characters take seconds), so it only ever sees short pieces.
const segmentLength = 256;
// A run with no safe place to cut (thousands of combining marks) is cut anyway: a grapheme that long is not text.
const forcedCut = 4096;

/**
The graphemes of a text, in time linear in its length: what the reader sees as one character each (`e` and a combining accent, a flag, a family emoji).

Text is handed to Intl.Segmenter in short pieces, cut only between two code points that each stand alone.
*/
export function graphemes(text: string): string[] {
	if (isSimpleText(text)) {
		return [...text];
	}

	segmenter ??= new Intl.Segmenter();
	const result: string[] = [];
	let start = 0;
	let previousSimple = false;
	let index = 0;
	const flush = (end: number) => {
		if (end > start) {
			for (const {segment} of segmenter!.segment(text.slice(start, end))) {
				result.push(segment);
			}
		}

		start = end;
	};

	while (index < text.length) {
		const character = String.fromCodePoint(text.codePointAt(index)!);
		const simple = isSimple(character);
		if (
			(simple && previousSimple && index - start >= segmentLength) ||
			index - start >= forcedCut
		) {
			flush(index);
		}

		previousSimple = simple;
		index += character.length;
	}

	flush(text.length);
	return result;
}
