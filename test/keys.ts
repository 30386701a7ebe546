import test from 'ava';
import {editLine, editText} from '../source/keys/edit.js';
import {
	type Binding,
	commands,
	helpGroups,
	type Keypress,
	resolveCommand,
	type Screen,
} from '../source/keys/keymap.js';
import {createKeyParser, type InkKey} from '../source/keys/parse.js';
import {helpLines} from '../source/ui/help-layout.js';
import {readerHelpScreens} from '../source/ui/reader.js';

/** Ink's key flags, all off. */
const plain: InkKey = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
};

/** What a keypress says, without the flags that are off: easier to compare. */
function short(key: Keypress): Record<string, unknown> {
	return Object.fromEntries(
		Object.entries(key).filter(([, value]) => value !== false),
	);
}

const push = (
	parser: ReturnType<typeof createKeyParser>,
	input: string,
	key: Partial<InkKey> = {},
) => parser.push(input, {...plain, ...key}).map((keypress) => short(keypress));

// Parsing Ink's events

test('a run of plain characters in one event is one key each, in order', (t) => {
	const parser = createKeyParser();
	t.deepEqual(push(parser, 'jj\r'), [
		{input: 'j'},
		{input: 'j'},
		{input: '', return: true},
	]);
	t.deepEqual(
		push(parser, '/miami\r\r').map((key) => (key.return ? 'Enter' : key.input)),
		['/', 'm', 'i', 'a', 'm', 'i', 'Enter', 'Enter'],
	);
});

test('control characters in a run are the keys a terminal sends for them', (t) => {
	const parser = createKeyParser();
	t.deepEqual(push(parser, 'a\tb\u007F\b\n\u0013\u0004'), [
		{input: 'a'},
		{input: '', tab: true},
		{input: 'b'},
		{input: '', backspace: true},
		{input: '', backspace: true},
		{input: '', return: true},
		{input: 's', ctrl: true},
		{input: 'd', ctrl: true},
	]);
});

test('a run of wide characters and emoji splits by code point, never inside one', (t) => {
	const parser = createKeyParser();
	t.deepEqual(
		push(parser, '日本😀').map((key) => key.input),
		['日', '本', '😀'],
	);
});

test('a single key keeps the flags Ink gave it', (t) => {
	const parser = createKeyParser();
	t.deepEqual(push(parser, '', {downArrow: true}), [
		{input: '', downArrow: true},
	]);
	t.deepEqual(push(parser, 'q'), [{input: 'q'}]);
	t.deepEqual(push(parser, 's', {ctrl: true}), [{input: 's', ctrl: true}]);
	t.deepEqual(push(parser, '', {tab: true, shift: true}), [
		{input: '', tab: true, shift: true},
	]);
	// A flag with a longer text (meta and a letter) is one key, not split.
	t.deepEqual(push(parser, 'ab', {meta: true}), [{input: 'ab', meta: true}]);
});

test('a bracketed paste is one keypress holding the whole text, however many events it spans', (t) => {
	const parser = createKeyParser();
	t.deepEqual(push(parser, '[200~'), []);
	t.deepEqual(push(parser, 'first line'), []);
	t.deepEqual(push(parser, '', {return: true}), []);
	t.deepEqual(push(parser, 'q\tj'), []);
	t.deepEqual(push(parser, '[201~'), [
		{input: 'first line\nq\tj', paste: true},
	]);
	// Keys after the paste are keys again.
	t.deepEqual(push(parser, 'q'), [{input: 'q'}]);
});

test('an empty paste is no keypress', (t) => {
	const parser = createKeyParser();
	t.deepEqual([...push(parser, '[200~'), ...push(parser, '[201~')], []);
});

test('the mouse wheel is a keypress; clicks, drags and the horizontal wheel are dropped', (t) => {
	const parser = createKeyParser();
	t.deepEqual(push(parser, '[<64;10;5M'), [{input: '', mouse: 'wheelUp'}]);
	t.deepEqual(push(parser, '[<65;1;1M'), [{input: '', mouse: 'wheelDown'}]);
	// Shift (4), Meta (8) and Ctrl (16) held while turning the wheel.
	t.deepEqual(push(parser, '[<68;3;3M'), [{input: '', mouse: 'wheelUp'}]);
	t.deepEqual(push(parser, '[<81;3;3M'), [{input: '', mouse: 'wheelDown'}]);
	for (const report of [
		'[<0;10;5M',
		'[<0;10;5m',
		'[<2;1;1M',
		'[<32;4;4M',
		'[<35;4;4M',
		'[<66;1;1M',
		'[<67;1;1M',
	]) {
		t.deepEqual(push(parser, report), [], `${report}`);
	}
});

test('a paste is text, never a command, whatever it holds', (t) => {
	for (const input of ['q', '?', '/', 'j']) {
		t.is(resolveCommand('list', {input, paste: true}), undefined);
		t.is(resolveCommand('reader', {input, paste: true}), undefined);
	}
});

// Editing a field

test('editLine appends typed text and pasted text', (t) => {
	t.is(editLine('mia', {input: 'm'}), 'miam');
	t.is(editLine('', {input: '日本'}), '日本');
	t.is(editLine('a', {input: 'b\nc\r\nd\te', paste: true}), 'ab c d e');
});

test('editLine keeps control characters out of the field', (t) => {
	t.is(editLine('a', {input: 'b\u0007c\u001B[31m\u009B'}), 'abc[31m');
	t.is(editLine('a', {input: '\u0000\u0085x', paste: true}), 'ax');
});

test('editLine ignores named keys, ctrl and meta keys, and the wheel', (t) => {
	for (const key of [
		{input: '', return: true},
		{input: '', escape: true},
		{input: '', tab: true},
		{input: '', upArrow: true},
		{input: '', downArrow: true},
		{input: '', leftArrow: true},
		{input: '', rightArrow: true},
		{input: '', pageUp: true},
		{input: '', pageDown: true},
		{input: '', home: true},
		{input: '', end: true},
		{input: 'x', ctrl: true},
		{input: 'x', meta: true},
		{input: '', mouse: 'wheelUp'},
	] satisfies Keypress[]) {
		t.is(editLine('abc', key), 'abc', `after ${JSON.stringify(key)}`);
	}
});

test('Backspace deletes one character as the reader sees it: an emoji or an accent goes whole', (t) => {
	t.is(editLine('abc', {input: '', backspace: true}), 'ab');
	t.is(editLine('abc', {input: '', delete: true}), 'ab');
	t.is(editLine('', {input: '', backspace: true}), '');
	t.is(editLine('family 👨‍👩‍👧', {input: '', backspace: true}), 'family ');
	t.is(editLine('café', {input: '', backspace: true}), 'caf');
	t.is(editLine('flag 🇫🇷', {input: '', backspace: true}), 'flag ');
	const long = `${'x'.repeat(100_000)}👍🏽`;
	t.is(editLine(long, {input: '', backspace: true}), 'x'.repeat(100_000));
});

test('Ctrl+U erases a one-line field', (t) => {
	t.is(editLine('miami', {input: 'u', ctrl: true}), '');
});

test('editText: Enter starts a line, a paste goes in whole with its lines, Ctrl+U erases back to the line start', (t) => {
	t.is(editText('Hello', {input: '', return: true}), 'Hello\n');
	t.is(
		editText('', {input: 'one\r\ntwo\rthree\n\tfour', paste: true}),
		'one\ntwo\nthree\n\tfour',
	);
	t.is(editText('a', {input: 'b\u0007', paste: true}), 'ab');
	t.is(editText('first\nsecond', {input: 'u', ctrl: true}), 'first\n');
	t.is(editText('only', {input: 'u', ctrl: true}), '');
	t.is(editText('a\n', {input: '', backspace: true}), 'a');
	t.is(editText('a', {input: 'b'}), 'ab');
	t.is(editText('a', {input: '', escape: true}), 'a');
});

// The keymap

/** The keypress a terminal gives for a binding. */
function keypressOf(binding: Binding): Keypress {
	if ('mouse' in binding) {
		return {input: '', mouse: binding.mouse};
	}

	if ('key' in binding) {
		return binding.shift
			? {input: '', [binding.key]: true, shift: true}
			: {input: '', [binding.key]: true};
	}

	return binding.ctrl
		? {input: binding.input, ctrl: true}
		: {input: binding.input};
}

const bindingName = (binding: Binding) => JSON.stringify(binding);

const screens = [...new Set(commands.map((command) => command.screen))];

test('every binding resolves to its own command on its screen', (t) => {
	for (const command of commands) {
		t.true(command.keys.length > 0, `${command.id} has no key`);
		for (const binding of command.keys) {
			t.is(
				resolveCommand(command.screen, keypressOf(binding)),
				command.id,
				`${command.screen}: ${bindingName(binding)}`,
			);
		}
	}
});

test('no key is bound twice on one screen', (t) => {
	for (const screen of screens) {
		const seen = new Map<string, string>();
		for (const command of commands.filter((entry) => entry.screen === screen)) {
			for (const binding of command.keys) {
				const name = bindingName(keypressOf(binding));
				t.false(
					seen.has(name),
					`${screen}: ${name} is bound to ${seen.get(name)} and ${command.id}`,
				);
				seen.set(name, command.id);
			}
		}
	}
});

test('a command id belongs to one screen, except the app-wide suspend', (t) => {
	const byId = new Map<string, Set<Screen>>();
	for (const command of commands) {
		byId.set(
			command.id,
			(byId.get(command.id) ?? new Set()).add(command.screen),
		);
	}

	for (const [id, on] of byId) {
		if (id !== 'app.suspend') {
			t.is(on.size, 1, `${id} is on ${[...on].join(', ')}`);
		}
	}
});

test('ctrl, meta and named keys never pass for the printable key with the same letter', (t) => {
	t.is(resolveCommand('reader', {input: 'd'}), 'comment.delete');
	t.is(resolveCommand('reader', {input: 'd', ctrl: true}), 'scroll.halfDown');
	t.is(resolveCommand('list', {input: 'q', meta: true}), undefined);
	t.is(resolveCommand('list', {input: 'q', ctrl: true}), undefined);
	// Shift as Ink reports it for a capital letter.
	t.is(resolveCommand('list', {input: 'G', shift: true}), 'list.bottom');
	t.is(resolveCommand('reader', {input: '', tab: true}), 'section.next');
	t.is(
		resolveCommand('reader', {input: '', tab: true, shift: true}),
		'section.previous',
	);
	t.is(resolveCommand('reader', {input: ']', tab: true}), 'section.next');
	t.is(resolveCommand('list', {input: '', mouse: 'wheelDown'}), 'list.down');
});

test('digits: a count in the reader (not 0), an entry number in the links, nothing on the list', (t) => {
	for (const digit of '123456789') {
		t.is(resolveCommand('reader', {input: digit}), 'reader.count');
		t.is(resolveCommand('links', {input: digit}), 'links.number');
		t.is(resolveCommand('list', {input: digit}), undefined);
		t.is(resolveCommand('contents', {input: digit}), undefined);
	}

	t.is(resolveCommand('reader', {input: '0'}), undefined);
	t.is(resolveCommand('links', {input: '0'}), 'links.number');
});

test('every command has help: a label and a text, or neither when shown with the command before it', (t) => {
	for (const [index, command] of commands.entries()) {
		if (command.label === '') {
			t.is(command.help, '', `${command.id} has help but no label`);
			const before = commands[index - 1];
			t.is(
				before?.group,
				command.group,
				`${command.id} has no command to go with`,
			);
			t.is(before?.screen, command.screen, `${command.id} is apart`);
		} else {
			t.not(command.help, '', `${command.id} has no help text`);
		}
	}
});

const listHelpScreens: readonly Screen[] = ['list', 'filter'];

test("help made from the keymap lists every labelled command of the list's and the reader's screens, with its keys", (t) => {
	for (const shown of [listHelpScreens, readerHelpScreens]) {
		const lines = helpLines(shown);
		const labelled = commands.filter(
			(command) => shown.includes(command.screen) && command.label !== '',
		);
		for (const command of labelled) {
			t.true(
				lines.some(
					(line) =>
						line.text === `  ${command.label.padEnd(16)} ${command.help}`,
				),
				`${command.id} is missing`,
			);
		}

		// One line per command, and nothing else but the headings and the blank lines between groups.
		t.is(
			lines.filter((line) => !line.heading && line.text !== '').length,
			labelled.length,
		);
		t.deepEqual(
			lines.filter((line) => line.heading).map((line) => line.text),
			helpGroups(shown).map((group) => group.group),
		);
	}
});

test('every screen but the help itself is shown in the help of the list or of the reader', (t) => {
	const shown = new Set<Screen>([...listHelpScreens, ...readerHelpScreens]);
	for (const screen of screens) {
		if (screen !== 'help') {
			t.true(shown.has(screen), `${screen} is in no help`);
		}
	}
});
