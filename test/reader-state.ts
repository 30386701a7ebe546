import test from 'ava';
import stringWidth from 'string-width';
import {buildLayout, type Layout} from '../source/document/layout.js';
import {
	lineOfSpot,
	maxTop,
	positionAt,
	sectionAt,
} from '../source/document/navigation.js';
import {articleSections} from '../source/document/reader-sections.js';
import {SectionRenderer} from '../source/document/render.js';
import {parseDocument} from '../source/document/sections.js';
import {
	initialReaderState,
	type ReaderAction,
	type ReaderContext,
	type ReaderState,
	reduceReader,
} from '../source/ui/reader-state.js';
import {openBundled} from './helpers/articles.js';

const {article: seedArticle, opened} = openBundled('miami-summit', 60);
const seed = opened.document;
const renderer = new SectionRenderer({hyperlinks: false});

/** The reader's context for the seed article, as the reader screen builds it (`createReaderContext` in source/ui/reader-state.ts). */
function readerContext(width: number, height = 20): ReaderContext {
	return openBundled('miami-summit', width, height).context;
}

function run(
	state: ReaderState,
	context: ReaderContext,
	...actions: ReaderAction[]
): ReaderState {
	let next = state;
	for (const action of actions) {
		next = reduceReader(next, action, context);
	}

	return next;
}

const layoutOf = (state: ReaderState, context: ReaderContext): Layout =>
	context.layout(state.collapsed);

function lineOfSection(layout: Layout, id: string): number {
	const line = layout.sectionLine.get(id);
	if (line === undefined) {
		throw new Error(`section ${id} is not in the layout`);
	}

	return line;
}

const headingIds = seed.sections
	.filter((section) => section.level > 0)
	.map((section) => section.id);

// Moving by section

for (const height of [20, 40]) {
	test(`the section key moves through the sections in order, each heading at the top unless the end is reached (height ${height})`, (t) => {
		const context = readerContext(60, height);
		let state = initialReaderState(context);
		t.is(state.focus, 'lede');
		t.is(state.top, 0);
		const visited: string[] = [];
		for (const _ of headingIds) {
			state = reduceReader(state, {type: 'section', direction: 1}, context);
			visited.push(state.focus);
			const layout = layoutOf(state, context);
			const line = lineOfSection(layout, state.focus);
			if (line === state.top) {
				t.pass();
			} else {
				t.is(
					state.top,
					maxTop(layout, height),
					`${state.focus} is not at the top`,
				);
				t.true(
					line > state.top && line < state.top + height,
					`${state.focus} is not on screen`,
				);
			}
		}

		t.deepEqual(visited, headingIds);
		t.is(reduceReader(state, {type: 'section', direction: 1}, context), state);
	});
}

test('the section key moves back to the focused heading, then through the sections, and from the first to the top', (t) => {
	const context = readerContext(60);
	let state = run(initialReaderState(context), context, {type: 'bottom'});
	t.is(state.focus, headingIds.at(-1) ?? '');
	// Inside the last section, its heading above the view: back to that heading first.
	t.true(lineOfSection(layoutOf(state, context), state.focus) < state.top);
	state = reduceReader(state, {type: 'section', direction: -1}, context);
	t.is(state.focus, headingIds.at(-1) ?? '');
	t.is(state.top, lineOfSection(layoutOf(state, context), state.focus));
	const visited: string[] = [];
	for (const _ of headingIds.slice(1)) {
		state = reduceReader(state, {type: 'section', direction: -1}, context);
		visited.push(state.focus);
		t.is(state.top, lineOfSection(layoutOf(state, context), state.focus));
	}

	t.deepEqual(visited, headingIds.slice(0, -1).reverse());
	state = reduceReader(state, {type: 'section', direction: -1}, context);
	t.is(state.top, 0);
	t.is(state.focus, 'lede');
});

// Scrolling

test('scrolling moves the focus to the section at the top line', (t) => {
	const context = readerContext(60);
	const layout = context.layout(new Set());
	let state = initialReaderState(context);
	const seen = new Set<string>();
	for (const _ of layout.lines) {
		state = reduceReader(state, {type: 'scroll', lines: 1}, context);
		t.is(state.focus, layout.lines[state.top].sectionId);
		seen.add(state.focus);
	}

	t.is(state.top, maxTop(layout, context.height));
	t.true(seen.has('the-miami-meeting') && seen.has('ukraines-position'));
});

test('scrolling to a heading focuses its section', (t) => {
	const context = readerContext(60);
	const layout = context.layout(new Set());
	const line = lineOfSection(layout, 'us-diplomatic-push');
	const state = run(initialReaderState(context), context, {
		type: 'scroll',
		lines: line,
	});
	t.is(state.top, line);
	t.is(state.focus, 'us-diplomatic-push');
	t.is(run(state, context, {type: 'scroll', lines: -line}).focus, 'lede');
});

test('paging moves by a screen less one line and stops at the end', (t) => {
	const context = readerContext(60);
	const layout = context.layout(new Set());
	let state = run(initialReaderState(context), context, {
		type: 'page',
		direction: 1,
	});
	t.is(state.top, context.height - 1);
	for (let page = 0; page < 20; page++) {
		state = reduceReader(state, {type: 'page', direction: 1}, context);
	}

	t.is(state.top, maxTop(layout, context.height));
	t.is(run(state, context, {type: 'top'}).top, 0);
});

// Folding

/** A state with a section focused and its heading on a given screen row. */
function focusedAtRow(
	context: ReaderContext,
	sectionId: string,
	row: number,
	collapsed: ReadonlySet<string> = new Set(),
): ReaderState {
	const initial = initialReaderState(context, {collapsed: [...collapsed]});
	const line = lineOfSection(context.layout(initial.collapsed), sectionId);
	return {...initial, focus: sectionId, top: line - row};
}

for (const sectionId of headingIds) {
	test(`folding and unfolding ${sectionId} keeps its heading on the same row`, (t) => {
		const context = readerContext(60);
		const row = 5;
		const before = focusedAtRow(context, sectionId, row);
		t.is(lineOfSection(layoutOf(before, context), sectionId) - before.top, row);

		const folded = reduceReader(before, {type: 'toggle'}, context);
		t.true(folded.collapsed.has(sectionId));
		t.true(
			layoutOf(folded, context).lines.length <
				layoutOf(before, context).lines.length,
		);
		t.is(lineOfSection(layoutOf(folded, context), sectionId) - folded.top, row);

		const unfolded = reduceReader(folded, {type: 'toggle'}, context);
		t.false(unfolded.collapsed.has(sectionId));
		t.is(
			lineOfSection(layoutOf(unfolded, context), sectionId) - unfolded.top,
			row,
		);
	});
}

test('unfolding a heading below other folded headings keeps it on the same row', (t) => {
	const context = readerContext(60);
	const collapsed = new Set([
		'the-miami-meeting',
		'us-diplomatic-push',
		'ukraines-position',
	]);
	const before = focusedAtRow(context, 'ukraines-position', 9, collapsed);
	const after = reduceReader(before, {type: 'toggle'}, context);
	t.false(after.collapsed.has('ukraines-position'));
	t.is(
		lineOfSection(layoutOf(after, context), 'ukraines-position') - after.top,
		9,
	);
});

test('toggling the lede does nothing', (t) => {
	const context = readerContext(60);
	const state = initialReaderState(context);
	t.is(reduceReader(state, {type: 'toggle'}, context), state);
});

test('collapsing all leaves the lede and one heading line per section', (t) => {
	const context = readerContext(60);
	const full = context.layout(new Set());
	const state = run(initialReaderState(context), context, {
		type: 'collapseAll',
	});
	const layout = layoutOf(state, context);
	t.deepEqual([...state.collapsed].sort(), [...headingIds].sort());
	const rest = layout.lines.filter(
		(line) => line.sectionId !== 'lede' && line.kind !== 'blank',
	);
	t.deepEqual(
		rest.map((line) => line.sectionId),
		headingIds,
	);
	t.true(
		rest.every((line) => line.kind === 'heading' && line.plain.startsWith('▸')),
	);
	const lede = layout.lines.filter((line) => line.sectionId === 'lede');
	t.deepEqual(
		lede.map((line) => line.plain),
		full.lines
			.filter((line) => line.sectionId === 'lede')
			.map((line) => line.plain),
	);
	t.true(layout.lines.length < lede.length + 2 * headingIds.length);
});

test('expanding all after collapsing all restores every line', (t) => {
	const context = readerContext(60);
	const full = context.layout(new Set());
	const state = run(
		initialReaderState(context),
		context,
		{type: 'collapseAll'},
		{type: 'expandAll'},
	);
	t.is(state.collapsed.size, 0);
	t.is(layoutOf(state, context).lines.length, full.lines.length);
	t.deepEqual(
		layoutOf(state, context).lines.map((line) => line.plain),
		full.lines.map((line) => line.plain),
	);
});

test('collapsing all keeps the focused heading on its row when there is room above', (t) => {
	const context = readerContext(60);
	const before = focusedAtRow(context, 'ukraines-position', 5);
	const after = reduceReader(before, {type: 'collapseAll'}, context);
	t.is(after.focus, 'ukraines-position');
	t.is(
		lineOfSection(layoutOf(after, context), 'ukraines-position') - after.top,
		5,
	);
});

// Quotes

test('the quote key from the top reaches the “We have progress” quote and shows all of it', (t) => {
	const context = readerContext(60);
	let state = initialReaderState(context);
	const visited: string[] = [];
	for (const _ of context.quotes) {
		state = reduceReader(state, {type: 'quote', direction: 1}, context);
		const current = state.quote;
		visited.push(current ?? '');
		if (
			context.quotes
				.find((quote) => quote.id === current)
				?.text.includes('We have progress')
		) {
			break;
		}
	}

	const target = context.quotes.find((quote) => quote.id === state.quote);
	t.truthy(target, `${visited.join(', ')}`);
	t.true(target!.text.includes('We have progress'));
	t.is(state.focus, 'ukraines-position');
	const layout = layoutOf(state, context);
	const line = lineOfSpot(layout, target!);
	t.not(line, undefined);
	t.true(
		line! >= state.top && line! + target!.height <= state.top + context.height,
		`line ${line} not within ${state.top}+${context.height}`,
	);
	t.true(layout.lines[line!].plain.startsWith('┃ “We have progress'));
});

test('the quote key visits the quotes in order and back', (t) => {
	const context = readerContext(60);
	let state = initialReaderState(context);
	const forward: string[] = [];
	for (const _ of context.quotes) {
		state = reduceReader(state, {type: 'quote', direction: 1}, context);
		forward.push(state.quote ?? '');
	}

	t.deepEqual(
		forward,
		context.quotes.map((quote) => quote.id),
	);
	t.is(reduceReader(state, {type: 'quote', direction: 1}, context), state);
	state = reduceReader(state, {type: 'quote', direction: -1}, context);
	t.is(state.quote, context.quotes.at(-2)!.id);
});

test('a quote in a folded section unfolds it', (t) => {
	const context = readerContext(60);
	let state = initialReaderState(context, {collapsed: ['ukraines-position']});
	t.true(state.collapsed.has('ukraines-position'));
	for (const _ of context.quotes) {
		state = reduceReader(state, {type: 'quote', direction: 1}, context);
		if (state.quote?.startsWith('ukraines-position')) {
			break;
		}
	}

	t.is(state.quote, 'ukraines-position#0');
	t.false(state.collapsed.has('ukraines-position'));
	const target = context.quotes.find((quote) => quote.id === state.quote)!;
	const line = lineOfSpot(layoutOf(state, context), target);
	t.true(
		line !== undefined &&
			line >= state.top &&
			line < state.top + context.height,
	);
});

// Search

const witkoffs = seedArticle.body.split('Witkoff').length - 1;

test('search finds every Witkoff, whatever the case of the query', (t) => {
	t.true(witkoffs > 1);
	const context = readerContext(60);
	const state = run(initialReaderState(context), context, {
		type: 'search',
		query: 'Witkoff',
	});
	t.is(state.search.matches.length, witkoffs);
	t.is(state.search.current, -1);
	const lower = run(initialReaderState(context), context, {
		type: 'search',
		query: 'witkoff',
	});
	t.deepEqual(lower.search.matches, state.search.matches);
	t.is(
		run(initialReaderState(context), context, {
			type: 'search',
			query: 'WITKOFF',
		}).search.matches.length,
		witkoffs,
	);
	t.is(
		run(initialReaderState(context), context, {
			type: 'search',
			query: 'no such words here',
		}).search.matches.length,
		0,
	);
});

test('stepping through search results cycles, each match on screen', (t) => {
	const context = readerContext(60);
	let state = run(
		initialReaderState(context),
		context,
		{type: 'search', query: 'witkoff'},
		{type: 'searchStep', direction: 0},
	);
	const order: number[] = [state.search.current];
	for (let step = 0; step < witkoffs; step++) {
		state = reduceReader(state, {type: 'searchStep', direction: 1}, context);
		order.push(state.search.current);
		const match = state.search.matches[state.search.current];
		const layout = layoutOf(state, context);
		const line = lineOfSpot(layout, match);
		t.true(
			line !== undefined &&
				line >= state.top &&
				line < state.top + context.height,
		);
		t.is(
			layout.lines[line!].plain.slice(match.start, match.end).toLowerCase(),
			'witkoff',
		);
		t.is(state.focus, match.sectionId);
	}

	t.deepEqual(order, [
		...Array.from({length: witkoffs}, (_, index) => index),
		0,
	]);
	state = reduceReader(state, {type: 'searchStep', direction: -1}, context);
	t.is(state.search.current, witkoffs - 1);
});

test('a search match in a folded section unfolds that section', (t) => {
	const context = readerContext(60);
	let state = run(
		initialReaderState(context, {
			collapsed: ['key-takeaways', 'the-miami-meeting'],
		}),
		context,
		{type: 'search', query: 'Witkoff'},
	);
	const index = state.search.matches.findIndex(
		(match) => match.sectionId === 'key-takeaways',
	);
	t.not(index, -1);
	state = run(state, context, {type: 'searchStep', direction: 0});
	for (let step = 0; step < index; step++) {
		state = reduceReader(state, {type: 'searchStep', direction: 1}, context);
	}

	t.is(state.search.current, index);
	t.false(state.collapsed.has('key-takeaways'));
	t.false(state.collapsed.has('the-miami-meeting'));
	const match = state.search.matches[index];
	const layout = layoutOf(state, context);
	const line = lineOfSpot(layout, match)!;
	t.true(line >= state.top && line < state.top + context.height);
	t.is(layout.lines[line].plain.slice(match.start, match.end), 'Witkoff');
});

test('clearing the search forgets the matches', (t) => {
	const context = readerContext(60);
	const state = run(
		initialReaderState(context),
		context,
		{type: 'search', query: 'Witkoff'},
		{type: 'clearSearch'},
	);
	t.deepEqual(state.search, {query: '', matches: [], current: -1});
});

// A change of width

for (const sectionId of headingIds) {
	test(`a change of width keeps ${sectionId} at the top`, (t) => {
		const wide = readerContext(80);
		const narrow = readerContext(40);
		const state = run(initialReaderState(wide), wide, {
			type: 'jump',
			sectionId,
		});
		t.is(sectionAt(layoutOf(state, wide), state.top), sectionId);
		const after = reduceReader(
			state,
			{type: 'relayout', previous: layoutOf(state, wide)},
			narrow,
		);
		const layout = layoutOf(after, narrow);
		t.is(sectionAt(layout, after.top), sectionId);
		t.true(
			after.top === lineOfSection(layout, sectionId) ||
				after.top === maxTop(layout, narrow.height),
		);
	});
}

// Regression: positionAt clamped the blank line above a heading (lineInSection -1) to the heading, so a relayout with nothing changed (the background render finishing, a comment saved) moved a view whose top was on that blank line down one line, by itself.
test('a relayout with nothing changed leaves the view where it is, whatever line is at the top', (t) => {
	const context = readerContext(78, 19);
	const layout = context.layout(new Set());
	const moved: string[] = [];
	for (let top = 0; top <= maxTop(layout, 19); top++) {
		const state = {...initialReaderState(context), top};
		const next = reduceReader(
			state,
			{type: 'relayout', previous: layout},
			context,
		);
		if (next.top !== top) {
			moved.push(`${top} → ${next.top}`);
		}
	}

	t.deepEqual(moved, []);
});

test('a change of width keeps a line in the middle of a section in that section', (t) => {
	const wide = readerContext(100);
	const narrow = readerContext(30);
	const state = run(
		initialReaderState(wide),
		wide,
		{type: 'jump', sectionId: 'ukraines-position'},
		{type: 'scroll', lines: 6},
	);
	t.is(state.focus, 'ukraines-position');
	const after = reduceReader(
		state,
		{type: 'relayout', previous: layoutOf(state, wide)},
		narrow,
	);
	const layout = layoutOf(after, narrow);
	t.is(sectionAt(layout, after.top), 'ukraines-position');
	t.true(after.top > lineOfSection(layout, 'ukraines-position'));
});

// Regressions: bugs found while writing these tests, fixed since

// Regression: 'relayout' keeps the search matches, whose lines were counted at the old width,
// so after a resize the highlighted matches and n/N land on lines that do not hold the query.
test('after a change of width the search matches still point at the matched text', (t) => {
	const wide = readerContext(60);
	const narrow = readerContext(30);
	let state = run(initialReaderState(wide), wide, {
		type: 'search',
		query: 'witkoff',
	});
	state = reduceReader(
		state,
		{type: 'relayout', previous: layoutOf(state, wide)},
		narrow,
	);
	const layout = layoutOf(state, narrow);
	t.is(state.search.matches.length, witkoffs);
	for (const match of state.search.matches) {
		const line = lineOfSpot(layout, match);
		t.is(
			line === undefined
				? undefined
				: layout.lines[line].plain.slice(match.start, match.end).toLowerCase(),
			'witkoff',
		);
	}
});

// Regression: searchStep computes (current + direction + length) % length from current = -1,
// so going back before any match is chosen lands on the second-to-last match, not the last.
// (The reader's keys always send direction 0 first today, so it is not reached from the keyboard.)
test('going back before any match is chosen selects the last match', (t) => {
	const context = readerContext(60);
	const state = run(
		initialReaderState(context),
		context,
		{type: 'search', query: 'witkoff'},
		{type: 'searchStep', direction: -1},
	);
	t.is(state.search.current, witkoffs - 1);
});

// Regression: headingText cuts with fitOneLine/truncateToWidth, which keeps a wide character straddling the cut,
// so a long CJK heading is one column wider than the layout.
test("a long CJK heading fits the layout's width", (t) => {
	const document = parseDocument(
		'## 新聞は長いあいだ毎朝の暮らしに欠かせないものでした\n\ntext\n',
	);
	for (const width of [16, 20, 40]) {
		const layout = buildLayout(
			articleSections(document, renderer, width),
			new Set(),
			width,
		);
		const heading = layout.lines.find((line) => line.kind === 'heading')!;
		t.true(
			stringWidth(heading.plain) <= width,
			`width ${width}: ${heading.plain} is ${stringWidth(heading.plain)} columns`,
		);
	}
});

test('a position saved at one width opens at another on the line that holds the words the view began with', (t) => {
	const height = 25;
	const words = (plain: string) =>
		plain.replace('┃', '').trim().split(/\s+/).slice(0, 3).join(' ');
	for (const [from, to] of [
		[98, 58],
		[58, 98],
		[98, 38],
		[78, 58],
	]) {
		const before = readerContext(from, height);
		const after = readerContext(to, height);
		const old = before.layout(new Set());
		const now = after.layout(new Set());
		// A top past the end is the last line.
		t.deepEqual(
			positionAt(old, old.lines.length + 5),
			positionAt(old, old.lines.length - 1),
		);
		for (let top = 0; top < maxTop(old, height); top++) {
			const line = old.lines[top];
			const first = words(line.plain);
			if (line.kind === 'heading' || first.length < 8) {
				continue;
			}

			const state = initialReaderState(after, {
				position: positionAt(old, top),
			});
			// The view's first rows hold those words, or, near the end of the article (where the view can go no further), the view does.
			const rows = state.top === maxTop(now, height) ? height : 2;
			const shown = now.lines
				.slice(state.top, state.top + rows)
				.map((entry) => entry.plain.replace('┃', ''))
				.join(' ')
				.replaceAll(/\s+/g, ' ');
			t.true(
				shown.includes(first),
				`${from} → ${to} columns: "${first}" (line ${top}) not at the top of the view from line ${state.top}`,
			);
		}
	}
});
