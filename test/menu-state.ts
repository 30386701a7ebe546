import test from 'ava';
import type {Keypress} from '../source/keys/keymap.js';
import {
	initialMenu,
	type MenuEffect,
	type MenuState,
	reduceMenu,
} from '../source/ui/menu-state.js';

const key = (input: string): Keypress => ({input});
const enter: Keypress = {input: '', return: true};
const escape: Keypress = {input: '', escape: true};

/** Keys in a menu of `count` entries, `height` rows: the last state and the effects. */
function press(
	[screen, count, height]: readonly ['contents' | 'links', number, number],
	state: MenuState,
	...keys: Keypress[]
): {state: MenuState; effects: MenuEffect[]} {
	let current = state;
	const effects: MenuEffect[] = [];
	for (const pressed of keys) {
		const result = reduceMenu(current, pressed, screen, count, height);
		current = result.state;
		effects.push(result.effect);
	}

	return {state: current, effects};
}

test('a menu opens on the entry asked for, in view', (t) => {
	t.deepEqual(initialMenu(0, 10, 4), {cursor: {index: 0, top: 0}, typed: ''});
	const deep = initialMenu(8, 10, 4);
	t.is(deep.cursor.index, 8);
	t.true(deep.cursor.top <= 8 && deep.cursor.top + 4 > 8);
	t.is(initialMenu(50, 10, 4).cursor.index, 9);
});

for (const screen of ['contents', 'links'] as const) {
	test(`${screen}: j, k, the arrows and the wheel move one entry and never wrap`, (t) => {
		const start = initialMenu(0, 10, 4);
		const at = (...keys: Keypress[]) =>
			press([screen, 10, 4], start, ...keys).state.cursor.index;
		t.is(at(key('k')), 0);
		t.is(at({input: '', upArrow: true}), 0);
		t.is(at(key('j'), key('j'), {input: '', downArrow: true}), 3);
		t.is(
			at({input: '', mouse: 'wheelDown'}, {input: '', mouse: 'wheelDown'}),
			2,
		);
		t.is(at(key('G'), key('j')), 9);
		t.is(at(key('G'), {input: '', mouse: 'wheelUp'}), 8);
	});

	test(`${screen}: Space and b page, g and G go to the ends, Home and End too`, (t) => {
		const start = initialMenu(0, 10, 4);
		const cursor = (...keys: Keypress[]) =>
			press([screen, 10, 4], start, ...keys).state.cursor;
		t.deepEqual(cursor(key(' ')), {index: 4, top: 4});
		t.deepEqual(
			cursor({input: '', pageDown: true}, {input: '', pageDown: true}),
			{
				index: 6,
				top: 6,
			},
		);
		t.deepEqual(cursor(key(' '), key('b')), {index: 0, top: 0});
		t.deepEqual(cursor(key('G')), {index: 9, top: 6});
		t.deepEqual(cursor({input: '', end: true}, {input: '', home: true}), {
			index: 0,
			top: 0,
		});
		t.deepEqual(cursor(key('G'), key('g')), {index: 0, top: 0});
	});

	test(`${screen}: Enter chooses the entry, Esc and q close; nothing to choose in an empty menu`, (t) => {
		const start = initialMenu(0, 10, 4);
		t.deepEqual(press([screen, 10, 4], start, key('j'), enter).effects, [
			undefined,
			'choose',
		]);
		t.is(press([screen, 10, 4], start, key('j'), enter).state.cursor.index, 1);
		t.deepEqual(press([screen, 10, 4], start, escape).effects, ['close']);
		t.deepEqual(press([screen, 10, 4], start, key('q')).effects, ['close']);
		t.deepEqual(press([screen, 0, 4], initialMenu(0, 0, 4), enter).effects, [
			undefined,
		]);
	});

	test(`${screen}: a key the menu does not know changes nothing`, (t) => {
		const start = initialMenu(3, 10, 4);
		for (const pressed of [key('x'), key('/'), {input: 'j', ctrl: true}]) {
			const {state, effect} = reduceMenu(start, pressed, screen, 10, 4);
			t.is(state, start);
			t.is(effect, undefined);
		}
	});
}

test('the key that opened a menu closes it: t the contents, L the links', (t) => {
	const start = initialMenu(0, 10, 4);
	t.is(reduceMenu(start, key('t'), 'contents', 10, 4).effect, 'close');
	t.is(reduceMenu(start, key('L'), 'links', 10, 4).effect, 'close');
	t.is(reduceMenu(start, key('L'), 'contents', 10, 4).effect, undefined);
	t.is(reduceMenu(start, key('t'), 'links', 10, 4).effect, undefined);
});

test('links: typing a number chooses that link; two digits make a number, as in w3m', (t) => {
	const start = initialMenu(0, 15, 4);
	const links = (...keys: Keypress[]) =>
		press(['links', 15, 4], start, ...keys).state;
	t.like(links(key('3')), {cursor: {index: 2}, typed: '3'});
	t.like(links(key('1'), key('2')), {cursor: {index: 11}, typed: '12'});
	// 16 is past the end: the 6 starts again.
	t.like(links(key('1'), key('6')), {cursor: {index: 5}, typed: '6'});
	// Then Enter chooses it.
	t.deepEqual(
		press(['links', 15, 4], start, key('1'), key('2'), enter).effects,
		[undefined, undefined, 'choose'],
	);
	// Moving forgets what was typed: the next digit starts a new number.
	t.like(links(key('1'), key('j'), key('3')), {cursor: {index: 2}, typed: '3'});
	// The chosen link is in view.
	const far = links(key('1'), key('4')).cursor;
	t.true(far.top <= 13 && far.top + 4 > 13);
});

test('links: 0 and numbers past the end choose nothing', (t) => {
	const start = initialMenu(2, 5, 4);
	const links = (...keys: Keypress[]) =>
		press(['links', 5, 4], start, ...keys).state;
	t.like(links(key('0')), {cursor: {index: 2}, typed: ''});
	t.like(links(key('9')), {cursor: {index: 2}, typed: ''});
	t.like(links(key('4'), key('0')), {cursor: {index: 3}, typed: ''});
});

test('contents: digits are not numbers there', (t) => {
	const start = initialMenu(0, 15, 4);
	const {state, effect} = reduceMenu(start, key('3'), 'contents', 15, 4);
	t.is(state, start);
	t.is(effect, undefined);
});
