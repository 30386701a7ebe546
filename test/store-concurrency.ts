import {spawn} from 'node:child_process';
import {once} from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import test from 'ava';
import {
	acquireLock,
	loadConf,
	openStore,
	Store,
} from '../source/store/store.js';
import {startWriter} from './helpers/store-writers.js';

test.before(async () => {
	await loadConf();
});

test('four processes writing 50 records each at once leave all 200', async (t) => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-store-'));
	const prefixes = ['north', 'south', 'east', 'west'];
	const writers = prefixes.map((prefix) =>
		startWriter(directory, prefix, 50, {mode: 'wait-for-go'}),
	);
	await Promise.all(writers.map(async (writer) => writer.printed('ready')));
	for (const writer of writers) {
		writer.go();
	}

	const results = await Promise.all(
		writers.map(async (writer) => writer.result()),
	);
	for (const result of results) {
		t.true(result.writable);
		t.true(result.saved);
		t.deepEqual(result.warnings, []);
	}

	const store = await openStore({stateDir: directory});
	const expected = prefixes
		.flatMap((prefix) =>
			Array.from({length: 50}, (_, index) => `${prefix}-${index}`),
		)
		.sort();
	t.deepEqual(Object.keys(store.data.articles).sort(), expected);
	t.true(Object.values(store.data.articles).every((article) => article.read));
	t.false(fs.existsSync(`${store.path}.lock`));
	store.close();
});

function stateOf(directory: string) {
	return Store.open({stateDir: directory}).data.articles;
}

test('a writer stopped (SIGSTOP) inside its write keeps its lock however long: the next writer waits, and both writes survive', async (t) => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-store-'));
	Store.open({stateDir: directory}).close();
	// A stale age far below the pause: judged by age alone, the stopped writer's lock would be taken over.
	const lock = {staleMs: 200, timeoutMs: 30_000};
	const stopped = startWriter(directory, 'stopped', 1, {
		mode: 'pause-in-write',
		lock,
	});
	await stopped.printed('locked');
	process.kill(stopped.pid, 'SIGSTOP');
	let next: ReturnType<typeof startWriter> | undefined;
	try {
		next = startWriter(directory, 'next', 1, {mode: 'now', lock});
		// Well past the stale age: the next writer must still be waiting.
		await new Promise((resolve) => {
			setTimeout(resolve, 1500);
		});
		t.false(next.finished, 'the next writer took the lock of a live process');
	} finally {
		process.kill(stopped.pid, 'SIGCONT');
	}

	const [first, second] = await Promise.all([stopped.result(), next.result()]);
	t.true(first.saved);
	t.true(second.saved);
	const articles = stateOf(directory);
	t.true(articles['stopped-0']?.read);
	t.true(articles['next-0']?.read);
});

test('a writer whose lock was taken over meanwhile writes nothing from its old read: it starts again and keeps the other write', async (t) => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-store-'));
	Store.open({stateDir: directory}).close();
	const stopped = startWriter(directory, 'stopped', 1, {
		mode: 'pause-in-write',
	});
	await stopped.printed('locked');
	process.kill(stopped.pid, 'SIGSTOP');
	try {
		// As if the lock had been judged stale (another host, a reused pid): taken over, and another write made.
		fs.rmSync(path.join(directory, 'config.json.lock'), {recursive: true});
		const other = Store.open({stateDir: directory});
		other.updateArticle('other', {bookmarked: true}, {immediate: true});
		other.close();
	} finally {
		process.kill(stopped.pid, 'SIGCONT');
	}

	const result = await stopped.result();
	t.true(result.saved);
	const articles = stateOf(directory);
	t.true(articles['stopped-0']?.read);
	t.true(articles.other?.bookmarked);
});

test('background: a write that finds the lock held returns at once, and is written once the lock is free', async (t) => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-store-'));
	const store = Store.open({
		stateDir: directory,
		background: true,
		lock: {timeoutMs: 60_000},
	});
	// Held by this very process: a synchronous wait here would never end.
	const held = acquireLock(store.path);
	store.updateArticle('waiting', {bookmarked: true}, {immediate: true});
	t.is(store.unsaved, 1);
	t.true(store.article('waiting').bookmarked);
	held.release();
	while (store.unsaved > 0) {
		// eslint-disable-next-line no-await-in-loop
		await delay(10);
	}

	t.true(Store.open({stateDir: directory}).article('waiting').bookmarked);
	store.close();
});

test('a lock left by a process that is gone is taken over at once, whatever its age', async (t) => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-store-'));
	Store.open({stateDir: directory}).close();
	const gone = spawn(process.execPath, ['-e', '']);
	await once(gone, 'close');
	const lockFolder = path.join(directory, 'config.json.lock');
	fs.mkdirSync(lockFolder);
	fs.writeFileSync(
		path.join(lockFolder, 'owner'),
		JSON.stringify({pid: gone.pid, host: os.hostname(), token: 'left-over'}),
	);
	// Judged by age, this fresh lock would hold for a minute; the write may wait one second.
	const store = Store.open({
		stateDir: directory,
		lock: {staleMs: 60_000, timeoutMs: 1000},
	});
	store.updateArticle('after', {read: true}, {immediate: true});
	t.is(store.unsaved, 0);
	t.is(store.getSnapshot().saving, undefined);
	t.true(Store.open({stateDir: directory}).article('after').read);
	store.close();
});

test('a lock held too long makes a write fail for now, not for good: it is tried again, and the status says when saving works again', async (t) => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-store-'));
	const store = Store.open({stateDir: directory, lock: {timeoutMs: 200}});
	const held = acquireLock(store.path);
	store.updateArticle('later', {bookmarked: true}, {immediate: true});
	t.is(store.unsaved, 1);
	t.true(store.writable);
	t.regex(
		store.getSnapshot().saving ?? '',
		/^not saved: another gazette process kept the state locked for too long — retrying$/,
	);
	held.release();
	while (store.unsaved > 0) {
		// eslint-disable-next-line no-await-in-loop
		await delay(20);
	}

	t.regex(store.getSnapshot().saving ?? '', /saved again/);
	t.true(Store.open({stateDir: directory}).article('later').bookmarked);
	// The next write clears the status.
	store.updateArticle('next', {read: true}, {immediate: true});
	t.is(store.getSnapshot().saving, undefined);
	store.close();
});

test('writers queued behind each other all get their turn: the wait times out only when the lock stops changing hands', async (t) => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-store-'));
	Store.open({stateDir: directory}).close();
	// Each holds the lock for a second; six in a row take twice the time any one of them may wait without progress.
	const lock = {timeoutMs: 3000};
	const writers = Array.from({length: 6}, (_, index) =>
		startWriter(directory, `queued${index}`, 1, {mode: 'pause-in-write', lock}),
	);
	const results = await Promise.all(
		writers.map(async (writer) => writer.result()),
	);
	t.deepEqual(
		results.map((result) => result.saved),
		Array.from({length: 6}, () => true),
	);
	const articles = stateOf(directory);
	t.is(Object.keys(articles).filter((id) => id.startsWith('queued')).length, 6);
});

test('background: opening waits for a held lock without blocking the thread, and opens once it is free', async (t) => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-store-'));
	const first = Store.open({stateDir: directory});
	first.updateArticle('kept', {bookmarked: true}, {immediate: true});
	first.close();
	const held = acquireLock(path.join(directory, 'config.json'));
	const store = Store.open({
		stateDir: directory,
		deferOpen: true,
		background: true,
		lock: {timeoutMs: 60_000},
	});
	let ticks = 0;
	const ticker = setInterval(() => {
		ticks++;
	}, 5);
	// Held by this very process: a synchronous wait would never return to let it go.
	const opening = store.completeOpen();
	await delay(100);
	t.true(ticks > 0);
	held.release();
	await opening;
	clearInterval(ticker);
	t.true(store.writable);
	t.true(store.article('kept').bookmarked);
	store.updateArticle('after', {read: true}, {immediate: true});
	t.is(store.unsaved, 0);
	store.close();
});

test('a lock held too long while the store opens leaves it writable: the first write after takes the lock and saves', (t) => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-store-'));
	const first = Store.open({stateDir: directory});
	first.updateArticle('kept', {bookmarked: true}, {immediate: true});
	first.close();
	const held = acquireLock(path.join(directory, 'config.json'));
	const store = Store.open({stateDir: directory, lock: {timeoutMs: 200}});
	t.true(store.writable);
	t.true(store.article('kept').bookmarked);
	held.release();
	store.updateArticle('after', {read: true}, {immediate: true});
	t.is(store.unsaved, 0);
	const reopened = Store.open({stateDir: directory});
	t.true(reopened.article('kept').bookmarked);
	t.true(reopened.article('after').read);
	store.close();
});
