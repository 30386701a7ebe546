import test from 'ava';
import stringWidth from 'string-width';
import type {Article} from '../source/library/article.js';
import type {ArticleMarks} from '../source/library/filter.js';
import {
	type ColumnWidths,
	columnWidths,
	formatRow,
	planRow,
	statusText,
} from '../source/ui/list-row.js';
import {bundled, bundledArticle} from './helpers/articles.js';

const seed = bundledArticle('miami-summit');

const marks: ArticleMarks = {
	unread: true,
	bookmarked: false,
	progress: 0,
	comments: 0,
	draft: false,
};

/** Articles with what makes rows hard: wide characters, emoji, long fields, empty fields, an unreadable file. */
const hard: Article[] = [
	...bundled,
	{
		...seed,
		id: 'cjk',
		title: '新聞は長いあいだ毎朝の暮らしに欠かせないものでした、今も',
		source: '東京新聞社会部デスク',
		author: '山田太郎と花子',
	},
	{
		...seed,
		id: 'emoji',
		title: '🎉 Party 🎉 at the 👨‍👩‍👧 family reunion',
		source: 'Feed 📰',
	},
	{
		...seed,
		id: 'long',
		title: 'x'.repeat(300),
		source: 'A source with a very long name indeed',
		author: 'An author whose name goes on and on and on',
		readingMinutes: 123,
	},
	{...seed, id: 'short', title: 'A', source: '', author: '', date: ''},
	{...seed, id: 'broken', title: 'broken', error: 'binary file, not text'},
];

/** The order the metadata columns come in as the row widens; they go from the end as it narrows. */
const importance = ['date', 'source', 'status', 'author', 'time'];

/** The row width the list gives a terminal `columns` wide: less its last column and the two of the pointer. */
const rowWidthAt = (columns: number) => Math.max(10, columns - 3);

const statusWidths = {...columnWidths(hard), status: 7};

test('columnWidths: the widest text of each column, capped, measured once per list', (t) => {
	const widths = columnWidths(bundled);
	t.is(widths.date, 10);
	t.is(widths.source, Math.max(...bundled.map((a) => stringWidth(a.source))));
	t.is(
		widths.time,
		Math.max(...bundled.map((a) => `${a.readingMinutes} min`.length)),
	);
	t.is(widths.status, 0);
	t.is(columnWidths(bundled), widths);
	const capped = columnWidths(hard);
	t.is(capped.source, 18);
	t.is(capped.author, 16);
	t.is(capped.time, 7);
});

test('statusText shows progress while started and not finished, and the number of comments', (t) => {
	t.is(statusText(marks), '');
	t.is(statusText({...marks, progress: 40}), '40%');
	t.is(statusText({...marks, progress: 100, comments: 2}), '(2)');
	t.is(statusText({...marks, progress: 5, comments: 12}), '5% (12)');
});

for (const columns of [40, 80, 120, 200]) {
	test(`at ${columns} columns the title keeps at least 24 columns and 60% of the row`, (t) => {
		for (const widths of [columnWidths(bundled), statusWidths]) {
			const width = rowWidthAt(columns);
			const plan = planRow(width, widths);
			const room = width - 4;
			t.true(plan.titleWidth >= 24, `${plan.titleWidth} at ${columns}`);
			t.true(plan.titleWidth >= Math.ceil(room * 0.6));
			// The row is the flags, the title and the columns with their gaps.
			t.is(
				4 +
					plan.titleWidth +
					plan.columns.reduce((sum, c) => sum + c.width + 2, 0),
				width,
			);
		}
	});

	test(`at ${columns} columns every row is exactly the row's width`, (t) => {
		const width = rowWidthAt(columns);
		const plan = planRow(width, statusWidths);
		for (const article of hard) {
			for (const row of [
				formatRow(article, marks, plan),
				formatRow(
					article,
					{...marks, bookmarked: true, draft: true, progress: 55, comments: 3},
					plan,
				),
			]) {
				t.is(stringWidth(row), width, `${article.id}: ${row}`);
			}
		}
	});
}

test('at 40 columns the title has the row, at 200 every column shows', (t) => {
	t.deepEqual(planRow(rowWidthAt(40), statusWidths).columns, []);
	t.deepEqual(
		planRow(rowWidthAt(200), statusWidths).columns.map((column) => column.name),
		importance,
	);
});

test('as the row narrows the columns go in order, reading time first and the date last, never the reverse', (t) => {
	let before: string[] = [];
	for (let width = 10; width <= 250; width++) {
		const shown = planRow(width, statusWidths).columns.map(
			(column) => column.name,
		);
		// Always the most important ones, in order.
		t.deepEqual(shown, importance.slice(0, shown.length), `at ${width}`);
		// A wider row never loses a column.
		t.true(
			shown.length >= before.length,
			`at ${width}: ${shown.join(',')} after ${before.join(',')}`,
		);
		before = shown;
	}

	t.is(before.length, importance.length);
});

test('a column with nothing in it takes no room', (t) => {
	const widths: ColumnWidths = {...statusWidths, status: 0, source: 0};
	const shown = planRow(200, widths).columns.map((column) => column.name);
	t.deepEqual(shown, ['date', 'author', 'time']);
});

/** The characters of a plain row between two columns. */
function columnsOf(row: string, start: number, end: number): string {
	let column = 0;
	let text = '';
	for (const {segment} of new Intl.Segmenter().segment(row)) {
		const width = stringWidth(segment);
		if (column >= start && column + width <= end) {
			text += segment;
		}

		column += width;
	}

	return text;
}

test('the columns line up: each starts at the same column in every row, words on the left, numbers on the right', (t) => {
	const width = rowWidthAt(200);
	const plan = planRow(width, statusWidths);
	const articles = hard.filter((article) => !article.error);
	for (const article of articles) {
		const articleMarks = {...marks, progress: 40, comments: 2};
		const row = formatRow(article, articleMarks, plan);
		let start = 4 + plan.titleWidth;
		for (const column of plan.columns) {
			const cell = columnsOf(row, start + 2, start + 2 + column.width);
			t.is(stringWidth(cell), column.width, `${article.id} ${column.name}`);
			const text = {
				date: article.date,
				source: article.source,
				status: '40% (2)',
				author: article.author,
				time: `${article.readingMinutes} min`,
			}[column.name];
			if (column.name === 'time' || column.name === 'status') {
				// Flush right: the cell ends with the text.
				t.true(
					cell.endsWith(text) || text.length > column.width,
					`${article.id} ${column.name}: "${cell}"`,
				);
			} else if (stringWidth(text) <= column.width) {
				t.is(cell.trimEnd(), text, `${article.id} ${column.name}`);
			} else {
				// Too long: cut with an ellipsis, within the column.
				t.true(
					cell.trimEnd().endsWith('…'),
					`${article.id} ${column.name}: "${cell}"`,
				);
			}

			start += 2 + column.width;
		}
	}
});

test('the flags show unread, bookmarked and a draft, in fixed places', (t) => {
	const plan = planRow(80, statusWidths);
	t.true(formatRow(seed, marks, plan).startsWith('●   Miami Summit'));
	t.true(
		formatRow(
			seed,
			{...marks, unread: false, bookmarked: true, draft: true},
			plan,
		).startsWith(' ★✎ Miami Summit'),
	);
	t.true(
		formatRow(seed, {...marks, unread: false}, plan).startsWith(
			'    Miami Summit',
		),
	);
});

test('a title that fits is whole; one too long is cut with an ellipsis, the columns kept', (t) => {
	const plan = planRow(rowWidthAt(200), columnWidths(bundled));
	const row = formatRow(seed, marks, plan);
	t.true(row.includes(seed.title));
	const narrow = planRow(rowWidthAt(80), columnWidths(bundled));
	const cut = formatRow(seed, marks, narrow);
	t.false(cut.includes(seed.title));
	t.regex(cut, /^● {3}Miami Summit Set as U\.S\., .*…/);
	t.true(cut.includes('2025-12-19'));
});

test('an unreadable article says why across the whole row', (t) => {
	const plan = planRow(rowWidthAt(120), statusWidths);
	const broken = hard.find((article) => article.error)!;
	const row = formatRow(broken, marks, plan);
	t.regex(row, /^● {3}broken {2}unreadable: binary file, not text +$/);
	t.is(stringWidth(row), rowWidthAt(120));
});

test('at every width from 10 to 250 columns every row is exactly that wide', (t) => {
	const rowMarks = {...marks, progress: 55, comments: 3};
	for (let width = 10; width <= 250; width++) {
		const plan = planRow(width, statusWidths);
		for (const article of hard) {
			const row = formatRow(article, rowMarks, plan);
			if (stringWidth(row) !== width) {
				t.fail(
					`${article.id} at ${width}: ${stringWidth(row)} columns: ${row}`,
				);
				return;
			}
		}
	}

	t.pass();
});
