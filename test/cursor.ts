import test from 'ava';
import fc from 'fast-check';
import {
	type Cursor,
	cursorAt,
	cursorByPage,
	startCursor,
} from '../source/ui/cursor.js';

const cursor = (index: number, top: number): Cursor => ({index, top});

test('the cursor is clamped to the list: it never wraps', (t) => {
	t.deepEqual(cursorAt(startCursor, -1, 20, 5), cursor(0, 0));
	t.deepEqual(cursorAt(cursor(19, 15), 20, 20, 5), cursor(19, 15));
	t.deepEqual(cursorAt(cursor(19, 15), 1000, 20, 5), cursor(19, 15));
	t.deepEqual(cursorAt(cursor(3, 0), -50, 20, 5), cursor(0, 0));
});

test('the view scrolls as little as it must to keep the cursor in it', (t) => {
	let at = startCursor;
	at = cursorAt(at, 4, 20, 5);
	t.deepEqual(at, cursor(4, 0));
	at = cursorAt(at, 5, 20, 5);
	t.deepEqual(at, cursor(5, 1));
	at = cursorAt(at, 12, 20, 5);
	t.deepEqual(at, cursor(12, 8));
	// Still in view: the view stays.
	at = cursorAt(at, 9, 20, 5);
	t.deepEqual(at, cursor(9, 8));
	at = cursorAt(at, 3, 20, 5);
	t.deepEqual(at, cursor(3, 3));
});

test('the same cursor comes back when nothing moves, so that nothing is drawn again', (t) => {
	const at = cursor(7, 5);
	t.is(cursorAt(at, 7, 20, 5), at);
});

test('an empty list has the cursor at the start', (t) => {
	t.is(cursorAt(cursor(5, 3), 5, 0, 5), startCursor);
	t.is(cursorByPage(cursor(5, 3), 1, 0, 5), startCursor);
});

test('a list that got shorter or a screen that got smaller keeps the cursor in view', (t) => {
	// Fewer rows: the view does not start past the last page.
	t.deepEqual(cursorAt(cursor(18, 15), 3, 6, 5), cursor(3, 1));
	// A smaller screen: the view follows the cursor.
	t.deepEqual(cursorAt(cursor(9, 5), 9, 20, 3), cursor(9, 7));
	// No room at all still shows one row.
	t.deepEqual(cursorAt(cursor(9, 5), 9, 20, 0), cursor(9, 9));
});

test('a page down moves the view by a page and the cursor keeps its row', (t) => {
	t.deepEqual(cursorByPage(cursor(2, 0), 1, 100, 10), cursor(12, 10));
	t.deepEqual(cursorByPage(cursor(12, 10), -1, 100, 10), cursor(2, 0));
	t.deepEqual(cursorByPage(cursor(12, 10), 0.5, 100, 10), cursor(17, 15));
	t.deepEqual(cursorByPage(cursor(17, 15), -0.5, 100, 10), cursor(12, 10));
});

test('at the end of the list the view stops and the cursor goes the rest of the way, never past the ends', (t) => {
	// 15 rows, 10 shown: the view moves 5, the cursor keeps its row.
	t.deepEqual(cursorByPage(cursor(0, 0), 1, 15, 10), cursor(5, 5));
	// The view is at the end: the cursor moves a page, as far as the last row.
	t.deepEqual(cursorByPage(cursor(5, 5), 1, 15, 10), cursor(14, 5));
	t.deepEqual(cursorByPage(cursor(14, 5), 1, 15, 10), cursor(14, 5));
	// And back up the same way.
	t.deepEqual(cursorByPage(cursor(14, 5), -1, 15, 10), cursor(9, 0));
	t.deepEqual(cursorByPage(cursor(9, 0), -1, 15, 10), cursor(0, 0));
	t.deepEqual(cursorByPage(cursor(0, 0), -1, 15, 10), cursor(0, 0));
	// A list shorter than the screen.
	t.deepEqual(cursorByPage(cursor(1, 0), 1, 4, 10), cursor(3, 0));
	t.deepEqual(cursorByPage(cursor(1, 0), -0.5, 4, 10), cursor(0, 0));
});

test('half a page of a one-row view still moves one row', (t) => {
	t.deepEqual(cursorByPage(cursor(3, 3), 0.5, 10, 1), cursor(4, 4));
	t.deepEqual(cursorByPage(cursor(3, 3), -0.5, 10, 1), cursor(2, 2));
});

const shapes = fc.record({
	count: fc.integer({min: 1, max: 200}),
	height: fc.integer({min: 0, max: 60}),
	index: fc.integer({min: -300, max: 300}),
	from: fc.integer({min: 0, max: 300}),
	top: fc.integer({min: 0, max: 300}),
	pages: fc.constantFrom(1, -1, 0.5, -0.5, 3, -3),
});

test('whatever the move, the cursor is on a row of the list and in view, and the view within the list', (t) => {
	fc.assert(
		fc.property(shapes, ({count, height, index, from, top, pages}) => {
			const rows = Math.max(1, height);
			// A valid cursor to start from.
			const start = cursorAt(
				cursor(from % count, top),
				from % count,
				count,
				height,
			);
			for (const next of [
				cursorAt(start, index, count, height),
				cursorByPage(start, pages, count, height),
			]) {
				if (
					next.index < 0 ||
					next.index >= count ||
					next.top < 0 ||
					next.top > Math.max(0, count - rows) ||
					next.index < next.top ||
					next.index >= next.top + rows
				) {
					return false;
				}
			}

			return true;
		}),
	);
	t.pass();
});

test('paging down then up comes back to the same place away from the ends', (t) => {
	fc.assert(
		fc.property(
			fc.integer({min: 1, max: 30}),
			fc.integer({min: 0, max: 29}),
			fc.integer({min: 1, max: 4}),
			(height, row, page) => {
				const count = height * 10;
				const top = height * page;
				const start = cursor(top + Math.min(row, height - 1), top);
				const back = cursorByPage(
					cursorByPage(start, 1, count, height),
					-1,
					count,
					height,
				);
				return back.index === start.index && back.top === start.top;
			},
		),
	);
	t.pass();
});
