import type {Article} from '../library/article.js';
import type {ArticleMarks} from '../library/filter.js';
import {glyphs} from '../terminal/theme.js';
import {displayWidth, fitOneLine} from '../terminal/wrap.js';

/** The metadata columns right of the title, most important first: as the terminal narrows, they go from the end of this list. */
const columnOrder = ['date', 'source', 'status', 'author', 'time'] as const;

type ColumnName = (typeof columnOrder)[number];

// Widest a column may be: beyond that its text is cut, so that the title keeps the room.
const columnCaps: Record<ColumnName, number> = {
	date: 10,
	source: 18,
	status: 10,
	author: 16,
	time: 7,
};

/** The room the title keeps: at least this many columns, and at least this share of the row. */
const titleMinimum = 24;
const titleShare = 0.6;
const gap = 2;
const flagsWidth = 4;

export type ColumnWidths = Readonly<Record<ColumnName, number>>;

export type RowPlan = Readonly<{
	titleWidth: number;
	columns: ReadonlyArray<Readonly<{name: ColumnName; width: number}>>;
}>;

// Characters one column wide and one UTF-16 unit long: text made only of them is as wide as it is long.
const narrowText = /^[\u0020-\u007E·…]*$/;

/** Display width, measured only when the text is not plain ASCII: rows are formatted on every frame. */
function widthOf(text: string): number {
	return narrowText.test(text) ? text.length : displayWidth(text);
}

/** `fitOneLine`, padded to exactly `width` columns. */
function cell(text: string, width: number): string {
	const fitted =
		narrowText.test(text) && text.length <= width
			? text
			: fitOneLine(text, width);
	return fitted + ' '.repeat(Math.max(0, width - widthOf(fitted)));
}

function readingTime(article: Article): string {
	return `${article.readingMinutes} min`;
}

/** Progress while started and not finished, and the number of comments. */
export function statusText(marks: ArticleMarks): string {
	return [
		marks.progress > 0 && marks.progress < 100 ? `${marks.progress}%` : '',
		marks.comments > 0 ? `(${marks.comments})` : '',
	]
		.filter(Boolean)
		.join(' ');
}

const widthsCache = new WeakMap<readonly Article[], ColumnWidths>();

/** How wide each column's text runs in a list (capped): one pass, kept per list. */
export function columnWidths(articles: readonly Article[]): ColumnWidths {
	let widths = widthsCache.get(articles);
	if (!widths) {
		const widest = {date: 0, source: 0, status: 0, author: 0, time: 0};
		for (const article of articles) {
			if (article.error) {
				continue;
			}

			widest.date = Math.max(widest.date, article.date.length);
			widest.source = Math.max(widest.source, widthOf(article.source));
			widest.author = Math.max(widest.author, widthOf(article.author));
			widest.time = Math.max(widest.time, readingTime(article).length);
		}

		widths = {
			date: Math.min(columnCaps.date, widest.date),
			source: Math.min(columnCaps.source, widest.source),
			// Filled in per screen: it depends on the marks, which change.
			status: 0,
			author: Math.min(columnCaps.author, widest.author),
			time: Math.min(columnCaps.time, widest.time),
		};
		widthsCache.set(articles, widths);
	}

	return widths;
}

/**
Which columns a row of `width` shows: the title keeps at least 24 columns (or 60% of the row, if more), and the columns are added in order of importance while they fit; a column is never shown without the ones before it.
*/
export function planRow(width: number, widths: ColumnWidths): RowPlan {
	const room = Math.max(1, width - flagsWidth);
	const keep = Math.min(
		room,
		Math.max(titleMinimum, Math.ceil(room * titleShare)),
	);
	const columns: Array<{name: ColumnName; width: number}> = [];
	let used = 0;
	for (const name of columnOrder) {
		const columnWidth = widths[name];
		if (columnWidth === 0) {
			continue;
		}

		if (room - used - columnWidth - gap < keep) {
			break;
		}

		columns.push({name, width: columnWidth});
		used += columnWidth + gap;
	}

	return {titleWidth: room - used, columns};
}

function columnText(name: ColumnName, article: Article, marks: ArticleMarks) {
	switch (name) {
		case 'date': {
			return article.date;
		}

		case 'source': {
			return article.source;
		}

		case 'status': {
			return statusText(marks);
		}

		case 'author': {
			return article.author;
		}

		case 'time': {
			return readingTime(article);
		}
	}
}

/** One row: the marks, the title with all the room it can get, then the metadata in aligned columns. Exactly `width` columns wide. */
export function formatRow(
	article: Article,
	marks: ArticleMarks,
	plan: RowPlan,
): string {
	const flags = `${marks.unread ? glyphs.unread : ' '}${marks.bookmarked ? glyphs.bookmark : ' '}${marks.draft ? glyphs.draft : ' '} `;
	if (article.error) {
		const room =
			plan.titleWidth +
			plan.columns.reduce((sum, column) => sum + column.width + gap, 0);
		return flags + cell(`${article.title}  unreadable: ${article.error}`, room);
	}

	let row = flags + cell(article.title, plan.titleWidth);
	for (const column of plan.columns) {
		const text = columnText(column.name, article, marks);
		// Numbers line up on the right, words on the left.
		row +=
			' '.repeat(gap) +
			(column.name === 'time' || column.name === 'status'
				? ' '.repeat(Math.max(0, column.width - widthOf(text))) +
					fitOneLine(text, column.width)
				: cell(text, column.width));
	}

	return row;
}

/** A source's heading in the list sorted by source: fold mark, name, unread and total. Exactly `width` columns wide. */
export function formatGroupRow(
	group: Readonly<{
		source: string;
		unread: number;
		total: number;
		folded: boolean;
	}>,
	width: number,
): string {
	const mark = group.folded ? glyphs.collapsed : glyphs.expanded;
	const counts =
		group.unread > 0
			? `${group.unread} unread / ${group.total}`
			: `${group.total} read`;
	return cell(
		`${mark} ${group.source || '(no source)'} · ${counts}`,
		Math.max(1, width),
	);
}
