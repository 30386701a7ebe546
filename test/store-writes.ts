import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {draftKey} from '../source/comments/comment.js';
import {loadConf, Store} from '../source/store/store.js';
import {
	adoptLegacyKeys,
	deleteComment,
	keepDraft,
	markRead,
	noteOpened,
	restoreComment,
	saveComment,
	saveReadingPosition,
	setBookmarked,
} from '../source/store/writes.js';
import {sampleComment} from './helpers/store-data.js';

test.before(async () => {
	await loadConf();
});

function openTwo(): [Store, Store, string] {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-writes-'));
	return [
		Store.open({stateDir: directory, debounceMs: 60_000}),
		Store.open({stateDir: directory, debounceMs: 60_000}),
		path.join(directory, 'config.json'),
	];
}

const section = {
	articleId: 'a',
	sectionId: 's1',
	sectionTitle: 'First',
	quote: null,
	parentId: null,
};

test('saveComment writes the comment at once, removes its draft and remembers the name and email', (t) => {
	const [store, other] = openTwo();
	keepDraft(store, section, {name: 'Ada', email: '', body: 'half'});
	t.truthy(store.draft(draftKey(section)));
	const result = saveComment(store, section, {
		name: ' Ada ',
		email: 'ada@example.org',
		body: 'Whole thought.\n',
	});
	t.true(result.ok);
	other.reload();
	t.deepEqual(
		other.comments('a').map((comment) => [comment.author, comment.body]),
		[['Ada', 'Whole thought.']],
	);
	t.is(other.draft(draftKey(section)), undefined);
	t.is(other.settings().name, 'Ada');
	t.is(other.settings().email, 'ada@example.org');

	// A comment without an email keeps the remembered address.
	saveComment(store, section, {name: 'Ada', email: '', body: 'Again'});
	t.is(store.settings().email, 'ada@example.org');
	store.close();
	other.close();
});

test('saveComment with editingId changes the text and keeps when it was written', (t) => {
	const [store] = openTwo();
	const first = saveComment(store, section, {
		name: 'Ada',
		email: '',
		body: 'v1',
	});
	if (!first.ok) {
		t.fail();
		return;
	}

	const edited = saveComment(
		store,
		{...section, editingId: first.comment.id},
		{name: 'Ada', email: '', body: 'v2'},
	);
	t.true(edited.ok && edited.edited);
	const [comment] = store.comments('a');
	t.is(comment.body, 'v2');
	t.is(comment.createdAt, first.comment.createdAt);
	t.is(store.comments().length, 1);
	store.close();
});

test('saveComment with invalid fields says why and writes nothing', (t) => {
	const [store] = openTwo();
	const result = saveComment(store, section, {
		name: '',
		email: 'nope',
		body: ' ',
	});
	t.false(result.ok);
	if (!result.ok) {
		t.deepEqual(Object.keys(result.errors).sort(), ['body', 'email', 'name']);
	}

	t.deepEqual(store.comments(), []);
	store.close();
});

test('deleteComment and restoreComment: undo puts the same comment back', (t) => {
	const [store, other] = openTwo();
	const saved = saveComment(store, section, {
		name: 'Ada',
		email: '',
		body: 'x',
	});
	if (!saved.ok) {
		t.fail();
		return;
	}

	const deleted = deleteComment(store, saved.comment.id);
	t.deepEqual(deleted, saved.comment);
	other.reload();
	t.deepEqual(other.comments(), []);
	restoreComment(store, deleted!);
	restoreComment(store, deleted!);
	other.reload();
	t.deepEqual(other.comments(), [saved.comment]);
	t.is(deleteComment(store, 'no-such-id'), undefined);
	store.close();
	other.close();
});

test('keepDraft: an empty body deletes the draft', (t) => {
	const [store] = openTwo();
	const key = keepDraft(store, section, {name: 'Ada', email: '', body: 'x'});
	t.is(store.draft(key)?.body, 'x');
	keepDraft(store, section, {name: 'Ada', email: '', body: '  \n'});
	t.is(store.draft(key), undefined);
	store.close();
});

test("saving the reading position in one window never unmarks another window's read mark", (t) => {
	const [reading, marking, file] = openTwo();
	// Both windows have the article unread; the reading one scrolls, the other marks it read.
	saveReadingPosition(reading, 'a', {
		position: {sectionId: 's1', lineInSection: 3},
		collapsed: [],
		progress: 20,
	});
	markRead(marking, 'a', true);
	setBookmarked(marking, 'a', true);
	saveReadingPosition(reading, 'a', {
		position: {sectionId: 's1', lineInSection: 9},
		collapsed: ['s2'],
		progress: 40,
	});
	reading.flush();
	const written = JSON.parse(fs.readFileSync(file, 'utf8')) as {
		articles: Record<string, {read: boolean; bookmarked: boolean}>;
	};
	t.like(written.articles.a, {
		read: true,
		bookmarked: true,
		position: {sectionId: 's1', lineInSection: 9},
		collapsed: ['s2'],
	});
	t.true(reading.article('a').read);
	reading.close();
	marking.close();
});

test('reaching the end marks an article read; scrolling back keeps it read', (t) => {
	const [store] = openTwo();
	const at = (progress: number) => {
		saveReadingPosition(store, 'a', {
			position: {sectionId: 's1', lineInSection: 0},
			collapsed: [],
			progress,
		});
	};

	at(50);
	t.false(store.article('a').read);
	at(100);
	t.true(store.article('a').read);
	at(10);
	t.true(store.article('a').read);
	t.is(store.article('a').progress, 100);
	markRead(store, 'a', false);
	t.false(store.article('a').read);
	noteOpened(store, 'a', new Date('2026-01-02T03:04:05Z'));
	t.is(store.article('a').lastOpened, '2026-01-02T03:04:05.000Z');
	store.close();
});

test('a position save waits for the longer debounce; a mark is written at once', (t) => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-writes-'));
	const store = Store.open({stateDir: directory, debounceMs: 60_000});
	saveReadingPosition(store, 'a', {
		position: {sectionId: 's1', lineInSection: 1},
		collapsed: [],
		progress: 5,
	});
	const file = path.join(directory, 'config.json');
	t.false(fs.readFileSync(file, 'utf8').includes('"s1"'));
	setBookmarked(store, 'b', true);
	// The mark's flush writes everything queued, the position too.
	t.true(fs.readFileSync(file, 'utf8').includes('"s1"'));
	store.close();
});

test('state kept under file names (gazette 0.2) moves to the keys of the articles now holding those names', (t) => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-writes-'));
	const comment = sampleComment({articleId: 'news'});
	const draft = {
		articleId: 'news',
		sectionId: 's1',
		quote: null,
		parentId: null,
		editingId: null,
		name: 'Ada',
		email: '',
		body: 'half',
		updatedAt: '2026-11-26T10:00:00.000Z',
	};
	fs.writeFileSync(
		path.join(directory, 'config.json'),
		JSON.stringify({
			__internal__: {migrations: {version: '0.2.0'}},
			articles: {news: {read: true, bookmarked: true}},
			comments: [comment],
			drafts: {[draftKey(draft)]: draft},
		}),
	);
	const store = Store.open({stateDir: directory});
	const articles = [
		{id: 'news', key: 'file:/a/news.md'},
		{id: 'news~2', key: 'file:/b/news.md'},
	];
	t.is(adoptLegacyKeys(store, articles), 1);
	const reopened = Store.open({stateDir: directory});
	t.true(reopened.article('file:/a/news.md').bookmarked);
	t.false(Object.hasOwn(reopened.data.articles, 'news'));
	t.deepEqual(
		reopened.comments('file:/a/news.md').map(({id}) => id),
		['c1'],
	);
	t.is(
		reopened.draft(draftKey({...draft, articleId: 'file:/a/news.md'}))?.body,
		'half',
	);
	t.false(reopened.article('file:/b/news.md').read);
	// Done once: nothing more to move.
	t.is(adoptLegacyKeys(reopened, articles), 0);
	store.close();
	reopened.close();
});
