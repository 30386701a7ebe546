import type {Token, Tokens} from 'marked';
import {theme} from '../terminal/theme.js';
import {lineWidth, wrapText} from '../terminal/wrap.js';

type Align = 'left' | 'center' | 'right' | null;

// Escape sequences gazette's own styling emits, to measure words of styled text.
const escapeSequence =
	/\u001B\[[\d;]*m|\u001B]8(?:;[^\u0007\u001B]*){2}(?:\u0007|\u001B\\)/g;

// A column never needs to be wider than its longest word to show it whole; past this, long words (addresses) break inside the cell instead.
const longestUnbrokenWord = 16;

const asciiText = /^[\u0020-\u007E]*$/;

type Cell = Readonly<{
	paragraphs: string[];
	width: number;
	longestWord: number;
}>;

function measureCell(styled: string): Cell {
	const paragraphs = styled.includes('\n') ? styled.split('\n') : [styled];
	let width = 0;
	let longestWord = 0;
	for (const paragraph of paragraphs) {
		const plain = paragraph.includes('\u001B')
			? paragraph.replaceAll(escapeSequence, '')
			: paragraph;
		if (asciiText.test(plain)) {
			// ASCII: widths are lengths, and words are found without splitting.
			width = Math.max(width, plain.length);
			let start = 0;
			while (start <= plain.length) {
				const end = plain.indexOf(' ', start);
				const stop = end === -1 ? plain.length : end;
				longestWord = Math.max(longestWord, stop - start);
				start = stop + 1;
			}

			continue;
		}

		width = Math.max(width, lineWidth(plain));
		for (const word of plain.split(' ')) {
			// A word's width is at most twice its length in code units.
			if (word.length * 2 > longestWord) {
				longestWord = Math.max(longestWord, lineWidth(word));
			}
		}
	}

	return {paragraphs, width, longestWord};
}

function pad(text: string, width: number, align: Align): string {
	const room = Math.max(0, width - lineWidth(text));
	if (align === 'right') {
		return ' '.repeat(room) + text;
	}

	if (align === 'center') {
		const left = Math.floor(room / 2);
		return ' '.repeat(left) + text + ' '.repeat(room - left);
	}

	return text + ' '.repeat(room);
}

/**
Column widths for a table in `available` columns: every column gets what it needs up to one level, found by bisection, so narrow columns show whole and only the widest wrap. Undefined when even the narrowest useful widths do not fit.
*/
export function columnWidths(
	natural: readonly number[],
	minimum: readonly number[],
	available: number,
): number[] | undefined {
	const total = (level: number) =>
		natural.reduce(
			(sum, width, index) =>
				sum + Math.max(minimum[index], Math.min(width, level)),
			0,
		);
	if (total(0) > available) {
		return undefined;
	}

	let low = 0;
	let high = 0;
	for (const width of natural) {
		high = Math.max(high, width);
	}

	while (low < high) {
		const middle = Math.ceil((low + high) / 2);
		if (total(middle) <= available) {
			low = middle;
		} else {
			high = middle - 1;
		}
	}

	const widths = natural.map((width, index) =>
		Math.max(minimum[index], Math.min(width, low)),
	);
	// What bisection leaves over goes a column at a time to those still short of their width.
	let left = available - widths.reduce((sum, width) => sum + width, 0);
	for (let index = 0; left > 0 && index < widths.length; index++) {
		if (widths[index] < natural[index]) {
			widths[index]++;
			left--;
		}
	}

	return widths;
}

/**
Draw a table at a width. Cells wrap inside their column, long words break across lines, nothing is cut; a table that cannot fit even so is drawn as records, one `Header: value` line per cell.

Linear in the number of cells.
*/
export function renderTable(
	table: Tokens.Table,
	width: number,
	renderCell: (tokens: Token[]) => string,
): string[] {
	let columns = table.header.length;
	for (const row of table.rows) {
		columns = Math.max(columns, row.length);
	}

	if (columns === 0) {
		return [];
	}

	const align: Align[] = Array.from(
		{length: columns},
		(_, index) => table.align[index] ?? null,
	);
	const header = Array.from({length: columns}, (_, index) => {
		const cell = table.header[index];
		return measureCell(cell ? theme.text.strong(renderCell(cell.tokens)) : '');
	});
	const rows = table.rows.map((row) =>
		Array.from({length: columns}, (_, index) => {
			const cell = row[index];
			return measureCell(cell ? renderCell(cell.tokens) : '');
		}),
	);
	const natural = header.map((cell) => Math.max(1, cell.width));
	const longestWord = header.map((cell) => cell.longestWord);
	for (const row of rows) {
		for (const [index, cell] of row.entries()) {
			natural[index] = Math.max(natural[index], cell.width);
			longestWord[index] = Math.max(longestWord[index], cell.longestWord);
		}
	}

	const minimum = natural.map((width, index) =>
		Math.min(
			width,
			Math.max(1, Math.min(longestUnbrokenWord, longestWord[index])),
		),
	);
	const frame = 3 * columns + 1;
	const widths = columnWidths(natural, minimum, width - frame);
	if (!widths) {
		return renderRecords(header, rows, width);
	}

	const border = (left: string, middle: string, right: string) =>
		theme.text.dim(
			left +
				widths.map((columnWidth) => '─'.repeat(columnWidth + 2)).join(middle) +
				right,
		);
	const bar = theme.text.dim('│');
	const drawRow = (cells: readonly Cell[]): string[] => {
		const wrapped = cells.map((cell, index) =>
			cell.paragraphs.flatMap((paragraph) =>
				wrapText(paragraph, widths[index]),
			),
		);
		let height = 1;
		for (const cellLines of wrapped) {
			height = Math.max(height, cellLines.length);
		}

		const lines: string[] = [];
		for (let line = 0; line < height; line++) {
			lines.push(
				`${bar} ` +
					wrapped
						.map((cellLines, index) =>
							pad(cellLines[line] ?? '', widths[index], align[index]),
						)
						.join(` ${bar} `) +
					` ${bar}`,
			);
		}

		return lines;
	};

	const body = rows.map((row) => drawRow(row));
	// Rows of one line each read best packed; once a row wraps, rules between rows show where each ends.
	const ruled = body.some((lines) => lines.length > 1);
	const lines = [
		border('┌', '┬', '┐'),
		...drawRow(header),
		border('├', '┼', '┤'),
	];
	for (const [index, rowLines] of body.entries()) {
		if (ruled && index > 0) {
			lines.push(border('├', '┼', '┤'));
		}

		lines.push(...rowLines);
	}

	lines.push(border('└', '┴', '┘'));
	return lines;
}

function renderRecords(
	header: readonly Cell[],
	rows: ReadonlyArray<readonly Cell[]>,
	width: number,
): string[] {
	const lines: string[] = [];
	const labels = header.map((cell) => {
		const label = cell.paragraphs.join(' ');
		return label === '' ? '' : `${label}${theme.text.strong(':')} `;
	});
	for (const row of rows) {
		if (lines.length > 0) {
			lines.push('');
		}

		for (const [index, cell] of row.entries()) {
			const label = labels[index];
			const value = cell.paragraphs.join(' ');
			if (label === '' && value === '') {
				continue;
			}

			const text = label + value;
			const wrapped = wrapText(text, Math.max(1, width - 2));
			lines.push(
				...wrapped.map((line, position) =>
					position === 0 ? line : `  ${line}`,
				),
			);
		}
	}

	return lines;
}
