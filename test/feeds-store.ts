import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {
	addSubscription,
	recordFetch,
	subscriptionList,
} from '../source/feeds/subscriptions.js';
import {openStore, Store} from '../source/store/store.js';

function stateDir(): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-feeds-store-'));
}

test('a state file from before feeds opens with no subscriptions, and keeps everything else', async (t) => {
	const directory = stateDir();
	fs.writeFileSync(
		path.join(directory, 'config.json'),
		JSON.stringify({
			articles: {
				seed: {read: true, collapsed: [], bookmarked: true, progress: 100},
			},
			settings: {name: 'Ada', email: '', theme: 'default', maxWidth: 80},
			comments: [],
			drafts: {},
			__internal__: {migrations: {version: '0.2.0'}},
		}),
	);
	const store = await openStore({stateDir: directory});
	t.deepEqual(store.data.feeds, {subscriptions: {}, fetch: {}});
	t.true(store.article('seed').bookmarked);
	t.is(store.settings().name, 'Ada');
	t.deepEqual(store.warnings, []);
});

test('subscriptions and fetch state are kept in the state file, and another window sees them', async (t) => {
	const directory = stateDir();
	const one = await openStore({stateDir: directory});
	one.update(
		(data) => {
			addSubscription(
				data,
				{
					url: 'https://example.com/feed.xml',
					title: 'Example',
					folder: ['News'],
				},
				new Date(),
			);
		},
		{immediate: true},
	);
	const two = await openStore({stateDir: directory});
	// The refresh (one window) records fetch state while the reader (another) marks an article read: both stay.
	one.update((data) => {
		recordFetch(data, 'https://example.com/feed.xml', {
			etag: '"v1"',
			failures: 0,
		});
	});
	two.updateArticle('some-article', {read: true});
	one.flush();
	two.flush();
	const three = Store.open({stateDir: directory, deferOpen: true});
	t.deepEqual(
		subscriptionList(three.data.feeds).map((feed) => [
			feed.title,
			feed.folder,
			feed.slug,
		]),
		[['Example', ['News'], 'example']],
	);
	t.is(three.data.feeds.fetch['https://example.com/feed.xml']?.etag, '"v1"');
	t.true(three.article('some-article').read);
	const saved = JSON.parse(
		fs.readFileSync(path.join(directory, 'config.json'), 'utf8'),
	) as {feeds: unknown};
	t.like(saved.feeds, {
		subscriptions: {'https://example.com/feed.xml': {title: 'Example'}},
	});
});

test('a hand-edited subscription without an address is left out when read plainly', (t) => {
	const directory = stateDir();
	fs.writeFileSync(
		path.join(directory, 'config.json'),
		JSON.stringify({
			comments: [],
			feeds: {
				subscriptions: {
					broken: {title: 'No address'},
					'https://ok.example/feed': {
						url: 'https://ok.example/feed',
						title: 'Fine',
						folder: 'not a list',
						slug: 'fine',
					},
				},
				fetch: {'https://ok.example/feed': {failures: 'many'}},
			},
		}),
	);
	const peek = Store.open({stateDir: directory, deferOpen: true});
	t.deepEqual(Object.keys(peek.data.feeds.subscriptions), [
		'https://ok.example/feed',
	]);
	t.deepEqual(
		peek.data.feeds.subscriptions['https://ok.example/feed']?.folder,
		[],
	);
	t.is(peek.data.feeds.fetch['https://ok.example/feed']?.failures, 0);
});

test('opened for writing, a subscription without an address is dropped and the rest kept', async (t) => {
	const directory = stateDir();
	fs.writeFileSync(
		path.join(directory, 'config.json'),
		JSON.stringify({
			comments: [],
			feeds: {
				subscriptions: {
					broken: {title: 'No address'},
					'https://ok.example/feed': {
						url: 'https://ok.example/feed',
						title: 'Fine',
						folder: [],
						slug: 'fine',
					},
				},
				fetch: {},
			},
		}),
	);
	const store = await openStore({stateDir: directory});
	t.deepEqual(store.warnings, []);
	t.deepEqual(Object.keys(store.data.feeds.subscriptions), [
		'https://ok.example/feed',
	]);
});
