import test, {type ExecutionContext} from 'ava';
import chalk from 'chalk';
import {bodyHeight, headerHeight, Reader} from '../source/ui/reader.js';
import {
	keys,
	lineWidth,
	lineWith,
	openSeed,
	recorder,
	renderAt,
	type Screen,
} from './helpers/ui.js';

// Render as a colour terminal does, so that widths are measured with the styles in the lines.
chalk.level = 1;

const columns = 80;
const rows = 24;
const width = 78;
const seed = openSeed(width);

const sectionTitles = [
	'The Miami Meeting',
	'U.S. Diplomatic Push',
	"Ukraine's Position",
	'EU Funding Debate',
	'Drone Attacks Amid Negotiations',
	'Key Takeaways',
];

type ReaderProps = Parameters<typeof Reader>[0];

async function openReader(overrides: Partial<ReaderProps> = {}) {
	const calls = {
		progress: recorder<Parameters<ReaderProps['onProgress']>>(),
		read: recorder<[]>(),
		bookmark: recorder<[]>(),
		back: recorder<[]>(),
		quit: recorder<[]>(),
	};
	const screen = await renderAt(
		<Reader
			article={seed.article}
			sections={seed.sections}
			quotes={seed.quotes}
			width={width}
			columns={columns}
			rows={rows}
			saved={{}}
			marks={{read: false, bookmarked: false}}
			notice={undefined}
			onProgress={calls.progress}
			onToggleRead={calls.read}
			onToggleBookmark={calls.bookmark}
			onBack={calls.back}
			onQuit={calls.quit}
			{...overrides}
		/>,
		columns,
	);
	return {screen, calls};
}

/** The status line: `first-last/total percent%`, then the focused section. */
function status(screen: Screen) {
	const line = screen.lines().at(-1) ?? '';
	const match = /^(\d+)-(\d+)\/(\d+) (\d+)%/.exec(line);
	if (!match) {
		throw new Error(`no position in the status line: ${line}`);
	}

	const [first, last, total, percent] = match.slice(1).map(Number) as [
		number,
		number,
		number,
		number,
	];
	return {first, last, total, percent, line};
}

/** The article's lines on screen, below the header and above the status line. */
const body = (screen: Screen) =>
	screen
		.lines()
		.slice(headerHeight(rows), headerHeight(rows) + bodyHeight(rows));

function assertFits(t: ExecutionContext, screen: Screen, state: string) {
	const lines = screen.lines();
	t.true(
		lines.length <= rows - 1,
		`${state}: ${lines.length} lines:\n${screen.frame()}`,
	);
	for (const line of lines) {
		t.true(
			lineWidth(line) <= columns,
			`${state}: wider than ${columns}: ${line}`,
		);
	}
}

test.serial(
	'the frame is at most rows - 1 lines and no line is wider than the terminal, whatever is shown',
	async (t) => {
		const {screen} = await openReader();
		assertFits(t, screen, 'the top');
		t.is(screen.lines()[0], `${seed.article.title.slice(0, columns - 2)}…`);
		t.is(screen.lines()[1], 'World Desk · Staff · 2025-12-19 · 4 min read');
		for (const [keysToPress, state] of [
			[['G'], 'the end'],
			[['z'], 'all folded'],
			[['Z', '>', '>'], 'a quote'],
			[['?'], 'the help'],
			[['x', 't'], 'the contents'],
			[[keys.escape, '/', ...'witkoff'], 'the search prompt'],
		] as const) {
			// eslint-disable-next-line no-await-in-loop
			await screen.press(...keysToPress);
			assertFits(t, screen, state);
		}

		screen.unmount();
	},
);

test.serial(
	'j scrolls one line, Space a page, G to the end and g back to the top',
	async (t) => {
		const {screen} = await openReader();
		const height = bodyHeight(rows);
		const start = status(screen);
		t.is(start.first, 1);
		t.is(start.last, height);
		t.true(start.total > height * 3, 'the seed article is several pages long');
		const firstLine = body(screen)[0];

		await screen.press('j');
		t.like(status(screen), {first: 2, last: height + 1});
		// The second line moved up to the top.
		t.not(body(screen)[0], firstLine);

		await screen.press(' ');
		// A page keeps one line of the previous page in view.
		t.like(status(screen), {first: 2 + height - 1, last: 2 * height});

		await screen.press('G');
		t.like(status(screen), {
			first: start.total - height + 1,
			last: start.total,
			percent: 100,
		});
		t.regex(status(screen).line, /· Key Takeaways/);
		t.truthy(lineWith(body(screen), 'geopolitical maneuvering.'));

		await screen.press('g');
		t.like(status(screen), {first: 1, last: height});
		t.is(body(screen)[0], firstLine);
		screen.unmount();
	},
);

test.serial(
	'Tab focuses the next section and Enter folds it, keeping its heading on the same row',
	async (t) => {
		const {screen} = await openReader();
		await screen.press(keys.tab);
		const focusedRow = body(screen).indexOf('› ▾ The Miami Meeting');
		t.not(focusedRow, -1, `the frame:\n${screen.frame()}`);
		t.regex(status(screen).line, /· The Miami Meeting/);
		t.truthy(lineWith(body(screen), 'Kirill Dmitriev'));

		await screen.press(keys.enter);
		t.is(
			body(screen)[focusedRow],
			'› ▸ The Miami Meeting  · 3 paragraphs',
			`the frame:\n${screen.frame()}`,
		);
		t.falsy(lineWith(body(screen), 'Kirill Dmitriev'));
		// The next section follows the folded heading.
		t.truthy(lineWith(body(screen), '▾ U.S. Diplomatic Push'));

		await screen.press(keys.enter);
		t.is(body(screen)[focusedRow], '› ▾ The Miami Meeting');
		t.truthy(lineWith(body(screen), 'Kirill Dmitriev'));

		// Shift-Tab goes back to the lede: no section heading is focused.
		await screen.press(keys.tab, keys.shiftTab);
		t.is(body(screen)[focusedRow], '› ▾ The Miami Meeting');
		await screen.press(keys.shiftTab);
		t.falsy(lineWith(body(screen), '›'));
		screen.unmount();
	},
);

test.serial(
	'z folds every section to its heading and Z unfolds them all',
	async (t) => {
		const {screen} = await openReader();
		await screen.press('z');
		const folded = body(screen);
		for (const title of sectionTitles) {
			t.truthy(
				folded.find((line) =>
					new RegExp(
						`▸ ${title.replaceAll('.', String.raw`\.`)} {2}· \\d+ paragraph`,
					).test(line),
				),
				`${title} is not folded:\n${screen.frame()}`,
			);
		}

		t.falsy(lineWith(folded, '▾'));
		t.falsy(lineWith(folded, 'Kirill Dmitriev'));
		t.is(status(screen).percent, 100);

		await screen.press('Z');
		const unfolded = body(screen);
		t.falsy(lineWith(unfolded, '▸'));
		t.truthy(lineWith(unfolded, 'Kirill Dmitriev'));
		t.true(status(screen).total > bodyHeight(rows) * 3);
		screen.unmount();
	},
);

test.serial('> moves to the next quote and marks its lines', async (t) => {
	const {screen} = await openReader();
	const quoteLines = () => body(screen).filter((line) => line.startsWith('» '));

	await screen.press('>');
	t.deepEqual(quoteLines(), ['» “legitimate target.”']);
	t.regex(status(screen).line, /· U\.S\. Diplomatic Push/);

	await screen.press('>');
	const block = quoteLines();
	t.is(block.length, 2, `the frame:\n${screen.frame()}`);
	for (const line of block) {
		t.true(line.startsWith('» ┃'), `not a quote line: ${line}`);
	}

	t.true(block[0].startsWith('» ┃ “We have progress in our dialogue'));
	t.regex(status(screen).line, /· Ukraine's Position/);

	await screen.press('<');
	t.deepEqual(quoteLines(), ['» “legitimate target.”']);
	screen.unmount();
});

test.serial('a quote in a folded section unfolds it', async (t) => {
	const {screen} = await openReader();
	await screen.press('z', 'g', '>');
	t.deepEqual(
		body(screen).filter((line) => line.startsWith('» ')),
		['» “legitimate target.”'],
	);
	// Its section unfolded; the others stay folded.
	t.truthy(lineWith(body(screen), 'The Kremlin insists'));
	t.regex(status(screen).line, /· U\.S\. Diplomatic Push/);
	t.truthy(lineWith(body(screen), "▸ Ukraine's Position"));
	screen.unmount();
});

test.serial(
	'onProgress reports the position by section and line, and the folded sections',
	async (t) => {
		const {screen, calls} = await openReader();
		t.like(calls.progress.calls.at(-1)?.[0], {
			position: {sectionId: 'lede', lineInSection: 0},
			collapsed: [],
		});

		await screen.press('j');
		t.like(calls.progress.calls.at(-1)?.[0], {
			position: {sectionId: 'lede', lineInSection: 1},
			collapsed: [],
		});

		await screen.press(keys.tab, keys.enter);
		t.like(calls.progress.calls.at(-1)?.[0], {
			position: {sectionId: 'the-miami-meeting', lineInSection: 0},
			collapsed: ['the-miami-meeting'],
		});

		await screen.press('G');
		t.like(calls.progress.calls.at(-1)?.[0], {progress: 100});
		screen.unmount();
	},
);

test.serial('a saved position and folded sections are restored', async (t) => {
	const {screen} = await openReader({
		saved: {
			position: {sectionId: 'eu-funding-debate', lineInSection: 0},
			collapsed: ['the-miami-meeting'],
		},
	});
	t.is(body(screen)[0], '› ▾ EU Funding Debate');
	await screen.press('g');
	t.truthy(lineWith(body(screen), '▸ The Miami Meeting  · 3 paragraphs'));
	screen.unmount();
});

test.serial('q, Esc and ← go back to the list; Ctrl+C quits', async (t) => {
	const {screen, calls} = await openReader();
	await screen.press('q');
	t.is(calls.back.calls.length, 1);
	await screen.press(keys.escape);
	t.is(calls.back.calls.length, 2);
	await screen.press('\u001B[D');
	t.is(calls.back.calls.length, 3);
	t.is(calls.quit.calls.length, 0);
	await screen.press('\u0003');
	t.is(calls.quit.calls.length, 1);
	screen.unmount();
});

test.serial(
	'm and s toggle read and bookmark; the header shows the marks',
	async (t) => {
		const {screen, calls} = await openReader();
		await screen.press('m', 's');
		t.is(calls.read.calls.length, 1);
		t.is(calls.bookmark.calls.length, 1);
		screen.rerender(
			<Reader
				article={seed.article}
				sections={seed.sections}
				quotes={seed.quotes}
				width={width}
				columns={columns}
				rows={rows}
				saved={{}}
				marks={{read: true, bookmarked: true}}
				notice={undefined}
				onProgress={calls.progress}
				onToggleRead={calls.read}
				onToggleBookmark={calls.bookmark}
				onBack={calls.back}
				onQuit={calls.quit}
			/>,
		);
		// A render with new props draws at once.
		t.is(
			screen.lines()[1],
			'World Desk · Staff · 2025-12-19 · 4 min read · ★ · read',
		);
		screen.unmount();
	},
);

test.serial('a notice leads the status line', async (t) => {
	const {screen} = await openReader({
		notice: 'Could not save the reading state: disk full',
	});
	t.regex(
		screen.lines().at(-1) ?? '',
		/^Could not save the reading state: disk full · 1-\d+\/\d+ \d+% +\? help · q back$/,
	);
	screen.unmount();
});

test.serial(
	"? shows the reader's keys and any key closes the help",
	async (t) => {
		const {screen, calls} = await openReader();
		await screen.press('?');
		const help = screen.frame();
		t.regex(help, /^Keys\b.*closes this help/m);
		t.true(help.includes('Next section'));
		t.true(help.includes('Fold every section'));
		t.falsy(lineWith(body(screen), 'Kirill Dmitriev'));

		await screen.press('x');
		t.false(screen.frame().includes('Fold every section'));
		t.truthy(lineWith(body(screen), 'A high‑stakes meeting'));
		t.like(status(screen), {first: 1});
		t.is(calls.back.calls.length, 0);
		screen.unmount();
	},
);

// Regression: the key that closes the help also runs in the reader, as with the contents below: the help closes first, then the reader, subscribed again after it, sees no overlay and runs q as "Back to the list".
test.serial(
	'the q that closes the help does not leave the reader',
	async (t) => {
		const {screen, calls} = await openReader();
		await screen.press('?', 'q');
		t.false(screen.frame().includes('Fold every section'));
		t.is(calls.back.calls.length, 0);
		screen.unmount();
	},
);

test.serial(
	't shows the contents with every section, the focused one highlighted',
	async (t) => {
		const {screen} = await openReader();
		await screen.press(keys.tab, 't');
		const contents = body(screen);
		t.truthy(lineWith(contents, 'Contents'));
		t.truthy(lineWith(contents, '(top of the article)'));
		for (const title of sectionTitles) {
			t.truthy(
				lineWith(contents, `▾ ${title}`),
				`${title} missing:\n${screen.frame()}`,
			);
		}

		t.truthy(
			lineWith(contents, '❯   ▾ The Miami Meeting'),
			`the frame:\n${screen.frame()}`,
		);
		t.falsy(lineWith(contents, 'Kirill Dmitriev'));
		screen.unmount();
	},
);

test.serial(
	'Enter in the contents jumps to the chosen section, unfolding it',
	async (t) => {
		const {screen} = await openReader();
		await screen.press('z', 't', 'j', 'j', keys.enter);
		t.falsy(lineWith(body(screen), 'Contents'));
		t.is(
			body(screen)[0],
			'› ▾ U.S. Diplomatic Push',
			`the frame:\n${screen.frame()}`,
		);
		t.truthy(lineWith(body(screen), 'President Trump has launched'));
		screen.unmount();
	},
);

// Regression: the key that closes the contents reaches the reader too. The reader's `useKeys` hands Ink a new handler on every render, so Ink subscribes it again after the contents' own handler; the contents closes first, and the reader then sees no overlay and runs Esc or q as "Back to the list".
test.serial(
	'Esc and q close the contents without leaving the reader',
	async (t) => {
		const {screen, calls} = await openReader();
		await screen.press('t', keys.escape);
		t.falsy(lineWith(body(screen), '(top of the article)'));
		t.truthy(lineWith(body(screen), 'A high‑stakes meeting'));
		await screen.press('t', 'q');
		t.falsy(lineWith(body(screen), '(top of the article)'));
		t.is(calls.back.calls.length, 0);
		screen.unmount();
	},
);

// Regression: as above, the t that closes the contents reaches the reader after the contents closed, and the reader opens them again.
test.serial('t closes the contents', async (t) => {
	const {screen} = await openReader();
	await screen.press('t');
	t.truthy(lineWith(body(screen), '(top of the article)'));
	await screen.press('t');
	t.falsy(
		lineWith(body(screen), '(top of the article)'),
		`the frame:\n${screen.frame()}`,
	);
	screen.unmount();
});

// Regression: as above, the Enter that jumps reaches the reader after the jump and folds the section it jumped to ("Jump to the section (unfolds it)"). Moving in the contents first hides it: ink-select-input subscribes again when its highlight changes, and then runs after the reader.
test.serial(
	'Enter in the contents on the focused section jumps without folding it',
	async (t) => {
		const {screen, calls} = await openReader();
		await screen.press(keys.tab, 't', keys.enter);
		t.is(
			body(screen)[0],
			'› ▾ The Miami Meeting',
			`the frame:\n${screen.frame()}`,
		);
		t.truthy(lineWith(body(screen), 'Kirill Dmitriev'));
		t.like(calls.progress.calls.at(-1)?.[0], {collapsed: []});
		screen.unmount();
	},
);

test.serial(
	'/ searches the whole article as you type; Enter closes the prompt at the first match',
	async (t) => {
		const {screen} = await openReader();
		// The number of matches, counted in the article's own text.
		const expected = seed.sections
			.flatMap((section) => section.body().plain)
			.reduce(
				(count, line) =>
					count + (line.toLowerCase().split('witkoff').length - 1),
				0,
			);
		t.true(expected >= 2);

		await screen.press('j', 'j', 'j', 'j', 'j', 'j', '/');
		t.is(screen.lines().at(-1)?.trimEnd(), '/');
		await screen.type('witkoff');
		t.is(screen.lines().at(-1)?.trimEnd(), `/witkoff  ${expected} matches`);

		await screen.press(keys.enter);
		t.regex(screen.lines().at(-1) ?? '', /^\d+-\d+\/\d+ \d+%/);
		t.truthy(lineWith(body(screen), 'Witkoff'));
		// The first match is in the lede: the view went back up to show it.
		t.is(status(screen).first, 1);

		await screen.press('n');
		t.regex(status(screen).line, /· The Miami Meeting/);
		t.truthy(lineWith(body(screen), 'Witkoff'));
		screen.unmount();
	},
);

test.serial(
	'Esc in the search prompt clears the search without leaving the reader',
	async (t) => {
		const {screen, calls} = await openReader();
		await screen.press('G', '/');
		// Peskov is named once, near the top.
		await screen.type('peskov');
		t.is(screen.lines().at(-1)?.trimEnd(), '/peskov  1 match');
		await screen.press(keys.escape);
		t.regex(screen.lines().at(-1) ?? '', /^\d+-\d+\/\d+ 100%/);
		t.is(calls.back.calls.length, 0);
		// The search is gone: n has no match to go to, and the view stays at the end.
		await screen.press('n');
		t.like(status(screen), {percent: 100});
		t.falsy(lineWith(body(screen), 'Peskov'));
		screen.unmount();
	},
);
