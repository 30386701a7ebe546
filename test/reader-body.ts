import test from 'ava';
import chalk from 'chalk';
import {formatBody} from '../source/ui/reader-body.js';
import {initialReaderState, reduceReader} from '../source/ui/reader-state.js';
import {openBundled} from './helpers/articles.js';

// Without colour (NO_COLOR, TERM=dumb): what is focused must still show.
chalk.level = 0;

const {context, quotes} = openBundled('miami-summit', 60, 20);
const layout = (state: ReturnType<typeof initialReaderState>) =>
	context.layout(state.collapsed);

test('without colour the focused heading is marked in the gutter', (t) => {
	const state = reduceReader(
		initialReaderState(context),
		{type: 'section', direction: 1},
		context,
	);
	const lines = formatBody(layout(state), state, quotes, 20);
	t.is(lines.filter((line) => line.startsWith('› ')).length, 1);
	t.true(lines.includes('› ▾ The Miami Meeting'));
	// The other lines keep two columns of gutter.
	t.true(lines.every((line) => line.startsWith('› ') || line.startsWith('  ')));
});

test('without colour the focused quote is marked on each of its lines', (t) => {
	let state = initialReaderState(context);
	state = reduceReader(state, {type: 'quote', direction: 1}, context);
	state = reduceReader(state, {type: 'quote', direction: 1}, context);
	const quote = quotes.find((entry) => entry.id === state.quote)!;
	const lines = formatBody(layout(state), state, quotes, 20);
	t.is(lines.filter((line) => line.startsWith('» ')).length, quote.height);
	t.true(quote.height > 1);
});

test('without colour the line of the current match is marked; the others are not', (t) => {
	let state = initialReaderState(context);
	state = reduceReader(state, {type: 'search', query: 'witkoff'}, context);
	const unchosen = formatBody(layout(state), state, quotes, 20);
	t.false(unchosen.some((line) => line.startsWith('▶ ')));
	state = reduceReader(state, {type: 'searchStep', direction: 0}, context);
	const lines = formatBody(layout(state), state, quotes, 20);
	t.is(lines.filter((line) => line.startsWith('▶ ')).length, 1);
	t.regex(lines.find((line) => line.startsWith('▶ ')) ?? '', /Witkoff/);
});

test('the body is the lines in view, no more', (t) => {
	const state = {...initialReaderState(context), top: 5};
	const lines = formatBody(layout(state), state, quotes, 7);
	t.is(lines.length, 7);
	t.is(lines[0], `  ${layout(state).lines[5].plain}`);
});
