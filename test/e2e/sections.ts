import test from 'ava';
import {openSeed, startGazette} from '../helpers/cli.js';
import {closeAll} from '../helpers/pty.js';

test.after.always(() => {
	closeAll();
});

const sectionTitles = [
	'The Miami Meeting',
	'U.S. Diplomatic Push',
	"Ukraine's Position",
	'EU Funding Debate',
	'Drone Attacks Amid Negotiations',
	'Key Takeaways',
];

const focused = (screen: string) => /› [▾▸] (.+?)(?: {2}|$)/m.exec(screen)?.[1];

test.serial(
	'Tab and ] move through the sections in order, [ and Shift-Tab move back',
	async (t) => {
		const session = startGazette(t, [], {rows: 40});
		await openSeed(session);
		const seen: string[] = [];
		for (const [index, title] of sectionTitles.entries()) {
			// eslint-disable-next-line no-await-in-loop
			await session.press(index % 2 === 0 ? 'tab' : ']');
			// eslint-disable-next-line no-await-in-loop
			const screen = await session.waitFor(`› ▾ ${title}`);
			seen.push(focused(screen)!);
		}

		t.deepEqual(seen, sectionTitles);
		await session.press('[');
		await session.waitFor('› ▾ Drone Attacks Amid Negotiations');
		await session.press('shift-tab');
		await session.waitFor('› ▾ EU Funding Debate');
		// The focused heading is scrolled to the top of the view, under the three header lines.
		t.is(session.row('› ▾ EU Funding Debate'), 3);
	},
);

test.serial(
	'z folds every section to its heading and Z unfolds them',
	async (t) => {
		const session = startGazette(t, [], {rows: 40});
		await openSeed(session);
		await session.press('z');
		const folded = await session.waitFor('▸ Key Takeaways');
		for (const title of sectionTitles) {
			t.regex(
				folded,
				new RegExp(`▸ ${title.replace('.', String.raw`\.`)}  · \\d+ paragraph`),
			);
		}

		t.false(folded.includes('Kirill Dmitriev'));
		t.false(folded.includes('frozen Russian assets to provide a loan'));
		await session.press('Z');
		const unfolded = await session.waitFor('Kirill Dmitriev');
		t.regex(unfolded, /▾ The Miami Meeting/);
		t.false(unfolded.includes('▸'));
	},
);

test.serial(
	'Enter folds the focused section and its heading stays on the same row',
	async (t) => {
		const session = startGazette(t, [], {rows: 40});
		await openSeed(session);
		// The last section can't scroll to the top: its heading sits in the middle of the view.
		await session.press('G');
		await session.waitFor(/100% · Drone Attacks/);
		await session.press(']');
		await session.waitFor('› ▾ Key Takeaways');
		const rowBefore = session.row('Key Takeaways');
		t.true(rowBefore > 5);
		await session.press('enter');
		await session.waitFor('› ▸ Key Takeaways');
		t.is(session.row('Key Takeaways'), rowBefore);
		t.false(session.screen().includes('Kirill Dmitriev will meet'));
		await session.press('enter');
		await session.waitFor('› ▾ Key Takeaways');
		t.is(session.row('Key Takeaways'), rowBefore);
		t.true(session.screen().includes('Kirill Dmitriev will meet'));
	},
);

test.serial(
	't opens the contents; choosing EU Funding Debate shows it near the top',
	async (t) => {
		const session = startGazette(t, [], {rows: 30});
		await openSeed(session);
		await session.press('t');
		await session.waitFor('Contents');
		for (const title of sectionTitles.slice(0, 4)) {
			// eslint-disable-next-line no-await-in-loop
			await session.press('down');
			// eslint-disable-next-line no-await-in-loop
			await session.waitFor(
				new RegExp(`❯ +▾ ${title.replace('.', String.raw`\.`)}`),
			);
		}

		await session.press('enter');
		await session.waitFor('› ▾ EU Funding Debate');
		t.true(session.row('EU Funding Debate') <= 5);
		t.false(session.screen().includes('Contents'));
	},
);

test.serial(
	'> brings the first Zelenskyy quote into view, drawn with the bar',
	async (t) => {
		const session = startGazette(t, [], {rows: 30});
		await openSeed(session);
		t.false(session.screen().includes('We have progress in our dialogue'));
		// The first quote is the quoted “legitimate target.” in U.S. Diplomatic Push.
		await session.press('>');
		await session.waitFor(/^» .*“legitimate target\.”/m);
		await session.press('>');
		const screen = await session.waitFor('We have progress in our dialogue');
		t.regex(screen, /^» ┃ “We have progress in our dialogue/m);
		await session.press('>');
		await session.waitFor(/^» ┃ “We are in the war/m);
		await session.press('<');
		await session.waitFor(/^» ┃ “We have progress/m);
	},
);

test.serial('a quote in a folded section unfolds it', async (t) => {
	const session = startGazette(t, [], {rows: 30});
	await openSeed(session);
	await session.press('z');
	await session.waitFor("▸ Ukraine's Position");
	await session.press('>');
	await session.waitFor('› ▾ U.S. Diplomatic Push');
	await session.press('>');
	const screen = await session.waitFor('We have progress in our dialogue');
	t.false(screen.includes("▸ Ukraine's Position"));
	// Only the section holding the quote unfolded.
	t.regex(screen, /▸ EU Funding Debate/);
});

test.serial(
	'/Witkoff finds the matches and n, N step through them',
	async (t) => {
		const session = startGazette(t, [], {rows: 30});
		await openSeed(session);
		await session.press('/');
		await session.waitFor(/^\/ ?$/m);
		await session.type('witkoff');
		const prompt = await session.waitFor(/\/witkoff +(\d+) matches/);
		const count = Number(/(\d+) matches/.exec(prompt)![1]);
		t.true(count >= 3);
		await session.press('enter');
		await session.waitFor(/^\d+-\d+\/\d+/m);
		const first = session.screen();
		await session.press('n');
		await session.waitFor((screen) => screen !== first);
		const second = session.screen();
		t.regex(second, /Witkoff/);
		await session.press('N');
		await session.waitFor((screen) => screen !== second);
		// Esc in the prompt clears the search.
		await session.press('/');
		await session.waitFor(/^\/ ?$/m);
		await session.type('kushner');
		await session.waitFor(/\/kushner +\d+ match/);
		await session.press('escape');
		await session.waitFor(/^\d+-\d+\/\d+/m);
		t.false(session.screen().includes('kushner'));
	},
);
