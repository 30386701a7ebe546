import test from 'ava';
import {
	commentSectionId,
	commentsSectionId,
} from '../source/comments/layout.js';
import {createComment, quoteAsMarkdown} from '../source/comments/model.js';
import {articleLinks} from '../source/document/links.js';
import {maxTop, topFor} from '../source/document/navigation.js';
import type {Keypress} from '../source/keys/keymap.js';
import {draftKey} from '../source/store/store.js';
import type {CommentDraft, CommentRecord} from '../source/store/types.js';
import {
	initialScreenState,
	type ReaderEffect,
	type ReaderEnvironment,
	type ReaderScreenState,
	reduceReaderScreen,
	startSearch,
} from '../source/ui/reader-machine.js';
import {initialReaderState, reduceReader} from '../source/ui/reader-state.js';
import {openBundled} from './helpers/articles.js';

/** A value made at its first use and kept, as the reader finds an article's links. */
function once<Value>(make: () => Value): () => Value {
	let made: {value: Value} | undefined;
	return () => {
		made ??= {value: make()};
		return made.value;
	};
}

const width = 60;
const height = 20;

const ann = createComment(
	{
		articleId: 'miami-summit',
		sectionId: 'the-miami-meeting',
		quote: null,
		parentId: null,
	},
	{author: 'Ann', email: 'ann@example.com', body: 'A first comment.'},
);

type Options = {
	id?: string;
	height?: number;
	comments?: readonly CommentRecord[];
	drafts?: Record<string, CommentDraft>;
	name?: string;
	url?: string;
};

/** What the reader screen gives its reducer for a bundled article, as reader-screen.tsx builds it. */
function environment(options: Options = {}): ReaderEnvironment {
	const comments = options.comments ?? [];
	const {context, article, opened} = openBundled(
		options.id ?? 'miami-summit',
		width,
		options.height ?? height,
		comments,
	);
	return {
		context,
		articleId: article.id,
		url: options.url ?? article.url,
		links: once(() => articleLinks(opened.document)),
		comments,
		draft: (key) => options.drafts?.[key],
		author: {name: options.name ?? '', email: ''},
		help: {rows: 5, maxOffset: 30},
		menuRows: 6,
		linkRows: 4,
	};
}

const seed = environment();
const showcase = environment({
	id: 'renderer-showcase',
	url: 'https://example.com/showcase',
});
const withAnn = environment({comments: [ann], name: 'Ann'});
const named = environment({name: 'Ann'});

const enter: Keypress = {input: '', return: true};
const escape: Keypress = {input: '', escape: true};
const tab: Keypress = {input: '', tab: true};
const backspace: Keypress = {input: '', backspace: true};
const ctrl = (letter: string): Keypress => ({input: letter, ctrl: true});

/** Keys as typed: a string is one key per character; named keys as they are. */
const keysOf = (...parts: Array<string | Keypress>): Keypress[] =>
	parts.flatMap((part) =>
		typeof part === 'string'
			? [...part].map((character) => ({input: character}))
			: [part],
	);

const start = (on: ReaderEnvironment = seed): ReaderScreenState =>
	initialScreenState(initialReaderState(on.context));

/** Every key in order, each on the state the one before left: as keys arriving in one chunk are handled. */
function press(
	state: ReaderScreenState,
	on: ReaderEnvironment,
	...parts: Array<string | Keypress>
): {state: ReaderScreenState; effects: ReaderEffect[]} {
	let current = state;
	const effects: ReaderEffect[] = [];
	for (const key of keysOf(...parts)) {
		const result = reduceReaderScreen(current, key, on);
		current = result.state;
		effects.push(...result.effects);
	}

	return {state: current, effects};
}

const layoutOf = (state: ReaderScreenState, on: ReaderEnvironment = seed) =>
	on.context.layout(state.reader.collapsed);

const headingIds = seed.context.sections
	.filter((section) => section.level === 1 && !section.id.startsWith('comment'))
	.map((section) => section.id);

// A count before a move

test('a count before a move repeats it: 5j scrolls five lines, and the count shows while typed', (t) => {
	const typing = press(start(), seed, '5');
	t.is(typing.state.count, '5');
	t.is(typing.state.reader.top, 0);
	const moved = press(typing.state, seed, 'j');
	t.is(moved.state.reader.top, 5);
	t.is(moved.state.count, '');
	t.is(press(moved.state, seed, 'j').state.reader.top, 6);
	t.is(press(start(), seed, '1', '0', 'j').state.reader.top, 10);
	t.is(press(moved.state, seed, '3', 'k').state.reader.top, 2);
});

test('3] goes three sections on; 2[ two back', (t) => {
	const {state} = press(start(), seed, '3]');
	t.is(state.reader.focus, headingIds[2]);
	t.is(press(state, seed, '2[').state.reader.focus, headingIds[0]);
	t.is(press(start(), seed, '2', tab).state.reader.focus, headingIds[1]);
});

test('10G goes to line 10, G alone to the end, 1g and g to the top', (t) => {
	const layout = layoutOf(start());
	const at10 = press(start(), seed, '10G').state;
	t.is(at10.reader.top, topFor(9, layout, height));
	t.is(at10.reader.top, 9);
	t.is(press(start(), seed, 'G').state.reader.top, maxTop(layout, height));
	t.is(press(at10, seed, '1g').state.reader.top, 0);
	t.is(press(at10, seed, 'g').state.reader.top, 0);
	// A line past the end: the end.
	t.is(press(start(), seed, '99999G').state.reader.top, maxTop(layout, height));
});

test('a count is kept to seven digits and a huge one stops at the end', (t) => {
	const typed = press(start(), seed, '123456789').state;
	t.is(typed.count, '1234567');
	const {state} = press(typed, seed, 'j');
	t.is(state.reader.top, maxTop(layoutOf(state), height));
	t.is(state.count, '');
});

test('0 adds to a count but is no key alone; the count goes with the next key, whatever it is', (t) => {
	t.is(press(start(), seed, '0').state.count, '');
	t.is(press(start(), seed, '0', 'j').state.reader.top, 1);
	const marked = press(start(), seed, '5m');
	t.deepEqual(marked.effects, [{type: 'toggleRead'}]);
	t.is(marked.state.count, '');
	t.is(press(marked.state, seed, 'j').state.reader.top, 1);
});

test('a count pages: 2 Space goes two pages down; the wheel goes three lines a turn', (t) => {
	t.is(press(start(), seed, '2 ').state.reader.top, 2 * (height - 1));
	t.is(
		press(start(), seed, {input: '', mouse: 'wheelDown'}).state.reader.top,
		3,
	);
	t.is(
		press(start(), seed, '2', {input: '', mouse: 'wheelDown'}).state.reader.top,
		6,
	);
	t.is(press(start(), seed, ctrl('d')).state.reader.top, height / 2);
	t.is(press(start(), seed, ctrl('d'), ctrl('u')).state.reader.top, 0);
	t.is(
		press(start(), seed, ctrl('e'), ctrl('e'), ctrl('y')).state.reader.top,
		1,
	);
});

// Esc, messages and search

test('Esc clears a count first, without going back', (t) => {
	const {state, effects} = press(start(), seed, '5', escape);
	t.is(state.count, '');
	t.deepEqual(effects, []);
	t.is(press(state, seed, 'j').state.reader.top, 1);
});

test('Esc clears the search, then the message, and only then goes back to the list', (t) => {
	const searched = press(start(), seed, '/witkoff', enter).state;
	t.is(searched.reader.search.query, 'witkoff');
	t.true(searched.reader.search.matches.length > 1);

	const cleared = press(searched, seed, escape);
	t.is(cleared.state.reader.search.query, '');
	t.deepEqual(cleared.state.reader.search.matches, []);
	t.deepEqual(cleared.effects, []);
	t.deepEqual(press(cleared.state, seed, escape).effects, [{type: 'back'}]);

	const said = press(start(), seed, 'n').state;
	t.truthy(said.message);
	const unsaid = press(said, seed, escape);
	t.is(unsaid.state.message, undefined);
	t.deepEqual(unsaid.effects, []);
	t.deepEqual(press(unsaid.state, seed, escape).effects, [{type: 'back'}]);
});

test('n and N with no search say how to start one', (t) => {
	for (const key of ['n', 'N']) {
		const {state, effects} = press(start(), seed, key);
		t.is(state.message, 'No search yet: / searches the article.');
		t.deepEqual(effects, []);
		t.is(state.reader.top, 0);
	}
});

test('a search with no match says so, at Enter and at n', (t) => {
	const {state} = press(start(), seed, '/zzqq', enter);
	t.is(state.overlay.kind, 'none');
	t.is(state.message, 'No match for “zzqq”.');
	const again = press(state, seed, 'n').state;
	t.is(again.message, 'No match for “zzqq”.');
	// The message goes at the next key.
	t.is(press(again, seed, 'j').state.message, undefined);
});

test('/ searches as it is typed; Enter goes to the first match, n and N step through them', (t) => {
	const prompt = press(start(), seed, '/wit');
	t.is(prompt.state.overlay.kind, 'search');
	t.is(prompt.state.reader.search.query, 'wit');
	t.true(prompt.state.reader.search.matches.length > 1);
	t.is(prompt.state.reader.search.current, -1);
	const found = press(prompt.state, seed, 'koff', enter).state;
	t.is(found.overlay.kind, 'none');
	t.is(found.reader.search.current, 0);
	t.is(press(found, seed, 'n').state.reader.search.current, 1);
	t.is(press(found, seed, 'n', 'N').state.reader.search.current, 0);
	t.is(press(found, seed, '2n').state.reader.search.current, 2);
});

test('opened from a full-text search: the search starts on the words, the view on the first match, n goes on', (t) => {
	const opened = startSearch(start(), 'Witkoff', seed.context);
	t.is(opened.overlay.kind, 'none');
	t.is(opened.reader.search.query, 'Witkoff');
	t.true(opened.reader.search.matches.length > 1);
	t.is(opened.reader.search.current, 0);
	t.is(press(opened, seed, 'n').state.reader.search.current, 1);
	// Words the article has apart, not as typed: the first word it has is searched.
	const apart = startSearch(start(), 'zzqq witkoff', seed.context);
	t.is(apart.reader.search.query, 'witkoff');
	t.is(apart.reader.search.current, 0);
	// None of them in its text (a title or a tag matched): the search stays, and says so.
	const none = startSearch(start(), 'zzqq', seed.context);
	t.is(none.reader.search.query, 'zzqq');
	t.is(none.message, 'No match for “zzqq” in the text.');
	t.is(press(none, seed, 'n').state.message, 'No match for “zzqq”.');
});

test('in the search prompt every key is text; Backspace and Ctrl+U edit; Esc clears and closes; Enter on nothing closes', (t) => {
	const typed = press(start(), seed, '/qjG?', backspace).state;
	t.is(typed.reader.search.query, 'qjG');
	t.is(typed.reader.top, 0);
	t.is(typed.overlay.kind, 'search');
	const erased = press(typed, seed, ctrl('u')).state;
	t.is(erased.reader.search.query, '');
	const closed = press(typed, seed, escape);
	t.is(closed.state.overlay.kind, 'none');
	t.is(closed.state.reader.search.query, '');
	t.deepEqual(closed.effects, []);
	const empty = press(start(), seed, '/', enter).state;
	t.is(empty.overlay.kind, 'none');
	t.is(empty.message, undefined);
	// A paste is one edit, on one line.
	t.is(
		press(start(), seed, '/', {input: 'steve\nwitkoff', paste: true}).state
			.reader.search.query,
		'steve witkoff',
	);
});

test('a new search starts from nothing', (t) => {
	const found = press(start(), seed, '/witkoff', enter).state;
	const again = press(found, seed, '/').state;
	t.is(again.reader.search.query, '');
	t.deepEqual(again.reader.search.matches, []);
});

// Folding

test('Enter folds the focused section when its heading is in view', (t) => {
	const {state} = press(start(), seed, tab, enter);
	t.is(state.reader.focus, headingIds[0]);
	t.true(state.reader.collapsed.has(headingIds[0]));
	t.false(press(state, seed, enter).state.reader.collapsed.has(headingIds[0]));
});

test('Enter does not fold a section whose heading is off screen, and says how to bring it back', (t) => {
	const short = environment({height: 3});
	const focused = press(start(short), short, tab).state;
	t.is(focused.reader.focus, headingIds[0]);
	// Two lines down the heading is gone, and the focus is still its section.
	const scrolled = press(focused, short, 'jj').state;
	t.is(scrolled.reader.focus, headingIds[0]);
	const {state} = press(scrolled, short, enter);
	t.is(state.reader.collapsed.size, 0);
	t.is(state.reader.top, scrolled.reader.top);
	t.is(
		state.message,
		'The focused heading is off screen: [ brings it back into view to fold it.',
	);
});

// Regression: the message said "Tab or ] brings it into view", but Tab and ] focus the next section and [ went to the one before; now [ goes back to the focused section's own heading first.
test('after Enter says the focused heading is off screen, [ brings that heading back into view and Enter folds it', (t) => {
	const short = environment({height: 3});
	const scrolled = press(start(short), short, tab, 'jj', enter).state;
	t.is(scrolled.reader.focus, headingIds[0]);
	const {state} = press(scrolled, short, '[', enter);
	t.is(state.reader.focus, headingIds[0]);
	t.true(state.reader.collapsed.has(headingIds[0]));
});

// Overlays: keys go to the one on top, and a key that opens one is followed by keys that reach it

test('t opens the contents on the focused section; keys in the same burst move in it, and Enter jumps', (t) => {
	const opened = press(start(), seed, tab, 't').state;
	t.is(opened.overlay.kind, 'contents');
	const index = seed.context.sections.findIndex(
		(section) => section.id === headingIds[0],
	);
	t.is(
		opened.overlay.kind === 'contents' ? opened.overlay.menu.cursor.index : -1,
		index,
	);

	const {state} = press(start(), seed, 't', 'jj', enter);
	t.is(state.overlay.kind, 'none');
	t.is(state.reader.focus, seed.context.sections[2].id);
	t.is(
		state.reader.top,
		layoutOf(state).sectionLine.get(seed.context.sections[2].id) ?? -1,
	);
});

test('Enter in the contents on a folded section unfolds it; its keys never reach the article', (t) => {
	const {state} = press(start(), seed, 'z', 't', 'j', enter);
	t.is(state.reader.focus, headingIds[0]);
	t.false(state.reader.collapsed.has(headingIds[0]));
	t.true(state.reader.collapsed.has(headingIds[1]));
	for (const close of ['t', 'q', escape]) {
		const closed = press(start(), seed, 't', 'G', close);
		t.is(closed.state.overlay.kind, 'none');
		t.is(closed.state.reader.top, 0);
		t.deepEqual(closed.effects, []);
	}
});

test('L on an article without links says so', (t) => {
	const {state} = press(start(), seed, 'L');
	t.is(state.overlay.kind, 'none');
	t.is(state.message, 'This article has no links.');
});

test('L opens the links; a number and Enter in the same burst open that link', (t) => {
	t.true(showcase.links().length >= 2);
	const opened = press(start(showcase), showcase, 'L').state;
	t.is(opened.overlay.kind, 'links');
	const {state, effects} = press(start(showcase), showcase, 'L2', enter);
	t.deepEqual(effects, [{type: 'openUrl', url: showcase.links()[1].url}]);
	t.is(state.overlay.kind, 'none');
	t.deepEqual(press(start(showcase), showcase, 'Lj', enter).effects, [
		{type: 'openUrl', url: showcase.links()[1].url},
	]);
	for (const close of ['L', 'q', escape]) {
		const closed = press(start(showcase), showcase, 'L', close);
		t.is(closed.state.overlay.kind, 'none');
		t.deepEqual(closed.effects, []);
	}
});

test('o opens the web page, or says the article has none', (t) => {
	t.deepEqual(press(start(showcase), showcase, 'o').effects, [
		{type: 'openUrl', url: 'https://example.com/showcase'},
	]);
	const none = press(start(), environment({url: ''}), 'o');
	t.deepEqual(none.effects, []);
	t.is(none.state.message, 'This article has no web address.');
});

test('? opens the help; j in the same burst scrolls it, not the article; any other key closes it and does nothing else', (t) => {
	const {state} = press(start(), seed, '?j');
	t.deepEqual(state.overlay, {kind: 'help', offset: 1});
	t.is(state.reader.top, 0);
	for (const close of ['q', 'x', 'G', escape, enter, '?']) {
		const closed = press(state, seed, close);
		t.is(closed.state.overlay.kind, 'none');
		t.deepEqual(closed.effects, []);
		t.is(closed.state.reader.top, 0);
	}
});

test('/ then text in the same burst is the search', (t) => {
	const {state} = press(start(), seed, '/miami', enter, 'n');
	t.is(state.reader.search.query, 'miami');
	t.is(state.reader.search.current, 1);
});

// The article's keys

test('m, s, J, K, q, ← and Ctrl+C ask the screen for what they do', (t) => {
	const effects = (...parts: Array<string | Keypress>) =>
		press(start(), seed, ...parts).effects;
	t.deepEqual(effects('m'), [{type: 'toggleRead'}]);
	t.deepEqual(effects('s'), [{type: 'toggleBookmark'}]);
	t.deepEqual(effects('J'), [{type: 'sibling', direction: 1}]);
	t.deepEqual(effects('K'), [{type: 'sibling', direction: -1}]);
	t.deepEqual(effects('q'), [{type: 'back'}]);
	t.deepEqual(effects({input: '', leftArrow: true}), [{type: 'back'}]);
	t.deepEqual(effects(ctrl('c')), [{type: 'quit'}]);
	t.deepEqual(effects('x', '!', {input: '', home: true}), []);
});

// Comments

test('c opens the composer on the focused section; with no name known it starts in the name', (t) => {
	const {state} = press(start(), seed, tab, 'c');
	t.is(state.overlay.kind, 'composer');
	if (state.overlay.kind !== 'composer') {
		return;
	}

	const {composer} = state.overlay;
	t.is(composer.title, 'Leave a Reply — on “The Miami Meeting”');
	t.like(composer.target, {
		articleId: 'miami-summit',
		sectionId: headingIds[0],
		quote: null,
		parentId: null,
		editingId: null,
	});
	t.is(composer.key, draftKey(composer.target));
	t.like(composer.state, {field: 'name', name: '', body: ''});
	const lede = press(start(), seed, 'c').state;
	t.is(
		lede.overlay.kind === 'composer' ? lede.overlay.composer.title : '',
		'Leave a Reply — on “the opening”',
	);
});

test('with the name known the composer starts in the comment; keys typed in the same burst go in it', (t) => {
	const {state, effects} = press(start(), named, tab, 'cNice piece, jq?');
	t.is(state.overlay.kind, 'composer');
	if (state.overlay.kind === 'composer') {
		t.like(state.overlay.composer.state, {
			field: 'body',
			name: 'Ann',
			body: 'Nice piece, jq?',
		});
	}

	t.is(state.reader.top, press(start(), named, tab).state.reader.top);
	// Each change keeps the draft.
	t.is(
		effects.filter((effect) => effect.type === 'keepDraft').length,
		'Nice piece, jq?'.length,
	);
});

test('c on a quote quotes it in the comment', (t) => {
	const {state} = press(start(), named, '>c');
	const quote = seed.context.quotes.find(
		(entry) => entry.id === press(start(), named, '>').state.reader.quote,
	)!;
	t.truthy(quote);
	t.is(state.overlay.kind, 'composer');
	if (state.overlay.kind === 'composer') {
		t.is(state.overlay.composer.target.quote, quote.text);
		t.is(state.overlay.composer.target.sectionId, quote.sectionId);
		t.is(state.overlay.composer.state.body, quoteAsMarkdown(quote.text));
	}
});

test('c on the comments comments on the whole article', (t) => {
	const reader = reduceReader(
		start(withAnn).reader,
		{type: 'jump', sectionId: commentsSectionId},
		withAnn.context,
	);
	const {state} = press({...start(withAnn), reader}, withAnn, 'c');
	t.is(
		state.overlay.kind === 'composer' ? state.overlay.composer.title : '',
		'Leave a Reply — on the whole article',
	);
	t.like(
		state.overlay.kind === 'composer' ? state.overlay.composer.target : {},
		{sectionId: null, parentId: null},
	);
});

test('a draft kept for the same place comes back with c', (t) => {
	const target = {
		articleId: 'miami-summit',
		sectionId: headingIds[0],
		parentId: null,
	};
	const draft: CommentDraft = {
		...target,
		quote: null,
		editingId: null,
		name: 'Bo',
		email: 'bo@example.com',
		body: 'Half written',
		updatedAt: new Date().toISOString(),
	};
	const on = environment({drafts: {[draftKey(target)]: draft}});
	const {state} = press(start(on), on, tab, 'c');
	t.like(
		state.overlay.kind === 'composer' ? state.overlay.composer.state : {},
		{
			field: 'body',
			name: 'Bo',
			email: 'bo@example.com',
			body: 'Half written',
		},
	);
});

test('in the composer Tab and Enter move through the fields, Enter starts a line in the comment, and Ctrl+S saves', (t) => {
	const {state, effects} = press(
		start(),
		seed,
		tab,
		'cAnn',
		enter,
		'ann@example.com',
		tab,
		'Line one',
		enter,
		'Line two',
		ctrl('s'),
	);
	t.is(state.overlay.kind, 'none');
	t.is(
		state.message,
		'Comment saved on this machine; gazette comments --markdown exports it.',
	);
	const saved = effects.find((effect) => effect.type === 'saveComment');
	t.truthy(saved);
	if (saved?.type === 'saveComment') {
		t.like(saved.composer.state, {
			name: 'Ann',
			email: 'ann@example.com',
			body: 'Line one\nLine two',
		});
		t.is(saved.composer.target.sectionId, headingIds[0]);
	}

	// Shift-Tab goes back a field, around from the name to the comment.
	const around = press(start(), seed, 'c', {
		input: '',
		tab: true,
		shift: true,
	}).state;
	t.is(
		around.overlay.kind === 'composer'
			? around.overlay.composer.state.field
			: '',
		'body',
	);
});

test('Ctrl+S with a field missing keeps the composer open on the field to fix, and saves nothing', (t) => {
	const {state, effects} = press(
		start(),
		seed,
		'c',
		tab,
		tab,
		'No name given',
		ctrl('s'),
	);
	t.is(state.overlay.kind, 'composer');
	if (state.overlay.kind === 'composer') {
		t.is(state.overlay.composer.state.field, 'name');
		t.truthy(state.overlay.composer.state.errors.name);
	}

	t.false(effects.some((effect) => effect.type === 'saveComment'));
	// Typing the name clears its error.
	const fixed = press(state, seed, 'A').state;
	t.is(
		fixed.overlay.kind === 'composer'
			? fixed.overlay.composer.state.errors.name
			: 'open',
		undefined,
	);
});

test('Esc closes the composer: a draft with text is kept and said so; an empty one is dropped', (t) => {
	const kept = press(start(), named, 'cHalf', escape);
	t.is(kept.state.overlay.kind, 'none');
	t.is(kept.state.message, 'Draft kept: c at the same place brings it back.');
	t.false(kept.effects.some((effect) => effect.type === 'dropDraft'));
	const dropped = press(start(), named, 'c', escape);
	t.is(dropped.state.message, undefined);
	t.deepEqual(
		dropped.effects.map((effect) => effect.type),
		['dropDraft'],
	);
	// The keys after Esc reach the article again.
	t.is(press(start(), named, 'c', escape, 'j').state.reader.top, 1);
});

test('a paste in the composer is one edit, lines kept, commands in it only text', (t) => {
	const text = 'First line\r\nq and ? and \u0013\nthird';
	const {state, effects} = press(start(), named, 'c', {
		input: text,
		paste: true,
	});
	t.is(state.overlay.kind, 'composer');
	if (state.overlay.kind === 'composer') {
		t.is(state.overlay.composer.state.body, 'First line\nq and ? and \nthird');
	}

	t.is(effects.length, 1);
	t.is(effects[0]?.type, 'keepDraft');
	// In the name, on one line.
	const name = press(start(), seed, 'c', {
		input: 'Ann\nLee',
		paste: true,
	}).state;
	t.is(
		name.overlay.kind === 'composer' ? name.overlay.composer.state.name : '',
		'Ann Lee',
	);
});

test('Ctrl+E asks for the editor with the comment as it is', (t) => {
	const {effects} = press(start(), named, 'cDraft', ctrl('e'));
	t.deepEqual(effects.at(-1), {type: 'editor', body: 'Draft'});
});

test('r, e and d with no comment focused say how to focus one', (t) => {
	for (const key of ['r', 'e', 'd']) {
		const {state, effects} = press(start(withAnn), withAnn, key);
		t.is(
			state.message,
			'Focus a comment first: Tab and ] move through the comments at the end.',
		);
		t.is(state.overlay.kind, 'none');
		t.deepEqual(effects, []);
	}
});

/** The screen with Ann's comment focused, as Tab and ] leave it. */
function onAnn(): ReaderScreenState {
	const reader = reduceReader(
		start(withAnn).reader,
		{type: 'jump', sectionId: commentSectionId(ann.id)},
		withAnn.context,
	);
	return {...start(withAnn), reader};
}

test('the comments are reached with ] after the article', (t) => {
	const {state} = press(start(withAnn), withAnn, 'G', '9]');
	t.is(state.reader.focus, commentSectionId(ann.id));
});

test('r replies to the focused comment, e edits it', (t) => {
	const reply = press(onAnn(), withAnn, 'r').state;
	t.is(
		reply.overlay.kind === 'composer' ? reply.overlay.composer.title : '',
		'Reply to Ann',
	);
	t.like(
		reply.overlay.kind === 'composer' ? reply.overlay.composer.target : {},
		{
			parentId: ann.id,
			sectionId: ann.sectionId,
			editingId: null,
		},
	);

	const edit = press(onAnn(), withAnn, 'e', ' Edited.', ctrl('s'));
	t.is(edit.state.message, 'Comment saved.');
	const saved = edit.effects.find((effect) => effect.type === 'saveComment');
	t.like(saved?.type === 'saveComment' ? saved.composer : {}, {
		title: 'Edit your comment',
		target: {editingId: ann.id, parentId: null, sectionId: ann.sectionId},
		state: {
			name: 'Ann',
			email: 'ann@example.com',
			body: 'A first comment. Edited.',
		},
	});
});

test('d asks first: y deletes and u brings it back; n, Esc or any other key keeps it', (t) => {
	const asked = press(onAnn(), withAnn, 'd').state;
	t.deepEqual(asked.overlay, {
		kind: 'confirm',
		question: 'Delete the comment by Ann?',
		comment: ann,
	});

	for (const yes of ['y', 'Y']) {
		const deleted = press(asked, withAnn, yes);
		t.deepEqual(deleted.effects, [{type: 'deleteComment', comment: ann}]);
		t.is(deleted.state.message, 'Comment deleted. Press u to undo.');
		t.is(deleted.state.overlay.kind, 'none');
		const restored = press(deleted.state, withAnn, 'u');
		t.deepEqual(restored.effects, [{type: 'restoreComment', comment: ann}]);
		t.is(restored.state.message, 'Comment restored.');
		const nothing = press(restored.state, withAnn, 'u');
		t.deepEqual(nothing.effects, []);
		t.is(nothing.state.message, 'Nothing to undo.');
	}

	for (const no of ['n', 'q', escape, enter]) {
		const kept = press(asked, withAnn, no);
		t.deepEqual(kept.effects, []);
		t.is(kept.state.message, 'Kept.');
		t.is(kept.state.overlay.kind, 'none');
	}

	// Dy in one burst.
	t.deepEqual(press(onAnn(), withAnn, 'dy').effects, [
		{type: 'deleteComment', comment: ann},
	]);
});

test('a message lasts until the next key, whatever the key', (t) => {
	const said = press(start(), seed, 'L').state;
	t.truthy(said.message);
	t.is(press(said, seed, 'j').state.message, undefined);
	t.is(press(said, seed, 'x').state.message, undefined);
	t.is(press(said, seed, '?').state.message, undefined);
});
