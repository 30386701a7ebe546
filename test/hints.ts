import test from 'ava';
import fc from 'fast-check';
import stringWidth from 'string-width';
import {fitHints, type Hint, statusLine} from '../source/ui/hints.js';

// The list's footer, as article-list.tsx gives it.
const listHints: readonly Hint[] = [
	{text: 'Enter open', priority: 9},
	{text: '/ filter', priority: 8},
	{text: 'n next unread', priority: 5},
	{text: 'm read', priority: 6},
	{text: 's bookmark', priority: 4},
	{text: 'U unread', priority: 3},
	{text: 'S sort', priority: 2},
	{text: '? help', priority: 10, keep: true},
	{text: 'q quit', priority: 10, keep: true},
];

const separator = ' · ';
const kept = '? help · q quit';

/** The hints a line shows, or undefined when a part of it is not a whole hint. */
function hintsIn(line: string, hints: readonly Hint[]): Hint[] | undefined {
	if (line === '') {
		return [];
	}

	const shown: Hint[] = [];
	for (const part of line.split(separator)) {
		const hint = hints.find((entry) => entry.text === part);
		if (!hint) {
			return undefined;
		}

		shown.push(hint);
	}

	return shown;
}

test('with room for all, every hint shows in its order', (t) => {
	t.is(
		fitHints(listHints, 200),
		listHints.map((hint) => hint.text).join(separator),
	);
});

test('at every width the footer shows whole hints only, keeps ? help and q, and fits', (t) => {
	for (let width = stringWidth(kept); width <= 130; width++) {
		const line = fitHints(listHints, width);
		t.true(stringWidth(line) <= width, `at ${width}: ${line}`);
		const shown = hintsIn(line, listHints);
		t.truthy(shown, `cut mid-word at ${width}: ${line}`);
		t.true(
			line.includes('? help') && line.includes('q quit'),
			`at ${width}: ${line}`,
		);
		// In their order.
		t.deepEqual(
			shown,
			listHints.filter((hint) => shown!.includes(hint)),
		);
	}
});

test('hints go lowest priority first: S sort, then U unread, then s bookmark', (t) => {
	const dropped = (width: number) =>
		listHints
			.filter((hint) => !fitHints(listHints, width).includes(hint.text))
			.map((hint) => hint.text);
	const full = stringWidth(listHints.map((hint) => hint.text).join(separator));
	t.deepEqual(dropped(full), []);
	t.deepEqual(dropped(full - 1), ['S sort']);
	t.deepEqual(dropped(full - 1 - stringWidth('S sort · ')), [
		'U unread',
		'S sort',
	]);
	t.deepEqual(
		dropped(stringWidth(kept)),
		listHints.filter((hint) => !hint.keep).map((hint) => hint.text),
	);
});

test('narrower than the kept hints themselves, the line is cut as a last resort, within the width', (t) => {
	for (let width = 1; width < stringWidth(kept); width++) {
		const line = fitHints(listHints, width);
		t.true(stringWidth(line) <= width, `at ${width}: ${line}`);
	}
});

const hintArbitrary = fc.record({
	text: fc.stringMatching(/^[a-zA-Z?/]{1,6}( [a-z\u4E00-\u4E10]{1,8})?$/),
	priority: fc.integer({min: 0, max: 10}),
	keep: fc.boolean(),
});

test('for any hints and width: whole hints in order, every kept one, and no hint shown below one dropped', (t) => {
	fc.assert(
		fc.property(
			fc.uniqueArray(hintArbitrary, {
				maxLength: 10,
				selector: (hint) => hint.text,
			}),
			fc.integer({min: 1, max: 120}),
			(generated, width) => {
				const hints: readonly Hint[] = generated;
				const line = fitHints(hints, width);
				if (stringWidth(line) > width) {
					return false;
				}

				const keptWidth = stringWidth(
					hints
						.filter((hint) => hint.keep)
						.map((hint) => hint.text)
						.join(separator),
				);
				if (keptWidth > width) {
					// The last resort: cut, but still within the width (checked above).
					return true;
				}

				const shown = hintsIn(line, hints);
				if (!shown) {
					return false;
				}

				const droppedHints = hints.filter((hint) => !shown.includes(hint));
				const lowestShown = Math.min(
					...shown.filter((hint) => !hint.keep).map((hint) => hint.priority),
				);
				return (
					hints
						.filter((hint) => hint.keep)
						.every((hint) => shown.includes(hint)) &&
					droppedHints.every(
						(hint) => !hint.keep && hint.priority <= lowestShown,
					) &&
					shown.every(
						(hint, index) =>
							index === 0 ||
							hints.indexOf(hint) > hints.indexOf(shown[index - 1]),
					)
				);
			},
		),
	);
	t.pass();
});

test('statusLine is exactly the width: the left cut to the room, the right flush right', (t) => {
	t.is(
		statusLine('1-20/80 25%', '? help · q back', 40),
		`1-20/80 25%${' '.repeat(14)}? help · q back`,
	);
	const long = statusLine(
		`1-20/80 25% · ${'Comment saved on this machine; '.repeat(3)}`,
		'? help · q back',
		60,
	);
	t.is(stringWidth(long), 60);
	t.true(long.startsWith('1-20/80 25% · Comment saved'));
	t.true(long.endsWith(' ? help · q back'));
	t.regex(long, /… \? help/);
	// Wide characters on the left.
	const wide = statusLine('日本語の見出し'.repeat(10), '? help', 30);
	t.is(stringWidth(wide), 30);
	t.true(wide.endsWith(' ? help'));
	t.is(stringWidth(statusLine('', '? help', 30)), 30);
	// No room for the right: it is cut to the width.
	t.is(stringWidth(statusLine('left', '? help · q back', 8)), 8);
});

test('statusLine is exactly the width for any text', (t) => {
	fc.assert(
		fc.property(
			fc.string({unit: 'grapheme', maxLength: 80}),
			fc.string({unit: 'grapheme-ascii', maxLength: 30}),
			fc.integer({min: 1, max: 120}),
			(left, right, width) => {
				const clean = (text: string) =>
					text.replaceAll(/[\p{Cc}\p{Cf}\p{M}]/gu, '');
				return (
					stringWidth(statusLine(clean(left), clean(right), width)) === width
				);
			},
		),
	);
	t.pass();
});

// Regression: fitOneLine(text, 0) gives "…", one column, so a terminal one column wide (the frame is columns - 1 wide) gets a footer and a status line wider than the frame.
test('at width 0 the hints and the status line take no room', (t) => {
	t.is(stringWidth(fitHints(listHints, 0)), 0);
	t.is(stringWidth(statusLine('1-20/80 25%', '? help · q back', 0)), 0);
});
