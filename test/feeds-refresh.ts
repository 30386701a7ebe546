import {
	existsSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {readArticle} from '../source/library/load.js';
import {ExtractionPool} from '../source/feeds/extract-pool.js';
import {articleFileName, FolderContents} from '../source/feeds/article-file.js';
import {
	newItems,
	refreshFeeds,
	type FeedsStateAccess,
	type RefreshEvent,
} from '../source/feeds/refresh.js';
import {
	addSubscription,
	emptyFeedsState,
	subscriptionList,
	type WithFeeds,
} from '../source/feeds/subscriptions.js';
import {serve, type TestServer} from './helpers/http-server.js';
import {fixture} from './fixtures/feeds/fixtures.js';

const pool = new ExtractionPool();
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
	return mkdtempSync(path.join(os.tmpdir(), 'gazette-feeds-'));
}

/** The news site: the RSS feed (with an ETag), its two article pages, and no page for the third item. */
async function newsSite(t: Parameters<typeof serve>[0]): Promise<TestServer> {
	const server = await serve(t);
	const rss = fixture('rss.xml', server.origin);
	server.route('/rss.xml', (request, response) => {
		if (request.headers['if-none-match'] === '"rss-1"') {
			response.writeHead(304, {etag: '"rss-1"'});
			response.end();
			return;
		}

		response.writeHead(200, {
			'content-type': 'application/rss+xml',
			etag: '"rss-1"',
		});
		response.end(rss);
	});
	server.route('/articles/harbour.html', {
		headers: {'content-type': 'text/html; charset=utf-8'},
		body: fixture('harbour-article.html', server.origin),
	});
	server.route('/articles/council.html', {
		headers: {'content-type': 'text/html'},
		body: fixture('council-article.html', server.origin),
	});
	return server;
}

function subscribe(
	state: ReturnType<typeof memoryState>,
	url: string,
	title = '',
): void {
	addSubscription(state.data, {url, title, folder: []}, new Date());
}

async function refresh(
	dataDir: string,
	state: ReturnType<typeof memoryState>,
	extra: Partial<Parameters<typeof refreshFeeds>[0]> = {},
) {
	const events: RefreshEvent[] = [];
	const summary = await refreshFeeds({
		dataDir,
		feeds: subscriptionList(state.data.feeds),
		state,
		pool,
		onEvent(event) {
			events.push(event);
		},
		...extra,
	});
	return {summary, events};
}

function articleFiles(folder: string): string[] {
	return readdirSync(folder)
		.filter((name) => name.endsWith('.md'))
		.sort();
}

test("a first refresh keeps one file per item, with front matter, the page's article or the feed's text", async (t) => {
	const server = await newsSite(t);
	const dataDir = temporaryDir();
	const state = memoryState();
	subscribe(state, server.url('/rss.xml'), 'The Coastal Ledger');
	const {summary, events} = await refresh(dataDir, state);
	t.is(summary.newItems, 3);
	t.is(summary.failed, 0);
	t.deepEqual(
		events.map((event) => event.type),
		['start', 'feed', 'done'],
	);
	const folder = path.join(dataDir, 'feeds', 'the-coastal-ledger');
	t.deepEqual(summary.folders, [folder]);
	const names = articleFiles(folder);
	t.is(names.length, 3);
	t.regex(
		names.join('\n'),
		/^2025-06-1\d-harbour-bridge-reopens-after-three-year-repair-[\da-f]{10}\.md$/m,
	);
	const bridge = readArticle(
		path.join(
			folder,
			names.find((name) => name.includes('harbour'))!,
		),
	);
	t.is(bridge.title, 'Harbour Bridge Reopens After Three-Year Repair');
	t.is(bridge.source, 'The Coastal Ledger');
	t.is(bridge.author, 'Mira Okafor');
	t.is(bridge.url, server.url('/articles/harbour.html'));
	t.deepEqual(bridge.tags, ['Transport', 'City']);
	t.regex(
		bridge.body.trimStart(),
		/^# Harbour Bridge Reopens After Three-Year Repair\n\nThe Harbour Bridge reopened/,
	);
	t.regex(
		bridge.body,
		/Officials said the next major inspection is due in 2030/,
	);
	t.notRegex(bridge.body, /cookies|Related stories/);
	const raw = readFileSync(
		path.join(
			folder,
			names.find((name) => name.includes('harbour'))!,
		),
		'utf8',
	);
	t.is(bridge.guid, 'ledger-2025-0610-bridge');
	t.is(bridge.feed, server.url('/rss.xml'));
	t.is(bridge.image, server.url('/images/bridge-large.jpg'));
	t.regex(raw, /^content: page$/m);
	// The third item's page is gone (404): its feed text is kept, and the front matter says why.
	const market = readFileSync(
		path.join(
			folder,
			names.find((name) => name.includes('market'))!,
		),
		'utf8',
	);
	t.regex(market, /^content: feed$/m);
	t.regex(market, /^content_note: "the page could not be fetched \(HTTP 404/m);
	t.regex(market, /twelve new stalls will be given out by ballot/);
	t.is(state.data.feeds.fetch[server.url('/rss.xml')]?.etag, '"rss-1"');
});

test('a second refresh asks conditionally, gets a 304 and writes nothing', async (t) => {
	const server = await newsSite(t);
	const dataDir = temporaryDir();
	const state = memoryState();
	subscribe(state, server.url('/rss.xml'), 'Ledger');
	await refresh(dataDir, state);
	const before = server.requests.length;
	const {summary} = await refresh(dataDir, state);
	t.is(summary.newItems, 0);
	const feedRequests = server.requests.slice(before);
	t.is(feedRequests.length, 1);
	t.is(feedRequests[0].headers['if-none-match'], '"rss-1"');
	t.is(articleFiles(path.join(dataDir, 'feeds', 'ledger')).length, 3);
	t.is(state.data.feeds.fetch[server.url('/rss.xml')]?.lastNew, 0);
});

test('duplicates are skipped: same guid, same link with tracking, same title and day; only the new item is fetched', async (t) => {
	const server = await newsSite(t);
	const dataDir = temporaryDir();
	const state = memoryState();
	const feedUrl = server.url('/changing.xml');
	const item = (
		guid: string,
		title: string,
		link: string,
		date = 'Tue, 10 Jun 2025 07:30:00 GMT',
	) =>
		`<item><title>${title}</title><link>${link}</link><guid isPermaLink="false">${guid}</guid><pubDate>${date}</pubDate><description>Some text for ${title}.</description></item>`;
	const feed = (items: string) =>
		`<rss version="2.0"><channel><title>Changing</title><link>${server.origin}</link><description>d</description>${items}</channel></rss>`;
	server.route('/changing.xml', {
		body: feed(item('a', 'First Story', server.url('/articles/harbour.html'))),
	});
	subscribe(state, feedUrl);
	await refresh(dataDir, state);
	server.route('/changing.xml', {
		body: feed(
			[
				item('a', 'First Story', server.url('/articles/harbour.html')),
				item(
					'a-renamed',
					'First story, updated',
					`${server.url('/articles/harbour.html')}?utm_source=rss#top`,
				),
				item('a-again', 'First Story', server.url('/elsewhere.html')),
				item(
					'b',
					'Second Story',
					server.url('/articles/council.html'),
					'Wed, 11 Jun 2025 21:15:00 GMT',
				),
				item(
					'b',
					'Second Story',
					server.url('/articles/council.html'),
					'Wed, 11 Jun 2025 21:15:00 GMT',
				),
			].join(''),
		),
	});
	const before = server.requests.length;
	const {summary} = await refresh(dataDir, state);
	t.is(summary.newItems, 1);
	t.deepEqual(
		server.requests.slice(before).map((request) => request.path),
		['/changing.xml', '/articles/council.html'],
	);
	// Feed title learnt from the feed, since the subscription had none.
	t.is(state.data.feeds.subscriptions[feedUrl]?.title, 'Changing');
	t.is(
		articleFiles(
			path.join(
				dataDir,
				'feeds',
				path.basename(readdirSync(path.join(dataDir, 'feeds'))[0]),
			),
		).length,
		2,
	);
});

test('failures are per feed, with a reason, and the others are kept', async (t) => {
	const server = await newsSite(t);
	server.route('/html-page', {
		headers: {'content-type': 'text/html'},
		body: '<html><body><p>Just a page</p></body></html>',
	});
	server.route('/big.xml', {
		body: `<rss version="2.0"><channel><title>Big</title>${'x'.repeat(300_000)}</channel></rss>`,
	});
	server.route('/silent.xml', () => {
		// Never answers.
	});
	server.route('/busy.xml', {status: 429, headers: {'retry-after': '3600'}});
	const dataDir = temporaryDir();
	const state = memoryState();
	subscribe(state, server.url('/rss.xml'), 'Good');
	subscribe(state, server.url('/missing.xml'), 'Missing');
	subscribe(state, server.url('/html-page'), 'Not a feed');
	subscribe(state, server.url('/big.xml'), 'Too big');
	subscribe(state, server.url('/silent.xml'), 'Silent');
	subscribe(state, server.url('/busy.xml'), 'Busy');
	const {summary} = await refresh(dataDir, state, {
		limits: {feed: {maxBytes: 100_000, timeoutMs: 500}},
	});
	t.is(summary.newItems, 3);
	t.is(summary.failed, 5);
	const reasons = Object.fromEntries(
		summary.failures.map((failure) => [failure.title, failure.reason]),
	);
	t.regex(reasons.Missing, /^HTTP 404/);
	t.regex(reasons['Not a feed'], /not a feed/);
	t.regex(reasons['Too big'], /too large/);
	t.regex(reasons.Silent, /^timeout/);
	t.regex(reasons.Busy, /^HTTP 429/);
	t.is(state.data.feeds.fetch[server.url('/missing.xml')]?.failures, 1);
	t.regex(
		state.data.feeds.fetch[server.url('/missing.xml')]?.lastError ?? '',
		/HTTP 404/,
	);
	// Asked to wait: the next refresh does not knock.
	const before = server.requests.filter(
		(request) => request.path === '/busy.xml',
	).length;
	const again = await refresh(dataDir, state, {
		limits: {feed: {maxBytes: 100_000, timeoutMs: 500}},
	});
	t.is(
		server.requests.filter((request) => request.path === '/busy.xml').length,
		before,
	);
	t.regex(
		again.summary.failures.find((failure) => failure.title === 'Busy')!.reason,
		/asked to wait until/,
	);
});

test('an interrupted refresh leaves no half file, records no validators, and the next one carries on', async (t) => {
	const server = await newsSite(t);
	const held: Array<() => void> = [];
	server.route('/articles/council.html', (_request, response) => {
		held.push(() => {
			response.end(fixture('council-article.html', server.origin));
		});
	});
	const dataDir = temporaryDir();
	const state = memoryState();
	subscribe(state, server.url('/rss.xml'), 'Ledger');
	const folder = path.join(dataDir, 'feeds', 'ledger');
	const stop = new AbortController();
	const first = refresh(dataDir, state, {signal: stop.signal});
	// Wait until the two other items are written while the third's page hangs.
	for (
		let tries = 0;
		tries < 400 && (!existsSync(folder) || articleFiles(folder).length < 2);
		tries++
	) {
		// eslint-disable-next-line no-await-in-loop
		await new Promise((resolve) => {
			setTimeout(resolve, 25);
		});
	}

	// A temporary file as a killed write would leave it.
	writeFileSync(path.join(folder, '.gazette-0123456789ab.tmp'), 'half');
	stop.abort();
	const {summary} = await first;
	t.is(summary.failed, 1);
	t.is(articleFiles(folder).length, 2);
	t.is(state.data.feeds.fetch[server.url('/rss.xml')]?.etag, undefined);
	server.route('/articles/council.html', {
		body: fixture('council-article.html', server.origin),
	});
	const second = await refresh(dataDir, state);
	t.is(second.summary.newItems, 1);
	t.is(articleFiles(folder).length, 3);
	t.deepEqual(
		readdirSync(folder).filter((name) => !name.endsWith('.md')),
		[],
	);
	t.is(state.data.feeds.fetch[server.url('/rss.xml')]?.etag, '"rss-1"');
	for (const release of held) {
		release();
	}
});

test('a deleted data folder is filled again: no 304 without articles on disk', async (t) => {
	const server = await newsSite(t);
	const dataDir = temporaryDir();
	const state = memoryState();
	subscribe(state, server.url('/rss.xml'), 'Ledger');
	await refresh(dataDir, state);
	rmSync(dataDir, {recursive: true});
	const {summary} = await refresh(dataDir, state);
	t.is(summary.newItems, 3);
});

test('every format and charset refreshes into readable articles', async (t) => {
	const server = await serve(t);
	for (const name of [
		'atom.xml',
		'rdf.xml',
		'feed.json',
		'malformed.xml',
		'latin1.xml',
		'windows-1252.xml',
	]) {
		server.route(`/${name}`, {
			headers: {
				'content-type': name.endsWith('json')
					? 'application/feed+json'
					: 'application/xml',
			},
			body: fixture(name, server.origin),
		});
	}

	const dataDir = temporaryDir();
	const state = memoryState();
	for (const name of [
		'atom.xml',
		'rdf.xml',
		'feed.json',
		'malformed.xml',
		'latin1.xml',
		'windows-1252.xml',
	]) {
		subscribe(state, server.url(`/${name}`));
	}

	const {summary} = await refresh(dataDir, state);
	t.is(summary.failed, 0);
	t.is(summary.newItems, 6);
	const titles = readdirSync(path.join(dataDir, 'feeds')).flatMap((slug) =>
		articleFiles(path.join(dataDir, 'feeds', slug)).map((name) =>
			readArticle(path.join(dataDir, 'feeds', slug, name)),
		),
	);
	const byTitle = new Map(titles.map((article) => [article.title, article]));
	t.true(byTitle.has('Crème brûlée à la française'));
	t.true(byTitle.has('“Smart” quotes – and a dash — cost €5…'));
	t.is(byTitle.get('Crème brûlée à la française')!.source, 'Le Café du Coin');
	// Pages are missing on this server: each keeps its feed's text, never an empty body.
	for (const article of titles) {
		t.is(article.error, undefined);
		t.true(
			article.body.trim().length > article.title.length + 2,
			`empty body: ${article.title}`,
		);
	}

	t.regex(
		byTitle.get('Tide Gauges Record Highest Spring Tide in Forty Years')!.body,
		/\[tide chart]\(http:\/\/127\.0\.0\.1:\d+\/atom\/charts\/tides\.png\)/,
	);
});

test('a page answered with 429 waits for the next refresh, with the rest of its site', async (t) => {
	const server = await newsSite(t);
	server.route('/articles/harbour.html', {
		status: 429,
		headers: {'retry-after': '30'},
	});
	const dataDir = temporaryDir();
	const state = memoryState();
	subscribe(state, server.url('/rss.xml'), 'Ledger');
	const folder = path.join(dataDir, 'feeds', 'ledger');
	const first = await refresh(dataDir, state);
	t.is(first.summary.failed, 0);
	t.false(articleFiles(folder).some((name) => name.includes('harbour')));
	// Not complete: the feed is fetched in full next time.
	t.is(state.data.feeds.fetch[server.url('/rss.xml')]?.etag, undefined);
	server.route('/articles/harbour.html', {
		headers: {'content-type': 'text/html'},
		body: fixture('harbour-article.html', server.origin),
	});
	const second = await refresh(dataDir, state);
	t.is(first.summary.newItems + second.summary.newItems, 3);
	t.true(articleFiles(folder).some((name) => name.includes('harbour')));
	t.regex(
		readFileSync(
			path.join(
				folder,
				articleFiles(folder).find((name) => name.includes('harbour'))!,
			),
			'utf8',
		),
		/^content: page$/m,
	);
	t.is(state.data.feeds.fetch[server.url('/rss.xml')]?.etag, '"rss-1"');
});

test('titles with no Latin letters are told apart: the file name alone does not say they are the same', (t) => {
	const folder = temporaryDir();
	const contents = FolderContents.read(folder);
	const day = new Date('2025-06-10T12:00:00Z');
	const first = {
		guid: 'a',
		title: '東京で大雨',
		link: 'https://example.jp/a',
		date: day,
		author: '',
		tags: [],
		summary: '',
		contentHtml: '',
		image: '',
	};
	writeFileSync(
		path.join(folder, articleFileName(day, first.title, first.guid)),
		'---\ntitle: x\n---\nx\n',
	);
	const again = FolderContents.read(folder);
	const fresh = newItems(
		[
			first,
			{...first, guid: 'b', title: '大阪で地震', link: 'https://example.jp/b'},
		],
		again,
		new Set(),
		day,
	);
	t.deepEqual(
		fresh.map((item) => item.guid),
		['b'],
	);
	t.is(contents.size, 0);
});

/** A pool whose pages wait until the test lets them through, as behind a busy extractor. */
class HeldPool extends ExtractionPool {
	readonly #held: Array<() => void> = [];
	#open = false;

	release(): void {
		this.#open = true;
		for (const go of this.#held.splice(0)) {
			go();
		}
	}

	override async extractPage(html: string, url: string, timeoutMs?: number) {
		if (!this.#open) {
			await new Promise<void>((resolve) => {
				this.#held.push(resolve);
			});
		}

		return super.extractPage(html, url, timeoutMs);
	}
}

function oneItemFeed(title: string, page: string): string {
	return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>${title}</title><link>${page}</link><description>${title}</description>
<item><title>${title} story</title><link>${page}</link><guid>${page}</guid><pubDate>Tue, 10 Jun 2025 08:00:00 GMT</pubDate><description>A short summary.</description></item>
</channel></rss>`;
}

test('feeds whose pages wait for the extractor do not hold back the feeds after them', async (t) => {
	const server = await serve(t);
	const page = fixture('harbour-article.html', server.origin);
	const state = memoryState();
	// More changed feeds than are read at once (8), then one with nothing new.
	for (let index = 1; index <= 9; index++) {
		server.route(`/busy${index}.xml`, {
			headers: {'content-type': 'application/rss+xml'},
			body: oneItemFeed(`Busy ${index}`, server.url(`/story${index}.html`)),
		});
		server.route(`/story${index}.html`, {
			headers: {'content-type': 'text/html'},
			body: page,
		});
		subscribe(state, server.url(`/busy${index}.xml`), `Busy ${index}`);
	}

	server.route('/quiet.xml', {
		headers: {'content-type': 'application/rss+xml'},
		body: '<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title><link>http://127.0.0.1/</link><description>Nothing new</description></channel></rss>',
	});
	subscribe(state, server.url('/quiet.xml'), 'Quiet');
	const held = new HeldPool();
	t.teardown(async () => {
		held.release();
		await held.close();
	});
	let quietRead!: () => void;
	const quiet = new Promise<'read'>((resolve) => {
		quietRead = () => {
			resolve('read');
		};
	});
	const refreshing = refresh(temporaryDir(), state, {
		pool: held,
		onEvent(event) {
			if (event.type === 'feed' && event.title === 'Quiet') {
				quietRead();
			}
		},
	});
	let timer: NodeJS.Timeout | undefined;
	const outcome = await Promise.race([
		quiet,
		new Promise<'not read'>((resolve) => {
			timer = setTimeout(() => {
				resolve('not read');
			}, 20_000);
		}),
	]);
	clearTimeout(timer);
	t.is(
		outcome,
		'read',
		'the feed with nothing new is read while the pages wait',
	);
	held.release();
	const {summary} = await refreshing;
	t.is(summary.newItems, 9);
	t.is(summary.failed, 0);
});
