import {Buffer} from 'node:buffer';
import {chmodSync, existsSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';
import {openSeed, seedTitle, startGazette} from '../helpers/cli.js';
import {closeAll, runCli, tempDir} from '../helpers/pty.js';

test.after.always(() => {
	closeAll();
});

test.serial(
	'the list shows the bundled articles, the seed among them',
	async (t) => {
		const session = startGazette(t);
		const screen = await session.waitFor(seedTitle);
		t.regex(screen, /Reading with gazette/);
		t.regex(screen, /Renderer showcase/);
		t.regex(screen, /2025-12-19 {2}World Desk/);
	},
);

test.serial('typing a filter narrows the list, Esc clears it', async (t) => {
	const session = startGazette(t);
	await session.waitFor(seedTitle);
	await session.press('/');
	await session.waitFor(/^\/ ?$/m);
	await session.type('showcase');
	const filtered = await session.waitFor('1/1 of 3');
	t.false(filtered.includes(seedTitle));
	await session.press('escape');
	await session.waitFor(seedTitle);
	t.regex(session.screen(), /gazette · 1\/3 articles/);
});

test.serial(
	'Enter opens the article; j, space, b and g scroll; q goes back; q again quits with 0',
	async (t) => {
		const session = startGazette(t, [], {rows: 24});
		await openSeed(session);
		const status = () => /(\d+)-(\d+)\/(\d+) (\d+)%/.exec(session.screen());
		await session.waitFor(/1-\d+\/\d+/);
		await session.press('j');
		await session.waitFor(/^2-\d+\/\d+/m);
		await session.press('space');
		const afterPage = await session.waitFor(
			(screen) => Number(/^(\d+)-\d+\/\d+/m.exec(screen)?.[1]) > 10,
		);
		t.notRegex(afterPage, /World Desk · Staff[\s\S]*▣ Prominent/);
		await session.press('b');
		await session.waitFor(/^2-\d+\/\d+/m);
		await session.press('G');
		await session.waitFor(/ 100%/);
		t.regex(
			session.screen(),
			/Drone attacks continue on both sides|world watches/,
		);
		await session.press('g');
		await session.waitFor(/^1-\d+\/\d+/m);
		t.truthy(status());
		await session.press('q');
		await session.waitFor('1/1 of 3 · filter: miami');
		await session.press('q');
		const {exitCode} = await session.exited();
		t.is(exitCode, 0);
	},
);

test.serial(
	'the frame is never taller than the terminal and no line is wider',
	async (t) => {
		const session = startGazette(t, [], {columns: 60, rows: 20});
		await openSeed(session);
		const lines = session.lines();
		t.is(lines.length, 20);
		t.true(lines.every((line) => stringWidth(line) <= 60));
		// The first row still shows the title: the frame did not scroll the screen.
		t.true(lines[0].startsWith('Miami Summit'));
	},
);

test.serial(
	'a resize renders the article again at the new width',
	async (t) => {
		const session = startGazette(t, [], {columns: 100, rows: 30});
		await openSeed(session);
		await session.press(']');
		await session.waitFor('› ▾ The Miami Meeting');
		const wide = session
			.lines()
			.find((line) => line.includes('Kirill Dmitriev'))!;
		const before = session.raw().length;
		session.resize(50, 30);
		// The headless terminal reflows its lines at once, and a reflowed screen can look drawn: wait for a whole frame gazette wrote after the resize (the end of its synchronized output), then for the screen, its status line on the frame's last row.
		await session.waitFor(() =>
			session.raw().slice(before).includes('\u001B[?2026l'),
		);
		const narrow = await session.waitFor((screen) => {
			const lines = screen.split('\n');
			return (
				lines.every((line) => stringWidth(line) <= 50) &&
				screen.includes('Kirill Dmitriev') &&
				/^\d+-\d+\/\d+ \d+%/.test(lines[28])
			);
		});
		const narrowLine = narrow
			.split('\n')
			.find((line) => line.includes('Kirill Dmitriev'))!;
		t.true(stringWidth(wide) > 50);
		t.true(stringWidth(narrowLine) <= 50);
		// The reader stays in the same section.
		t.regex(narrow, /The Miami Meeting/);
		// Every frame after the resize is laid out for the new size, the title on its first row. Ink on its own draws the frame it has at the new width: the old width's rule wraps, the column overflows, and Yoga shrinks the title to nothing (after a storm of resizes it stayed so).
		// Whole frames only: Ink writes a frame's opening mark on its own, and the screen may be read between it and the frame (seen under load: an empty "frame" at the end).
		const frames = session
			.raw()
			.slice(before)
			.split('\u001B[?2026h')
			.slice(1)
			.filter((frame) => frame.includes('\u001B[?2026l'))
			.map((frame) =>
				stripAnsi(frame.slice(0, frame.indexOf('\u001B[?2026l'))).split('\n'),
			);
		t.true(frames.length > 0);
		for (const lines of frames) {
			t.regex(lines[0], /Miami Summit/);
		}
	},
);

test.serial('a piped run prints the list and exits 0', async (t) => {
	const result = await runCli([]);
	t.is(result.exitCode, 0);
	t.regex(
		result.stdout,
		/miami-summit\s+2025-12-19\s+World Desk\s+Miami Summit/,
	);
	t.is(result.stderr, '');
});

test.serial(
	'list --json gives the fields, and an error for an unreadable article',
	async (t) => {
		const folder = tempDir();
		writeFileSync(
			path.join(folder, 'good.md'),
			'---\ntitle: Good\nsource: Desk\ntags: [a]\n---\nSome words here.\n',
		);
		writeFileSync(
			path.join(folder, 'binary.md'),
			Buffer.from([0, 1, 2, 0, 255]),
		);
		const result = await runCli(['list', '--json', '--dir', folder]);
		t.is(result.exitCode, 0);
		const list = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
		const good = list.find((entry) => entry.id === 'good')!;
		t.like(good, {
			title: 'Good',
			source: 'Desk',
			tags: ['a'],
			readingMinutes: 1,
		});
		t.is(good.error, undefined);
		t.regex(
			String(list.find((entry) => entry.id === 'binary')!.error),
			/binary/,
		);
	},
);

test.serial(
	'read prints the article, plain in a pipe and under NO_COLOR, coloured with FORCE_COLOR',
	async (t) => {
		const plain = await runCli(['read', 'miami-summit', '--width', '60']);
		t.is(plain.exitCode, 0);
		t.false(plain.stdout.includes('\u001B['));
		t.regex(plain.stdout, /The Miami Meeting/);
		t.true(plain.stdout.split('\n').every((line) => stringWidth(line) <= 60));
		const forced = await runCli(['read', 'miami-summit'], {
			env: {FORCE_COLOR: '1'},
		});
		t.true(forced.stdout.includes('\u001B['));
		const noColor = await runCli(['read', 'miami-summit'], {
			env: {NO_COLOR: '1', FORCE_COLOR: undefined},
		});
		t.false(noColor.stdout.includes('\u001B['));
	},
);

test.serial(
	'usage errors exit 2 and failures exit 1, with one line and no stack trace',
	async (t) => {
		const unknownFlag = await runCli(['--bogus']);
		t.is(unknownFlag.exitCode, 2);
		const unknownCommand = await runCli(['frobnicate']);
		t.is(unknownCommand.exitCode, 2);
		t.regex(unknownCommand.stderr, /unknown command "frobnicate"/);
		const unknownId = await runCli(['read', 'no-such-article']);
		t.is(unknownId.exitCode, 1);
		t.regex(unknownId.stderr, /no article with the id "no-such-article"/);
		const missingDir = await runCli(['list', '--dir', '/no/such/folder']);
		t.is(missingDir.exitCode, 1);
		t.regex(missingDir.stderr, /article folder not found: \/no\/such\/folder/);
		for (const result of [unknownFlag, unknownCommand, unknownId, missingDir]) {
			t.false(result.stderr.includes('    at '));
		}
	},
);

test.serial('--version', async (t) => {
	const version = await runCli(['--version']);
	t.is(version.exitCode, 0);
	t.regex(version.stdout, /^\d+\.\d+\.\d+/);
});

test.serial(
	'an unreadable article stays in the list, marked, with its reason',
	async (t) => {
		const folder = tempDir();
		writeFileSync(path.join(folder, 'fine.md'), '# Fine article\n\nText.\n');
		writeFileSync(
			path.join(folder, 'broken.md'),
			'---\ntitle: [unclosed\n---\nbody\n',
		);
		mkdirSync(path.join(folder, 'folder.md'));
		const empty = path.join(folder, 'empty.md');
		writeFileSync(empty, '');
		chmodSync(empty, 0o644);
		const session = startGazette(t, ['--dir', folder]);
		const screen = await session.waitFor('Fine article');
		t.regex(screen, /broken .*unreadable: broken front matter/);
		t.regex(screen, /empty .*unreadable: empty file/);
		t.regex(screen, /folder .*unreadable: is a folder/);
	},
);

test.serial(
	'--dir is repeatable, GAZETTE_DIR lists folders too, and GAZETTE_STATE_DIR holds the state',
	async (t) => {
		const first = tempDir();
		const second = tempDir();
		writeFileSync(path.join(first, 'one.md'), '# First folder\n\nText.\n');
		writeFileSync(path.join(second, 'two.md'), '# Second folder\n\nText.\n');
		const flags = await runCli([
			'list',
			'--json',
			'--dir',
			first,
			'--dir',
			second,
		]);
		t.is(flags.exitCode, 0);
		const ids = (JSON.parse(flags.stdout) as Array<{id: string}>)
			.map((article) => article.id)
			.sort();
		t.deepEqual(ids, ['one', 'two']);
		const environment = await runCli(['list'], {
			env: {GAZETTE_DIR: `${first}${path.delimiter}${second}`},
		});
		t.regex(environment.stdout, /First folder/);
		t.regex(environment.stdout, /Second folder/);
		const stateDir = tempDir('gazette-state-');
		const added = await runCli(
			['comment', 'one', '--dir', first, '--name', 'Ada', '--text', 'Noted.'],
			{env: {GAZETTE_STATE_DIR: stateDir}},
		);
		t.is(added.exitCode, 0);
		t.true(existsSync(path.join(stateDir, 'config.json')));
	},
);
