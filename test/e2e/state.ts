import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {openSeed, startGazette, storedArticle} from '../helpers/cli.js';
import {closeAll, runCli, type Session, tempDir} from '../helpers/pty.js';

test.after.always(() => {
	closeAll();
});

/** The section heading at the top of the article's view (the row under the header). */
function topHeading(session: Session): string | undefined {
	return /^[› ] [▾▸] (.+?)(?: {2}|$)/.exec(session.lines()[3] ?? '')?.[1];
}

async function quit(session: Session): Promise<void> {
	await session.press('q');
	await session.waitFor('q quit');
	await session.press('q');
	await session.exited();
}

test.serial(
	'the reader resumes where it was, at the same heading, after a restart',
	async (t) => {
		const first = startGazette(t, [], {rows: 30});
		await openSeed(first);
		await first.press(']', ']', ']');
		await first.waitFor("› ▾ Ukraine's Position");
		t.is(topHeading(first), "Ukraine's Position");
		await quit(first);

		const again = startGazette(t, [], {rows: 30, stateDir: first.stateDir});
		await again.waitFor(/Miami Summit.*\d+%/);
		await openSeed(again);
		await again.waitFor("› ▾ Ukraine's Position");
		t.is(topHeading(again), "Ukraine's Position");
	},
);

test.serial(
	'the position survives a restart at another width, in the same section',
	async (t) => {
		const first = startGazette(t, [], {columns: 100, rows: 30});
		await openSeed(first);
		await first.press(']', ']');
		// The heading focused and the status line drawn with it (a frame can arrive in pieces).
		const atHeading = await first.waitFor(
			(screen) =>
				screen.includes('› ▾ U.S. Diplomatic Push') &&
				/^\d+-\d+\/\d+ .*U\.S\. Diplomatic Push/m.test(screen),
		);
		const top = Number(/^(\d+)-\d+\/\d+/m.exec(atHeading)?.[1]);
		// A few lines into the section: the top line is now body text of U.S. Diplomatic Push.
		await first.press('jjjj');
		await first.waitFor(
			new RegExp(`^${top + 4}-\\d+/\\d+ .*U\\.S\\. Diplomatic Push`, 'm'),
		);
		const lineText = first.lines()[3].trim();
		await quit(first);

		const narrow = startGazette(t, [], {
			columns: 60,
			rows: 30,
			stateDir: first.stateDir,
		});
		await openSeed(narrow);
		const screen = await narrow.waitFor(/· U\.S\. Diplomatic Push +\?/);
		// The first words of the line that was at the top are still in view, near the top.
		const words = lineText.split(/\s+/).slice(0, 3).join(' ');
		const row = narrow.lines().findIndex((line) => line.includes(words));
		t.true(
			row >= 3 && row <= 6,
			`expected "${words}" near the top of:\n${screen}`,
		);
	},
);

test.serial('folded sections stay folded after a restart', async (t) => {
	const first = startGazette(t, [], {rows: 40});
	await openSeed(first);
	await first.press(']');
	await first.waitFor('› ▾ The Miami Meeting');
	await first.press('enter');
	await first.waitFor('› ▸ The Miami Meeting');
	await first.press(']', ']');
	await first.waitFor("› ▾ Ukraine's Position");
	await first.press('enter');
	await first.waitFor("› ▸ Ukraine's Position");
	await quit(first);

	const again = startGazette(t, [], {rows: 40, stateDir: first.stateDir});
	await openSeed(again);
	await again.press('g');
	const screen = await again.waitFor('▸ The Miami Meeting');
	t.regex(screen, /▸ Ukraine's Position {2}· 4 paragraphs · 2 quotes/);
	t.regex(screen, /▾ U\.S\. Diplomatic Push/);
	t.false(screen.includes('Kirill Dmitriev, head of'));
});

test.serial(
	'SIGTERM in the middle of reading still saves the position',
	async (t) => {
		const first = startGazette(t, [], {rows: 30});
		await openSeed(first);
		// SIGTERM on the very chunk that draws the fourth section focused: the position of that frame is saved.
		const stop = first.onOutput(() => {
			if (first.screen().includes('› ▾ EU Funding Debate')) {
				stop();
				first.kill('SIGTERM');
			}
		});
		await first.press(']', ']', ']', ']');
		await first.exited();
		t.is(
			storedArticle(first.stateDir, 'miami-summit.md')?.position?.sectionId,
			'eu-funding-debate',
		);

		const again = startGazette(t, [], {rows: 30, stateDir: first.stateDir});
		await openSeed(again);
		await again.waitFor('› ▾ EU Funding Debate');
		t.is(topHeading(again), 'EU Funding Debate');
	},
);

test.serial(
	'a corrupt state file is backed up, named in a warning, and the reader still works',
	async (t) => {
		const stateDir = tempDir('gazette-state-');
		const original = '{"articles": {"miami-summit": {"read": tru';
		writeFileSync(path.join(stateDir, 'config.json'), original);
		const session = startGazette(t, [], {rows: 30, stateDir});
		const screen = await session.waitFor(/State file was corrupt/);
		const backups = readdirSync(stateDir).filter((name) =>
			name.startsWith('config.json.corrupt-'),
		);
		t.is(backups.length, 1);
		t.is(readFileSync(path.join(stateDir, backups[0]), 'utf8'), original);
		t.true(screen.includes('config.json.corrupt-'));
		await openSeed(session);
		await session.press(']');
		await session.waitFor('› ▾ The Miami Meeting');
	},
);

test.serial(
	'list marks: unread dot, progress, bookmark star; m, s, U and B',
	async (t) => {
		const session = startGazette(t, [], {rows: 30});
		await openSeed(session);
		await session.press(']', ']');
		await session.waitFor('› ▾ U.S. Diplomatic Push');
		await session.press('s');
		await session.waitFor(/World Desk · Staff · 2025-12-19 · \d+ min read · ★/);
		await session.press('q');
		const list = await session.waitFor(/Miami Summit.* \d+%/);
		const miami = list
			.split('\n')
			.find((line) => line.includes('Miami Summit'))!;
		t.regex(miami, /●★/);
		// Clear the filter that opened the seed.
		await session.press('/');
		await session.waitFor(/^\/miami/m);
		await session.press('escape');
		await session.waitFor(/gazette · \d\/3 articles$/m);
		// Only bookmarked: the seed alone.
		await session.press('B');
		await session.waitFor('1/1 of 3 · only bookmarked');
		await session.press('B');
		await session.waitFor(/gazette · \d\/3 articles$/m);
		// Mark the seed read: the dot goes; only unread hides it.
		await session.press('m');
		await session.waitFor((screen) => /^❯ {2}★ +Miami Summit/m.test(screen));
		await session.press('U');
		const unread = await session.waitFor('of 3 · only unread');
		t.false(unread.includes('Miami Summit'));
		await session.press('U');
		await session.waitFor(/gazette · \d\/3 articles$/m);
		await session.press('q');
		await session.exited();
		t.like(storedArticle(session.stateDir, 'miami-summit.md'), {
			read: true,
			bookmarked: true,
		});
	},
);

test.serial(
	'a state folder that cannot be written: the reader works and says nothing will be saved',
	async (t) => {
		const parent = tempDir('gazette-state-');
		const file = path.join(parent, 'not-a-folder');
		writeFileSync(file, 'x');
		const session = startGazette(t, [], {
			rows: 30,
			stateDir: path.join(file, 'state'),
		});
		await session.waitFor(/Cannot save state/);
		await openSeed(session);
		await session.press(']');
		const screen = await session.waitFor('› ▾ The Miami Meeting');
		t.regex(screen, /not saving/);
		t.false(existsSync(path.join(file, 'state')));
	},
);

test.serial(
	'two windows: a mark made in one is not undone by the other scrolling the same article',
	async (t) => {
		const reading = startGazette(t, [], {rows: 30});
		await openSeed(reading);
		const marking = startGazette(t, [], {rows: 30, stateDir: reading.stateDir});
		await marking.waitFor('Miami Summit');
		// The seed is the third article: read and bookmarked, from the other window.
		await marking.press('jjms');
		await marking.waitFor(/^❯ {2}★ +Miami Summit/m);
		await marking.press('q');
		await marking.exited();
		// The reading window scrolls: its position is saved, never the read mark it saw when it opened.
		await reading.press('jjj');
		await reading.waitFor(/^4-/m);
		await reading.press('q');
		await reading.waitFor('q quit');
		await reading.press('q');
		await reading.exited();
		t.like(storedArticle(reading.stateDir, 'miami-summit.md'), {
			read: true,
			bookmarked: true,
		});
		t.truthy(storedArticle(reading.stateDir, 'miami-summit.md')?.position);
	},
);

test('a state file of an older layout is brought up to date by the built gazette', async (t) => {
	const stateDir = tempDir();
	const config = path.join(stateDir, 'config.json');
	// The 0.1.0 layout: lists of read and bookmarked ids. Conf's migrations bring it to 0.3.0, with semver, which the bundle loads only for them.
	writeFileSync(
		config,
		JSON.stringify(
			Object.fromEntries([
				['__internal__', {migrations: {version: '0.1.0'}}],
				['read', ['renderer-showcase']],
				['bookmarks', ['renderer-showcase']],
			]),
		),
	);
	const result = await runCli([
		'--state-dir',
		stateDir,
		'feeds',
		'list',
		'--json',
	]);
	t.is(result.exitCode, 0, `stderr: ${result.stderr}`);
	const migrated = JSON.parse(readFileSync(config, 'utf8')) as {
		__internal__: unknown;
		articles: Record<string, {read: boolean; bookmarked: boolean}>;
	};
	t.deepEqual(migrated.__internal__, {migrations: {version: '0.3.0'}});
	t.false('read' in migrated);
	t.like(migrated.articles['renderer-showcase'], {
		read: true,
		bookmarked: true,
	});
});
