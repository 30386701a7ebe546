/** A cursor in a list drawn `height` rows at a time: the row chosen and the first row shown. */
export type Cursor = Readonly<{index: number; top: number}>;

export const startCursor: Cursor = {index: 0, top: 0};

/** The cursor on row `index` (clamped; never wraps), scrolling as little as needed to keep it in view. */
export function cursorAt(
	cursor: Cursor,
	index: number,
	count: number,
	height: number,
): Cursor {
	if (count === 0) {
		return startCursor;
	}

	const rows = Math.max(1, height);
	const clamped = Math.max(0, Math.min(count - 1, index));
	const lastTop = Math.max(0, count - rows);
	let top = Math.min(cursor.top, lastTop);
	if (clamped < top) {
		top = clamped;
	} else if (clamped >= top + rows) {
		top = clamped - rows + 1;
	}

	return clamped === cursor.index && top === cursor.top
		? cursor
		: {index: clamped, top};
}

/** Move by whole or half pages, as less does: the view moves by the step and the cursor keeps its row on screen. */
export function cursorByPage(
	cursor: Cursor,
	pages: number,
	count: number,
	height: number,
): Cursor {
	const rows = Math.max(1, height);
	const step = Math.trunc(pages * rows) || Math.sign(pages);
	const lastTop = Math.max(0, count - rows);
	const top = Math.max(0, Math.min(lastTop, cursor.top + step));
	const row = cursor.index - cursor.top;
	// At the end of the list the view cannot move; the cursor still goes the rest of the way.
	const index = top === cursor.top ? cursor.index + step : top + row;
	return cursorAt({index: cursor.index, top}, index, count, rows);
}
