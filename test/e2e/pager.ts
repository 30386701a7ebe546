import {chmodSync, existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import test from 'ava';
import {openSeed, seedTitle, startGazette} from '../helpers/cli.js';
import {closeAll, keys, type Session, tempDir} from '../helpers/pty.js';

test.after.always(() => {
	closeAll();
});

/** The first line shown, from the status line `12-34/111 20% · …`. */
function top(screen: string): number {
	return Number(/^(?:\d+ )?(\d+)-\d+\/\d+ \d+%/m.exec(screen)?.[1]);
}

async function openShowcase(session: Session) {
	await session.waitFor('Renderer showcase');
	await session.press('/showcase\r\r');
	await session.waitFor('The gazette team');
	await session.waitFor(/^1-\d+\/\d+/m);
}

test.serial(
	'Ctrl-D and Ctrl-U move half a page, Ctrl-F and Ctrl-B a page, Ctrl-E and Ctrl-Y a line',
	async (t) => {
		const session = startGazette(t, [], {rows: 24});
		await openShowcase(session);
		// 24 rows: 19 for the article; half a page is 9 lines.
		await session.press('\u0004');
		await session.waitFor((screen) => top(screen) === 10);
		await session.press('\u0015');
		await session.waitFor((screen) => top(screen) === 1);
		await session.press('\u0006');
		await session.waitFor((screen) => top(screen) === 19);
		await session.press('\u0002');
		await session.waitFor((screen) => top(screen) === 1);
		await session.press('\u0005');
		await session.waitFor((screen) => top(screen) === 2);
		await session.press('\u0019');
		await session.waitFor((screen) => top(screen) === 1);
		t.pass();
	},
);

test.serial(
	'a count repeats a move: 5j, 3], and 12G goes to line 12',
	async (t) => {
		const session = startGazette(t, [], {rows: 30});
		await openSeed(session);
		await session.press('5');
		// The count shows in the status line while it is typed.
		await session.waitFor(/^5 1-\d+/m);
		await session.press('j');
		await session.waitFor((screen) => top(screen) === 6);
		await session.press('g3]');
		await session.waitFor("› ▾ Ukraine's Position");
		await session.press('12G');
		await session.waitFor((screen) => top(screen) === 12);
		await session.press(keys.end);
		await session.waitFor(/ 100%/);
		await session.press(keys.home);
		await session.waitFor((screen) => top(screen) === 1);
		t.pass();
	},
);

const wheelDown = '\u001B[<65;10;10M';
const wheelUp = '\u001B[<64;10;10M';
const mouseOn = '\u001B[?1000h';
const mouseOff = '\u001B[?1000l';

test.serial(
	'the mouse wheel scrolls the article and the list; reporting is switched off on the way out',
	async (t) => {
		const session = startGazette(t, [], {rows: 24});
		await session.waitFor(seedTitle);
		t.true(session.raw().includes(mouseOn));
		await session.press(wheelDown);
		await session.waitFor('gazette · 2/3 articles');
		await session.press(wheelUp);
		await session.waitFor('gazette · 1/3 articles');
		await session.press('\r');
		await session.waitFor(/^1-\d+\/\d+/m);
		await session.press(wheelDown + wheelDown);
		await session.waitFor((screen) => top(screen) === 7);
		await session.press(wheelUp);
		await session.waitFor((screen) => top(screen) === 4);
		await session.press('qq');
		await session.exited();
		const raw = session.raw();
		t.true(raw.lastIndexOf(mouseOff) > raw.lastIndexOf(mouseOn));
	},
);

test.serial('--no-mouse leaves the mouse to the terminal', async (t) => {
	const session = startGazette(t, ['--no-mouse'], {rows: 24});
	await session.waitFor(seedTitle);
	t.false(session.raw().includes(mouseOn));
});

test.serial(
	'Esc clears the search first, then goes back; a search with no match says so; n without a search says how',
	async (t) => {
		const session = startGazette(t, [], {rows: 30});
		await openSeed(session);
		await session.press('n');
		await session.waitFor('No search yet: / searches the article.');
		// The message goes at the next key.
		await session.press('j');
		await session.waitForGone('No search yet');
		await session.press('/zzqq\r');
		await session.waitFor('No match for “zzqq”.');
		await session.press('/Miami\r');
		await session.waitFor(/^▶ /m);
		await session.press(keys.escape);
		await session.waitForGone(/^▶ /m);
		// Still in the article.
		t.regex(session.screen(), /World Desk · Staff/);
		await session.press(keys.escape);
		await session.waitFor('gazette · 1/1 of 3 · filter: miami');
	},
);

test.serial(
	'Enter folds the focused section only when its heading is on screen',
	async (t) => {
		const session = startGazette(t, [], {rows: 16});
		await openSeed(session);
		await session.press(']');
		await session.waitFor('› ▾ The Miami Meeting');
		// Scroll until the heading is gone from the screen: the focus stays on its section.
		await session.press('jjjjjjjjjjjj');
		await session.waitForGone('▾ The Miami Meeting');
		const before = top(session.screen());
		await session.press('\r');
		await session.waitFor('The focused heading is off screen');
		t.is(top(session.screen()), before);
		t.false(session.screen().includes('▸ The Miami Meeting'));
	},
);

test.serial(
	'J and K open the next and previous article in the list’s order',
	async (t) => {
		const session = startGazette(t, [], {rows: 24});
		await session.waitFor(seedTitle);
		await session.press('\r');
		await session.waitFor(/^Renderer showcase/);
		await session.press('J');
		await session.waitFor(/^Reading with gazette/);
		await session.press('J');
		await session.waitFor(/^Miami Summit/);
		await session.press('J');
		await session.waitFor('This is the last article in the list.');
		await session.press('K');
		await session.waitFor(/^Reading with gazette/);
		await session.press('q');
		// The list has the cursor on the article last read.
		await session.waitFor('gazette · 2/3 articles');
		t.pass();
	},
);

/** A $BROWSER that writes the URL it was given to a file. */
function fakeBrowser(): {command: string; opened: string} {
	const folder = tempDir('gazette-browser-');
	const opened = path.join(folder, 'opened.txt');
	const command = path.join(folder, 'browser');
	writeFileSync(command, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`);
	chmodSync(command, 0o755);
	return {command, opened};
}

async function waitForFile(file: string): Promise<string> {
	for (let waited = 0; waited < 10_000; waited += 50) {
		if (existsSync(file)) {
			const text = readFileSync(file, 'utf8');
			if (text.endsWith('\n')) {
				return text;
			}
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise((resolve) => {
			setTimeout(resolve, 50);
		});
	}

	throw new Error(`${file} never appeared`);
}

test.serial(
	'L lists the article’s links; a number and Enter open one in $BROWSER',
	async (t) => {
		const browser = fakeBrowser();
		const session = startGazette(t, [], {
			rows: 30,
			env: {BROWSER: browser.command},
		});
		await openShowcase(session);
		await session.press('L');
		await session.waitFor('[1] the example domain');
		await session.press('3\r');
		await session.waitFor('Opening https://example.org/archive/2026/11/21');
		const opened = await waitForFile(browser.opened);
		t.is(opened.trim(), 'https://example.org/archive/2026/11/21');
		// The reader goes on while the browser runs.
		await session.press('j');
		await session.waitFor(/^2-\d+/m);
	},
);

test.serial(
	'o opens the article’s web address; an article without one says so',
	async (t) => {
		const folder = tempDir('gazette-url-');
		writeFileSync(
			path.join(folder, 'with-url.md'),
			'---\ntitle: With a web address\nurl: https://news.example/story?id=7&x=1\n---\n\nText.\n',
		);
		writeFileSync(path.join(folder, 'without.md'), '# Without one\n\nText.\n');
		const browser = fakeBrowser();
		const session = startGazette(t, ['--dir', folder], {
			rows: 24,
			env: {BROWSER: browser.command},
		});
		await session.waitFor('With a web address');
		await session.press('/with a\r\r');
		// The header shows the address.
		await session.waitFor('https://news.example/story?id=7&x=1');
		await session.press('o');
		const opened = await waitForFile(browser.opened);
		t.is(opened.trim(), 'https://news.example/story?id=7&x=1');
		// Esc and a key in one write read as Alt and that key, as in every terminal: Esc goes alone.
		await session.press('q');
		await session.waitFor('gazette · ');
		await session.press(keys.escape);
		await session.waitFor('gazette · 1/2 articles');
		await session.press('/without\r\r');
		await session.waitFor(/^Without one/);
		await session.press('o');
		await session.waitFor('This article has no web address.');
	},
);

test.serial(
	'without colour the focus still shows: the focused heading, the current match, the composer’s field',
	async (t) => {
		const session = startGazette(t, [], {
			rows: 30,
			env: {NO_COLOR: '1', FORCE_COLOR: undefined},
		});
		await openSeed(session);
		await session.press(']');
		await session.waitFor(/^› ▾ The Miami Meeting/m);
		await session.press('/Witkoff\r');
		await session.waitFor(/^▶ .*Witkoff/m);
		await session.press(keys.escape);
		await session.waitForGone(/^▶ /m);
		await session.press('c');
		await session.waitFor(/^› Name \*/m);
		await session.press('\t');
		await session.waitFor(/^› Email/m);
		t.notRegex(session.raw(), /\u001B\[(?:3\d|4\d|9\d|7)m/);
	},
);

/** A process's state letter from /proc (`T`: stopped). */
function processState(pid: number): string | undefined {
	try {
		return /\) (\w)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
	} catch {
		return undefined;
	}
}

test.serial(
	'Ctrl+Z gives the terminal back and stops; after SIGCONT gazette draws again and reads keys',
	async (t) => {
		const session = startGazette(t, [], {rows: 24});
		await session.waitFor(seedTitle);
		const before = session.raw().length;
		await session.press('\u001A');
		// The terminal is given back: the alternate screen is left.
		await session.waitFor(() =>
			session.raw().slice(before).includes('\u001B[?1049l'),
		);
		// As a shell's `fg`: only once gazette has stopped (the terminal is given back just before it stops itself).
		await session.waitFor(() => processState(session.pid) === 'T');
		process.kill(session.pid, 'SIGCONT');
		await session.waitFor(() =>
			session.raw().slice(before).includes('\u001B[?1049h'),
		);
		await session.waitFor(seedTitle);
		await session.press('j');
		await session.waitFor('gazette · 2/3 articles');
		t.pass();
	},
);
