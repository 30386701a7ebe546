import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import stringWidth from 'string-width';
import {startGazette} from '../helpers/cli.js';
import {closeAll, keys, runCli, tempDir} from '../helpers/pty.js';

test.after.always(() => {
	closeAll();
});

/** A folder of `count` articles, dated one day apart, newest `Story 1`; every third from "Evening Post", the rest from "Morning Wire". */
function library(count: number): string {
	const folder = tempDir('gazette-list-');
	mkdirSync(folder, {recursive: true});
	for (let number = 1; number <= count; number++) {
		const day = new Date(Date.UTC(2026, 9, 31) - number * 86_400_000)
			.toISOString()
			.slice(0, 10);
		writeFileSync(
			path.join(folder, `story-${String(number).padStart(2, '0')}.md`),
			[
				'---',
				`title: Story ${number} of a long week in which a great many things happened`,
				`source: ${number % 3 === 0 ? 'Evening Post' : 'Morning Wire'}`,
				'author: Reporter',
				`date: ${day}`,
				'---',
				'',
				`Body of story ${number}.`,
				'',
			].join('\n'),
		);
	}

	return folder;
}

const selected = (screen: string) => /^❯ .*?Story (\d+) /m.exec(screen)?.[1];

test.serial(
	'the list pages: PgDn, End, G, Home, g; k at the top stays; the header counts',
	async (t) => {
		const session = startGazette(t, ['--dir', library(40)], {rows: 20});
		await session.waitFor('gazette · 1/40 articles');
		// K at the top: no wrapping to the oldest.
		await session.press('k');
		await session.press('j');
		await session.waitFor('gazette · 2/40 articles');
		t.is(selected(session.screen()), '2');
		await session.press(keys.pagedown);
		await session.waitFor((screen) => Number(selected(screen)) > 10);
		t.false(session.screen().includes('Story 1 of'));
		await session.press(keys.end);
		await session.waitFor('gazette · 40/40 articles');
		await session.press(keys.home);
		await session.waitFor('gazette · 1/40 articles');
		await session.press('G');
		await session.waitFor('gazette · 40/40 articles');
		// J at the bottom: no wrapping to the newest.
		await session.press('j');
		await session.press('g');
		await session.waitFor('gazette · 1/40 articles');
		await session.press(' ');
		await session.waitFor((screen) => Number(selected(screen)) > 10);
		await session.press('b');
		await session.waitFor('gazette · 1/40 articles');
		await session.press('\u0004');
		await session.waitFor((screen) => Number(selected(screen)) > 4);
		await session.press('\u0015');
		await session.waitFor('gazette · 1/40 articles');
		t.pass();
	},
);

test.serial(
	'n goes to the next unread; A marks every article shown read and u undoes it',
	async (t) => {
		const folder = library(6);
		const session = startGazette(t, ['--dir', folder], {rows: 20});
		await session.waitFor('gazette · 1/6 articles');
		// Read the second and third: n from the first skips them.
		await session.press('jmjm');
		await session.waitFor((screen) => /^ {6}Story 2 /m.test(screen));
		await session.press('g');
		await session.waitFor('gazette · 1/6 articles');
		await session.press('n');
		await session.waitFor('gazette · 4/6 articles');
		await session.press('A');
		await session.waitFor('Marked 4 articles read');
		t.notRegex(session.screen(), /●/);
		await session.press('u');
		await session.waitFor((screen) => (screen.match(/●/g) ?? []).length === 4);
		t.pass();
	},
);

test.serial(
	'S cycles the sort, the header says which, and the choice is remembered',
	async (t) => {
		const folder = library(6);
		const session = startGazette(t, ['--dir', folder], {rows: 20});
		await session.waitFor('gazette · 1/6 articles');
		t.is(selected(session.screen()), '1');
		await session.press('S');
		await session.waitFor('oldest first');
		await session.press('g');
		await session.waitFor((screen) => selected(screen) === '6');
		await session.press('S');
		await session.waitFor('by source');
		await session.press('q');
		await session.exited();

		const again = startGazette(t, ['--dir', folder], {
			rows: 20,
			stateDir: session.stateDir,
		});
		const screen = await again.waitFor('by source');
		// Evening Post's heading first, then its stories 3 and 6, newest first within the source.
		const rows = screen
			.split('\n')
			.filter((line) => /Story|Evening Post|Morning/.test(line));
		t.regex(rows[0] ?? '', /Evening Post · /);
		t.regex(rows[1] ?? '', /Story 3 /);
		t.regex(rows[2] ?? '', /Story 6 /);
	},
);

test.serial(
	'a filter shows its count in the header: 1/11 of 40 · filter: …',
	async (t) => {
		const session = startGazette(t, ['--dir', library(40)], {rows: 20});
		await session.waitFor('gazette · 1/40 articles');
		await session.press('/Story 1\r');
		// Story 1 and Stories 10–19.
		await session.waitFor('1/11 of 40 · filter: Story 1');
		t.pass();
	},
);

for (const columns of [40, 60, 80, 120]) {
	test.serial(
		`at ${columns} columns the headline keeps its room and the metadata drops from the right, never cut mid-word`,
		async (t) => {
			const session = startGazette(t, [], {columns, rows: 20});
			const screen = await session.waitFor('Miami Summit');
			const row = screen
				.split('\n')
				.find((line) => line.includes('Miami Summit'))!;
			t.true(stringWidth(row) <= columns);
			const title = /Miami Summit[^…]*…?/.exec(row)?.[0] ?? '';
			t.true(
				stringWidth(title) >= Math.min(24, columns - 6),
				`title: ${title}`,
			);
			// The reading time goes first, then the author, then the source, then the date.
			const has = {
				time: /\d+ min/.test(row),
				author: row.includes('Staff'),
				source: row.includes('World Desk'),
				date: row.includes('2025-12-19'),
			};
			t.false(has.time && !has.author);
			t.false(has.author && !has.source);
			t.false(has.source && !has.date);
			if (columns >= 120) {
				t.true(has.source && has.date);
			}

			// The hints: whole words, and ? help and q quit always there.
			const hints = session.lines().find((line) => line.includes('? help'))!;
			t.regex(hints, /\? help · q quit$/);
			for (const hint of hints.split(' · ')) {
				t.regex(hint, /^\S+( \S+)*$/);
			}
		},
	);
}

test.serial('list --json carries each article’s reading state', async (t) => {
	const session = startGazette(t, [], {rows: 20});
	await session.waitFor('Miami Summit');
	// The seed is the third: bookmark it and mark it read.
	await session.press('jjsm');
	await session.waitFor(/^❯ {2}★ +Miami Summit/m);
	await session.press('q');
	await session.exited();
	const {stdout, exitCode} = await runCli([
		'list',
		'--json',
		'--state-dir',
		session.stateDir,
	]);
	t.is(exitCode, 0);
	const list = JSON.parse(stdout) as Array<Record<string, unknown>>;
	const seed = list.find((entry) => entry.id === 'miami-summit');
	t.like(seed, {
		read: true,
		bookmarked: true,
		progress: 0,
		comments: 0,
		draft: false,
	});
	const guide = list.find((entry) => entry.id === 'reading-with-gazette');
	t.like(guide, {read: false, bookmarked: false});
	t.true(
		readFileSync(path.join(session.stateDir, 'config.json'), 'utf8').includes(
			'miami-summit',
		),
	);
});

test.serial(
	'sorted by source, each source is a heading with its counts; Enter folds it, Tab moves between them, z and Z fold and unfold all',
	async (t) => {
		const folder = library(6);
		const session = startGazette(t, ['--dir', folder], {rows: 20});
		await session.waitFor('gazette · 1/6 articles');
		await session.press('SS');
		await session.waitFor('by source');
		const grouped = await session.waitFor('▾ Evening Post · 2 unread / 2');
		t.regex(grouped, /▾ Morning Wire · 4 unread \/ 4/);
		// The cursor starts on the first heading: Enter folds it.
		await session.press('g\r');
		await session.waitFor('▸ Evening Post · 2 unread / 2');
		t.false(session.screen().includes('Story 3 '));
		await session.press('\t');
		await session.waitFor(/^❯ .*▾ Morning Wire/m);
		await session.press('z');
		await session.waitFor('▸ Morning Wire');
		t.false(session.screen().includes('Story'));
		await session.press('Z');
		await session.waitFor('Story 6 ');
		t.regex(session.screen(), /▾ Evening Post/);
	},
);
