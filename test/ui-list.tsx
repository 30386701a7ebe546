import {Buffer} from 'node:buffer';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import chalk from 'chalk';
import {useState} from 'react';
import type {Article} from '../source/library/article.js';
import {loadLibrary} from '../source/library/load.js';
import {
	type ArticleMarks,
	ArticleList,
	type ListFilter,
} from '../source/ui/article-list.js';
import {
	articlesFolder,
	keys,
	lineWidth,
	lineWith,
	recorder,
	renderAt,
} from './helpers/ui.js';

// Render as a colour terminal does, so that widths are measured with the styles in the lines.
chalk.level = 1;

const bundled = loadLibrary([articlesFolder]);

const brokenFolder = mkdtempSync(path.join(tmpdir(), 'gazette-ui-list-'));
// NUL bytes: the library refuses the file as binary.
writeFileSync(
	path.join(brokenFolder, 'broken.md'),
	Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02, 0xff]),
);
const withBroken = loadLibrary([articlesFolder, brokenFolder]);

test.after.always(() => {
	rmSync(brokenFolder, {recursive: true, force: true});
});

const byId = (id: string): Article => {
	const found = bundled.find((article) => article.id === id);
	if (!found) {
		throw new Error(`no bundled article ${id}`);
	}

	return found;
};

const showcase = byId('renderer-showcase');
const guide = byId('reading-with-gazette');
const seed = byId('miami-summit');

const unmarked: ArticleMarks = {
	unread: true,
	bookmarked: false,
	progress: 0,
	comments: 0,
	draft: false,
};

const allUnread = (): ArticleMarks => unmarked;

const noFilter: ListFilter = {
	query: '',
	unreadOnly: false,
	bookmarkedOnly: false,
};

type ListProps = Parameters<typeof ArticleList>[0];

/** The list with every callback recorded and the filter held in state, as the app holds it. */
function setup(overrides: Partial<ListProps> = {}) {
	const calls = {
		filters: recorder<[ListFilter]>(),
		open: recorder<[Article]>(),
		read: recorder<[Article]>(),
		bookmark: recorder<[Article]>(),
		quit: recorder<[]>(),
	};

	function List() {
		const [filter, setFilter] = useState<ListFilter>(noFilter);
		return (
			<ArticleList
				articles={bundled}
				marks={allUnread}
				columns={100}
				rows={20}
				warnings={[]}
				initialId={undefined}
				filter={filter}
				onFilter={(next) => {
					calls.filters(next);
					setFilter(next);
				}}
				onOpen={calls.open}
				onToggleRead={calls.read}
				onToggleBookmark={calls.bookmark}
				onQuit={calls.quit}
				{...overrides}
			/>
		);
	}

	return {List, calls};
}

const shownArticles = (
	lines: readonly string[],
	articles: readonly Article[],
) =>
	articles
		.filter((article) => lineWith(lines, article.title.slice(0, 15)))
		.map((article) => article.id);

for (const columns of [60, 120]) {
	test.serial(
		`at ${columns} columns each row shows title, source, date and reading time within the width`,
		async (t) => {
			const {List} = setup({columns});
			const screen = await renderAt(<List />, columns);
			const lines = screen.lines();
			for (const article of bundled) {
				const row = lineWith(lines, article.title.slice(0, 15));
				if (row === undefined) {
					t.fail(`no row for ${article.id} in:\n${screen.frame()}`);
					continue;
				}

				t.true(row.includes(article.source), `${article.id}: ${row}`);
				t.true(row.includes(article.date), `${article.id}: ${row}`);
				t.true(
					row.includes(`${article.readingMinutes} min`),
					`${article.id}: ${row}`,
				);
			}

			for (const line of lines) {
				t.true(lineWidth(line) <= columns, `wider than ${columns}: ${line}`);
			}

			// The seed's long title gives way, and its row fills the width.
			const seedRow = lineWith(lines, seed.title.slice(0, 15)) ?? '';
			t.true(seedRow.includes('…'), `the row: ${seedRow}`);
			t.is(lineWidth(seedRow), columns - 1, `the row: ${seedRow}`);
			screen.unmount();
		},
	);
}

test.serial(
	'with long warnings the list frame is still rows - 1 lines, none wider than the terminal',
	async (t) => {
		const warning = `the state file was damaged and a backup was kept at ${'/a/long/path'.repeat(12)}`;
		const {List} = setup({columns: 60, rows: 12, warnings: [warning, warning]});
		const screen = await renderAt(<List />, 60);
		const lines = screen.lines();
		t.true(lines.length <= 11, `the frame:\n${screen.frame()}`);
		for (const line of lines) {
			t.true(lineWidth(line) <= 60, `wider than 60: ${line}`);
		}

		t.regex(lines[1] ?? '', /^⚠ the state file was damaged/);
		// The list and its footer keep their rows.
		t.truthy(lineWith(lines, 'Renderer showcase'));
		t.regex(lines.at(-1) ?? '', /^Enter open/);
		screen.unmount();
	},
);

test.serial('the whole title shows when the row has room for it', async (t) => {
	const {List} = setup({columns: 120});
	const screen = await renderAt(<List />, 120);
	t.truthy(lineWith(screen.lines(), guide.title));
	t.truthy(lineWith(screen.lines(), showcase.title));
	screen.unmount();
});

test.serial(
	'rows show the unread and bookmark markers, progress and comment count from the marks',
	async (t) => {
		const marks = (article: Article): ArticleMarks =>
			article.id === showcase.id
				? {...unmarked, bookmarked: true, progress: 40, comments: 2}
				: article.id === guide.id
					? // Finished: the progress is not shown.
						{...unmarked, unread: false, progress: 100, comments: 1}
					: {...unmarked, unread: false};
		const {List} = setup({columns: 120, marks});
		const screen = await renderAt(<List />, 120);
		const lines = screen.lines();
		const rowOf = (article: Article) =>
			// The row, without ink-select-input's two-column pointer.
			(lineWith(lines, article.title.slice(0, 15)) ?? '').slice(2);

		t.regex(rowOf(showcase), /^●★ {2}Renderer showcase/);
		t.regex(rowOf(showcase), / · 40% · 2 comments$/);
		t.regex(rowOf(guide), /^ {4}Reading with gazette/);
		t.regex(rowOf(guide), / · \d+ min · 1 comment$/);
		t.false(rowOf(guide).includes('100%'));
		t.regex(rowOf(seed), /^ {4}Miami Summit/);
		t.regex(rowOf(seed), / · \d+ min$/);
		screen.unmount();
	},
);

test.serial(
	'/ filters by tag while typing, Enter keeps the filter and Esc clears it',
	async (t) => {
		const {List, calls} = setup();
		const screen = await renderAt(<List />, 100);
		t.truthy(lineWith(screen.lines(), 'gazette · 3 articles'));

		await screen.press('/');
		await screen.type('markdown');
		let lines = screen.lines();
		t.is(lines[0], 'gazette · 1 of 3 articles');
		t.deepEqual(shownArticles(lines, bundled), [showcase.id]);
		// The prompt takes the place of the key hints.
		t.is(lines.at(-1)?.trimEnd(), '/markdown');
		t.like(calls.filters.calls.at(-1)?.[0], {query: 'markdown'});

		await screen.press(keys.enter);
		lines = screen.lines();
		t.is(lines[0], 'gazette · 1 of 3 articles · filter: markdown');
		t.deepEqual(shownArticles(lines, bundled), [showcase.id]);
		t.regex(lines.at(-1) ?? '', /^Enter open · \/ filter/);

		// Esc in the prompt clears the filter.
		await screen.press('/', keys.escape);
		lines = screen.lines();
		t.is(lines[0], 'gazette · 3 articles');
		t.deepEqual(
			shownArticles(lines, bundled).sort(),
			bundled.map((a) => a.id).sort(),
		);
		t.regex(lines.at(-1) ?? '', /^Enter open/);
		t.like(calls.filters.calls.at(-1)?.[0], {query: ''});
		screen.unmount();
	},
);

test.serial(
	'the filter matches titles and sources too, whatever the case',
	async (t) => {
		const {List} = setup();
		const screen = await renderAt(<List />, 100);
		await screen.press('/');
		await screen.type('WORLD DESK');
		t.deepEqual(shownArticles(screen.lines(), bundled), [seed.id]);

		await screen.press(...Array.from({length: 10}, () => keys.backspace));
		await screen.type('Reading with');
		t.deepEqual(shownArticles(screen.lines(), bundled), [guide.id]);
		t.is(screen.lines()[0], 'gazette · 1 of 3 articles');

		await screen.press(...Array.from({length: 12}, () => keys.backspace));
		await screen.type('no such article');
		t.truthy(lineWith(screen.lines(), 'No article matches.'));
		t.is(screen.lines()[0], 'gazette · 0 of 3 articles');
		screen.unmount();
	},
);

test.serial(
	'a burst of keys in one write filters and Enter in it keeps the filter',
	async (t) => {
		const {List, calls} = setup();
		const screen = await renderAt(<List />, 100);
		await screen.press('/');
		await screen.press('showcase\r');
		const lines = screen.lines();
		t.is(lines[0], 'gazette · 1 of 3 articles · filter: showcase');
		t.deepEqual(shownArticles(lines, bundled), [showcase.id]);
		t.regex(lines.at(-1) ?? '', /^Enter open/);
		t.like(calls.filters.calls.at(-1)?.[0], {query: 'showcase'});
		// The Enter that kept the filter did not also open the article.
		t.is(calls.open.calls.length, 0);
		screen.unmount();
	},
);

// Regression: `u` and `B` build the new filter from the filter of the last render, so in a burst (keys sent by a script, a paste) B undoes what u just set: `uB` shows only bookmarked articles and `uu` stays on unread only.
test.serial(
	'u and B in one burst show only articles both unread and bookmarked',
	async (t) => {
		const marks = (article: Article): ArticleMarks => ({
			...unmarked,
			unread: article.id !== guide.id,
			bookmarked: article.id !== showcase.id,
		});
		const {List, calls} = setup({marks});
		const screen = await renderAt(<List />, 100);
		await screen.press('uB');
		t.deepEqual(calls.filters.calls.at(-1)?.[0], {
			query: '',
			unreadOnly: true,
			bookmarkedOnly: true,
		});
		t.deepEqual(shownArticles(screen.lines(), bundled), [seed.id]);
		screen.unmount();
	},
);

// A burst that moves the highlight or opens (`jm`, `/miami⏎⏎`) needs ink-select-input to get one key at a time: `PacedStdin`, which run.tsx gives Ink and ink-testing-library cannot. test/e2e/bursts.ts covers it against the built CLI.

test.serial(
	'u and B toggle showing only unread and only bookmarked articles',
	async (t) => {
		const marks = (article: Article): ArticleMarks => ({
			...unmarked,
			unread: article.id !== guide.id,
			bookmarked: article.id === seed.id,
		});
		const {List, calls} = setup({marks});
		const screen = await renderAt(<List />, 100);

		await screen.press('u');
		t.deepEqual(calls.filters.calls.at(-1)?.[0], {
			query: '',
			unreadOnly: true,
			bookmarkedOnly: false,
		});
		t.is(screen.lines()[0], 'gazette · 2 of 3 articles · only unread');
		t.false(shownArticles(screen.lines(), bundled).includes(guide.id));

		await screen.press('B');
		t.deepEqual(calls.filters.calls.at(-1)?.[0], {
			query: '',
			unreadOnly: true,
			bookmarkedOnly: true,
		});
		t.is(
			screen.lines()[0],
			'gazette · 1 of 3 articles · only unread, bookmarked',
		);
		t.deepEqual(shownArticles(screen.lines(), bundled), [seed.id]);

		await screen.press('u', 'B');
		t.deepEqual(calls.filters.calls.at(-1)?.[0], noFilter);
		t.is(screen.lines()[0], 'gazette · 3 articles');
		screen.unmount();
	},
);

test.serial(
	'm and s toggle read and bookmark on the highlighted article',
	async (t) => {
		const {List, calls} = setup();
		const screen = await renderAt(<List />, 100);
		await screen.press('m');
		t.deepEqual(
			calls.read.calls.map(([article]) => article.id),
			[bundled[0].id],
		);

		await screen.press('j', 's');
		t.deepEqual(
			calls.bookmark.calls.map(([article]) => article.id),
			[bundled[1].id],
		);

		await screen.press(keys.down, 'm');
		t.deepEqual(
			calls.read.calls.map(([article]) => article.id),
			[bundled[0].id, bundled[2].id],
		);
		t.is(calls.quit.calls.length, 0);
		screen.unmount();
	},
);

test.serial('Enter opens the highlighted article', async (t) => {
	const {List, calls} = setup();
	const screen = await renderAt(<List />, 100);
	await screen.press('j', keys.enter);
	t.deepEqual(
		calls.open.calls.map(([article]) => article.id),
		[bundled[1].id],
	);
	screen.unmount();
});

test.serial('q quits', async (t) => {
	const {List, calls} = setup();
	const screen = await renderAt(<List />, 100);
	await screen.press('q');
	t.is(calls.quit.calls.length, 1);
	screen.unmount();
});

test.serial(
	'? shows the keys from the keymap and any key closes the help',
	async (t) => {
		const {List, calls} = setup({rows: 40});
		const screen = await renderAt(<List />, 100);
		await screen.press('?');
		const help = screen.frame();
		t.regex(help, /^Keys\b.*closes this help/m);
		t.true(help.includes('Filter by title, source and tags'));
		t.true(help.includes('Show only unread articles (again: all)'));
		t.true(help.includes('Keep the filter and go back to the list'));
		t.is(shownArticles(screen.lines(), bundled).length, 0);

		await screen.press('x');
		t.false(screen.frame().includes('Filter by title, source and tags'));
		t.is(shownArticles(screen.lines(), bundled).length, 3);
		t.is(calls.quit.calls.length, 0);
		screen.unmount();
	},
);

// Regression: the key that closes the help also runs on the list. The help takes its own keys and closes first; the list's `useKeys` hands Ink a new handler on every render, so Ink calls it after the help's, when the list is back in list mode: q closes the help and quits gazette.
test.serial('the q that closes the help does not quit', async (t) => {
	const {List, calls} = setup({rows: 40});
	const screen = await renderAt(<List />, 100);
	await screen.press('?', 'q');
	t.false(screen.frame().includes('Filter by title, source and tags'));
	t.is(calls.quit.calls.length, 0);
	screen.unmount();
});

test.serial(
	'an unreadable article stays in the list, marked, and the footer says why when it is highlighted',
	async (t) => {
		const broken = withBroken.find((article) => article.id === 'broken');
		t.truthy(broken?.error);
		const {List} = setup({articles: withBroken});
		const screen = await renderAt(<List />, 100);
		t.is(screen.lines()[0], 'gazette · 4 articles');
		const row = lineWith(screen.lines(), 'broken');
		t.truthy(row);
		t.true(row!.includes('unreadable: binary file, not text'));

		const index = withBroken.findIndex((article) => article.id === 'broken');
		const other = index === 0 ? 1 : 0;
		const footer = () => screen.lines().at(-2) ?? '';
		// Highlight another article first, then the unreadable one.
		await screen.press(...Array.from({length: other}, () => 'j'));
		t.true(footer().startsWith(withBroken[other].summary.slice(0, 30)));
		t.false(footer().includes('Cannot show this article'));
		await screen.press(
			...Array.from({length: Math.abs(index - other)}, () =>
				index > other ? 'j' : 'k',
			),
		);
		t.is(footer().trimEnd(), 'Cannot show this article: binary file, not text');
		screen.unmount();
	},
);

test.serial(
	'with thousands of articles only the rows on the screen are formatted, while moving and filtering',
	async (t) => {
		const many = Array.from({length: 3000}, (_, index): Article => ({
			...seed,
			id: `many-${index}`,
			title: `Article number ${index}`,
		}));
		const formatted = new Set<string>();
		const marks = (article: Article): ArticleMarks => {
			formatted.add(article.id);
			return unmarked;
		};

		const {List} = setup({articles: many, marks, rows: 20});
		const screen = await renderAt(<List />, 100);
		t.is(screen.lines()[0], 'gazette · 3000 articles');
		t.truthy(lineWith(screen.lines(), 'Article number 0 '));
		t.true(formatted.size < 20, `${formatted.size} rows formatted`);

		await screen.press('k');
		t.truthy(lineWith(screen.lines(), 'Article number 2999 '));
		await screen.press('/');
		await screen.type('number 12');
		t.is(screen.lines()[0], 'gazette · 111 of 3000 articles');
		t.truthy(lineWith(screen.lines(), 'Article number 12 '));
		t.true(formatted.size < 60, `${formatted.size} rows formatted`);
		screen.unmount();
	},
);

test.serial(
	'the highlighted row is drawn in the colour of its pointer',
	async (t) => {
		const {List} = setup();
		const screen = await renderAt(<List />, 100);
		// Blue, as ink-select-input draws the pointer, then the row's unread marker.
		const [blue] = chalk.blue('x').split('x');
		const highlighted = (article: Article) => {
			const row =
				screen
					.lastFrame()
					?.split('\n')
					.find((line) => line.includes(article.title.slice(0, 15))) ?? '';
			return row.includes(`${blue}●`);
		};

		t.true(highlighted(bundled[0]));
		t.false(highlighted(bundled[1]));
		await screen.press('j');
		t.false(highlighted(bundled[0]));
		t.true(highlighted(bundled[1]));
		screen.unmount();
	},
);
