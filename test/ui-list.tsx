import {Buffer} from 'node:buffer';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import chalk from 'chalk';
import {createComment} from '../source/comments/model.js';
import type {Article} from '../source/library/article.js';
import {
	type ArticleMarks,
	filterArticles,
	type ListFilter,
	noFilter,
} from '../source/library/filter.js';
import {listRows} from '../source/library/list-rows.js';
import {loadLibrary} from '../source/library/load.js';
import type {Store} from '../source/store/store.js';
import {ArticleList} from '../source/ui/article-list.js';
import {KeypressProvider} from '../source/ui/keypress.js';
import {useLatestState} from '../source/ui/use-latest-state.js';
import {articlesFolder, bundled, bundledArticle} from './helpers/articles.js';
import {
	keys,
	lineWidth,
	lineWith,
	renderApp,
	renderTerminal,
	type Terminal,
	wheel,
	ctrl,
} from './helpers/ui.js';

// Render as a colour terminal does, so that widths are measured with the styles in the lines.
chalk.level = 1;

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

const showcase = bundledArticle('renderer-showcase');
const guide = bundledArticle('reading-with-gazette');
const seed = bundledArticle('miami-summit');

/** The articles whose rows are on screen, in order. */
const shownArticles = (
	lines: readonly string[],
	articles: readonly Article[] = bundled,
) =>
	lines.flatMap((line) =>
		articles
			.filter((article) => line.includes(article.title.slice(0, 15)))
			.map((article) => article.id),
	);

/** The row of an article, without the pointer's two columns. */
const rowOf = (lines: readonly string[], article: Article) =>
	(lineWith(lines, article.title.slice(0, 15)) ?? '').slice(2);

/** The row under the pointer. */
const selected = (screen: Terminal) =>
	screen.lines().find((line) => line.startsWith('❯'));

/** Many copies of the seed: a long list that opens like the seed does. */
const copies = (
	count: number,
	title = (index: number) => `Article number ${index}`,
) =>
	Array.from({length: count}, (_, index): Article => ({
		...seed,
		id: `many-${index}`,
		title: title(index),
	}));

function setMarks(
	store: Store,
	id: string,
	patch: {read?: boolean; bookmarked?: boolean; progress?: number},
) {
	store.updateArticle(id, patch, {immediate: true});
}

// What the rows show

for (const columns of [60, 120]) {
	test.serial(
		`at ${columns} columns each row shows its title and date within the width, the seed's long title giving way`,
		async (t) => {
			const app = await renderApp(t, {columns});
			const lines = app.lines();
			for (const article of bundled) {
				const row = lineWith(lines, article.title.slice(0, 15));
				t.truthy(row, `no row for ${article.id}:\n${app.frame()}`);
				t.true(row?.includes(article.date), `${article.id}: ${row}`);
				if (columns === 120) {
					t.true(row?.includes(article.source), `${article.id}: ${row}`);
					t.true(row?.includes(article.author), `${article.id}: ${row}`);
				}
			}

			for (const line of lines) {
				t.true(
					lineWidth(line) <= columns - 1,
					`wider than ${columns - 1}: ${line}`,
				);
			}

			// The seed's long title gives way, and its row fills the frame's width (less the spaces Ink trims at the end).
			const seedRow = lineWith(lines, seed.title.slice(0, 15)) ?? '';
			t.true(seedRow.includes('…'), `the row: ${seedRow}`);
			t.is(
				lineWidth(seedRow.padEnd(columns - 1)),
				columns - 1,
				`the row: ${seedRow}`,
			);
			t.true(
				rowOf(lines, seed).includes(
					seed.title.slice(0, columns === 60 ? 30 : 60),
				),
			);
			// The dates line up.
			const dateAt = new Set(
				bundled.map((article) =>
					(lineWith(lines, article.title.slice(0, 15)) ?? '').indexOf(
						article.date,
					),
				),
			);
			t.is(dateAt.size, 1);
		},
	);
}

test.serial('the whole title shows when the row has room for it', async (t) => {
	const app = await renderApp(t, {columns: 120});
	t.truthy(lineWith(app.lines(), guide.title));
	t.truthy(lineWith(app.lines(), showcase.title));
});

test.serial(
	'rows show the unread and bookmark marks, a draft, progress and the comment count, from the store',
	async (t) => {
		const comment = (articleId: string) =>
			createComment(
				{articleId, sectionId: null, quote: null, parentId: null},
				{author: 'Ann', email: '', body: 'Hello'},
			);
		const app = await renderApp(t, {
			columns: 160,
			setup(store) {
				setMarks(store, showcase.key, {bookmarked: true, progress: 40});
				setMarks(store, guide.key, {read: true, progress: 100});
				setMarks(store, seed.key, {read: true});
				store.update(
					(data) => {
						data.comments.push(
							comment(showcase.key),
							comment(showcase.key),
							comment(guide.key),
						);
						data.drafts[`${seed.id}/article`] = {
							articleId: seed.key,
							sectionId: null,
							quote: null,
							parentId: null,
							editingId: null,
							name: 'Ann',
							email: '',
							body: 'Half written',
							updatedAt: new Date().toISOString(),
						};
					},
					{immediate: true},
				);
			},
		});
		const lines = app.lines();
		t.regex(rowOf(lines, showcase), /^●★ {2}Renderer showcase/);
		t.regex(rowOf(lines, showcase), / {2}40% \(2\)/);
		t.regex(rowOf(lines, guide), /^ {4}Reading with gazette/);
		// Finished: no progress, the count only.
		t.regex(rowOf(lines, guide), / {4}\(1\)/);
		t.false(rowOf(lines, guide).includes('100%'));
		t.regex(rowOf(lines, seed), /^ {2}✎ Miami Summit/);
	},
);

test.serial(
	'with long warnings the list frame is still rows - 1 lines, none wider than the terminal',
	async (t) => {
		const warning = `the state file was damaged and a backup was kept at ${'/a/long/path'.repeat(12)}`;
		const screen = renderTerminal(
			<KeypressProvider>
				<ListHost
					articles={bundled}
					columns={60}
					rows={12}
					warnings={[warning, warning]}
				/>
			</KeypressProvider>,
			{columns: 60, rows: 12},
		);
		t.teardown(screen.unmount);
		await screen.waitFor('Renderer showcase');
		const lines = screen.lines();
		t.true(lines.length <= 11, `the frame:\n${screen.frame()}`);
		for (const line of lines) {
			t.true(lineWidth(line) <= 59, `wider than 59: ${line}`);
		}

		t.regex(lines[1] ?? '', /^⚠ the state file was damaged/);
		// The list and its footer keep their rows.
		t.regex(lines.at(-1) ?? '', /^Enter open/);
		t.true(lines.at(-1)?.includes('? help · q quit'));
	},
);

test.serial(
	'an article that cannot be opened leaves the list with a notice that says why, and the list still works',
	async (t) => {
		const app = await renderApp(t, {
			async open() {
				// The file is read after the opening screen is drawn.
				await new Promise((resolve) => {
					setTimeout(resolve, 20);
				});
				throw new Error('the file vanished');
			},
		});
		app.write('\r');
		await app.waitFor(`⚠ Cannot open ${showcase.title}: the file vanished`);
		app.write('j');
		await app.waitFor('gazette · 2/3 articles');
		t.true(selected(app)?.includes(guide.title));
	},
);

// Regression: when opening failed before React drew the opening screen (run.tsx reads the file before its first await, so a file deleted since the list loaded does this), the screen goes from list to list, the list is not mounted again, its onReady never runs, and the router holds every key from then on: q, j, everything is lost.
test.serial(
	'an article whose file is gone at once leaves the list working',
	async (t) => {
		const app = await renderApp(t, {
			async open() {
				throw new Error('no such file');
			},
		});
		app.write('\r');
		await app.waitFor(`⚠ Cannot open ${showcase.title}: no such file`);
		app.write('j');
		await app.waitFor('gazette · 2/3 articles', {timeout: 2000});
		t.pass();
	},
);

test.serial(
	'an unreadable article stays in the list, marked; the footer says why, and Enter says it cannot open it',
	async (t) => {
		const broken = withBroken.find((article) => article.id === 'broken');
		t.truthy(broken?.error);
		const app = await renderApp(t, {articles: withBroken});
		t.is(app.lines()[0], 'gazette · 1/4 articles');
		t.true(
			lineWith(app.lines(), 'broken')?.includes(
				'unreadable: binary file, not text',
			),
		);

		const index = withBroken.findIndex((article) => article.id === 'broken');
		const other = index === 0 ? 1 : 0;
		const footer = () => app.lines().at(-2) ?? '';
		// Another article first, then the unreadable one.
		app.write('j'.repeat(other));
		await app.waitFor(`gazette · ${other + 1}/4 articles`);
		t.true(footer().startsWith(withBroken[other].summary.slice(0, 30)));
		app.write(
			index > other ? 'j'.repeat(index - other) : 'k'.repeat(other - index),
		);
		await app.waitFor('Cannot show this article: binary file, not text');
		t.is(footer().trimEnd(), 'Cannot show this article: binary file, not text');
		app.write('\r');
		await app.waitFor('Cannot open this article: binary file, not text');
		t.true(app.frame().includes('gazette · '));
	},
);

test.serial(
	'the row under the cursor is drawn in the colour of its pointer',
	async (t) => {
		const app = await renderApp(t);
		// Blue, as ink-select-input draws the pointer, then the row's unread mark.
		const [blue] = chalk.blue('x').split('x');
		const highlighted = (article: Article) =>
			(
				app
					.lastFrame()
					.split('\n')
					.find((line) => line.includes(article.title.slice(0, 15))) ?? ''
			).includes(`${blue}●`);
		t.true(highlighted(bundled[0]));
		t.false(highlighted(bundled[1]));
		app.write('j');
		await app.waitFor(() => highlighted(bundled[1]));
		t.false(highlighted(bundled[0]));
	},
);

// Filtering

test.serial(
	'/ filters by tag as it is typed; Enter keeps the filter and Esc clears it',
	async (t) => {
		const app = await renderApp(t);
		t.is(app.lines()[0], 'gazette · 1/3 articles');

		app.write('/markdown');
		await app.waitFor((frame) => frame.startsWith('gazette · 1/1 of 3\n'));
		t.deepEqual(shownArticles(app.lines()), [showcase.id]);
		// The prompt takes the place of the key hints.
		t.is(app.lines().at(-1)?.trimEnd(), '/markdown');

		app.write('\r');
		await app.waitFor(/^gazette · 1\/1 of 3 · filter: markdown$/m);
		t.deepEqual(shownArticles(app.lines()), [showcase.id]);
		t.regex(app.lines().at(-1) ?? '', /^Enter open · \/ filter/);

		// Esc in the prompt clears the filter.
		app.write('/');
		await app.waitFor(/^\/markdown/m);
		app.write(keys.escape);
		await app.waitFor(/^gazette · 1\/3 articles$/m);
		t.deepEqual(
			shownArticles(app.lines()).sort(),
			bundled.map((a) => a.id).sort(),
		);
		t.regex(app.lines().at(-1) ?? '', /^Enter open/);
	},
);

test.serial(
	'the filter matches titles and sources whatever the case; Backspaces in one write undo it; no match says so',
	async (t) => {
		const app = await renderApp(t);
		app.write('/WORLD DESK');
		await app.waitFor('1/1 of 3');
		t.deepEqual(shownArticles(app.lines()), [seed.id]);

		app.write(`${keys.backspace.repeat(10)}Reading with`);
		await app.waitFor('/Reading with');
		t.deepEqual(shownArticles(app.lines()), [guide.id]);
		t.is(app.lines()[0], 'gazette · 1/1 of 3');

		app.write(`${ctrl('u')}no such article`);
		await app.waitFor('No article matches.');
		t.is(app.lines()[0], 'gazette · 0 of 3');
	},
);

test.serial(
	'a burst: /showcase and Enter in one write keep the filter, and that Enter does not open',
	async (t) => {
		const app = await renderApp(t);
		app.write('/showcase\r');
		await app.waitFor(/^gazette · 1\/1 of 3 · filter: showcase$/m);
		t.deepEqual(shownArticles(app.lines()), [showcase.id]);
		t.regex(app.lines().at(-1) ?? '', /^Enter open/);
		t.false(app.frame().includes('Opening'));
	},
);

test.serial(
	'a burst: /miami, the Enter that keeps it and the Enter that opens, in one write, open the seed',
	async (t) => {
		const app = await renderApp(t);
		app.write('/miami\r\r');
		await app.waitFor('World Desk · Staff · 2025-12-19');
		t.true(app.lines()[0].startsWith('Miami Summit'));
	},
);

test.serial(
	'a burst: Down Down Enter in one write opens the third article',
	async (t) => {
		const app = await renderApp(t);
		app.write(`${keys.down}${keys.down}${keys.enter}`);
		await app.waitFor('World Desk · Staff · 2025-12-19');
		t.true(app.lines()[0].startsWith(bundled[2].title.slice(0, 20)));
	},
);

test.serial(
	'a burst: keys typed after Enter reach the reader once it is drawn, in order',
	async (t) => {
		let release: () => void = () => undefined;
		const gate = new Promise<void>((resolve) => {
			release = resolve;
		});
		const {openArticle} = await import('./helpers/articles.js');
		const app = await renderApp(t, {
			async open(article) {
				await gate;
				return openArticle(article);
			},
		});
		app.write('jj\rjjj');
		await app.waitFor('Opening Miami Summit');
		// While the article opens, more keys.
		app.write('jj');
		release();
		await app.waitFor(/^6-\d+\/\d+ /m);
		t.true(app.lines()[0].startsWith('Miami Summit'));
	},
);

test.serial(
	'U and B in one burst show only the articles both unread and bookmarked',
	async (t) => {
		const app = await renderApp(t, {
			setup(store) {
				setMarks(store, guide.key, {read: true, bookmarked: true});
				setMarks(store, seed.key, {bookmarked: true});
			},
		});
		app.write('UB');
		await app.waitFor('only unread · only bookmarked');
		t.is(app.lines()[0], 'gazette · 1/1 of 3 · only unread · only bookmarked');
		t.deepEqual(shownArticles(app.lines()), [seed.id]);
	},
);

test.serial(
	'U and B toggle showing only unread and only bookmarked articles',
	async (t) => {
		const app = await renderApp(t, {
			setup(store) {
				setMarks(store, guide.key, {read: true});
				setMarks(store, seed.key, {bookmarked: true});
			},
		});
		app.write('U');
		await app.waitFor(/^gazette · 1\/2 of 3 · only unread$/m);
		t.false(shownArticles(app.lines()).includes(guide.id));
		app.write('B');
		await app.waitFor('only unread · only bookmarked');
		t.deepEqual(shownArticles(app.lines()), [seed.id]);
		app.write('UB');
		// The cursor stays on the article it was on.
		await app.waitFor(/^gazette · 3\/3 articles$/m);
		t.is(shownArticles(app.lines()).length, 3);
	},
);

// Moving

test.serial(
	'a list of 40 scrolls like the reader: PgDn, Space, Ctrl+D, End, G, Home, g; the header says where',
	async (t) => {
		const articles = copies(40);
		const app = await renderApp(t, {articles, rows: 14});
		// 14 rows: the header, 10 rows of articles, two footer lines, and the line left free.
		t.is(app.lines()[0], 'gazette · 1/40 articles');
		const at = async (key: string, position: string, title: string) => {
			app.write(key);
			await app.waitFor(`gazette · ${position} articles`);
			t.true(
				selected(app)?.includes(`${title} `),
				`after ${JSON.stringify(key)}: ${selected(app)}`,
			);
		};

		await at(keys.pagedown, '11/40', 'Article number 10');
		await at(' ', '21/40', 'Article number 20');
		await at('b', '11/40', 'Article number 10');
		await at(ctrl('d'), '16/40', 'Article number 15');
		await at(ctrl('u'), '11/40', 'Article number 10');
		await at(keys.end, '40/40', 'Article number 39');
		await at('j', '40/40', 'Article number 39');
		await at(keys.home, '1/40', 'Article number 0');
		await at('k', '1/40', 'Article number 0');
		await at('G', '40/40', 'Article number 39');
		await at('g', '1/40', 'Article number 0');
		await at(wheel.down, '2/40', 'Article number 1');
		await at('12G', '40/40', 'Article number 39');
	},
);

test.serial(
	'with thousands of articles only the rows on the screen are formatted, while moving and filtering; the list never wraps',
	async (t) => {
		const many = copies(3000);
		const formatted = new Set<string>();
		const marks = (article: Article): ArticleMarks => {
			formatted.add(article.id);
			return {
				unread: true,
				bookmarked: false,
				progress: 0,
				comments: 0,
				draft: false,
			};
		};

		const screen = renderTerminal(
			<KeypressProvider>
				<ListHost articles={many} marks={marks} columns={100} rows={20} />
			</KeypressProvider>,
			{columns: 100, rows: 20},
		);
		t.teardown(screen.unmount);
		await screen.readsKeys();
		await screen.waitFor('gazette · 1/3000 articles');
		t.truthy(lineWith(screen.lines(), 'Article number 0 '));
		t.true(formatted.size < 20, `${formatted.size} rows formatted`);

		screen.write('k');
		screen.write('G');
		await screen.waitFor('gazette · 3000/3000 articles');
		t.truthy(lineWith(screen.lines(), 'Article number 2999 '));
		screen.write('/number 12');
		await screen.waitFor('1/111 of 3000');
		t.truthy(lineWith(screen.lines(), 'Article number 12 '));
		t.true(formatted.size < 60, `${formatted.size} rows formatted`);
	},
);

test.serial(
	'n goes to the next unread article; with none it says so',
	async (t) => {
		const app = await renderApp(t, {
			setup(store) {
				setMarks(store, guide.key, {read: true});
			},
		});
		app.write('n');
		await app.waitFor('gazette · 3/3 articles');
		t.true(selected(app)?.includes(seed.title.slice(0, 20)));
		app.write('n');
		await app.waitFor('gazette · 1/3 articles');
		app.write('An');
		await app.waitFor('No unread articles here.');
		// The message goes at the next key.
		app.write('j');
		await app.waitFor((frame) => !frame.includes('No unread articles here.'));
		t.pass();
	},
);

// Marks

test.serial(
	'm and s toggle read and bookmark on the article under the cursor, in a burst too',
	async (t) => {
		const app = await renderApp(t);
		app.write('m');
		await app.waitFor(() => rowOf(app.lines(), bundled[0]).startsWith('    '));
		t.true(app.store.article(bundled[0].key).read);

		app.write('js');
		await app.waitFor(() => rowOf(app.lines(), bundled[1]).startsWith('●★'));
		t.true(app.store.article(bundled[1].key).bookmarked);

		app.write(`${keys.down}m`);
		await app.waitFor(() => rowOf(app.lines(), bundled[2]).startsWith('    '));
		t.true(app.store.article(bundled[2].key).read);
		t.false(app.store.article(bundled[1].key).read);
	},
);

test.serial(
	'A marks every article shown as read and u undoes it; u with nothing to undo says so',
	async (t) => {
		const app = await renderApp(t, {
			setup(store) {
				setMarks(store, guide.key, {read: true, bookmarked: true});
			},
		});
		app.write('A');
		await app.waitFor('Marked 2 articles read · u undoes.');
		for (const article of bundled) {
			t.true(app.store.article(article.key).read, `${article.id} is unread`);
		}

		app.write('u');
		await app.waitFor('Undone for 2 articles.');
		t.false(app.store.article(showcase.key).read);
		t.false(app.store.article(seed.key).read);
		t.true(app.store.article(guide.key).read);
		t.true(app.store.article(guide.key).bookmarked);
		app.write('u');
		await app.waitFor('Nothing to undo.');
		app.write('A');
		await app.waitFor('Marked 2 articles read');
		app.write('A');
		await app.waitFor('Every article shown is read already.');
	},
);

test.serial('A marks only the articles the filter shows', async (t) => {
	const app = await renderApp(t);
	app.write('/miami\rA');
	await app.waitFor('Marked 1 article read · u undoes.');
	t.true(app.store.article(seed.key).read);
	t.false(app.store.article(guide.key).read);
	app.write('m');
	await app.waitFor((frame) => !frame.includes('Marked 1 article'));
	app.write('u');
	await app.waitFor('Undone.');
	t.true(app.store.article(seed.key).read);
});

// Sorting

test.serial(
	'S cycles the sort, the header says which, and the choice is remembered',
	async (t) => {
		const stateDir = mkdtempSync(path.join(tmpdir(), 'gazette-ui-sort-'));
		t.teardown(() => {
			rmSync(stateDir, {recursive: true, force: true});
		});
		const app = await renderApp(t, {stateDir});
		app.write('S');
		// The cursor stays on its article, now the last.
		await app.waitFor('gazette · 3/3 articles · oldest first');
		t.deepEqual(
			shownArticles(app.lines()),
			bundled.map((a) => a.id).toReversed(),
		);
		t.true(app.frame().includes('Sorted oldest first.'));
		t.true(selected(app)?.includes(showcase.title));
		app.write('S');
		await app.waitFor('by source');
		app.write('S');
		await app.waitFor('unread first');
		app.write('SS');
		await app.waitFor('oldest first');
		t.is(app.store.settings().listSort, 'oldest');
		app.write('q');
		await app.waitUntilExit();

		const again = await renderApp(t, {stateDir});
		t.is(again.lines()[0], 'gazette · 1/3 articles · oldest first');
		t.deepEqual(
			shownArticles(again.lines()),
			bundled.map((a) => a.id).toReversed(),
		);
	},
);

// Opening, quitting, the help

test.serial(
	'Enter opens the article under the cursor, and the list comes back on it',
	async (t) => {
		const app = await renderApp(t);
		app.write(`j${keys.enter}`);
		await app.waitFor('The gazette team · 2026-11-20');
		t.true(app.lines()[0].startsWith(guide.title));
		app.write('q');
		await app.waitFor('gazette · 2/3 articles');
		t.true(selected(app)?.includes(guide.title));
	},
);

test.serial(
	'J and K in the reader open the next and previous article in the list’s order; at the end it says so',
	async (t) => {
		const app = await renderApp(t);
		app.write('\r');
		await app.waitFor(/^Renderer showcase/);
		app.write('J');
		await app.waitFor(/^Reading with gazette/);
		app.write('J');
		await app.waitFor(/^Miami Summit/);
		app.write('J');
		await app.waitFor('This is the last article in the list.');
		app.write('KK');
		await app.waitFor(/^Renderer showcase/);
		app.write('K');
		await app.waitFor('This is the first article in the list.');
		t.true(app.lines()[0].startsWith('Renderer showcase'));
	},
);

test.serial('q quits', async (t) => {
	const app = await renderApp(t);
	app.write('q');
	await app.waitUntilExit();
	t.pass();
});

test.serial(
	'? shows the keys from the keymap, j scrolls it, and any other key closes the help without acting',
	async (t) => {
		const app = await renderApp(t, {rows: 24});
		app.write('?');
		await app.waitFor(/^Keys\b.*closes this help/m);
		const help = app.frame();
		t.true(help.includes('Next article'));
		t.true(help.includes('One page down'));
		t.is(shownArticles(app.lines()).length, 0);
		const scrolled = /j\/k scroll \((\d+) of (\d+)\)/.exec(help);
		t.truthy(scrolled, `no scroll in the help:\n${help}`);
		app.write('j');
		await app.waitFor(`(${Number(scrolled?.[1]) + 1} of ${scrolled?.[2]})`);

		app.write('q');
		await app.waitFor((frame) => !frame.includes('closes this help'));
		t.is(shownArticles(app.lines()).length, 3);
		t.false(app.frame().includes('One page down'));
		// Still running: q only closed the help.
		app.write('?x');
		await app.waitFor((frame) => !frame.includes('closes this help'));
		app.write('j');
		await app.waitFor('gazette · 2/3 articles');
	},
);

const allUnread = (): ArticleMarks => ({
	unread: true,
	bookmarked: false,
	progress: 0,
	comments: 0,
	draft: false,
});

const noWarnings: readonly string[] = [];

/** The list as the app shows it, with the filter held as the app holds it and marks given: for what the store cannot easily show (thousands of rows, warnings). */
function ListHost({
	articles,
	marks = allUnread,
	columns,
	rows,
	warnings = noWarnings,
}: Readonly<{
	articles: readonly Article[];
	marks?: (article: Article) => ArticleMarks;
	columns: number;
	rows: number;
	warnings?: readonly string[];
}>) {
	const [filter, getFilter, setFilter] = useLatestState<ListFilter>(noFilter);
	const viewOf = (current: ListFilter) => {
		const kept = filterArticles(articles, marks, current);
		return {
			rows: listRows(kept, false, marks, new Set()),
			filter: current,
			marks,
		};
	};

	return (
		<ArticleList
			articles={articles}
			view={{...viewOf(filter), sort: 'newest'}}
			latest={() => viewOf(getFilter())}
			columns={columns}
			rows={rows}
			warnings={warnings}
			initialId={undefined}
			onEffect={(effect) => {
				if (effect.type === 'filter') {
					setFilter(effect.filter);
				}

				return undefined;
			}}
			onReady={() => {
				// Keys go straight to the list.
			}}
		/>
	);
}
