import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {
	articleFileName,
	articleFileText,
	guidHash,
} from '../source/feeds/article-file.js';
import {ExtractionPool} from '../source/feeds/extract-pool.js';
import {refreshFeeds, type FeedsStateAccess} from '../source/feeds/refresh.js';
import {
	applyPrune,
	planPrune,
	type KeptReason,
	retentionOf,
} from '../source/feeds/retention.js';
import {
	addSubscription,
	emptyFeedsState,
	setRetention,
	subscriptionList,
	type Subscription,
	type WithFeeds,
} from '../source/feeds/subscriptions.js';
import {readArticle} from '../source/library/load.js';
import {keptReasons} from '../source/store/marks.js';
import {type StoreData, defaultSettings} from '../source/store/types.js';
import {serve} from './helpers/http-server.js';
import {fixture} from './fixtures/feeds/fixtures.js';

const pool = new ExtractionPool({size: 1});
test.after.always(async () => {
	await pool.close();
});

function memoryState(): FeedsStateAccess & {data: WithFeeds} {
	const data: WithFeeds = {feeds: emptyFeedsState()};
	return {
		data,
		read: () => structuredClone(data.feeds),
		update(mutate) {
			mutate(data);
		},
	};
}

function temporaryDir(): string {
	return mkdtempSync(path.join(os.tmpdir(), 'gazette-retention-'));
}

const now = new Date('2026-03-31T12:00:00');

/** A feed with one article a day, `count` days back from `now` (the newest dated today), written as a refresh writes them. */
function feedWithArticles(
	dataDir: string,
	state: ReturnType<typeof memoryState>,
	slugTitle: string,
	count: number,
) {
	const url = `http://127.0.0.1:9/${slugTitle}.xml`;
	addSubscription(state.data, {url, title: slugTitle, folder: []}, now);
	const feed = state.data.feeds.subscriptions[url];
	const folder = path.join(dataDir, 'feeds', feed.slug);
	mkdirSync(folder, {recursive: true});
	const articles: Array<{guid: string; key: string; name: string}> = [];
	for (let day = 0; day < count; day++) {
		const date = new Date(now.getTime() - day * 24 * 60 * 60 * 1000);
		const guid = `${slugTitle}-${day}`;
		const title = `${slugTitle} day ${day}`;
		const name = articleFileName(date, title, guid);
		writeFileSync(
			path.join(folder, name),
			articleFileText(
				{
					title,
					source: slugTitle,
					author: '',
					date,
					url: `https://example.org/${guid}`,
					tags: [],
					guid,
					feed: url,
					image: '',
					summary: '',
					content: 'feed',
				},
				`Text of day ${day}.`,
			),
		);
		articles.push({guid, key: `guid:${guid}`, name});
	}

	return {feed, folder, articles};
}

/** A state where every article is read unless said otherwise. */
function readingState(
	read: readonly string[],
	extra: Partial<Pick<StoreData, 'comments' | 'drafts'>> & {
		bookmarked?: readonly string[];
		unread?: readonly string[];
	} = {},
): StoreData {
	const articles: StoreData['articles'] = {};
	for (const key of read) {
		articles[key] = {
			read: !extra.unread?.includes(key),
			bookmarked: extra.bookmarked?.includes(key) ?? false,
			collapsed: [],
			progress: 100,
		};
	}

	return {
		articles,
		settings: defaultSettings,
		comments: extra.comments ?? [],
		drafts: extra.drafts ?? {},
		feeds: emptyFeedsState(),
	};
}

async function plan(
	dataDir: string,
	feeds: readonly Subscription[],
	keptBecause: (key: string) => KeptReason | undefined,
	defaults = {},
) {
	return planPrune({dataDir, feeds, defaults, now, keptBecause});
}

test("a feed's own limits win over the defaults; none is no limit; a value of the wrong type is ignored", (t) => {
	t.deepEqual(retentionOf({}, {keepDays: 30}), {keepDays: 30});
	t.deepEqual(retentionOf({keepDays: 7}, {keepDays: 30, keepItems: 10}), {
		keepDays: 7,
		keepItems: 10,
	});
	t.deepEqual(retentionOf({keepDays: null}, {keepDays: 30}), {});
	t.deepEqual(retentionOf({keepDays: -3, keepItems: 'x'}, {keepItems: 5}), {
		keepItems: 5,
	});
	t.deepEqual(retentionOf({}, {}), {});
});

test('keep-days removes the read articles dated before the limit; the day at the limit stays', async (t) => {
	const dataDir = temporaryDir();
	const state = memoryState();
	const {feed, articles} = feedWithArticles(dataDir, state, 'Desk', 10);
	setRetention(state.data, feed.url, {keepDays: 3});
	const data = readingState(articles.map((article) => article.key));
	const result = await plan(
		dataDir,
		subscriptionList(state.data.feeds),
		keptReasons(data),
	);
	// Days 0 to 3 stay (day 3 is the limit's own day); 4 to 9 go.
	t.deepEqual(
		result.remove.map((article) => article.name).sort(),
		articles
			.slice(4)
			.map((article) => article.name)
			.sort(),
	);
	t.true(result.remove.every((article) => article.reason === 'days'));
});

test('keep-items keeps the newest articles; the defaults apply to a feed without its own', async (t) => {
	const dataDir = temporaryDir();
	const state = memoryState();
	const {articles} = feedWithArticles(dataDir, state, 'Wire', 8);
	const data = readingState(articles.map((article) => article.key));
	const result = await plan(
		dataDir,
		subscriptionList(state.data.feeds),
		keptReasons(data),
		{keepItems: 5},
	);
	t.deepEqual(
		result.remove.map((article) => article.name).sort(),
		articles
			.slice(5)
			.map((article) => article.name)
			.sort(),
	);
	t.true(result.remove.every((article) => article.reason === 'items'));
	// No limit at all: nothing goes.
	const unlimited = await plan(
		dataDir,
		subscriptionList(state.data.feeds),
		keptReasons(data),
	);
	t.deepEqual(unlimited.remove, []);
});

test('nothing that matters goes: unread, bookmarked, commented and drafted articles stay, whatever their age', async (t) => {
	const dataDir = temporaryDir();
	const state = memoryState();
	const {feed, folder, articles} = feedWithArticles(dataDir, state, 'Post', 8);
	setRetention(state.data, feed.url, {keepItems: 1});
	// Not a refresh's file: never looked at.
	writeFileSync(path.join(folder, 'notes.md'), '# My notes\n');
	const [newest, unread, bookmarked, commented, drafted, noState, ...old] =
		articles;
	const comment = {
		id: 'c1',
		articleId: commented.key,
		sectionId: null,
		quote: null,
		parentId: null,
		author: 'Ann',
		email: '',
		body: 'Keep this.',
		createdAt: now.toISOString(),
		updatedAt: now.toISOString(),
	};
	const draft = {
		articleId: drafted.key,
		sectionId: null,
		quote: null,
		parentId: null,
		editingId: null,
		name: 'Ann',
		email: '',
		body: 'Half a thought',
		updatedAt: now.toISOString(),
	};
	const data = readingState(
		[newest, unread, bookmarked, commented, drafted, ...old].map(
			(article) => article.key,
		),
		{
			unread: [unread.key],
			bookmarked: [bookmarked.key],
			comments: [comment],
			drafts: {d: draft},
		},
	);
	const result = await plan(
		dataDir,
		subscriptionList(state.data.feeds),
		keptReasons(data),
	);
	t.deepEqual(
		result.remove.map((article) => article.name).sort(),
		old.map((article) => article.name).sort(),
	);
	// An article with no state at all was never read: it stays.
	t.false(result.remove.some((article) => article.name === noState.name));
	t.deepEqual(result.kept, {
		unread: 2,
		bookmarked: 1,
		commented: 1,
		draft: 1,
	});
	const outcome = applyPrune(result, state);
	t.is(outcome.removed.length, old.length);
	t.deepEqual(
		readdirSync(folder).sort(),
		[
			'notes.md',
			...[newest, unread, bookmarked, commented, drafted, noState].map(
				(article) => article.name,
			),
		].sort(),
	);
});

test('pruning remembers each item before its file goes; when that cannot be kept, nothing goes', async (t) => {
	const dataDir = temporaryDir();
	const state = memoryState();
	const {feed, folder, articles} = feedWithArticles(
		dataDir,
		state,
		'Ledger',
		4,
	);
	setRetention(state.data, feed.url, {keepItems: 2});
	const data = readingState(articles.map((article) => article.key));
	const result = await plan(
		dataDir,
		subscriptionList(state.data.feeds),
		keptReasons(data),
	);
	const failed = applyPrune(result, memoryState(), () => false);
	t.is(failed.removed.length, 0);
	t.is(failed.failed.length, 2);
	t.is(readdirSync(folder).length, 4);
	applyPrune(result, state);
	t.deepEqual(
		state.data.feeds.fetch[feed.url]?.pruned?.toSorted(),
		articles
			.slice(2)
			.map((article) => guidHash(article.guid))
			.sort(),
	);
	t.is(readdirSync(folder).length, 2);
});

test('a pruned item does not come back at the next refresh while the feed still lists it', async (t) => {
	const server = await serve(t);
	// No validators: every refresh gets the whole feed, so only the memory of what was pruned keeps the item out.
	server.route('/rss.xml', {
		headers: {'content-type': 'application/rss+xml'},
		body: fixture('rss.xml', server.origin),
	});
	server.route('/articles/harbour.html', {
		headers: {'content-type': 'text/html'},
		body: fixture('harbour-article.html', server.origin),
	});
	server.route('/articles/council.html', {
		headers: {'content-type': 'text/html'},
		body: fixture('council-article.html', server.origin),
	});
	const dataDir = temporaryDir();
	const state = memoryState();
	addSubscription(
		state.data,
		{url: server.url('/rss.xml'), title: 'Ledger', folder: []},
		now,
	);
	const refresh = async () => {
		const summary = await refreshFeeds({
			dataDir,
			feeds: subscriptionList(state.data.feeds),
			state,
			pool,
		});
		return summary.newItems;
	};

	t.is(await refresh(), 3);
	const folder = path.join(dataDir, 'feeds', 'ledger');
	const keys = readdirSync(folder).map(
		(name) => readArticle(path.join(folder, name)).key,
	);
	setRetention(state.data, server.url('/rss.xml'), {keepItems: 1});
	const result = await plan(
		dataDir,
		subscriptionList(state.data.feeds),
		keptReasons(readingState(keys)),
	);
	t.is(result.remove.length, 2);
	applyPrune(result, state);
	t.is(readdirSync(folder).length, 1);

	t.is(await refresh(), 0);
	t.is(readdirSync(folder).length, 1);
	for (const article of result.remove) {
		t.false(existsSync(article.path));
	}

	// Without the memory, they would have come back: the test can fail.
	const forgetful = state.data.feeds.fetch[server.url('/rss.xml')];
	t.is(forgetful.pruned?.length, 2);
	Reflect.deleteProperty(forgetful, 'pruned');
	t.is(await refresh(), 2);
});
