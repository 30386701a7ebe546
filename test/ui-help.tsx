import test from 'ava';
import {
	type Command,
	commands,
	commandsFor,
	helpGroups,
	resolveCommand,
	type Screen,
} from '../source/keys/keymap.js';
import {helpLayout, helpLines, scrollHelp} from '../source/ui/help-layout.js';
import {Help} from '../source/ui/help.js';
import {lineWidth, renderTerminal} from './helpers/ui.js';

const screens: readonly Screen[] = [
	'list',
	'filter',
	'reader',
	'search',
	'contents',
	'links',
	'composer',
];

const escape = (text: string) =>
	text.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);

/** A command is listed when its keys and then its help text stand on one line; `start` checks only the help's first characters. */
const listed = (text: string, command: Command, start = Infinity) =>
	new RegExp(
		`${escape(command.label)} +${escape(command.help.slice(0, start))}`,
	).test(text);

/** Commands the help shows: those with a label (the wheel's second direction goes with the first). */
const shownCommands = (shown: readonly Screen[]) =>
	shown.flatMap((screen) =>
		commandsFor(screen).filter((command) => command.label !== ''),
	);

/** The help at an offset, in a terminal one column wider, as the list and the reader give it their width less one. */
async function showHelp(
	shown: readonly Screen[],
	width: number,
	height: number,
	offset = 0,
) {
	const screen = renderTerminal(
		<Help screens={shown} width={width} height={height} offset={offset} />,
		{columns: width + 1, rows: height + 1},
	);
	await screen.waitFor(/^Keys/);
	return screen;
}

for (const shown of screens) {
	test.serial(
		`the help lists every ${shown} command from the keymap with its keys`,
		async (t) => {
			const commands = shownCommands([shown]);
			t.true(commands.length > 0);
			const screen = await showHelp([shown], 160, 80);
			t.teardown(screen.unmount);
			const frame = screen.frame();
			t.regex(
				screen.lines()[0] ?? '',
				/^Keys · any other key closes this help/,
			);
			for (const command of commands) {
				t.true(listed(frame, command), `${command.id} is missing:\n${frame}`);
			}

			for (const {group} of helpGroups([shown])) {
				t.true(
					screen.lines().some((line) => line.trim() === group),
					`no heading ${group}`,
				);
			}
		},
	);
}

test.serial('the help shows only the screens it is asked for', async (t) => {
	const screen = await showHelp(['list', 'filter'], 160, 80);
	t.teardown(screen.unmount);
	const frame = screen.frame();
	const asked = shownCommands(['list', 'filter']);
	for (const command of asked) {
		t.true(listed(frame, command), `${command.id} is missing`);
	}

	const others = shownCommands(['reader', 'composer', 'links']).filter(
		// The reader's m and s read as the list's do.
		(command) =>
			!asked.some(
				(entry) => entry.label === command.label && entry.help === command.help,
			),
	);
	for (const command of others) {
		t.false(listed(frame, command), `${command.id} is shown`);
	}
});

/** The height at which the help fits side by side in the columns a width has room for (each as wide as the longest line), one line being the title. */
function fittingHeight(shown: readonly Screen[], width: number) {
	const lines = helpLines(shown);
	const widest = Math.max(...lines.map((line) => line.text.length)) + 2;
	return Math.ceil(lines.length / Math.floor(width / widest)) + 1;
}

test.serial(
	'help too tall for one column spreads over columns on a wide screen, every command in view, each text whole',
	async (t) => {
		const shown: Screen[] = ['reader', 'search', 'contents'];
		const height = fittingHeight(shown, 180);
		const screen = await showHelp(shown, 180, height);
		t.teardown(screen.unmount);
		const frame = screen.frame();
		t.true(screen.lines().length <= height, `the frame:\n${frame}`);
		t.false(frame.includes('scroll'), `the frame:\n${frame}`);
		const commands = shownCommands(shown);
		for (const command of commands) {
			t.true(
				listed(frame, command),
				`${command.id} is missing or cut:\n${frame}`,
			);
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
	},
);

test.serial(
	'scrolling with j, k, Space and b moves within the help and paging reaches every command',
	async (t) => {
		const shown = [
			'reader',
			'search',
			'contents',
			'links',
			'composer',
		] as const;
		const layout = helpLayout(shown, 79, 10);
		const total = helpLines(shown).length;
		t.true(layout.maxOffset > 0);

		const at = async (offset: number) => {
			const screen = await showHelp(shown, 79, 10, offset);
			const lines = screen.lines();
			screen.unmount();
			return lines;
		};

		const top = await at(0);
		t.regex(top[0], new RegExp(`^Keys · j/k scroll \\(9 of ${total}\\)`));
		const down = scrollHelp(0, 'help.down', layout)!;
		t.is(down, 1);
		const one = await at(down);
		t.regex(one[0], new RegExp(`\\(10 of ${total}\\)`));
		t.is(one[1], top[2]);
		t.is(scrollHelp(down, 'help.up', layout), 0);
		t.is(scrollHelp(0, 'help.up', layout), 0);

		// Page through to the end, keeping every line seen.
		const seen = new Set(top.slice(1));
		let offset = 0;
		for (let step = 0; step < total && offset < layout.maxOffset; step++) {
			offset = scrollHelp(offset, 'help.pageDown', layout)!;
			// eslint-disable-next-line no-await-in-loop
			const lines = await at(offset);
			for (const line of lines.slice(1)) {
				seen.add(line);
			}
		}

		t.is(offset, layout.maxOffset);
		t.is(scrollHelp(offset, 'help.pageDown', layout), layout.maxOffset);
		const last = await at(offset);
		t.regex(last[0], new RegExp(`\\(${total} of ${total}\\)`));
		const text = [...seen].join('\n');
		for (const command of shownCommands(shown)) {
			t.true(listed(text, command), `${command.id} never shown`);
		}

		t.is(scrollHelp(offset, 'help.pageUp', layout), offset - layout.rows);
	},
);

test("any key but the help's own closes it", (t) => {
	const layout = helpLayout(['reader'], 60, 10);
	for (const key of [
		{input: 'x'},
		{input: 'q'},
		{input: '?'},
		{input: 'G'},
		{input: '', escape: true},
		{input: '', return: true},
		{input: '', mouse: 'wheelDown' as const},
	]) {
		t.is(
			scrollHelp(3, resolveCommand('help', key), layout),
			undefined,
			`after ${JSON.stringify(key)}`,
		);
	}

	for (const key of [
		{input: 'j'},
		{input: 'k'},
		{input: ' '},
		{input: 'b'},
		{input: '', downArrow: true},
		{input: '', pageUp: true},
	]) {
		t.not(
			scrollHelp(3, resolveCommand('help', key), layout),
			undefined,
			`after ${JSON.stringify(key)}`,
		);
	}
});

test.serial('the help stays within its width and height', async (t) => {
	const shown: Screen[] = ['reader', 'search', 'contents', 'links', 'composer'];
	for (const [width, height] of [
		[40, 10],
		[79, 19],
		[120, 12],
		[200, 6],
	] as const) {
		const {maxOffset} = helpLayout(shown, width, height);
		for (const offset of [0, maxOffset, maxOffset + 5]) {
			// eslint-disable-next-line no-await-in-loop
			const screen = await showHelp(shown, width, height, offset);
			const lines = screen.lines();
			t.true(lines.length <= height, `${width}×${height}:\n${screen.frame()}`);
			for (const line of lines) {
				t.true(lineWidth(line) <= width, `${width}×${height}: ${line}`);
			}

			screen.unmount();
		}
	}
});

test('every command shown in some help has its keys resolved on its screen', (t) => {
	// The labels are what help says; the bindings are what the keys do: a label never names a screen's key for another command.
	for (const command of commands) {
		if (command.label === '') {
			continue;
		}

		for (const binding of command.keys) {
			if ('input' in binding && !binding.ctrl && binding.input.length === 1) {
				t.not(
					resolveCommand(command.screen, {input: binding.input}),
					undefined,
					`${command.id}: ${binding.input}`,
				);
			}
		}
	}
});

test('at 80 columns every help text fits whole, in the list and in the reader', (t) => {
	for (const shown of [
		['list', 'filter'],
		['reader', 'search', 'contents', 'links', 'composer'],
	] as const) {
		t.true(helpLayout(shown, 79, 20).columnWidth <= 79);
		for (const line of helpLines(shown)) {
			t.true(line.text.length <= 78, `too wide for 80 columns: ${line.text}`);
		}
	}
});
