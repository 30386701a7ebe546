import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import test, {type ExecutionContext} from 'ava';
import chalk from 'chalk';
import stripAnsi from 'strip-ansi';
import type {Store} from '../source/store/store.js';
import {initialScreenState} from '../source/ui/reader-machine.js';
import {initialReaderState} from '../source/ui/reader-state.js';
import {bodyHeight, headerHeight, Reader} from '../source/ui/reader.js';
import {bundledArticle, openBundled} from './helpers/articles.js';
import {
	ctrl,
	keys,
	lineWidth,
	lineWith,
	paste,
	renderReader,
	renderTerminal,
	type Terminal,
	until,
	wheel,
} from './helpers/ui.js';

// Render as a colour terminal does, so that widths are measured with the styles in the lines.
chalk.level = 1;

// The browser: a command that writes down the address it is asked to open.
const browserFolder = mkdtempSync(path.join(tmpdir(), 'gazette-ui-browser-'));
const opened = path.join(browserFolder, 'opened');
process.env.BROWSER = `printf '%s\\n' >> '${opened}'`;
test.after.always(() => {
	rmSync(browserFolder, {recursive: true, force: true});
});

const seedKey = bundledArticle('miami-summit').key;
const columns = 80;
const rows = 24;
const height = bodyHeight(rows);

const sectionTitles = [
	'The Miami Meeting',
	'U.S. Diplomatic Push',
	"Ukraine's Position",
	'EU Funding Debate',
	'Drone Attacks Amid Negotiations',
	'Key Takeaways',
];

/** The status line: an optional count, `first-last/total percent%`, then the section or a message. */
function status(screen: Terminal) {
	const line = screen.lines().at(-1) ?? '';
	const match = /^(?:\d+ )?(\d+)-(\d+)\/(\d+) (\d+)%/.exec(line);
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

/** Wait for the status line to match. */
const statusIs = async (screen: Terminal, expected: RegExp) =>
	screen.waitFor(() => expected.test(screen.lines().at(-1) ?? ''));

/** The article's lines on screen, below the header and above the status line. */
const body = (screen: Terminal) =>
	screen.lines().slice(headerHeight(rows), headerHeight(rows) + height);

function assertFits(t: ExecutionContext, screen: Terminal, state: string) {
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
		const screen = await renderReader(t);
		assertFits(t, screen, 'the top');
		t.is(
			screen.lines()[0],
			'Miami Summit Set as U.S., Russia, Ukraine Negotiate Peace Amid Drone Skirmishe…',
		);
		t.is(screen.lines()[1], 'World Desk · Staff · 2025-12-19 · 4 min read');
		for (const [keysToPress, shown, state] of [
			['G', /100%/, 'the end'],
			['z', /▸ Key Takeaways/, 'all folded'],
			['Zg>>', /» ┃/, 'a quote'],
			['?', /closes this help/, 'the help'],
			['xt', /\(top of the article\)/, 'the contents'],
			[keys.escape, /^(?!.*\(top of the article\))/s, 'the article again'],
			['/witkoff', /^\/witkoff/m, 'the search prompt'],
		] as const) {
			screen.write(keysToPress);
			// eslint-disable-next-line no-await-in-loop
			await screen.waitFor(shown);
			assertFits(t, screen, state);
		}
	},
);

test.serial(
	'j scrolls one line, Space a page, G to the end and g back to the top',
	async (t) => {
		const screen = await renderReader(t);
		const start = status(screen);
		t.like(start, {first: 1, last: height});
		t.true(start.total > height * 3, 'the seed article is several pages long');
		const firstLine = body(screen)[0];

		screen.write('j');
		await statusIs(screen, new RegExp(`^2-${height + 1}/`));
		t.not(body(screen)[0], firstLine);

		screen.write(' ');
		// A page keeps one line of the previous page in view.
		await statusIs(screen, new RegExp(`^${2 + height - 1}-${2 * height}/`));

		screen.write('G');
		await statusIs(screen, / 100%/);
		t.like(status(screen), {
			first: start.total - height + 1,
			last: start.total,
		});
		t.truthy(lineWith(body(screen), 'Press c to leave a reply.'));

		screen.write('g');
		await statusIs(screen, new RegExp(`^1-${height}/`));
		t.is(body(screen)[0], firstLine);
	},
);

test.serial(
	'the wheel scrolls three lines a turn; Ctrl+D and Ctrl+U half a page',
	async (t) => {
		const screen = await renderReader(t);
		// (Not onto the blank line above a heading: see the failing relayout test in reader-state.ts.)
		screen.write(wheel.down);
		await statusIs(screen, /^4-/);
		screen.write(wheel.down + wheel.down);
		await statusIs(screen, /^10-/);
		screen.write(ctrl('d'));
		await statusIs(screen, new RegExp(`^${10 + Math.floor(height / 2)}-`));
		screen.write(wheel.up + wheel.up);
		await statusIs(screen, new RegExp(`^${4 + Math.floor(height / 2)}-`));
		screen.write(ctrl('u') + ctrl('u'));
		await statusIs(screen, /^1-/);
		t.pass();
	},
);

test.serial(
	'a count before a move shows as it is typed, then moves that far: 5j, 3]',
	async (t) => {
		const screen = await renderReader(t);
		screen.write('5');
		await statusIs(screen, /^5 1-/);
		screen.write('j');
		await statusIs(screen, /^6-/);
		screen.write('g3]');
		await statusIs(screen, / · Ukraine's Position/);
		t.is(body(screen)[0], "› ▾ Ukraine's Position");
		screen.write('10G');
		await statusIs(screen, /^10-/);
	},
);

test.serial(
	'Tab focuses the next section and Enter folds it, keeping its heading on the same row',
	async (t) => {
		const screen = await renderReader(t);
		screen.write(keys.tab);
		await statusIs(screen, /· The Miami Meeting/);
		const focusedRow = body(screen).indexOf('› ▾ The Miami Meeting');
		t.not(focusedRow, -1, `the frame:\n${screen.frame()}`);
		t.truthy(lineWith(body(screen), 'Kirill Dmitriev'));

		screen.write(keys.enter);
		await screen.waitFor('› ▸ The Miami Meeting  · 3 paragraphs');
		t.is(body(screen)[focusedRow], '› ▸ The Miami Meeting  · 3 paragraphs');
		t.falsy(lineWith(body(screen), 'Kirill Dmitriev'));
		// The next section follows the folded heading.
		t.truthy(lineWith(body(screen), '▾ U.S. Diplomatic Push'));

		screen.write(keys.enter);
		await screen.waitFor('Kirill Dmitriev');
		t.is(body(screen)[focusedRow], '› ▾ The Miami Meeting');

		// Shift-Tab goes back to the lede: no section heading is focused.
		screen.write(keys.tab + keys['shift-tab']);
		await screen.waitFor('› ▾ The Miami Meeting');
		screen.write(keys['shift-tab']);
		await screen.waitFor((frame) => !frame.includes('›'));
		t.like(status(screen), {first: 1});
	},
);

test.serial(
	'Enter on a focused heading scrolled off screen does not fold it, and says why',
	async (t) => {
		const screen = await renderReader(t, {rows: 12});
		screen.write(`${keys.tab}jjj${keys.enter}`);
		await screen.waitFor('The focused heading is off screen');
		t.false(screen.frame().includes('▸'));
	},
);

test.serial(
	'z folds every section to its heading and Z unfolds them all',
	async (t) => {
		const screen = await renderReader(t);
		screen.write('z');
		await screen.waitFor('▸ Key Takeaways');
		const folded = body(screen);
		for (const title of sectionTitles) {
			t.truthy(
				folded.find(
					(line) =>
						line.includes(`▸ ${title}  · `) && /· \d+ paragraph/.test(line),
				),
				`${title} is not folded:\n${screen.frame()}`,
			);
		}

		t.falsy(lineWith(folded, 'Kirill Dmitriev'));
		t.is(status(screen).percent, 100);

		screen.write('Z');
		await screen.waitFor('Kirill Dmitriev');
		t.falsy(lineWith(body(screen), '▸'));
		t.true(status(screen).total > height * 3);
	},
);

test.serial(
	'> moves to the next quote and marks its lines; < goes back',
	async (t) => {
		const screen = await renderReader(t);
		const quoteLines = () =>
			body(screen).filter((line) => line.startsWith('» '));

		screen.write('>');
		await screen.waitFor('» “legitimate target.”');
		t.deepEqual(quoteLines(), ['» “legitimate target.”']);
		t.regex(status(screen).line, /· U\.S\. Diplomatic Push/);

		screen.write('>');
		await screen.waitFor('» ┃');
		const block = quoteLines();
		t.is(block.length, 2, `the frame:\n${screen.frame()}`);
		t.true(block[0].startsWith('» ┃ “We have progress in our dialogue'));
		t.regex(status(screen).line, /· Ukraine's Position/);

		screen.write('<');
		await screen.waitFor('» “legitimate target.”');
	},
);

test.serial(
	'a quote in a folded section unfolds it, the others stay folded',
	async (t) => {
		const screen = await renderReader(t);
		screen.write('zg>');
		await screen.waitFor('» “legitimate target.”');
		t.truthy(lineWith(body(screen), 'The Kremlin insists'));
		t.regex(status(screen).line, /· U\.S\. Diplomatic Push/);
		t.truthy(lineWith(body(screen), "▸ Ukraine's Position"));
	},
);

test.serial(
	'the reading position, the folded sections and the progress are kept in the store',
	async (t) => {
		const screen = await renderReader(t);
		const {store} = screen;
		const saved = () => store.article(seedKey);
		await until(
			() => saved().position?.sectionId === 'lede',
			'the first position',
		);
		t.like(saved(), {
			position: {sectionId: 'lede', lineInSection: 0},
			collapsed: [],
		});

		screen.write('j');
		await until(() => saved().position?.lineInSection === 1, 'the line below');

		screen.write(keys.tab + keys.enter);
		await until(
			() => saved().collapsed.includes('the-miami-meeting'),
			'the fold',
		);
		t.like(saved().position, {
			sectionId: 'the-miami-meeting',
			lineInSection: 0,
		});
		t.false(saved().read);

		screen.write('G');
		await until(() => saved().progress === 100, 'the end');
		t.true(saved().read);
	},
);

test.serial('a saved position and folded sections are restored', async (t) => {
	const screen = await renderReader(t, {
		setup(store) {
			store.updateArticle(seedKey, {
				position: {sectionId: 'eu-funding-debate', lineInSection: 0},
				collapsed: ['the-miami-meeting'],
			});
		},
	});
	t.is(body(screen)[0], '› ▾ EU Funding Debate');
	screen.write('g');
	await screen.waitFor('▸ The Miami Meeting  · 3 paragraphs');
	t.pass();
});

test.serial(
	'a position restored at another width stays on its line in every frame while the rest of the article renders',
	async (t) => {
		// Saved at 100 columns, four lines into the section; opened at 60, where the sections above it are estimated until they render.
		const size = {columns: 60, rows: 30};
		const setup = (store: Store) => {
			store.updateArticle(seedKey, {
				position: {
					sectionId: 'us-diplomatic-push',
					lineInSection: 4,
					sectionLines: 15,
					textBefore: 174,
				},
			});
		};

		const rendered = await renderReader(t, {...size, setup});
		const whole = status(rendered);
		const line = rendered.lines()[headerHeight(size.rows)];
		rendered.unmount();

		const screen = await renderReader(t, {...size, setup, prerender: false});
		await screen.waitFor((frame) => frame.includes(`/${whole.total} `));
		const tops = new Set(
			screen.stdout.frames
				.map((frame) => stripAnsi(frame).split('\n'))
				.filter((lines) => /^\d+-\d+\/\d+ /.test(lines.at(-1) ?? ''))
				.map((lines) => lines[headerHeight(size.rows)]),
		);
		t.deepEqual([...tops], [line]);
	},
);

test.serial('q, Esc and ← go back to the list; Ctrl+C quits', async (t) => {
	const screen = await renderReader(t);
	const {calls} = screen;
	screen.write('q');
	t.is(calls.back.calls.length, 1);
	screen.write(keys.escape);
	// A lone Esc is known to be one once Ink sees nothing follows it.
	await until(() => calls.back.calls.length === 2, 'Esc');
	screen.write(keys.left);
	t.is(calls.back.calls.length, 3);
	t.is(calls.quit.calls.length, 0);
	screen.write(ctrl('c'));
	t.is(calls.quit.calls.length, 1);
});

test.serial(
	'Esc clears the search first, then the message, and only then goes back',
	async (t) => {
		const screen = await renderReader(t);
		const {calls} = screen;
		screen.write('/witkoff\r');
		// The line of the current match is marked.
		await screen.waitFor('▶ ');
		t.truthy(lineWith(body(screen), 'Witkoff'));
		// A lone Esc is known to be one once Ink sees nothing follows it: wait for it before the next key.
		screen.write(keys.escape);
		await screen.waitFor((frame) => !frame.includes('▶ '));
		t.is(calls.back.calls.length, 0);
		screen.write('n');
		await screen.waitFor('No search yet: / searches the article.');
		t.is(calls.back.calls.length, 0);
		screen.write(keys.escape);
		await screen.waitFor((frame) => !frame.includes('No search yet'));
		t.is(calls.back.calls.length, 0);
		screen.write(keys.escape);
		await until(() => calls.back.calls.length === 1, 'Esc going back');
		t.pass();
	},
);

test.serial('a search with no match says so', async (t) => {
	const screen = await renderReader(t);
	screen.write('/zzqq\r');
	await statusIs(screen, /No match for “zzqq”\./);
	// The message goes at the next key and keeps the position in the status line.
	t.like(status(screen), {first: 1});
	screen.write('j');
	await screen.waitFor((frame) => !frame.includes('No match'));
	t.like(status(screen), {first: 2});
});

test.serial(
	'm and s toggle read and bookmark; the header shows the marks',
	async (t) => {
		const screen = await renderReader(t);
		screen.write('ms');
		await screen.waitFor(
			'World Desk · Staff · 2025-12-19 · 4 min read · ★ · read',
		);
		t.true(screen.store.article(seedKey).read);
		t.true(screen.store.article(seedKey).bookmarked);
		screen.write('s');
		await screen.waitFor(/4 min read · read$/m);
	},
);

test.serial(
	'J and K ask for the next and previous article; the answer when there is none shows',
	async (t) => {
		const screen = await renderReader(t, {
			sibling: 'This is the last article in the list.',
		});
		screen.write('J');
		await statusIs(screen, /This is the last article in the list\./);
		screen.write('K');
		t.deepEqual(screen.calls.sibling.calls, [[1], [-1]]);
	},
);

test.serial('o without a web address says so', async (t) => {
	const screen = await renderReader(t);
	screen.write('o');
	await statusIs(screen, /This article has no web address\./);
	t.pass();
});

test.serial(
	"the help lists the reader's keys; j scrolls it; any other key closes it and does nothing else",
	async (t) => {
		const screen = await renderReader(t);
		screen.write('?');
		await screen.waitFor(/^Keys\b.*closes this help/m);
		const help = screen.frame();
		t.true(help.includes('Next section'));
		t.true(help.includes('One line down'));
		t.falsy(lineWith(body(screen), 'Kirill Dmitriev'));
		const shown = /\((\d+) of (\d+)\)/.exec(help);
		screen.write('j');
		await screen.waitFor(`(${Number(shown?.[1]) + 1} of ${shown?.[2]})`);
		t.like(status(screen), {first: 1});

		// The q that closes the help does not leave the reader, and the key after it reaches the article.
		screen.write('qj');
		await statusIs(screen, /^2-/);
		t.false(screen.frame().includes('closes this help'));
		t.is(screen.calls.back.calls.length, 0);
	},
);

test.serial(
	't shows the contents with every section, the focused one pointed at',
	async (t) => {
		const screen = await renderReader(t);
		screen.write(`${keys.tab}t`);
		await screen.waitFor('(top of the article)');
		const contents = body(screen);
		for (const title of sectionTitles) {
			t.truthy(
				lineWith(contents, `▾ ${title}`),
				`${title} missing:\n${screen.frame()}`,
			);
		}

		t.truthy(
			lineWith(contents, '❯ ▾ The Miami Meeting'),
			`the frame:\n${screen.frame()}`,
		);
		t.truthy(lineWith(contents, '▾ Comments'));
		t.falsy(lineWith(contents, 'Kirill Dmitriev'));
	},
);

test.serial(
	'keys after t in the same write move in the contents, and Enter jumps to the section, unfolding it',
	async (t) => {
		const screen = await renderReader(t);
		screen.write('ztjj\r');
		await screen.waitFor('› ▾ U.S. Diplomatic Push');
		t.falsy(lineWith(body(screen), 'Contents'));
		t.is(
			body(screen)[0],
			'› ▾ U.S. Diplomatic Push',
			`the frame:\n${screen.frame()}`,
		);
		t.truthy(lineWith(body(screen), 'President Trump has launched'));
	},
);

test.serial(
	'Esc, q and t close the contents without leaving the reader or opening them again',
	async (t) => {
		const screen = await renderReader(t);
		for (const close of [keys.escape, 'q', 't']) {
			screen.write('t');
			// eslint-disable-next-line no-await-in-loop
			await screen.waitFor('(top of the article)');
			screen.write(close);
			// eslint-disable-next-line no-await-in-loop
			await screen.waitFor((frame) => !frame.includes('(top of the article)'));
			t.truthy(lineWith(body(screen), 'A high‑stakes meeting'));
		}

		t.is(screen.calls.back.calls.length, 0);
	},
);

test.serial(
	'Enter in the contents on the focused section jumps without folding it',
	async (t) => {
		const screen = await renderReader(t);
		screen.write(`${keys.tab}t\r`);
		await statusIs(screen, /· The Miami Meeting/);
		t.falsy(lineWith(body(screen), '(top of the article)'));
		t.is(
			body(screen)[0],
			'› ▾ The Miami Meeting',
			`the frame:\n${screen.frame()}`,
		);
		t.truthy(lineWith(body(screen), 'Kirill Dmitriev'));
		await until(
			() =>
				screen.store.article(seedKey).position?.sectionId ===
				'the-miami-meeting',
			'the position',
		);
		t.deepEqual(screen.store.article(seedKey).collapsed, []);
	},
);

/** How often the seed's text names Witkoff. */
function witkoffs(): number {
	const {sections} = openBundled('miami-summit', 78);
	return sections
		.flatMap((section) => section.body().plain)
		.reduce(
			(count, line) => count + (line.toLowerCase().split('witkoff').length - 1),
			0,
		);
}

test.serial(
	'/ searches the whole article as it is typed; Enter closes the prompt at the first match; n goes on',
	async (t) => {
		const screen = await renderReader(t);
		const expected = witkoffs();
		t.true(expected >= 2);

		screen.write('jjjjjj/');
		await screen.waitFor(/^\/ *$/m);
		screen.write('witkoff');
		await screen.waitFor(`/witkoff  ${expected} matches`);

		screen.write('\r');
		await statusIs(screen, /^\d+-\d+\/\d+ \d+%/);
		// The first match is in the lede: the view went back up to show it.
		t.is(status(screen).first, 1);
		t.truthy(lineWith(body(screen), '▶ '));

		screen.write('n');
		await statusIs(screen, /· The Miami Meeting/);
		t.truthy(lineWith(body(screen), 'Witkoff'));
	},
);

test.serial(
	'a search before the article is all rendered still finds every match',
	async (t) => {
		const screen = await renderReader(t, {prerender: false});
		screen.write('/witkoff');
		await screen.waitFor(`/witkoff  ${witkoffs()} matches`);
		t.pass();
	},
);

test.serial(
	'Esc in the search prompt clears the search without leaving the reader',
	async (t) => {
		const screen = await renderReader(t);
		screen.write('G/peskov');
		// Peskov is named once, near the top.
		await screen.waitFor('/peskov  1 match');
		screen.write(keys.escape);
		await statusIs(screen, /^\d+-\d+\/\d+ 100%/);
		t.is(screen.calls.back.calls.length, 0);
		// The search is gone: n says there is none, and the view stays at the end.
		screen.write('n');
		await statusIs(screen, /No search yet/);
		t.like(status(screen), {percent: 100});
	},
);

test.serial(
	'L lists the article’s links by number; a number and Enter in one write open that link in the browser',
	async (t) => {
		const screen = await renderReader(t, {id: 'renderer-showcase'});
		const links = screen.opened.links();
		screen.write('L');
		await screen.waitFor('Links');
		for (const link of links.slice(0, 3)) {
			t.truthy(
				lineWith(screen.lines(), `[${link.number}] ${link.text}`),
				`the frame:\n${screen.frame()}`,
			);
		}

		screen.write('2\r');
		await screen.waitFor(`Opening ${links[1].url}`);
		await until(() => {
			try {
				return readFileSync(opened, 'utf8').includes(links[1].url);
			} catch {
				return false;
			}
		}, 'the browser');
		t.false(screen.frame().includes('a number chooses'));
	},
);

test.serial(
	'while the link picker is open the article above it shows each link’s number, and only then',
	async (t) => {
		const screen = await renderReader(t, {id: 'renderer-showcase'});
		const [first, second] = screen.opened.links();
		// To the paragraph of the first links, the match's highlight cleared.
		screen.write(`/${first.text}\r`);
		await screen.waitFor('▶ ');
		screen.write(keys.escape);
		await screen.waitFor((frame) => !frame.includes('▶ '));
		const text = () => body(screen).join('\n');
		t.truthy(lineWith(body(screen), first.text), screen.frame());
		t.false(text().includes(`[${first.number}]`), screen.frame());

		screen.write('L');
		await screen.waitFor(`${first.text}[${first.number}]`);
		t.true(text().includes(`${first.text}[${first.number}]`), screen.frame());
		t.true(text().includes(`[${second.number}]`), screen.frame());
		// The picker is a panel under the article, which keeps most of the rows.
		const picker = body(screen).findIndex((line) =>
			/Links · \d+\/\d+/.test(line),
		);
		t.true(
			picker >= Math.floor(height / 2),
			`the picker starts at row ${picker}:\n${screen.frame()}`,
		);
		t.truthy(
			lineWith(body(screen).slice(picker), `[${first.number}] ${first.text}`),
			screen.frame(),
		);
		assertFits(t, screen, 'the link picker');

		screen.write(keys.escape);
		await screen.waitFor((frame) => !frame.includes('Enter open'));
		t.truthy(lineWith(body(screen), first.text), screen.frame());
		t.false(text().includes(`[${first.number}]`), screen.frame());
	},
);

test.serial('L on an article without links says so', async (t) => {
	const screen = await renderReader(t);
	screen.write('L');
	await statusIs(screen, /This article has no links\./);
	t.pass();
});

// Comments

test.serial(
	'c, a comment and Ctrl+S in one write save the comment, which then shows in the article, focused',
	async (t) => {
		const screen = await renderReader(t, {
			setup(store) {
				store.update((data) => {
					data.settings = {
						...data.settings,
						name: 'Ann',
						email: 'ann@example.com',
					};
				});
			},
		});
		screen.write(`${keys.tab}cGreat read${ctrl('s')}`);
		await screen.waitFor('Comment saved on this machine');
		const [comment] = screen.store.comments(seedKey);
		t.like(comment, {
			author: 'Ann',
			email: 'ann@example.com',
			body: 'Great read',
			sectionId: 'the-miami-meeting',
			parentId: null,
		});
		await screen.waitFor('Great read');
		t.truthy(lineWith(body(screen), 'Ann'));

		// D asks; y deletes; u brings it back.
		screen.write('d');
		await screen.waitFor('Delete the comment by Ann? (y/n)');
		screen.write('y');
		await screen.waitFor('Comment deleted. Press u to undo.');
		t.deepEqual(screen.store.comments(seedKey), []);
		screen.write('u');
		await screen.waitFor('Comment restored.');
		t.is(screen.store.comments(seedKey).length, 1);
	},
);

test.serial(
	'with no name known the composer starts in the name; Tab moves on; a missing name is said before saving',
	async (t) => {
		const screen = await renderReader(t);
		screen.write('c');
		await screen.waitFor('Leave a Reply — on “the opening”');
		t.truthy(lineWith(screen.lines(), '› Name *'));
		screen.write(`\t\tNo name${ctrl('s')}`);
		await screen.waitFor(
			(frame) => frame.includes('› Name *') && frame.includes('No name'),
		);
		t.deepEqual(screen.store.comments(seedKey), []);
		t.true(screen.frame().includes('Leave a Reply'));
		screen.write(`Bo\t\t${ctrl('s')}`);
		await screen.waitFor('Comment saved on this machine');
		t.like(screen.store.comments(seedKey)[0], {
			author: 'Bo',
			body: 'No name',
			sectionId: 'lede',
		});
	},
);

test.serial(
	'a paste in the comment goes in whole, lines kept, and is kept as a draft; Esc says the draft is kept and c brings it back',
	async (t) => {
		const screen = await renderReader(t, {
			setup(store) {
				store.update((data) => {
					data.settings = {...data.settings, name: 'Ann'};
				});
			},
		});
		screen.write(`c${paste('First line\nq and ? stay text\nthird')}`);
		await screen.waitFor('│ third');
		t.truthy(lineWith(screen.lines(), '│ First line'));
		t.truthy(lineWith(screen.lines(), '│ q and ? stay text'));
		await until(
			() =>
				screen.store.draft(`${encodeURIComponent(seedKey)}/section/lede`)
					?.body === 'First line\nq and ? stay text\nthird',
			'the draft',
		);

		screen.write(keys.escape);
		await screen.waitFor('Draft kept: c at the same place brings it back.');
		t.is(screen.calls.back.calls.length, 0);
		screen.write('c');
		await screen.waitFor('│ q and ? stay text');
		t.pass();
	},
);

test.serial(
	'a notice about saving and a message share the status line after the position, the hints kept',
	async (t) => {
		const {article, context, sections, quotes} = openBundled(
			'miami-summit',
			78,
			height,
		);
		const screen = renderTerminal(
			<Reader
				article={article}
				screen={{
					...initialScreenState(initialReaderState(context)),
					message: 'Comment saved.',
				}}
				context={context}
				sections={sections}
				quotes={quotes}
				links={[]}
				columns={columns}
				rows={rows}
				marks={{read: false, bookmarked: false}}
				notice="⚠ not saving"
			/>,
			{columns, rows},
		);
		t.teardown(screen.unmount);
		await screen.waitFor('not saving');
		t.regex(
			screen.lines().at(-1) ?? '',
			/^1-19\/\d+ \d+% · ⚠ not saving · Comment saved\. +\? help · q back$/,
		);
		t.is(lineWidth(screen.lines().at(-1) ?? ''), columns - 1);
	},
);
