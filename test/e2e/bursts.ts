import test from 'ava';
import {seedTitle, startGazette} from '../helpers/cli.js';
import {closeAll} from '../helpers/pty.js';

test.after.always(() => {
	closeAll();
});

// Keys that arrive together in one read (typing faster than a frame, a script, a terminal that batches) each count in the list, whose moves and Enter belong to ink-select-input.

test.serial(
	'j and m sent together move down, then mark that article read',
	async (t) => {
		const session = startGazette(t);
		await session.waitFor(seedTitle);
		await session.settle();
		const second = session.lines()[2];
		t.regex(second, /●/);
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
		await session.settle();
		await session.press('/miami\r\r');
		await session.waitFor('World Desk · Staff');
		t.regex(session.lines()[0] ?? '', /^Miami Summit/);
	},
);

test.serial(
	'jj and Enter sent together in the contents jump to the third section',
	async (t) => {
		const session = startGazette(t, [], {rows: 30});
		await session.waitFor(seedTitle);
		await session.settle();
		await session.press('/miami\r');
		await session.waitFor('Enter open');
		await session.settle();
		await session.press('enter');
		await session.waitFor('World Desk · Staff');
		await session.settle();
		await session.press('t');
		await session.waitFor('Contents');
		await session.settle();
		await session.press('jj\r');
		// The third entry, after the top of the article and The Miami Meeting.
		await session.waitFor('› ▾ U.S. Diplomatic Push');
		t.regex(session.screen(), /^\d+-\d+\/\d+ \d+% · U\.S\. Diplomatic Push/m);
	},
);
