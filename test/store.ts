import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {setTimeout as delay} from 'node:timers/promises';
import test, {type ExecutionContext} from 'ava';
import Conf from 'conf';
import {draftKey} from '../source/comments/comment.js';
import {
	acquireLock,
	loadConf,
	openStore,
	Store,
} from '../source/store/store.js';
import {
	defaultArticleState,
	defaultSettings,
	type StoreData,
} from '../source/store/types.js';
import {sampleComment} from './helpers/store-data.js';
import {startWriter} from './helpers/store-writers.js';

test.before(async () => {
	await loadConf();
});

function temporaryDirectory(): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-store-'));
}

function configFile(directory: string): string {
	return path.join(directory, 'config.json');
}

function readJson(file: string): Record<string, unknown> & Partial<StoreData> {
	return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown> &
		Partial<StoreData>;
}

function backups(directory: string): string[] {
	return fs
		.readdirSync(directory)
		.filter((name) => name.startsWith('config.json.corrupt-'))
		.map((name) => path.join(directory, name));
}

/** The stamp conf leaves in the file: which migrations have run. */
function migratedTo(version: string): Record<string, unknown> {
	return Object.fromEntries([['__internal__', {migrations: {version}}]]);
}

const emptyState: StoreData = {
	articles: {},
	settings: defaultSettings,
	comments: [],
	drafts: {},
	feeds: {subscriptions: {}, fetch: {}},
};

test('a fresh folder starts from the schema defaults, and a flush writes config.json', (t) => {
	const directory = temporaryDirectory();
	const store = Store.open({stateDir: directory});
	t.is(store.path, configFile(directory));
	t.true(store.writable);
	t.deepEqual(store.warnings, []);
	t.deepEqual(store.data, emptyState);
	t.deepEqual(store.settings(), {
		name: '',
		email: '',
		theme: 'default',
		maxWidth: 100,
	});
	t.deepEqual(store.article('never-opened'), defaultArticleState());
	t.deepEqual(store.comments(), []);
	t.deepEqual(store.drafts(), {});
	t.is(store.draft('nothing'), undefined);

	store.updateArticle('first', {read: true});
	store.flush();
	const file = readJson(store.path);
	t.deepEqual(file.articles, {first: {...defaultArticleState(), read: true}});
	t.deepEqual(file.settings, defaultSettings);
	t.false('comments' in file);
	t.deepEqual(readJson(path.join(directory, 'comments.json')).comments, []);
	t.deepEqual(file.drafts, {});
	store.close();
});

test('a 0.1.0 file is migrated to one record per article, and the old keys are removed', (t) => {
	const directory = temporaryDirectory();
	fs.writeFileSync(
		configFile(directory),
		JSON.stringify({
			...migratedTo('0.1.0'),
			read: ['a'],
			bookmarks: ['b'],
			positions: {a: {section: 'x', line: 3}},
		}),
	);
	const store = Store.open({stateDir: directory});
	t.deepEqual(store.warnings, []);
	t.deepEqual(store.data.articles, {
		a: {
			...defaultArticleState(),
			read: true,
			progress: 100,
			position: {sectionId: 'x', lineInSection: 3},
		},
		b: {...defaultArticleState(), bookmarked: true},
	});

	const file = readJson(store.path);
	t.false('read' in file);
	t.false('bookmarks' in file);
	t.false('positions' in file);
	t.deepEqual(file.__internal__, {migrations: {version: '0.3.0'}});
	t.deepEqual(file.articles, store.data.articles);
	store.close();
});

type ConfCall = {file: string; written?: Record<string, unknown>};

/** Record every read and write of conf's `store` while `action` runs (synchronous: no other test runs meanwhile). */
function confCalls(action: () => void): ConfCall[] {
	const calls: ConfCall[] = [];
	const descriptor = Object.getOwnPropertyDescriptor(Conf.prototype, 'store')!;
	Object.defineProperty(Conf.prototype, 'store', {
		...descriptor,
		get(this: Conf) {
			calls.push({file: path.basename(this.path)});
			return descriptor.get!.call(this) as unknown;
		},
		set(this: Conf, value: Record<string, unknown>) {
			calls.push({
				file: path.basename(this.path),
				written: structuredClone(value),
			});
			descriptor.set!.call(this, value);
		},
	});
	try {
		action();
	} finally {
		Object.defineProperty(Conf.prototype, 'store', descriptor);
	}

	return calls;
}

function stampOf(value: Record<string, unknown> | undefined): unknown {
	return (value?.__internal__ as {migrations?: {version?: string}} | undefined)
		?.migrations?.version;
}

test("conf reads, migrates and writes the state files: its migrations run one layout at a time, and the store's writes go through it", (t) => {
	const directory = temporaryDirectory();
	fs.writeFileSync(
		configFile(directory),
		JSON.stringify({
			...migratedTo('0.1.0'),
			read: ['a'],
			comments: [sampleComment()],
		}),
	);
	let store: Store | undefined;
	const opening = confCalls(() => {
		store = Store.open({stateDir: directory, debounceMs: 60_000});
	});
	const writes = opening.filter(({written}) => written !== undefined);
	// Conf stamps each migration as it runs it: 0.2.0 (one record per article), then 0.3.0 (the comments in their own file).
	t.deepEqual(
		writes
			.filter(({file}) => file === 'config.json')
			.map(({written}) => stampOf(written))
			.filter((version, index, all) => version !== all[index - 1]),
		['0.1.0', '0.2.0', '0.3.0'],
	);
	t.true(
		writes.some(
			({file, written}) =>
				file === 'comments.json' &&
				(written?.comments as unknown[] | undefined)?.length === 1,
		),
	);
	t.true(opening.some(({file, written}) => file === 'config.json' && !written));
	t.is(stampOf(readJson(configFile(directory))), '0.3.0');
	t.is(stampOf(readJson(path.join(directory, 'comments.json'))), '0.3.0');

	const saving = confCalls(() => {
		store!.updateArticle('b', {bookmarked: true}, {immediate: true});
	});
	t.deepEqual(
		saving.map(({file, written}) => [
			file,
			(written?.articles as Record<string, {bookmarked?: boolean}> | undefined)
				?.b?.bookmarked,
		]),
		[['config.json', true]],
	);
	t.true(readJson(configFile(directory)).articles?.b?.bookmarked);
	store!.close();
});

for (const internal of [
	{migrations: {version: 'soon'}},
	{migrations: {version: 3}},
	{migrations: 'none'},
	5,
]) {
	test(`a layout stamp that is not a version (__internal__: ${JSON.stringify(internal)}) is replaced, and the state kept`, (t) => {
		const directory = temporaryDirectory();
		fs.writeFileSync(
			configFile(directory),
			JSON.stringify({
				__internal__: internal,
				articles: {kept: {read: true}},
			}),
		);
		const store = Store.open({stateDir: directory});
		t.true(store.writable);
		t.deepEqual(store.warnings, []);
		t.true(store.article('kept').read);
		t.is(stampOf(readJson(configFile(directory))), '0.3.0');
		t.true(readJson(configFile(directory)).articles?.kept?.read);
		store.close();
	});
}

test('a 0.1.0 file whose lists are damaged is moved aside, not half migrated', (t) => {
	const directory = temporaryDirectory();
	const original = JSON.stringify({
		...migratedTo('0.1.0'),
		read: 'a',
		bookmarks: [],
	});
	fs.writeFileSync(configFile(directory), original);
	const store = Store.open({stateDir: directory});
	const [backup] = backups(directory);
	t.truthy(backup);
	t.is(fs.readFileSync(backup, 'utf8'), original);
	t.regex(store.warnings[0] ?? '', /`read` is not a list/);
	t.deepEqual(store.data, emptyState);
	store.close();
});

test("without a state folder the file is in conf's per-user config folder", (t) => {
	if (process.platform !== 'linux') {
		t.pass();
		return;
	}

	const home = temporaryDirectory();
	const saved = process.env.XDG_CONFIG_HOME;
	process.env.XDG_CONFIG_HOME = home;
	let store: Store;
	try {
		store = Store.open({});
	} finally {
		if (saved === undefined) {
			delete process.env.XDG_CONFIG_HOME;
		} else {
			process.env.XDG_CONFIG_HOME = saved;
		}
	}

	t.is(store.path, path.join(home, 'gazette-nodejs', 'config.json'));
	t.true(store.writable);
	store.updateArticle('here', {read: true}, {immediate: true});
	t.true(readJson(store.path).articles?.here?.read);
	store.close();
});

test('the default state file is where conf itself would put it', (t) => {
	const home = temporaryDirectory();
	const saved = process.env.XDG_CONFIG_HOME;
	process.env.XDG_CONFIG_HOME = home;
	try {
		const conf = new Conf({projectName: 'gazette', configName: 'config'});
		t.is(Store.open({deferOpen: true}).path, conf.path);
	} finally {
		if (saved === undefined) {
			delete process.env.XDG_CONFIG_HOME;
		} else {
			process.env.XDG_CONFIG_HOME = saved;
		}
	}
});

test('a state folder removed while gazette runs is created again at the next write', (t) => {
	const directory = temporaryDirectory();
	const stateDir = path.join(directory, 'state');
	const store = Store.open({stateDir});
	fs.rmSync(stateDir, {recursive: true});
	store.updateArticle('again', {read: true}, {immediate: true});
	t.true(store.writable);
	t.deepEqual(store.warnings, []);
	t.true(readJson(store.path).articles?.again?.read);
	store.close();
});

test('update() waits for the debounce; flush() writes at once', (t) => {
	const directory = temporaryDirectory();
	const store = Store.open({stateDir: directory, debounceMs: 60_000});
	const before = fs.readFileSync(store.path, 'utf8');
	store.updateArticle('slow', {progress: 40});
	t.is(store.article('slow').progress, 40);
	t.is(fs.readFileSync(store.path, 'utf8'), before);

	store.flush();
	t.is(readJson(store.path).articles?.slow?.progress, 40);
	store.close();
});

test('a queued change is written when the debounce runs out, without a flush', async (t) => {
	const directory = temporaryDirectory();
	const store = Store.open({stateDir: directory, debounceMs: 50});
	store.update((data) => {
		data.settings.theme = 'paper';
	});
	t.not(readJson(store.path).settings?.theme, 'paper');
	// Poll rather than sleep a fixed time: under load Node may run a longer timer's callback before an earlier-due shorter one.
	const deadline = Date.now() + 5000;
	while (
		readJson(store.path).settings?.theme !== 'paper' &&
		Date.now() < deadline
	) {
		// eslint-disable-next-line no-await-in-loop
		await delay(20);
	}

	t.is(readJson(store.path).settings?.theme, 'paper');
	store.close();
});

test('an immediate update is on disk when it returns', (t) => {
	const directory = temporaryDirectory();
	const store = Store.open({stateDir: directory, debounceMs: 60_000});
	store.updateArticle('marked', {bookmarked: true}, {immediate: true});
	t.true(readJson(store.path).articles?.marked?.bookmarked);
	store.close();
});

test('article ids with dots stay whole keys', (t) => {
	const directory = temporaryDirectory();
	const store = Store.open({stateDir: directory});
	store.updateArticle('2026.11.26-budget.md', {read: true}, {immediate: true});
	t.true(readJson(store.path).articles?.['2026.11.26-budget.md']?.read);
	t.true(
		Store.open({stateDir: directory}).article('2026.11.26-budget.md').read,
	);
	store.close();
});

test("two windows on one folder keep both changes, and reload() shows the other window's", (t) => {
	const directory = temporaryDirectory();
	const first = Store.open({stateDir: directory, debounceMs: 60_000});
	const second = Store.open({stateDir: directory, debounceMs: 60_000});
	first.updateArticle('x', {read: true});
	second.updateArticle('y', {bookmarked: true});
	first.flush();
	second.flush();

	const {articles} = readJson(configFile(directory));
	t.true(articles?.x?.read);
	t.true(articles?.y?.bookmarked);
	// Flushing re-read the file, so the second window already has the first one's change.
	t.true(second.article('x').read);

	first.updateArticle('x', {progress: 70}, {immediate: true});
	t.is(second.article('x').progress, 0);
	second.update((data) => {
		data.settings.name = 'Ada';
	});
	second.reload();
	t.is(second.article('x').progress, 70);
	// A change not yet written survives the reload.
	t.is(second.settings().name, 'Ada');
	t.is(readJson(configFile(directory)).settings?.name, '');
	first.close();
	second.close();
});

test('state of articles that are gone is kept', (t) => {
	const directory = temporaryDirectory();
	fs.writeFileSync(
		configFile(directory),
		JSON.stringify({
			articles: {deleted: {...defaultArticleState(), read: true}},
		}),
	);
	const store = Store.open({stateDir: directory});
	store.updateArticle('present', {read: true}, {immediate: true});
	const {articles} = readJson(store.path);
	t.deepEqual(Object.keys(articles ?? {}).sort(), ['deleted', 'present']);
	store.close();
});

test('comments and drafts: filtered reads, copies that do not leak back into the store', async (t) => {
	const directory = temporaryDirectory();
	const store = await openStore({stateDir: directory});
	const comment = sampleComment();
	const target = {articleId: 'a', sectionId: 's1', parentId: null};
	const draft = {
		...target,
		quote: null,
		editingId: null,
		name: 'Ada',
		email: '',
		body: 'half a tho',
		updatedAt: '2026-11-26T10:00:00.000Z',
	};
	store.update(
		(data) => {
			data.comments.push(comment, {...comment, id: 'c2', articleId: 'b'});
			data.drafts[draftKey(target)] = draft;
		},
		{immediate: true},
	);

	t.deepEqual(
		store.comments('a').map(({id}) => id),
		['c1'],
	);
	t.is(store.comments().length, 2);
	t.deepEqual(store.draft(draftKey(target)), draft);
	store.comments('a')[0].body = 'changed';
	t.is(store.comments('a')[0].body, 'Hi');

	const reopened = Store.open({stateDir: directory});
	t.deepEqual(reopened.comments(), store.comments());
	t.deepEqual(reopened.drafts(), {[draftKey(target)]: draft});
	store.close();
});

test('draftKey: one key per article and section, reply target, or edited comment', (t) => {
	const keys = [
		draftKey({articleId: 'a', sectionId: null, parentId: null}),
		draftKey({articleId: 'a', sectionId: 's', parentId: null}),
		draftKey({articleId: 'a', sectionId: 's', parentId: 'c1'}),
		draftKey({articleId: 'a', sectionId: 's', parentId: null, editingId: 'c1'}),
		draftKey({articleId: 'b', sectionId: 's', parentId: null}),
		draftKey({articleId: 'a/section', sectionId: null, parentId: null}),
	];
	t.is(new Set(keys).size, keys.length);
	t.is(
		draftKey({articleId: 'a', sectionId: 's', parentId: null, editingId: null}),
		keys[1],
	);
	t.is(draftKey({articleId: 'a', sectionId: 's', parentId: null}), keys[1]);
});

test('a file that is not JSON is moved aside byte for byte, and the store starts fresh', (t) => {
	const directory = temporaryDirectory();
	fs.writeFileSync(configFile(directory), '{nope');
	const store = Store.open({stateDir: directory});
	const [backup] = backups(directory);
	t.truthy(backup);
	t.regex(
		path.basename(backup),
		/^config\.json\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/,
	);
	t.is(fs.readFileSync(backup, 'utf8'), '{nope');
	t.is(store.warnings.length, 1);
	t.true(store.warnings[0].includes(backup));
	t.deepEqual(store.data, emptyState);
	t.true(store.writable);

	store.updateArticle('after', {read: true}, {immediate: true});
	t.true(readJson(store.path).articles?.after?.read);
	store.close();
});

for (const maxWidth of ['wide', 0]) {
	test(`a bad setting (maxWidth ${JSON.stringify(maxWidth)}) falls back to its default alone: the comments and the other settings stay, and the original is copied aside`, (t) => {
		const directory = temporaryDirectory();
		const comment = sampleComment({articleId: 'kept'});
		const original = JSON.stringify(
			{
				settings: {name: 'Ada', email: '', theme: 'default', maxWidth},
				articles: {kept: {read: true}},
				comments: [comment, {id: 'broken'}],
			},
			undefined,
			2,
		);
		fs.writeFileSync(configFile(directory), original);
		const store = Store.open({stateDir: directory});
		const [backup] = backups(directory);
		t.truthy(backup);
		t.is(fs.readFileSync(backup, 'utf8'), original);
		t.is(store.warnings.length, 1);
		t.true(store.warnings[0].includes(backup));
		t.regex(store.warnings[0], /maxWidth/);
		t.regex(store.warnings[0], /1 comment was damaged/);
		t.true(store.article('kept').read);
		t.deepEqual(store.comments(), [comment]);
		t.deepEqual(store.settings(), {...defaultSettings, name: 'Ada'});
		t.deepEqual(readJson(store.path).settings, {
			...defaultSettings,
			name: 'Ada',
		});
		store.close();
		// Repaired on disk: opening again copies nothing more.
		Store.open({stateDir: directory}).close();
		t.is(backups(directory).length, 1);
	});
}

test('a file broken by someone else while the store is open is moved aside at the next flush', (t) => {
	const directory = temporaryDirectory();
	const store = Store.open({stateDir: directory});
	fs.writeFileSync(store.path, '[1, 2');
	store.updateArticle('after', {read: true}, {immediate: true});
	const [backup] = backups(directory);
	t.truthy(backup);
	t.is(fs.readFileSync(backup, 'utf8'), '[1, 2');
	t.true(store.warnings.some((warning) => warning.includes(backup)));
	t.true(store.writable);
	t.true(readJson(store.path).articles?.after?.read);
	store.close();
});

function assertWorksInMemory(
	t: ExecutionContext,
	store: Store,
	folder: string,
) {
	t.false(store.writable);
	t.is(store.warnings.length, 1);
	t.true(store.warnings[0].startsWith(`Cannot save state in ${folder}: `));
	t.true(store.warnings[0].endsWith('Reading works; nothing will be saved.'));
	t.notThrows(() => {
		store.updateArticle('memory', {read: true}, {immediate: true});
		store.update((data) => {
			data.settings.name = 'Ada';
		});
		store.flush();
		store.reload();
		store.close();
	});
	t.true(store.article('memory').read);
	t.is(store.settings().name, 'Ada');
	t.is(store.warnings.length, 1);
}

test('a read-only folder: state is read, changes stay in memory, nothing throws', (t) => {
	if (process.getuid?.() === 0) {
		// Root ignores permission bits; the test below covers the same path with a folder that cannot exist.
		t.pass();
		return;
	}

	const directory = temporaryDirectory();
	fs.writeFileSync(
		configFile(directory),
		JSON.stringify({
			...migratedTo('0.2.0'),
			articles: {old: {read: true}},
		}),
	);
	fs.chmodSync(directory, 0o500);
	t.teardown(() => {
		fs.chmodSync(directory, 0o700);
	});
	const store = Store.open({stateDir: directory});
	t.regex(store.warnings[0] ?? '', /permission denied/);
	t.true(store.article('old').read);
	const before = fs.readFileSync(configFile(directory), 'utf8');
	assertWorksInMemory(t, store, directory);
	t.is(fs.readFileSync(configFile(directory), 'utf8'), before);
});

test('a state folder under a regular file: changes stay in memory, nothing throws', (t) => {
	const directory = temporaryDirectory();
	fs.writeFileSync(path.join(directory, 'afile'), '');
	const stateDir = path.join(directory, 'afile', 'state');
	const store = Store.open({stateDir});
	t.is(store.path, path.join(stateDir, 'config.json'));
	t.regex(store.warnings[0] ?? '', /not a folder/);
	t.deepEqual(store.data, emptyState);
	assertWorksInMemory(t, store, stateDir);
	t.is(fs.readFileSync(path.join(directory, 'afile'), 'utf8'), '');
});

test('a flush in another process waits for the lock, then writes', async (t) => {
	const directory = temporaryDirectory();
	Store.open({stateDir: directory}).close();
	const child = startWriter(directory, 'locked', 1, {mode: 'wait-for-go'});
	await child.printed('ready');

	const release = acquireLock(configFile(directory));
	let releasedAt: number;
	try {
		child.go();
		await child.printed('writing');
		// The child is now blocked in its flush; give it time to show it is really waiting.
		await delay(500);
		t.false(child.finished);
		t.is(readJson(configFile(directory)).articles?.['locked-0'], undefined);
	} finally {
		releasedAt = Date.now();
		release.release();
	}

	const result = await child.result();
	t.true(result.writable);
	t.deepEqual(result.warnings, []);
	t.true(result.startedAt < releasedAt);
	t.true(
		result.finishedAt >= releasedAt,
		'the write finished before the lock was released',
	);
	t.true(readJson(configFile(directory)).articles?.['locked-0']?.read);
	t.false(fs.existsSync(`${configFile(directory)}.lock`));
});

test('a pending debounced write does not keep the process alive', async (t) => {
	const directory = temporaryDirectory();
	const child = startWriter(directory, 'pending', 3, {mode: 'no-close'});
	const killer = setTimeout(() => process.kill(child.pid), 20_000);
	await t.notThrowsAsync(child.result());
	clearTimeout(killer);
});

test('deferOpen: changes wait in memory, then are written once the store opens', async (t) => {
	const directory = temporaryDirectory();
	const result = await startWriter(directory, 'early', 3, {
		mode: 'deferred',
	}).result();
	t.false(result.writtenBeforeOpen);
	t.true(result.writable);
	t.deepEqual(result.warnings, []);
	const {articles} = readJson(configFile(directory));
	t.deepEqual(Object.keys(articles ?? {}).sort(), [
		'early-0',
		'early-1',
		'early-2',
	]);
});

test('deferOpen reads the file plainly at first, and opening later keeps the changes made meanwhile', async (t) => {
	const directory = temporaryDirectory();
	const first = Store.open({stateDir: directory});
	first.updateArticle('kept', {bookmarked: true}, {immediate: true});
	first.close();

	const store = Store.open({stateDir: directory, deferOpen: true});
	t.true(store.article('kept').bookmarked);
	store.updateArticle('new', {read: true});
	await store.completeOpen();
	t.true(store.article('new').read);
	store.flush();
	const written = readJson(configFile(directory));
	t.true(written.articles?.kept?.bookmarked);
	t.true(written.articles?.new?.read);
});

test('deferOpen leaves a corrupt file alone until the store opens, then backs it up and warns', async (t) => {
	const directory = temporaryDirectory();
	fs.writeFileSync(configFile(directory), '{not json');
	const store = Store.open({stateDir: directory, deferOpen: true});
	t.deepEqual(store.warnings, []);
	t.deepEqual(store.data.articles, {});
	await store.completeOpen();
	t.is(store.warnings.length, 1);
	t.regex(store.warnings[0], /corrupt/);
	t.is(backups(directory).length, 1);
});

test('subscribe: a listener hears every change, and the snapshot is a new object only when something changed', (t) => {
	const directory = temporaryDirectory();
	const store = Store.open({stateDir: directory, debounceMs: 60_000});
	let calls = 0;
	const unsubscribe = store.subscribe(() => {
		calls++;
	});
	const first = store.getSnapshot();
	t.is(store.getSnapshot(), first);
	t.deepEqual(first.data, store.data);
	t.true(first.writable);
	t.deepEqual(first.warnings, []);

	store.updateArticle('a', {read: true});
	t.is(calls, 1);
	const second = store.getSnapshot();
	t.not(second, first);
	t.true(second.data.articles.a?.read);
	t.is(store.getSnapshot(), second);

	// Nothing new on disk: no notification, the same snapshot.
	store.flush();
	const afterFlush = store.getSnapshot();
	store.reload();
	t.is(store.getSnapshot(), afterFlush);
	const callsBefore = calls;
	store.reload();
	t.is(calls, callsBefore);

	unsubscribe();
	store.updateArticle('b', {read: true});
	t.is(calls, callsBefore);
	store.close();
});

test("reload() that finds another process's write notifies, with the new data", (t) => {
	const directory = temporaryDirectory();
	const window = Store.open({stateDir: directory, debounceMs: 60_000});
	const other = Store.open({stateDir: directory, debounceMs: 60_000});
	let calls = 0;
	window.subscribe(() => {
		calls++;
	});
	const before = window.getSnapshot();
	other.updateArticle('elsewhere', {bookmarked: true}, {immediate: true});
	t.is(calls, 0);
	window.reload();
	t.is(calls, 1);
	t.not(window.getSnapshot(), before);
	t.true(window.getSnapshot().data.articles.elsewhere?.bookmarked);
	window.close();
	other.close();
});

test('a warning and a change of writable reach the listeners and the snapshot', (t) => {
	const directory = temporaryDirectory();
	fs.writeFileSync(path.join(directory, 'afile'), '');
	const store = Store.open({stateDir: path.join(directory, 'afile', 'state')});
	t.false(store.getSnapshot().writable);
	t.is(store.getSnapshot().warnings.length, 1);

	const healthy = Store.open({stateDir: directory, debounceMs: 60_000});
	let calls = 0;
	healthy.subscribe(() => {
		calls++;
	});
	fs.writeFileSync(healthy.path, '{broken');
	healthy.updateArticle('x', {read: true});
	const counted = calls;
	healthy.flush();
	t.true(calls > counted);
	t.regex(healthy.getSnapshot().warnings.join('\n'), /corrupt/);
	healthy.close();
});

test('0.2 kept the comments in config.json: they move to comments.json, and saving a position or a draft leaves that file alone', (t) => {
	const directory = temporaryDirectory();
	const comment = sampleComment();
	fs.writeFileSync(
		configFile(directory),
		JSON.stringify({...migratedTo('0.2.0'), comments: [comment]}),
	);
	const store = Store.open({stateDir: directory});
	t.deepEqual(store.comments(), [comment]);
	t.false('comments' in readJson(configFile(directory)));
	const commentsFile = path.join(directory, 'comments.json');
	t.deepEqual(readJson(commentsFile).comments, [comment]);

	const {ino, mtimeMs} = fs.statSync(commentsFile);
	store.updateArticle('a', {progress: 40}, {immediate: true});
	store.update(
		(data) => {
			data.settings.name = 'Ada';
		},
		{immediate: true},
	);
	t.like(fs.statSync(commentsFile), {ino, mtimeMs});
	t.is(readJson(configFile(directory)).articles?.a?.progress, 40);

	// A comment change rewrites it.
	store.update(
		(data) => {
			data.comments = [...data.comments, {...comment, id: 'c2'}];
		},
		{immediate: true},
	);
	t.deepEqual(
		readJson(commentsFile).comments?.map(({id}) => id),
		['c1', 'c2'],
	);
	store.close();
});
