import {existsSync, readdirSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {readArticle} from '../../source/library/load.js';
import {openStore} from '../../source/store/store.js';
import {markRead, saveComment} from '../../source/store/writes.js';
import {serve, type TestServer} from '../helpers/http-server.js';
import {closeAll, runCli, tempDir} from '../helpers/pty.js';
import {fixture} from '../fixtures/feeds/fixtures.js';

test.after.always(() => {
	closeAll();
});

/** The news site without validators: each refresh gets the whole feed, so only retention's memory keeps a pruned item out. */
async function newsSite(t: Parameters<typeof serve>[0]): Promise<TestServer> {
	const server = await serve(t);
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
	return server;
}

function folders() {
	const root = tempDir('gazette-e2e-retention-');
	const state = path.join(root, 'state');
	const data = path.join(root, 'data');
	return {
		state,
		data,
		feed: path.join(data, 'feeds', 'the-coastal-ledger'),
		args: ['--state-dir', state, '--data-dir', data],
	};
}

const files = (folder: string) =>
	existsSync(folder) ? readdirSync(folder).sort() : [];

test.serial(
	'feeds set → prune --dry-run → prune → refresh (nothing comes back) → remove --purge (comments stay, named)',
	async (t) => {
		const site = await newsSite(t);
		const {state, feed, args} = folders();
		const added = await runCli([...args, 'feeds', 'add', site.url('/rss.xml')]);
		t.is(added.exitCode, 0);
		const refreshed = await runCli([...args, 'refresh']);
		t.is(refreshed.exitCode, 0, `stderr: ${refreshed.stderr}`);
		const names = files(feed);
		t.is(names.length, 3);
		const articles = names.map((name) => readArticle(path.join(feed, name)));
		const bridge = articles.find((article) =>
			article.title.startsWith('Harbour Bridge'),
		)!;
		const council = articles.find((article) =>
			article.title.startsWith('Council'),
		)!;
		const market = articles.find((article) =>
			article.title.startsWith('Market'),
		)!;

		// The bridge is commented, the council read; the market stays unread.
		const commented = await runCli([
			...args,
			'comment',
			bridge.id,
			'--name',
			'Ann',
			'--text',
			'Worth keeping.',
		]);
		t.is(commented.exitCode, 0, `stderr: ${commented.stderr}`);
		const store = await openStore({stateDir: state});
		markRead(store, bridge.key, true);
		markRead(store, council.key, true);
		// As the reader saves one: no article names with it; removing the article's file must give it them.
		saveComment(
			store,
			{articleId: market.key, sectionId: null, quote: null, parentId: null},
			{name: 'Bo', email: '', body: 'From the reader.'},
		);
		store.close();

		const wrong = await runCli([
			...args,
			'feeds',
			'set',
			'The Coastal Ledger',
			'--keep-days',
			'soon',
		]);
		t.is(wrong.exitCode, 2);
		t.regex(wrong.stderr, /--keep-days takes a whole number/);
		const set = await runCli([
			...args,
			'feeds',
			'set',
			'The Coastal Ledger',
			'--keep-days',
			'30',
		]);
		t.is(set.exitCode, 0, `stderr: ${set.stderr}`);
		t.is(set.stdout, 'The Coastal Ledger keeps 30 days.\n');
		const defaults = await runCli([
			...args,
			'feeds',
			'set',
			'--default',
			'--keep-items',
			'200',
		]);
		t.is(defaults.stdout, 'Feeds without their own setting keep 200 items.\n');
		const list = await runCli([...args, 'feeds', 'list']);
		t.regex(list.stdout, /30 days, 200 items/);
		t.regex(list.stdout, /Feeds without their own setting keep 200 items/);
		const listedJson = await runCli([...args, 'feeds', 'list', '--json']);
		const listed = JSON.parse(listedJson.stdout) as Array<
			Record<string, unknown>
		>;
		t.like(listed[0], {
			keepDays: 30,
			keepItems: 200,
			keepOwn: {keepDays: 30, keepItems: null},
		});

		// June 2025 is more than 30 days ago: only the council (read, no comment) can go.
		const dry = await runCli([...args, 'prune', '--dry-run']);
		t.is(dry.exitCode, 0, `stderr: ${dry.stderr}`);
		t.regex(
			dry.stdout,
			/Council Votes to Expand Night Buses \(older than the days kept\)/,
		);
		t.regex(
			dry.stdout,
			/Would prune 1 article\. Kept past their limits: 1 unread, 1 commented\./,
		);
		t.deepEqual(files(feed), names);

		const pruned = await runCli([...args, 'prune']);
		t.is(pruned.exitCode, 0, `stderr: ${pruned.stderr}`);
		t.regex(pruned.stdout, /^Pruned 1 article\./);
		t.false(existsSync(council.path));
		t.is(files(feed).length, 2);

		const again = await runCli([...args, 'refresh']);
		t.is(again.exitCode, 0, `stderr: ${again.stderr}`);
		t.is(again.stdout, '0 new articles from 1 feed\n');
		t.false(existsSync(council.path));

		const removed = await runCli([
			...args,
			'feeds',
			'remove',
			'The Coastal Ledger',
			'--purge',
		]);
		t.is(removed.exitCode, 0, `stderr: ${removed.stderr}`);
		t.false(existsSync(feed));
		const comments = await runCli([...args, 'comments', '--json']);
		t.is(comments.exitCode, 0, `stderr: ${comments.stderr}`);
		const kept = JSON.parse(comments.stdout) as Array<Record<string, unknown>>;
		t.is(kept.length, 2);
		t.like(
			kept.find((comment) => comment.body === 'Worth keeping.'),
			{
				articleTitle: bridge.title,
				articleUrl: bridge.url,
			},
		);
		t.like(
			kept.find((comment) => comment.body === 'From the reader.'),
			{
				articleTitle: market.title,
				articleUrl: market.url,
			},
		);
		const markdown = await runCli([...args, 'comments', '--markdown']);
		t.true(
			markdown.stdout.startsWith(`## ${bridge.title}\n\n<${bridge.url}>\n`),
			`markdown: ${markdown.stdout}`,
		);
	},
);

test.serial(
	'search finds the full text of fetched and bundled articles, ranked, with the matching line',
	async (t) => {
		const site = await newsSite(t);
		const {args} = folders();
		await runCli([...args, 'feeds', 'add', site.url('/rss.xml')]);
		await runCli([...args, 'refresh']);
		const found = await runCli([
			...args,
			'search',
			'next major inspection',
			'--json',
		]);
		t.is(found.exitCode, 0, `stderr: ${found.stderr}`);
		const results = JSON.parse(found.stdout) as Array<Record<string, string>>;
		t.is(results.length, 1);
		t.like(results[0], {
			title: 'Harbour Bridge Reopens After Three-Year Repair',
			source: 'The Coastal Ledger',
		});
		t.regex(results[0].snippet, /next major inspection is due in 2030/);
		const text = await runCli([...args, 'search', 'inspection']);
		t.regex(
			text.stdout,
			/Harbour Bridge Reopens After Three-Year Repair\n {4}.*inspection/,
		);
		const none = await runCli([...args, 'search', 'zzzzqqq']);
		t.is(none.exitCode, 0);
		t.is(none.stdout, '');
		t.regex(none.stderr, /No article has zzzzqqq/);
		const usage = await runCli([...args, 'search']);
		t.is(usage.exitCode, 2);
	},
);
