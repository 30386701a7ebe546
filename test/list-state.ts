import test from 'ava';
import type {Article} from '../source/library/article.js';
import {
	type ArticleMarks,
	filterArticles,
	fullTextQuery,
	type ListFilter,
	noFilter,
} from '../source/library/filter.js';
import {
	arraySource,
	listRows,
	listRowsOf,
	type ListRows,
} from '../source/library/list-rows.js';
import type {Keypress} from '../source/keys/keymap.js';
import {
	followSelection,
	initialListState,
	type ListContext,
	type ListEffect,
	type ListState,
	reduceList,
} from '../source/ui/list-state.js';

/** Articles 0 … count-1, newest first, as the library gives them. */
function makeArticles(count: number): Article[] {
	return Array.from({length: count}, (_, index) => ({
		id: `a${index}`,
		key: `file:/articles/a${index}.md`,
		path: `/articles/a${index}.md`,
		title: `Article ${index}`,
		source: index % 2 === 0 ? 'World Desk' : 'gazette',
		author: 'Staff',
		date: '2025-12-19',
		url: '',
		tags: [],
		summary: `Summary ${index}`,
		readingMinutes: 3,
		warnings: [],
	}));
}

const articles = makeArticles(40);

const unread: ArticleMarks = {
	unread: true,
	bookmarked: false,
	progress: 0,
	comments: 0,
	draft: false,
};

const allUnread = (): ArticleMarks => unread;

/** Marks from the ids read. */
const readOnly =
	(...ids: string[]) =>
	(article: Article): ArticleMarks => ({
		...unread,
		unread: !ids.includes(article.id),
	});

const help = {rows: 5, maxOffset: 12};

/** The list's rows for articles, ungrouped. */
const toRows = (list: readonly Article[]): ListRows =>
	listRows(list, false, allUnread, new Set());

function context(
	overrides: Partial<Omit<ListContext, 'rows'>> & {
		rows?: readonly Article[];
	} = {},
): ListContext {
	const {rows = articles, ...rest} = overrides;
	return {
		height: 10,
		filter: noFilter,
		marks: allUnread,
		help,
		...rest,
		rows: toRows(rows),
	};
}

const key = (input: string): Keypress => ({input});
const named = (name: keyof Keypress): Keypress => {
	const pressed: Keypress = {input: '', [name]: true};
	return pressed;
};

const ctrl = (letter: string): Keypress => ({input: letter, ctrl: true});
const enter = named('return');
const escape = named('escape');

/** The keys in order on the same context: the last state and every effect asked for. */
function press(
	state: ListState,
	on: ListContext,
	...keys: Keypress[]
): {state: ListState; effects: ListEffect[]} {
	let current = state;
	const effects: ListEffect[] = [];
	for (const pressed of keys) {
		const result = reduceList(current, pressed, on);
		current = result.state;
		effects.push(...result.effects);
	}

	return {state: current, effects};
}

const start = (on: ListContext = context(), id?: string) =>
	initialListState(on.rows, id, on.height);

const at = (state: ListState) => state.cursor.index;

test('the list starts on the article asked for, else on the first', (t) => {
	const on = context();
	t.like(start(on, 'a25'), {
		selectedId: 'a25',
		cursor: {index: 25},
		mode: 'list',
	});
	t.true(start(on, 'a25').cursor.top <= 25);
	t.true(start(on, 'a25').cursor.top + on.height > 25);
	t.like(start(on, 'gone'), {selectedId: 'a0', cursor: {index: 0, top: 0}});
	t.like(start(context({rows: []})), {
		selectedId: undefined,
		cursor: {index: 0, top: 0},
	});
});

test('j, k, the arrows and the wheel move one article; the list never wraps', (t) => {
	const on = context();
	const first = start(on);
	t.is(at(press(first, on, key('k')).state), 0);
	t.is(at(press(first, on, named('upArrow')).state), 0);
	t.is(at(press(first, on, key('j'), key('j'), named('downArrow')).state), 3);
	t.is(
		at(
			press(first, on, {input: '', mouse: 'wheelDown'}, key('j'), key('k'))
				.state,
		),
		1,
	);
	const last = start(on, 'a39');
	t.is(at(press(last, on, key('j')).state), 39);
	t.is(at(press(last, on, named('downArrow')).state), 39);
	t.is(
		press(last, on, {input: '', mouse: 'wheelDown'}).state.selectedId,
		'a39',
	);
	t.is(at(press(last, on, key('k')).state), 38);
	t.is(press(last, on, key('k')).state.selectedId, 'a38');
});

test('Space, PgDn and Ctrl+F go a page down; b, PgUp and Ctrl+B a page up', (t) => {
	const on = context();
	for (const down of [key(' '), named('pageDown'), ctrl('f')]) {
		const {state} = press(start(on), on, down);
		t.deepEqual(
			state.cursor,
			{index: 10, top: 10},
			`after ${JSON.stringify(down)}`,
		);
		t.is(state.selectedId, 'a10');
	}

	const middle = press(start(on), on, key(' '), key(' ')).state;
	for (const up of [key('b'), named('pageUp'), ctrl('b')]) {
		t.deepEqual(
			press(middle, on, up).state.cursor,
			{index: 10, top: 10},
			`after ${JSON.stringify(up)}`,
		);
	}

	// Past the last page the cursor goes to the last article, and no further.
	const end = press(start(on), on, key(' '), key(' '), key(' '), key(' '));
	t.is(at(end.state), 39);
	t.is(end.state.cursor.top, 30);
	t.is(at(press(start(on), on, key('b')).state), 0);
});

test('Ctrl+D and Ctrl+U move half a page', (t) => {
	const on = context();
	const down = press(start(on), on, ctrl('d'));
	t.deepEqual(down.state.cursor, {index: 5, top: 5});
	t.deepEqual(press(down.state, on, ctrl('u')).state.cursor, {
		index: 0,
		top: 0,
	});
	t.is(at(press(start(on), on, ctrl('u')).state), 0);
});

test('g and Home go to the first article, G and End to the last', (t) => {
	const on = context();
	for (const last of [key('G'), named('end')]) {
		const {state} = press(start(on), on, last);
		t.deepEqual(state.cursor, {index: 39, top: 30});
		t.is(state.selectedId, 'a39');
		for (const first of [key('g'), named('home')]) {
			t.deepEqual(press(state, on, first).state.cursor, {index: 0, top: 0});
		}
	}
});

test('moving on an empty list does nothing and asks for nothing', (t) => {
	const on = context({rows: []});
	const {state, effects} = press(
		start(on),
		on,
		key('j'),
		key('G'),
		key(' '),
		enter,
		key('m'),
		key('s'),
	);
	t.deepEqual(state.cursor, {index: 0, top: 0});
	t.is(state.selectedId, undefined);
	t.deepEqual(effects, []);
});

test('n goes to the next unread article after the cursor, then from the top', (t) => {
	const on = context({marks: readOnly('a1', 'a2', 'a3', 'a5')});
	const first = press(start(on), on, key('n'));
	t.is(first.state.selectedId, 'a4');
	t.is(press(first.state, on, key('n')).state.selectedId, 'a6');
	// From the last unread, the first unread from the top.
	const everyOther = context({
		marks: readOnly(
			...articles.map((a) => a.id).filter((id) => id !== 'a2' && id !== 'a30'),
		),
	});
	const from = press(start(everyOther, 'a30'), everyOther, key('n'));
	t.is(from.state.selectedId, 'a2');
	t.is(from.state.message, undefined);
});

test('n skips an unreadable article', (t) => {
	const rows = articles.map((article) =>
		article.id === 'a1'
			? {...article, error: 'binary file, not text'}
			: article,
	);
	const on = context({rows});
	t.is(press(start(on), on, key('n')).state.selectedId, 'a2');
});

test('n with nothing unread says so, and the message goes at the next key', (t) => {
	const on = context({marks: readOnly(...articles.map((a) => a.id))});
	const {state, effects} = press(start(on), on, key('n'));
	t.is(state.message, 'No unread articles here.');
	t.is(at(state), 0);
	t.deepEqual(effects, []);
	const next = press(state, on, key('j')).state;
	t.is(next.message, undefined);
	t.is(at(next), 1);
	// Any key clears it, even one that does nothing.
	t.is(press(state, on, key('x')).state.message, undefined);
});

test('A asks to mark every unread article shown as read; with none unread it says so', (t) => {
	const shown = articles.slice(0, 5);
	const on = context({rows: shown, marks: readOnly('a1', 'a3')});
	const {effects} = press(start(on), on, key('A'));
	t.is(effects.length, 1);
	const [effect] = effects;
	t.is(effect.type, 'markAllRead');
	t.deepEqual(
		effect.type === 'markAllRead' ? effect.articles.map((a) => a.id) : [],
		['a0', 'a2', 'a4'],
	);

	const allRead = context({
		rows: shown,
		marks: readOnly(...shown.map((a) => a.id)),
	});
	const none = press(start(allRead), allRead, key('A'));
	t.deepEqual(none.effects, []);
	t.is(none.state.message, 'Every article shown is read already.');
});

test('u asks to undo, m and s to toggle the marks of the article under the cursor', (t) => {
	const on = context();
	const {effects} = press(
		start(on),
		on,
		key('u'),
		key('j'),
		key('m'),
		key('s'),
	);
	t.deepEqual(
		effects.map((effect) =>
			'article' in effect ? `${effect.type} ${effect.article.id}` : effect.type,
		),
		['undo', 'toggleRead a1', 'toggleBookmark a1'],
	);
});

test('U and B toggle showing only unread and only bookmarked articles, from the filter as it is now', (t) => {
	const filters = (on: ListContext, ...keys: Keypress[]) =>
		press(start(on), on, ...keys).effects.map((effect) =>
			effect.type === 'filter' ? effect.filter : undefined,
		);
	t.deepEqual(filters(context(), key('U')), [
		{query: '', unreadOnly: true, bookmarkedOnly: false},
	]);
	t.deepEqual(filters(context(), key('B')), [
		{query: '', unreadOnly: false, bookmarkedOnly: true},
	]);
	const filtered: ListFilter = {
		query: 'miami',
		unreadOnly: true,
		bookmarkedOnly: true,
	};
	t.deepEqual(filters(context({filter: filtered}), key('U')), [
		{query: 'miami', unreadOnly: false, bookmarkedOnly: true},
	]);
	t.deepEqual(filters(context({filter: filtered}), key('B')), [
		{query: 'miami', unreadOnly: true, bookmarkedOnly: false},
	]);
});

test('S asks for the next sort order', (t) => {
	const on = context();
	t.deepEqual(press(start(on), on, key('S')).effects, [{type: 'sort'}]);
});

test('Enter and → open the article under the cursor; an unreadable one says why', (t) => {
	const on = context();
	for (const open of [enter, named('rightArrow')]) {
		const {effects} = press(start(on), on, key('j'), open);
		t.deepEqual(
			effects.map((effect) =>
				effect.type === 'open' ? effect.article.id : effect.type,
			),
			['a1'],
		);
	}

	const broken = context({
		rows: [
			{...articles[0], error: 'binary file, not text'},
			...articles.slice(1),
		],
	});
	const {state, effects} = press(start(broken), broken, enter);
	t.deepEqual(effects, []);
	t.is(state.message, 'Cannot open this article: binary file, not text');
});

test('q and Ctrl+C ask to quit', (t) => {
	const on = context();
	t.deepEqual(press(start(on), on, key('q')).effects, [{type: 'quit'}]);
	t.deepEqual(press(start(on), on, ctrl('c')).effects, [{type: 'quit'}]);
});

/** Type into the filter prompt as the app does: each filter effect becomes the context of the next key. */
function typeFilter(
	state: ListState,
	on: ListContext,
	...keys: Keypress[]
): {state: ListState; filter: ListFilter; effects: ListEffect[]} {
	let current = state;
	let {filter} = on;
	const effects: ListEffect[] = [];
	for (const pressed of keys) {
		const result = reduceList(current, pressed, {...on, filter});
		current = result.state;
		for (const effect of result.effects) {
			effects.push(effect);
			if (effect.type === 'filter') {
				filter = effect.filter;
			}
		}
	}

	return {state: current, filter, effects};
}

const typed = (text: string) => [...text].map((character) => key(character));

test('/ opens the filter prompt: typing edits the query, Enter keeps it, Esc clears it', (t) => {
	const on = context();
	const opened = press(start(on), on, key('/'));
	t.is(opened.state.mode, 'filter');
	t.deepEqual(opened.effects, []);

	const typing = typeFilter(
		opened.state,
		on,
		...typed('miamx'),
		named('backspace'),
		key('i'),
	);
	t.is(typing.filter.query, 'miami');
	t.is(typing.state.mode, 'filter');
	t.is(typing.effects.length, 7);

	const kept = typeFilter(typing.state, {...on, filter: typing.filter}, enter);
	t.is(kept.state.mode, 'list');
	t.deepEqual(kept.effects, []);
	t.is(kept.filter.query, 'miami');

	const cleared = typeFilter(
		typing.state,
		{...on, filter: typing.filter},
		escape,
	);
	t.is(cleared.state.mode, 'list');
	t.deepEqual(cleared.filter, noFilter);
});

test('// switches the prompt to a full-text search; Backspace over the second / goes back to the title filter', (t) => {
	const on = context();
	const searching = typeFilter(start(on), on, key('/'), key('/'));
	t.is(searching.state.mode, 'filter');
	t.is(searching.filter.query, '/');
	t.is(fullTextQuery(searching.filter), '');

	// A `/` after the first character is only text: `a/b` filters titles, `//a/b` searches `a/b`.
	const words = typeFilter(
		searching.state,
		{...on, filter: searching.filter},
		...typed('harbour/x'),
	);
	t.is(fullTextQuery(words.filter), 'harbour/x');
	const title = typeFilter(start(on), on, key('/'), ...typed('a/b'));
	t.is(title.filter.query, 'a/b');
	t.is(fullTextQuery(title.filter), undefined);

	const back = typeFilter(
		searching.state,
		{...on, filter: searching.filter},
		named('backspace'),
	);
	t.is(back.state.mode, 'filter');
	t.is(back.filter.query, '');
	t.is(fullTextQuery(back.filter), undefined);

	// Esc clears the search as it clears a filter.
	const cleared = typeFilter(
		words.state,
		{...on, filter: words.filter},
		escape,
	);
	t.is(cleared.state.mode, 'list');
	t.deepEqual(cleared.filter, noFilter);
});

test('Enter keeps a full-text search shown; Enter on a result opens it with the words to search in it', (t) => {
	const on = context();
	const {state, filter} = typeFilter(
		start(on),
		on,
		key('/'),
		key('/'),
		...typed('summary 3 '),
		enter,
	);
	t.is(state.mode, 'list');
	t.is(filter.query, '/summary 3 ');
	const opened = press(state, {...on, filter}, enter);
	t.deepEqual(opened.effects, [
		{type: 'open', article: articles[0], search: 'summary 3'},
	]);
	// From a title filter, Enter opens the article only.
	t.deepEqual(
		press(state, {...on, filter: {...noFilter, query: 'article'}}, enter)
			.effects,
		[{type: 'open', article: articles[0]}],
	);
});

test('a full-text search over an array of articles: every word in the title, source, tags or summary, the summary as the matching line', (t) => {
	const source = arraySource(articles);
	const rows = listRowsOf(
		source,
		{...noFilter, query: '/summary 1'},
		'source',
		allUnread,
		{},
		new Set(),
	);
	// Article 1, 10 … 19 (the last word is a prefix: still being typed); ranked rows, no source headings.
	t.is(rows.length, 11);
	t.deepEqual(rows.headings, []);
	t.like(rows.at(0), {kind: 'article', id: 'a1', snippet: 'Summary 1'});
	t.is(
		listRowsOf(
			source,
			{...noFilter, query: '/'},
			'newest',
			allUnread,
			{},
			new Set(),
		).length,
		0,
	);
});

test('in the filter prompt the list keys are text: q types q, j types j, and Enter does not open', (t) => {
	const on = context();
	const {state, filter, effects} = typeFilter(
		start(on),
		on,
		key('/'),
		...typed('qj?nA'),
		enter,
	);
	t.is(filter.query, 'qj?nA');
	t.is(state.mode, 'list');
	t.false(effects.some((effect) => effect.type !== 'filter'));
	t.is(at(state), 0);
});

test('Ctrl+U erases the query; a paste goes in as one edit, on one line', (t) => {
	const on = context({filter: {...noFilter, query: 'old'}});
	const opened = press(start(on), on, key('/')).state;
	const erased = typeFilter(opened, on, ctrl('u'));
	t.is(erased.filter.query, '');
	const pasted = typeFilter(opened, on, {input: ' new\nquery', paste: true});
	t.is(pasted.filter.query, 'old new query');
	t.is(pasted.effects.length, 1);
	// Keys that change nothing ask for nothing.
	t.deepEqual(typeFilter(opened, on, named('upArrow')).effects, []);
});

test('? opens the help; j, k, Space and b scroll it within its length; any other key closes it without acting', (t) => {
	const on = context();
	const opened = press(start(on), on, key('?')).state;
	t.is(opened.mode, 'help');
	t.is(opened.helpOffset, 0);
	const scroll = (state: ListState, ...keys: Keypress[]) =>
		press(state, on, ...keys).state;
	t.is(scroll(opened, key('j')).helpOffset, 1);
	t.is(scroll(opened, key('k')).helpOffset, 0);
	t.is(scroll(opened, key(' ')).helpOffset, help.rows);
	t.is(
		scroll(opened, named('pageDown'), named('pageDown'), named('downArrow'))
			.helpOffset,
		11,
	);
	t.is(
		scroll(opened, key(' '), key(' '), key(' '), key(' ')).helpOffset,
		help.maxOffset,
	);
	t.is(scroll(opened, key(' '), key(' '), key('b')).helpOffset, help.rows);
	t.is(scroll(opened, key(' '), named('upArrow')).helpOffset, help.rows - 1);

	for (const close of [key('q'), key('x'), escape, enter, key('?'), key('G')]) {
		const {state, effects} = press(opened, on, key('j'), close);
		t.is(state.mode, 'list', `after ${JSON.stringify(close)}`);
		t.is(state.helpOffset, 0);
		t.deepEqual(effects, [], `after ${JSON.stringify(close)}`);
		t.is(at(state), 0);
	}

	// Open again: from the top.
	t.is(scroll(opened, key('j'), key('x'), key('?')).helpOffset, 0);
});

test('followSelection keeps the cursor on its article when the rows change', (t) => {
	const on = context();
	const {state} = press(start(on), on, key('j'), key('j'), key('j'));
	t.is(state.selectedId, 'a3');
	const reversed = articles.toReversed();
	const followed = followSelection(state, toRows(reversed), 10);
	t.is(followed.selectedId, 'a3');
	t.is(followed.cursor.index, 36);
	t.true(followed.cursor.top <= 36 && followed.cursor.top + 10 > 36);
	// Nothing changed: the same state.
	t.is(followSelection(state, toRows(articles), 10), state);
});

test('followSelection: an article gone from the rows leaves the cursor in place, or on the first after a new query', (t) => {
	const on = context();
	const {state} = press(start(on), on, key('j'), key('j'), key('j'));
	const without = articles.filter((article) => article.id !== 'a3');
	const same = followSelection(state, toRows(without), 10);
	t.is(same.cursor.index, 3);
	t.is(same.selectedId, 'a4');
	const first = followSelection(state, toRows(without), 10, 'first');
	t.is(first.cursor.index, 0);
	t.is(first.selectedId, 'a0');
	// Past the end of a shorter list: the last one.
	const last = press(start(on), on, key('G')).state;
	const shorter = followSelection(last, toRows(articles.slice(0, 5)), 10);
	t.is(shorter.selectedId, 'a4');
	// An empty list and back.
	const empty = followSelection(state, toRows([]), 10);
	t.is(empty.selectedId, undefined);
	t.is(followSelection(empty, toRows(articles), 10).selectedId, 'a0');
});

test('filtering with the filter module and following the selection: the cursor stays on its article while it matches', (t) => {
	const marks = allUnread;
	const on = context();
	const {state} = press(start(on), on, key('G'));
	t.is(state.selectedId, 'a39');
	const rows = filterArticles(articles, marks, {
		...noFilter,
		query: 'article 3',
	});
	const followed = followSelection(state, toRows(rows), 10, 'first');
	t.is(followed.selectedId, 'a39');
	t.is(rows[followed.cursor.index].id, 'a39');
});

// Sorted by source: headings among the rows

const bySource = articles.toSorted((a, b) => a.source.localeCompare(b.source));

function grouped(folded: readonly string[] = []): ListContext {
	return {
		...context(),
		rows: listRows(bySource, true, allUnread, new Set(folded)),
	};
}

test('sorted by source, Enter on a heading folds or unfolds its source, and opens nothing', (t) => {
	const on = grouped();
	t.is(on.rows.at(0)?.kind, 'group');
	const {effects} = press(start(on), on, enter);
	t.deepEqual(effects, [{type: 'fold', sources: ['gazette'], folded: true}]);
	const folded = grouped(['gazette']);
	t.deepEqual(press(start(folded), folded, enter).effects, [
		{type: 'fold', sources: ['gazette'], folded: false},
	]);
});

test('Tab and ] go to the next source’s heading, [ back; z and Z fold and unfold every source', (t) => {
	const on = grouped();
	const next = press(start(on), on, key(']')).state;
	t.is(on.rows.at(at(next))?.kind, 'group');
	t.true(at(next) > 0);
	t.is(press(next, on, key('[')).state.cursor.index, 0);
	t.deepEqual(press(start(on), on, key('z')).effects, [
		{type: 'fold', sources: ['gazette', 'World Desk'], folded: true},
	]);
	t.deepEqual(press(start(on), on, key('Z')).effects, [
		{type: 'fold', sources: ['gazette', 'World Desk'], folded: false},
	]);
	// Not sorted by source: Tab says how to get headings.
	const flat = context();
	t.regex(
		press(start(flat), flat, key(']')).state.message ?? '',
		/S sorts by source/,
	);
});

test('n and A pass over the headings: only articles are read or marked', (t) => {
	const on = grouped();
	const {state} = press(start(on), on, key('n'));
	t.is(on.rows.at(at(state))?.kind, 'article');
	const [effect] = press(start(on), on, key('A')).effects;
	t.is(effect?.type, 'markAllRead');
	t.is(effect?.type === 'markAllRead' ? effect.articles.length : 0, 40);
});
