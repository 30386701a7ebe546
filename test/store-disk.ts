import {Buffer} from 'node:buffer';
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import test from 'ava';
import {loadConf, Store} from '../source/store/store.js';
import {saveComment} from '../source/store/writes.js';
import {runCli} from './helpers/pty.js';
import {sampleComment} from './helpers/store-data.js';

test.before(async () => {
	await loadConf();
});

/** A folder on a tmpfs of `kilobytes`, unmounted at the end of the test; undefined when this process cannot mount. */
function smallDisk(t: {teardown: (fn: () => void) => void}, kilobytes: number) {
	if (process.platform !== 'linux' || process.getuid?.() !== 0) {
		return undefined;
	}

	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-full-'));
	try {
		execFileSync(
			'mount',
			['-t', 'tmpfs', '-o', `size=${kilobytes}k`, 'tmpfs', folder],
			{stdio: 'ignore'},
		);
	} catch {
		return undefined;
	}

	t.teardown(() => {
		execFileSync('umount', [folder]);
		fs.rmdirSync(folder);
	});
	return folder;
}

/** Fill the disk until only about `free` bytes are left. */
function fillUntil(folder: string, free: number) {
	const {bavail, bsize} = fs.statfsSync(folder);
	const available = Number(bavail) * Number(bsize);
	fs.writeFileSync(
		path.join(folder, 'filler'),
		Buffer.alloc(Math.max(0, available - free)),
	);
}

const target = {
	articleId: 'a',
	sectionId: null,
	quote: null,
	parentId: null,
};

test('a full disk: the save fails loudly, says so, and the previous file stays whole', (t) => {
	const folder = smallDisk(t, 256);
	if (folder === undefined) {
		t.log('skipped: mounting a small tmpfs needs root on Linux');
		t.pass();
		return;
	}

	const store = Store.open({stateDir: folder, debounceMs: 60_000});
	t.true(saveComment(store, target, {name: 'Ada', email: '', body: 'kept'}).ok);
	const before = fs.readFileSync(store.path, 'utf8');
	const commentsBefore = fs.readFileSync(
		path.join(folder, 'comments.json'),
		'utf8',
	);
	fillUntil(folder, 20 * 1024);

	const result = saveComment(store, target, {
		name: 'Ada',
		email: '',
		body: 'x'.repeat(30 * 1024),
	});
	t.true(result.ok);
	t.is(fs.readFileSync(store.path, 'utf8'), before);
	t.is(
		fs.readFileSync(path.join(folder, 'comments.json'), 'utf8'),
		commentsBefore,
	);
	t.regex(
		store.getSnapshot().saving ?? '',
		/not saved: no space left on device/,
	);
	t.false(store.flush());
	// Nothing left behind but the filler and the state file.
	t.deepEqual(fs.readdirSync(folder).sort(), [
		'comments.json',
		'config.json',
		'filler',
	]);

	// Space again: the next try saves everything, and the status says so.
	fs.rmSync(path.join(folder, 'filler'));
	t.true(store.flush());
	t.regex(store.getSnapshot().saving ?? '', /saved again/i);
	const reopened = Store.open({stateDir: folder});
	t.is(reopened.comments().length, 2);
	store.close();
});

test('a full disk while conf moves the comments of a 0.2 file to comments.json: the store says why, shows every comment, and config.json stays whole', (t) => {
	const folder = smallDisk(t, 256);
	if (folder === undefined) {
		t.log('skipped: mounting a small tmpfs needs root on Linux');
		t.pass();
		return;
	}

	const comments = Array.from({length: 3}, (_, index) =>
		sampleComment({id: `c${index}`, body: 'x'.repeat(10 * 1024)}),
	);
	const original = JSON.stringify({
		__internal__: {migrations: {version: '0.2.0'}},
		comments,
	});
	const file = path.join(folder, 'config.json');
	fs.writeFileSync(file, original);
	fillUntil(folder, 20 * 1024);

	const store = Store.open({stateDir: folder});
	t.false(store.writable);
	t.regex(store.warnings.join('\n'), /no space left on device/);
	t.is(store.comments().length, 3);
	t.is(fs.readFileSync(file, 'utf8'), original);
	t.false(fs.existsSync(path.join(folder, 'comments.json')));
	store.close();
});

test('gazette comment on a full disk exits 1 and says why; the comments saved before are all there', async (t) => {
	const folder = smallDisk(t, 256);
	if (folder === undefined) {
		t.log('skipped: mounting a small tmpfs needs root on Linux');
		t.pass();
		return;
	}

	const comment = async (text: string) =>
		runCli(
			['comment', 'miami-summit', '--state-dir', folder, '--name', 'Ada'],
			{input: text},
		);
	const kept = await comment('kept');
	t.is(kept.exitCode, 0);
	const commentsFile = path.join(folder, 'comments.json');
	const before = fs.readFileSync(commentsFile, 'utf8');
	fillUntil(folder, 20 * 1024);
	const full = await comment('x'.repeat(30 * 1024));
	t.is(full.exitCode, 1);
	t.regex(full.stderr, /not saved: no space left on device/);
	t.is(full.stdout, '');
	t.is(fs.readFileSync(commentsFile, 'utf8'), before);
	fs.rmSync(path.join(folder, 'filler'));
	const listed = await runCli(['comments', '--json', '--state-dir', folder]);
	t.deepEqual(
		(JSON.parse(listed.stdout) as Array<{body: string}>).map(({body}) => body),
		['kept'],
	);
});
