import test from 'ava';
import {
	type Command,
	commandsFor,
	helpGroups,
	type Screen,
} from '../source/keys/keymap.js';
import {Help, helpLines} from '../source/ui/help.js';
import {keys, lineWidth, recorder, renderAt} from './helpers/ui.js';

const screens: readonly Screen[] = [
	'list',
	'filter',
	'reader',
	'search',
	'contents',
	'composer',
];

const escape = (text: string) =>
	text.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);

/** A command is listed when its keys and then its help text stand on one line; `start` checks only the help's first characters. */
const listed = (text: string, command: Command, start = Infinity) =>
	new RegExp(
		`${escape(command.label)} +${escape(command.help.slice(0, start))}`,
	).test(text);

async function showHelp(
	shown: readonly Screen[],
	width: number,
	height: number,
) {
	const close = recorder<[]>();
	// The overlay gets the screen's width less one column, as the list and the reader give it.
	const screen = await renderAt(
		<Help screens={shown} width={width} height={height} onClose={close} />,
		width + 1,
	);
	return {screen, close};
}

for (const shown of screens) {
	test(`the help lists every ${shown} command from the keymap with its keys`, async (t) => {
		const commands = commandsFor(shown);
		t.true(commands.length > 0);
		const {screen} = await showHelp([shown], 160, 80);
		const frame = screen.frame();
		t.regex(screen.lines()[0] ?? '', /^Keys · any other key closes this help/);
		for (const command of commands) {
			t.true(listed(frame, command), `${command.id} is missing:\n${frame}`);
		}

		for (const {group} of helpGroups([shown])) {
			t.true(
				screen.lines().some((line) => line.trim() === group),
				`no heading ${group}`,
			);
		}

		screen.unmount();
	});
}

test('the help shows only the screens it is asked for', async (t) => {
	const {screen} = await showHelp(['list', 'filter'], 160, 80);
	const frame = screen.frame();
	const asked = [...commandsFor('list'), ...commandsFor('filter')];
	for (const command of asked) {
		t.true(listed(frame, command), `${command.id} is missing`);
	}

	const others = [...commandsFor('reader'), ...commandsFor('composer')].filter(
		// The reader's m and s read as the list's do.
		(command) =>
			!asked.some(
				(entry) => entry.label === command.label && entry.help === command.help,
			),
	);
	for (const command of others) {
		t.false(listed(frame, command), `${command.id} is shown`);
	}

	screen.unmount();
});

/** Lines for help three columns wide at 180 (columns fit the longest line, 57): one line of the height is the title. */
const threeColumns = (shown: readonly Screen[]) =>
	Math.ceil(helpLines(shown).length / 3) + 1;

test('help too tall for one column spreads over columns on a wide screen, every command in view', async (t) => {
	const shown: Screen[] = ['reader', 'search', 'contents'];
	const height = threeColumns(shown);
	const {screen} = await showHelp(shown, 180, height);
	const frame = screen.frame();
	t.true(screen.lines().length <= height, `the frame:\n${frame}`);
	t.false(frame.includes('scroll'), `the frame:\n${frame}`);
	const commands = shown.flatMap((screen) => commandsFor(screen));
	for (const command of commands) {
		t.true(listed(frame, command, 20), `${command.id} is missing:\n${frame}`);
	}

	// Side by side: some line holds more than one command.
	t.true(
		screen
			.lines()
			.some(
				(line) =>
					commands.filter((command) => listed(line, command, 20)).length > 1,
			),
		`one column:\n${frame}`,
	);
	screen.unmount();
});

// Regression: columns were 46 wide and cut the longest texts ("Comment on the focused section or …"); they are now as wide as the longest line.
test('help spread over columns shows every help text whole', async (t) => {
	const shown: Screen[] = ['reader', 'search', 'contents'];
	const {screen} = await showHelp(shown, 180, threeColumns(shown));
	const frame = screen.frame();
	for (const command of shown.flatMap((screen) => commandsFor(screen))) {
		t.true(listed(frame, command), `${command.id} is cut:\n${frame}`);
	}

	screen.unmount();
});

test('j, k, Space and b scroll help that does not fit, and scrolling reaches every command', async (t) => {
	const shown: Screen[] = ['reader', 'search', 'contents'];
	const total = helpLines(shown).length;
	const {screen, close} = await showHelp(shown, 60, 10);
	t.regex(
		screen.lines()[0] ?? '',
		new RegExp(`^Keys · j/k scroll \\(9 of ${total}\\)`),
	);
	const top = screen.lines()[1];

	await screen.press('j');
	t.regex(screen.lines()[0] ?? '', new RegExp(`\\(10 of ${total}\\)`));
	t.not(screen.lines()[1], top);
	await screen.press('k');
	t.is(screen.lines()[1], top);

	// Page through to the end, keeping every line seen.
	const seen = new Set(screen.lines().slice(1));
	for (
		let page = 0;
		page < total && !screen.lines()[0].includes(`(${total} of`);
		page++
	) {
		// eslint-disable-next-line no-await-in-loop
		await screen.press(' ');
		for (const line of screen.lines().slice(1)) {
			seen.add(line);
		}
	}

	t.regex(screen.lines()[0] ?? '', new RegExp(`\\(${total} of ${total}\\)`));
	const text = [...seen].join('\n');
	for (const command of shown.flatMap((screen) => commandsFor(screen))) {
		t.true(listed(text, command), `${command.id} never shown`);
	}

	await screen.press('b');
	t.notRegex(screen.lines()[0] ?? '', new RegExp(`\\(${total} of`));
	await screen.press(keys.down, keys.up);
	t.is(close.calls.length, 0);
	screen.unmount();
});

test('any other key closes the help', async (t) => {
	for (const key of ['x', 'q', keys.escape, keys.enter, '?']) {
		// eslint-disable-next-line no-await-in-loop
		const {screen, close} = await showHelp(['reader'], 60, 10);
		// eslint-disable-next-line no-await-in-loop
		await screen.press(key);
		t.is(close.calls.length, 1, `after ${JSON.stringify(key)}`);
		screen.unmount();
	}
});

test('the help stays within its width and height', async (t) => {
	const shown: Screen[] = ['reader', 'search', 'contents', 'composer'];
	for (const [width, height] of [
		[40, 10],
		[79, 19],
		[120, 12],
		[200, 6],
	] as const) {
		// eslint-disable-next-line no-await-in-loop
		const {screen} = await showHelp(shown, width, height);
		const lines = screen.lines();
		t.true(lines.length <= height, `${width}×${height}:\n${screen.frame()}`);
		for (const line of lines) {
			t.true(lineWidth(line) <= width, `${width}×${height}: ${line}`);
		}

		screen.unmount();
	}
});
