import test from 'ava';
import fc from 'fast-check';
import stringWidth from 'string-width';
import {lastBodyLines} from '../source/ui/composer.js';
import {sanitizeText} from '../source/terminal/sanitize.js';
import {fitLine} from '../source/terminal/wrap.js';

/** Every line of the comment wrapped, as a plain reading of it would show them. */
const allLines = (body: string, width: number) =>
	body.split('\n').flatMap((line) => fitLine(sanitizeText(line), width));

test('an empty comment is one empty line', (t) => {
	t.deepEqual(lastBodyLines('', 20, 5), {lines: [''], total: 1});
});

test('a short comment shows whole, with its count of lines', (t) => {
	t.deepEqual(lastBodyLines('Hello\nworld', 20, 5), {
		lines: ['Hello', 'world'],
		total: 2,
	});
	// A comment ending with a line break shows the new empty line, where the cursor is.
	t.deepEqual(lastBodyLines('Hello\n', 20, 5), {
		lines: ['Hello', ''],
		total: 2,
	});
});

test('a comment taller than its rows shows its last lines, and how many there are', (t) => {
	const body = Array.from({length: 12}, (_, index) => `line ${index}`).join(
		'\n',
	);
	const {lines, total} = lastBodyLines(body, 20, 3);
	t.deepEqual(lines, ['line 9', 'line 10', 'line 11']);
	// Counted when cheap: here every line was read.
	t.true(total === undefined || total === 12);
});

test('a very long line shows its end, wrapped, within the width, and says there is more above', (t) => {
	const body = `${'word '.repeat(5000)}the end`;
	const {lines, total} = lastBodyLines(body, 30, 4);
	t.is(lines.length, 4);
	t.true(lines.at(-1)?.endsWith('the end'));
	t.is(total, undefined);
	for (const line of lines) {
		t.true(stringWidth(line) <= 30, `too wide: ${line}`);
	}
});

test('wide characters and emoji at the cut never make a line wider than the width', (t) => {
	const body = '日本語😀'.repeat(3000);
	const {lines} = lastBodyLines(body, 21, 5);
	t.is(lines.length, 5);
	for (const line of lines) {
		t.true(stringWidth(line) <= 21, `too wide: ${line}`);
		t.false(line.includes('\uFFFD'), `a broken character: ${line}`);
	}
});

test('control characters in a comment are shown, never sent to the terminal', (t) => {
	const {lines} = lastBodyLines('a\u001B[2Jb\u0007', 40, 3);
	t.false(lines.join('').includes('\u001B'));
	t.false(lines.join('').includes('\u0007'));
});

test('for comments of ordinary lines, the last lines are those of the whole comment wrapped', (t) => {
	fc.assert(
		fc.property(
			// The first line not empty: see the failing test below.
			fc
				.tuple(
					fc.stringMatching(/^[a-z][a-z ]{0,59}$/),
					fc.array(fc.stringMatching(/^[a-z ]{0,60}$/), {maxLength: 30}),
				)
				.map(([first, rest]) => [first, ...rest]),
			fc.integer({min: 8, max: 40}),
			fc.integer({min: 1, max: 10}),
			(paragraphs, width, rows) => {
				const body = paragraphs.join('\n');
				const {lines, total} = lastBodyLines(body, width, rows);
				const expected = allLines(body, width);
				return (
					lines.join('\n') === expected.slice(-rows).join('\n') &&
					(total === undefined || total === expected.length)
				);
			},
		),
	);
	t.pass();
});

// Regression: lastBodyLines read `body.lastIndexOf('\n', end - 1)` with end 0, which finds the line break at 0 again, so a comment that starts with a line break (Enter pressed first, a paste that starts with one) shows as many empty lines as the box has rows, and "(more lines above)".
test('a comment that starts with a line break shows its own lines, no more', (t) => {
	t.deepEqual(lastBodyLines('\nHello', 20, 5), {
		lines: ['', 'Hello'],
		total: 2,
	});
	t.deepEqual(lastBodyLines('\n', 20, 5), {lines: ['', ''], total: 2});
});
