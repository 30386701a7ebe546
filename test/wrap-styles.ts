import test from 'ava';
import {wrapText} from '../source/terminal/wrap.js';

const esc = (codes: string) => `\u001B[${codes}m`;

/** A styled run long enough to wrap at 10 columns: the second line starts with what is open at the break. */
function reopened(style: string): string {
	const lines = wrapText(`${style}aaaa bbbb cccc`, 10);
	return /^(?:\u001B\[[\d;]*m)*/.exec(lines[1] ?? '')?.[0] ?? '';
}

// [what is written before the text, the sequence the next line opens with]
const cases: ReadonlyArray<[string, string]> = [
	['', ''],
	[esc('1'), esc('1')],
	[esc('2'), esc('2')],
	[esc('1') + esc('22'), ''],
	[esc('1') + esc('2') + esc('22'), ''],
	[esc('3') + esc('4'), esc('3;4')],
	[esc('3') + esc('23'), ''],
	[esc('4') + esc('24'), ''],
	[esc('5') + esc('25'), ''],
	[esc('7') + esc('9') + esc('27'), esc('9')],
	[esc('8') + esc('28'), ''],
	[esc('9') + esc('29'), ''],
	[esc('53'), esc('53')],
	[esc('53') + esc('55'), ''],
	[esc('31'), esc('31')],
	[esc('31') + esc('94'), esc('94')],
	[esc('31') + esc('39'), ''],
	[esc('42') + esc('103'), esc('103')],
	[esc('42') + esc('49'), ''],
	[esc('38;5;200'), esc('38;5;200')],
	[esc('48;2;1;2;3') + esc('1'), esc('48;2;1;2;3;1')],
	[esc('1;31') + esc('0'), ''],
	[esc('1;31') + esc(''), ''],
	// Codes gazette does not track open nothing again.
	[esc('6') + esc('21'), ''],
];

for (const [style, expected] of cases) {
	test(`a break in ${JSON.stringify(style)} text opens ${JSON.stringify(expected)} on the next line`, (t) => {
		t.is(reopened(style), expected);
	});
}

test('a line with styles open at a break closes them', (t) => {
	const [first] = wrapText(`${esc('1')}aaaa bbbb cccc`, 10);
	t.true(first?.endsWith(esc('0')));
});
