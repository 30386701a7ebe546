import {chmodSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {openSeed, startGazette, storedComments} from '../helpers/cli.js';
import {closeAll, runCli, type Session, tempDir} from '../helpers/pty.js';

test.after.always(() => {
	closeAll();
});

async function openComposerOnMiamiMeeting(session: Session): Promise<void> {
	await openSeed(session);
	// From the top: a restarted reader resumes where it was.
	await session.press('g');
	await session.waitFor(/^1-\d+\/\d+/m);
	await session.press(']');
	await session.waitFor('› ▾ The Miami Meeting');
	await session.press('c');
	await session.waitFor('Leave a Reply — on “The Miami Meeting”');
}

async function writeComment(
	session: Session,
	name: string,
	body: string,
	email = '',
): Promise<void> {
	await session.type(name);
	await session.press('tab');
	await session.type(email);
	await session.press('tab');
	await session.type(body);
}

test.serial(
	'the Comments section ends every article and invites the first comment',
	async (t) => {
		const session = startGazette(t, [], {rows: 30});
		await openSeed(session);
		await session.press('G');
		const screen = await session.waitFor('▾ Comments');
		t.regex(screen, /No comments yet\. Why don’t you start the discussion\?/);
		t.regex(screen, /Press c to leave a reply/);
	},
);

test.serial(
	'c, a name, Tab, Tab, a comment, Ctrl+S: the comment shows under Comments, and again after a restart',
	async (t) => {
		const session = startGazette(t, [], {rows: 40});
		await openComposerOnMiamiMeeting(session);
		t.regex(
			session.screen(),
			/Your email address will not be published\. Required fields are marked \*/,
		);
		await writeComment(
			session,
			'Ada Reader',
			'A clear account of the talks.',
			'ada@example.org',
		);
		await session.waitFor('A clear account of the talks.');
		await session.press('ctrl-s');
		const saved = await session.waitFor(
			/▾ Ada Reader · \d{4}-\d\d-\d\d \d\d:\d\d/,
		);
		t.regex(saved, /On “The Miami Meeting”/);
		t.regex(saved, /A clear account of the talks\./);
		t.false(saved.includes('ada@example.org'));
		// The section shows its comment count.
		await session.press('g');
		await session.waitFor(/▾ The Miami Meeting {2}✎ 1/);
		await session.press('q');
		await session.waitFor('q quit');
		await session.press('q');
		await session.exited();

		const again = startGazette(t, [], {rows: 40, stateDir: session.stateDir});
		await again.waitFor(/Miami Summit.*\(1\)/);
		await openSeed(again);
		await again.press('G');
		await again.waitFor('A clear account of the talks.');
		t.like(storedComments(session.stateDir)[0], {
			author: 'Ada Reader',
			email: 'ada@example.org',
			sectionId: 'the-miami-meeting',
			parentId: null,
		});
	},
);

test.serial(
	'a comment without a name is refused with a message, and nothing is saved',
	async (t) => {
		const session = startGazette(t, [], {rows: 40});
		await openComposerOnMiamiMeeting(session);
		await session.press('tab', 'tab');
		await session.type('No name on this one');
		await session.press('ctrl-s');
		await session.waitFor('Name is required.');
		t.regex(session.screen(), /Leave a Reply/);
		// Whitespace only is not a name either.
		await session.type('   ');
		await session.press('ctrl-s');
		await session.waitFor('Name is required.');
		await session.press('escape');
		await session.waitFor('Draft kept');
		await session.press('q');
		await session.waitFor('q quit');
		await session.press('q');
		await session.exited();
		t.deepEqual(storedComments(session.stateDir), []);
	},
);

test.serial(
	'kill -9 two seconds after typing: the draft comes back at the same place',
	async (t) => {
		const session = startGazette(t, [], {rows: 40});
		await openComposerOnMiamiMeeting(session);
		await writeComment(session, 'Grace', 'Half-written thoughts about Berlin');
		await session.waitFor('Half-written thoughts about Berlin');
		await new Promise((resolve) => {
			setTimeout(resolve, 2000);
		});
		session.kill('SIGKILL');
		await session.exited();

		const again = startGazette(t, [], {rows: 40, stateDir: session.stateDir});
		// The list marks the article with an unsaved draft.
		await again.waitFor(/✎ +Miami Summit/);
		await openComposerOnMiamiMeeting(again);
		const screen = await again.waitFor('Half-written thoughts about Berlin');
		t.regex(screen, /Name \* +Grace/);
	},
);

test.serial(
	'a reply renders under its parent, indented; d deletes after asking and u undoes',
	async (t) => {
		const session = startGazette(t, [], {rows: 40});
		await openComposerOnMiamiMeeting(session);
		await writeComment(session, 'Ada', 'First thought.');
		await session.press('ctrl-s');
		await session.waitFor(/› +▾ Ada ·/);
		await session.press('r');
		await session.waitFor('Reply to Ada');
		// The name is remembered from the last comment.
		t.regex(session.screen(), /Name \* +Ada/);
		// With the name known, the cursor starts in the comment.
		await session.type('Agreed, and more.');
		await session.press('ctrl-s');
		await session.waitFor('↳ Ada ·');
		const parentRow = session.row('▾ Ada ·');
		const replyRow = session.row('↳ Ada ·');
		t.true(replyRow > parentRow);
		const parentIndent = session.lines()[parentRow].indexOf('▾');
		const replyIndent = session.lines()[replyRow].indexOf('▾');
		t.true(replyIndent > parentIndent);

		// Delete the reply: asked first; n keeps it, y deletes it, u brings it back.
		await session.press('d');
		await session.waitFor('Delete the comment by Ada? (y/n)');
		await session.press('n');
		await session.waitFor('Kept.');
		await session.press('d');
		await session.waitFor('(y/n)');
		await session.press('y');
		await session.waitFor('Comment deleted. Press u to undo.');
		t.false(session.screen().includes('Agreed, and more.'));
		await session.press('u');
		await session.waitFor('Agreed, and more.');
		t.is(storedComments(session.stateDir).length, 2);
	},
);

test.serial(
	'Ctrl+E writes the comment in $EDITOR and takes the text back',
	async (t) => {
		const folder = tempDir();
		const editor = path.join(folder, 'fake-editor.sh');
		writeFileSync(
			editor,
			'#!/bin/sh\nprintf "Written in the editor.\\n" >> "$1"\n',
		);
		chmodSync(editor, 0o755);
		const session = startGazette(t, [], {
			rows: 40,
			env: {EDITOR: editor, VISUAL: undefined},
		});
		await openComposerOnMiamiMeeting(session);
		await session.type('Edna');
		await session.press('tab', 'tab');
		await session.type('Typed first.');
		await session.press('ctrl-e');
		await session.waitFor('Written in the editor.');
		t.regex(
			session.screen(),
			/Typed first\.Written in the editor\.|Typed first\./,
		);
		await session.press('ctrl-s');
		await session.waitFor(/› +▾ Edna ·/);
		const [comment] = storedComments(session.stateDir);
		t.is(comment?.body, 'Typed first.Written in the editor.');
	},
);

test.serial(
	'comments --markdown holds the body and not the email; --json has no email either',
	async (t) => {
		const stateDir = tempDir('gazette-state-');
		const added = await runCli([
			'comment',
			'miami-summit',
			'--state-dir',
			stateDir,
			'--name',
			'Ada',
			'--email',
			'ada@example.org',
			'--section',
			'eu-funding-debate',
			'--text',
			'The loan matters most.',
		]);
		t.is(added.exitCode, 0);
		const id = added.stdout.trim();
		t.regex(id, /^[\da-f-]{36}$/);
		const reply = await runCli(
			[
				'comment',
				'miami-summit',
				'--state-dir',
				stateDir,
				'--name',
				'Bo',
				'--reply-to',
				id,
			],
			{input: 'From stdin.\n'},
		);
		t.is(reply.exitCode, 0);
		const markdown = await runCli([
			'comments',
			'miami-summit',
			'--markdown',
			'--state-dir',
			stateDir,
		]);
		t.is(markdown.exitCode, 0);
		t.regex(markdown.stdout, /The loan matters most\./);
		t.regex(markdown.stdout, /From stdin\./);
		t.regex(markdown.stdout, /EU Funding Debate/);
		t.false(markdown.stdout.includes('ada@example.org'));
		const exported = await runCli([
			'comments',
			'--json',
			'--state-dir',
			stateDir,
		]);
		const json = JSON.parse(exported.stdout) as Array<Record<string, unknown>>;
		t.is(json.length, 2);
		t.false(json.some((entry) => 'email' in entry));
		const withEmail = await runCli([
			'comments',
			'--json',
			'--include-email',
			'--state-dir',
			stateDir,
		]);
		t.true(withEmail.stdout.includes('ada@example.org'));
	},
);

test.serial(
	'comment: an unknown article, section or parent, or a missing name, is a clear error with exit 1',
	async (t) => {
		const stateDir = tempDir('gazette-state-');
		const base = ['--state-dir', stateDir, '--name', 'Ada', '--text', 'x'];
		const unknownArticle = await runCli(['comment', 'nope', ...base]);
		t.is(unknownArticle.exitCode, 1);
		t.regex(unknownArticle.stderr, /no article with the id "nope"/);
		const unknownSection = await runCli([
			'comment',
			'miami-summit',
			...base,
			'--section',
			'nowhere',
		]);
		t.is(unknownSection.exitCode, 1);
		t.regex(unknownSection.stderr, /no section "nowhere"/);
		const unknownParent = await runCli([
			'comment',
			'miami-summit',
			...base,
			'--reply-to',
			'missing',
		]);
		t.is(unknownParent.exitCode, 1);
		t.regex(unknownParent.stderr, /no comment with the id "missing"/);
		const noName = await runCli([
			'comment',
			'miami-summit',
			'--state-dir',
			stateDir,
			'--text',
			'x',
		]);
		t.is(noName.exitCode, 1);
		t.regex(noName.stderr, /Name is required/);
		const blank = await runCli([
			'comment',
			'miami-summit',
			'--state-dir',
			stateDir,
			'--name',
			'Ada',
			'--text',
			'   ',
		]);
		t.is(blank.exitCode, 1);
		t.regex(blank.stderr, /Comment is required/);
	},
);

test.serial(
	// The lock itself is proven in-process by test/store-concurrency.ts; this keeps the check through the CLI.
	'four comment processes adding 3 comments each at once leave all 12',
	async (t) => {
		const stateDir = tempDir('gazette-state-');
		const writer = async (name: string) => {
			for (let index = 0; index < 3; index++) {
				// eslint-disable-next-line no-await-in-loop
				const result = await runCli([
					'comment',
					'miami-summit',
					'--state-dir',
					stateDir,
					'--name',
					name,
					'--text',
					`${name} ${index}`,
				]);
				if (result.exitCode !== 0) {
					throw new Error(result.stderr);
				}
			}
		};

		await Promise.all(
			['w1', 'w2', 'w3', 'w4'].map(async (name) => writer(name)),
		);
		const bodies = new Set(
			storedComments(stateDir).map((comment) => comment.body),
		);
		t.is(bodies.size, 12);
	},
);

test.serial(
	'c on a focused quote starts the comment with the quote; e edits a comment and keeps the edited time',
	async (t) => {
		const session = startGazette(t, [], {rows: 40});
		await openSeed(session);
		await session.press('>', '>');
		await session.waitFor(/^» ┃ “We have progress/m);
		await session.press('c');
		await session.waitFor("Leave a Reply — on “Ukraine's Position”");
		const composer = await session.waitFor(
			/│ > “We have progress in our dialogue/,
		);
		t.regex(composer, /Comment \*/);
		await session.type('Quoting');
		await session.press('tab', 'tab');
		await session.type('This is the key line.');
		await session.press('ctrl-s');
		const saved = await session.waitFor(/› +▾ Quoting ·/);
		t.regex(saved, /On “Ukraine's Position”/);
		t.regex(saved, /┃ “We have progress in our dialogue/);
		await session.press('e');
		await session.waitFor('Edit your comment');
		await session.type(' Edited.');
		await session.press('ctrl-s');
		await session.waitFor(/▾ Quoting · [\d-]+ [\d:]+ · edited [\d-]+ [\d:]+/);
		const [comment] = storedComments(session.stateDir);
		t.regex(String(comment?.body), /This is the key line\. Edited\.$/);
		t.is(
			comment?.quote,
			'“We have progress in our dialogue with the American side regarding some of our points, they also speak with Russian side,” he told reporters.',
		);
		t.not(comment?.createdAt, undefined);
	},
);

test.serial(
	'a 100,000-character comment is accepted and scrolls in the reader',
	async (t) => {
		const stateDir = tempDir('gazette-state-');
		const body = Array.from(
			{length: 2000},
			(_, index) => `Paragraph ${index} of a very long comment.`,
		)
			.join('\n\n')
			.slice(0, 100_000);
		const added = await runCli(
			['comment', 'miami-summit', '--state-dir', stateDir, '--name', 'Long'],
			{input: body},
		);
		t.is(added.exitCode, 0);
		const session = startGazette(t, [], {rows: 30, stateDir});
		await openSeed(session);
		await session.press('G');
		const end = await session.waitFor(/ 100%/);
		t.regex(end, /Paragraph \d+ of a very long comment/);
		await session.press('b');
		await session.waitFor((screen) => screen !== end);
	},
);
