import test from 'ava';
import {
	openSeed,
	seedTitle,
	startGazette,
	storedComments,
} from '../helpers/cli.js';
import {closeAll, keys} from '../helpers/pty.js';

test.after.always(() => {
	closeAll();
});

// Keys that arrive together in one read (typing faster than a frame, tmux send-keys, a laggy link) each count, in order.
// Every `press` below is ONE write to the terminal.

test.serial(
	'j and m sent together move down, then mark that article read',
	async (t) => {
		const session = startGazette(t);
		await session.waitFor(seedTitle);
		await session.press('jm');
		const screen = await session.waitFor(/^❯ {5}Reading with gazette/m);
		// The first article stays unread: m acted on the row j moved to.
		t.regex(screen, /^ {2}● {3}Renderer showcase/m);
	},
);

test.serial(
	'a filter, the Enter that keeps it and the Enter that opens, sent together, open the match',
	async (t) => {
		const session = startGazette(t);
		await session.waitFor(seedTitle);
		await session.press('/miami\r\r');
		await session.waitFor('World Desk · Staff');
		t.regex(session.lines()[0] ?? '', /^Miami Summit/);
	},
);

test.serial(
	'Enter typed the instant the list appears opens the article (five starts)',
	async (t) => {
		// The key goes out on the very chunk that draws the list: a terminal still in line mode then would echo it as a new line and pass it on as a line feed.
		for (let start = 0; start < 5; start++) {
			const session = startGazette(t, [], {rows: 24});
			const stop = session.onOutput(() => {
				if (session.screen().includes('Renderer showcase')) {
					stop();
					session.write('\r');
				}
			});
			// eslint-disable-next-line no-await-in-loop
			await session.waitFor(/^Renderer showcase/);
			t.regex(session.lines()[0] ?? '', /^Renderer showcase/, `start ${start}`);
			session.kill();
		}
	},
);

test.serial(
	'Down Down Enter sent together open the third article',
	async (t) => {
		const session = startGazette(t);
		await session.waitFor(seedTitle);
		await session.press(keys.down + keys.down + keys.enter);
		await session.waitFor('World Desk · Staff');
		t.regex(session.lines()[0] ?? '', /^Miami Summit/);
	},
);

test.serial(
	't and jj Enter sent together: the contents opens and the keys after t reach it',
	async (t) => {
		const session = startGazette(t, [], {rows: 30});
		await openSeed(session);
		await session.press('tjj\r');
		// The third entry, after the top of the article and The Miami Meeting: its heading focused and the status line drawn with it (a frame can arrive in pieces).
		const screen = await session.waitFor(
			(shown) =>
				shown.includes('› ▾ U.S. Diplomatic Push') &&
				/^\d+-\d+\/\d+ \d+% · U\.S\. Diplomatic Push/m.test(shown),
		);
		t.false(screen.includes('Contents'));
	},
);

test.serial(
	'keys typed while an article opens reach it once it is drawn',
	async (t) => {
		const session = startGazette(t, [], {rows: 30});
		await session.waitFor(seedTitle);
		// Enter opens the seed (the renderer loads meanwhile); ] and ] then move two sections in the article.
		await session.press(`/miami\r\r]]`);
		await session.waitFor('› ▾ U.S. Diplomatic Push');
		t.pass();
	},
);

test.serial(
	'q and j sent together go back to the list and move in it',
	async (t) => {
		const session = startGazette(t, [], {rows: 30});
		await session.waitFor(seedTitle);
		await session.press('\r');
		await session.waitFor('Renderer showcase');
		await session.waitFor(/^1-\d+\/\d+/m);
		await session.press('qj');
		await session.waitFor(/^❯ .*Reading with gazette/m);
		t.regex(session.screen(), /gazette · 2\/3 articles/);
	},
);

test.serial(
	'c and a comment typed in one write: the composer opens and takes every key after c',
	async (t) => {
		const session = startGazette(t, [], {rows: 30});
		await openSeed(session);
		await session.press('cAda\tada@example.com\tHello there');
		await session.waitFor('Hello there');
		const screen = session.screen();
		t.regex(screen, /Name \* +Ada/);
		t.regex(screen, /Email +ada@example\.com/);
		// None of these keys reached the article underneath.
		t.regex(screen, /^1-\d+\/\d+/m);
	},
);

const pasted = (text: string) => `\u001B[200~${text}\u001B[201~`;

test.serial(
	'a bracketed paste is one edit: 200 KB pasted into a comment arrive whole',
	async (t) => {
		const session = startGazette(t, [], {rows: 30});
		await openSeed(session);
		await session.press('c');
		await session.waitFor(/^› Name \*/m);
		await session.press('Ada\t\t');
		await session.waitFor(/^› Comment \*/m);
		const line = 'All work and no play makes a long comment. ';
		const text = `${line.repeat(4700)}THE END`;
		await session.press(pasted(text));
		await session.waitFor('THE END', {timeout: 30_000});
		await session.press('\u0013');
		await session.waitFor('Comment saved');
		await session.press('q');
		await session.waitFor('q quit');
		await session.press('q');
		await session.exited();
		t.is(storedComments(session.stateDir)[0]?.body, text.trimEnd());
	},
);

test.serial(
	'pasted text never runs commands: q pasted into the list does not quit',
	async (t) => {
		const session = startGazette(t, [], {rows: 30});
		await session.waitFor(seedTitle);
		await session.press(pasted('qqq jjj'));
		await session.press('j');
		await session.waitFor('gazette · 2/3 articles');
		t.pass();
	},
);
