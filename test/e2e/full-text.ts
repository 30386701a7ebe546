import {writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {startGazette} from '../helpers/cli.js';
import {closeAll, tempDir} from '../helpers/pty.js';

test.after.always(() => {
	closeAll();
});

const filler = (count: number, what: string) =>
	Array.from(
		{length: count},
		(_, number) => `Paragraph ${number + 1} about ${what}, and nothing more.`,
	).join('\n\n');

/** Three articles; "lighthouse" is only in the text of "Harbour Notes", twice, far apart: never in a title, a source or a tag. */
function library(): string {
	const folder = tempDir('gazette-fulltext-');
	const write = (name: string, front: string[], body: string) => {
		writeFileSync(
			path.join(folder, name),
			['---', ...front, '---', '', body, ''].join('\n'),
		);
	};

	write(
		'harbour.md',
		['title: Harbour Notes', 'source: Coast Weekly', 'date: 2026-10-01'],
		[
			'The tide came in early.',
			'',
			'At dusk the old lighthouse keeper climbed the stairs once more.',
			'',
			filler(40, 'the weather'),
			'',
			'Nobody has lit the lighthouse since the storm of last winter.',
		].join('\n'),
	);
	write(
		'market.md',
		['title: Market Day', 'source: Town Crier', 'date: 2026-10-02'],
		filler(5, 'vegetables'),
	);
	write(
		'council.md',
		['title: Council Meeting', 'source: Town Crier', 'date: 2026-10-03'],
		filler(5, 'the budget'),
	);
	return folder;
}

test.serial(
	'// searches the text of every article: ranked results with the matching line; Enter opens at the match and n goes to the next',
	async (t) => {
		const session = startGazette(t, ['--dir', library()], {
			rows: 24,
			columns: 100,
		});
		await session.waitFor('gazette · 1/3 articles');

		// The title filter finds nothing: the word is only in an article's text.
		await session.press('/');
		await session.waitFor("// searches every article's text");
		await session.press('/');
		await session.waitFor(/^search all: ?$/m);
		t.true(
			session.screen().includes('Backspace goes back to the title filter'),
		);
		// Backspace over the second `/`: the title filter again.
		await session.press('backspace');
		await session.waitFor(/^\/ ?$/m);
		t.true(session.screen().includes("// searches every article's text"));
		await session.press('/');
		await session.waitFor(/^search all:/m);
		await session.type('lighthouse');
		const results = await session.waitFor(
			'gazette · 1/1 results · search: lighthouse',
		);
		t.regex(results, /❯ .*Harbour Notes/);
		t.regex(results, /old lighthouse keeper climbed the stairs/);
		t.false(results.includes('Market Day'));

		// Enter keeps the results; Enter again opens the one selected, at its first match.
		await session.press('enter');
		await session.waitForGone(/^search all:/m);
		t.true(session.screen().includes('1/1 results · search: lighthouse'));
		await session.press('enter');
		const opened = await session.waitFor('/lighthouse 1/2');
		t.regex(opened, /^Harbour Notes/m);
		t.regex(opened, /old lighthouse keeper/);

		await session.press('n');
		const next = await session.waitFor('/lighthouse 2/2');
		t.regex(next, /Nobody has lit the lighthouse/);
	},
);
