import test from 'ava';
import fc from 'fast-check';
import stringWidthOfGraphemes from 'string-width';
import stringWidth from '../source/terminal/string-width.js';

test('every BMP code point measures as string-width measures it', (t) => {
	const differ: string[] = [];
	for (let code = 0; code <= 0xff_ff; code++) {
		if (code >= 0xd8_00 && code <= 0xdf_ff) {
			continue;
		}

		const text = String.fromCodePoint(code);
		if (stringWidth(text) !== stringWidthOfGraphemes(text)) {
			differ.push(code.toString(16));
		}
	}

	t.deepEqual(differ, []);
});

// Characters that join their neighbours or change width beside them, among ones that don't.
const alphabet = [
	'a',
	' ',
	'é',
	'中',
	'●',
	'—',
	'\u0301', // Combining acute accent
	'\u200D', // Zero-width joiner
	'\uFE0F', // Emoji presentation selector
	'\u20E3', // Combining keycap
	'👍',
	'🏽',
	'🇺',
	'\u1100', // Hangul choseong
	'\u1161', // Hangul jungseong
	'가',
	'ก',
	'\u0E33', // Thai sara am
	'\u0D4E', // Malayalam dot reph (prepended)
	'ന',
	'\u0600', // Arabic number sign (prepended)
	'\u00AD', // Soft hyphen
	'\u3164', // Hangul filler
	'\u001B',
	'[',
	'm',
	'\t',
	'\u0903', // Devanagari visarga (spacing mark)
	'#',
];

test('any mix of joining and plain characters measures as string-width measures it', (t) => {
	fc.assert(
		fc.property(
			fc.array(fc.constantFrom(...alphabet), {maxLength: 12}),
			(characters) => {
				const text = characters.join('');
				return stringWidth(text) === stringWidthOfGraphemes(text);
			},
		),
		{numRuns: 2000},
	);
	t.pass();
});

test('options go to string-width unchanged', (t) => {
	t.is(stringWidth('●·', {ambiguousIsNarrow: false}), 4);
	t.is(stringWidth('\u001B[1mab\u001B[22m', {countAnsiEscapeCodes: true}), 9);
	t.is(stringWidth('●·中'), 4);
});

test('styled text measures as its text alone, as string-width measures it', (t) => {
	const styled = [
		'\u001B[1m●·中\u001B[22m',
		'\u001B]8;;https://example.com\u0007a “link”\u001B]8;;\u0007',
		'\u001B[38;5;203m┃\u001B[39m quoted 👍🏽',
	];
	for (const text of styled) {
		t.is(
			stringWidth(text),
			stringWidthOfGraphemes(text),
			`${JSON.stringify(text)}`,
		);
	}

	t.is(stringWidth(styled[0]), 4);
});

test('escape characters that stripping leaves behind measure as string-width measures them', (t) => {
	// Found by the property above: stripping "ESC ESC m m" leaves "ESC m", which a second stripping would take away too.
	for (const text of [
		'\u001B\u001Bmm',
		'\u001B\u001B[1mm中',
		'\u001B\u001B\u001Bmmm',
	]) {
		t.is(
			stringWidth(text),
			stringWidthOfGraphemes(text),
			`${JSON.stringify(text)}`,
		);
	}
});
