import {eastAsianWidth} from 'get-east-asian-width';
import stringWidthOfGraphemes from 'string-width';

type Options = Parameters<typeof stringWidthOfGraphemes>[1];

const ascii = /^[\u0020-\u007E]*$/;

// Letters, numbers, punctuation, symbols and spaces of the BMP…
const ownGraphemes = /^[\p{L}\p{N}\p{P}\p{S}\p{Zs}]*$/u;
// …except those that may join a neighbour into one grapheme, be drawn as emoji or not at all: pictographs, the default-ignorable, Hangul jamo, the Thai and Lao vowels that count as spacing marks, the Malayalam prepended letter, and anything outside the BMP.
const mayJoin =
	/[\p{Extended_Pictographic}\p{Default_Ignorable_Code_Point}\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF\u0E33\u0EB3\u0D4E\u{10000}-\u{10FFFF}]/u;

/**
The display width of text, as `string-width` measures it, without its cost where it isn't needed.

`string-width` splits text into graphemes and tests each against `\p{RGI_Emoji}`: compiling that pattern costs about 20 ms, at the first measurement of any non-ASCII text — inside the first frame. Text whose every code point is a grapheme of its own (most text: `●`, `·`, `—`, `é`, CJK) is its code points' East Asian widths, which is what `string-width` would find; everything else goes to `string-width`. `test/string-width.ts` checks the two agree on every BMP code point and on random text.

The bundle gives this to Ink too (`scripts/build.js`).
*/
export default function stringWidth(text: string, options?: Options): number {
	if (typeof text !== 'string' || options !== undefined) {
		return stringWidthOfGraphemes(text, options);
	}

	if (ascii.test(text)) {
		return text.length;
	}

	if (!ownGraphemes.test(text) || mayJoin.test(text)) {
		return stringWidthOfGraphemes(text);
	}

	let width = 0;
	for (let index = 0; index < text.length; index++) {
		width += eastAsianWidth(text.codePointAt(index)!);
	}

	return width;
}
