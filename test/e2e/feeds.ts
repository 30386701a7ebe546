import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import zlib from 'node:zlib';
import test from 'ava';
import {startGazette} from '../helpers/cli.js';
import {listenLocally, serve, type TestServer} from '../helpers/http-server.js';
import {closeAll, runCli, spawnCli, tempDir} from '../helpers/pty.js';
import {fixture} from '../fixtures/feeds/fixtures.js';

test.after.always(() => {
	closeAll();
});

type Site = TestServer & {held: Array<() => void>; holdCouncil: boolean};

/** A news site: a home page that links to its RSS feed (ETag-aware), two article pages, and a third item whose page is gone. */
async function newsSite(t: Parameters<typeof serve>[0]): Promise<Site> {
	const server = await serve(t);
	const site = Object.assign(server, {
		held: [] as Array<() => void>,
		holdCouncil: false,
	});
	t.teardown(() => {
		for (const release of site.held) {
			release();
		}
	});
	server.route('/', {
		headers: {'content-type': 'text/html'},
		body: '<html><head><title>Ledger</title><link rel="alternate" type="application/rss+xml" title="Ledger" href="/rss.xml"></head><body>Home</body></html>',
	});
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
		headers: {'content-type': 'text/html'},
		body: fixture('harbour-article.html', server.origin),
	});
	server.route('/articles/council.html', (_request, response) => {
		const answer = () => {
			response.writeHead(200, {'content-type': 'text/html'});
			response.end(fixture('council-article.html', server.origin));
		};

		if (site.holdCouncil) {
			site.held.push(answer);
		} else {
			answer();
		}
	});
	return site;
}

async function stdoutOf(args: string[]): Promise<string> {
	const {stdout} = await runCli(args);
	return stdout;
}

function folders() {
	const root = tempDir('gazette-e2e-feeds-');
	return {
		state: path.join(root, 'state'),
		data: path.join(root, 'data'),
		args: [
			'--state-dir',
			path.join(root, 'state'),
			'--data-dir',
			path.join(root, 'data'),
		],
	};
}

function articleFiles(dataDir: string): string[] {
	const feeds = path.join(dataDir, 'feeds');
	return existsSync(feeds)
		? readdirSync(feeds).flatMap((slug) =>
				readdirSync(path.join(feeds, slug)).map((name) => `${slug}/${name}`),
			)
		: [];
}

test.serial(
	'add → refresh → list → read → refresh again (conditional, no duplicates) → export and import',
	async (t) => {
		const site = await newsSite(t);
		const {args, data} = folders();
		const add = await runCli([...args, 'feeds', 'add', site.url('/')]);
		t.is(add.exitCode, 0, `stderr: ${add.stderr}`);
		t.regex(
			add.stdout,
			/Subscribed to The Coastal Ledger \(http:\/\/127\.0\.0\.1:\d+\/rss\.xml\): 3 items/,
		);
		const again = await runCli([...args, 'feeds', 'add', site.url('/rss.xml')]);
		t.is(again.exitCode, 0);
		t.regex(again.stdout, /Already subscribed to The Coastal Ledger/);

		const refresh = await runCli([...args, 'refresh']);
		t.is(refresh.exitCode, 0, `stderr: ${refresh.stderr}`);
		t.is(refresh.stdout, '3 new articles from 1 feed\n');
		t.is(refresh.stderr, '');
		t.is(articleFiles(data).length, 3);

		const list = await runCli([...args, 'list', '--json']);
		const articles = JSON.parse(list.stdout) as Array<{
			id: string;
			title: string;
			source: string;
		}>;
		const bridge = articles.find(
			(article) =>
				article.title === 'Harbour Bridge Reopens After Three-Year Repair',
		);
		t.truthy(bridge);
		t.is(bridge!.source, 'The Coastal Ledger');
		// The bundled articles are still there.
		t.true(articles.some((article) => article.id === 'miami-summit'));

		const read = await runCli([...args, 'read', bridge!.id, '--width', '100']);
		t.is(read.exitCode, 0);
		t.regex(
			read.stdout,
			/Officials said the next major inspection is due in 2030/,
		);
		t.notRegex(read.stdout, /cookies|Related stories|Post comment/);

		const feedsList = await runCli([...args, 'feeds', 'list', '--json']);
		const [feed] = JSON.parse(feedsList.stdout) as Array<{
			title: string;
			total: number;
			unread: number;
			lastError: string | null;
		}>;
		t.like(feed, {
			title: 'The Coastal Ledger',
			total: 3,
			unread: 3,
			lastError: null,
		});

		const before = site.requests.length;
		const second = await runCli([...args, 'refresh']);
		t.is(second.exitCode, 0);
		t.is(second.stdout, '0 new articles from 1 feed\n');
		t.deepEqual(
			site.requests
				.slice(before)
				.map((request) => [request.path, request.headers['if-none-match']]),
			[['/rss.xml', '"rss-1"']],
		);
		t.is(articleFiles(data).length, 3);

		const exported = await runCli([...args, 'feeds', 'export']);
		t.is(exported.exitCode, 0);
		t.regex(exported.stdout, /^<\?xml version="1\.0"/);
		t.regex(
			exported.stdout,
			/<outline text="The Coastal Ledger" type="rss" xmlUrl="http:\/\/127\.0\.0\.1:\d+\/rss\.xml"/,
		);
		const other = folders();
		const file = path.join(other.state, '..', 'feeds.opml');
		writeFileSync(file, exported.stdout);
		const imported = await runCli([...other.args, 'feeds', 'import', file]);
		t.is(imported.exitCode, 0, `stderr: ${imported.stderr}`);
		t.is(imported.stdout, 'Imported 1 feed.\n');
		const reexported = await runCli([...other.args, 'feeds', 'export']);
		const withoutDate = (text: string) =>
			text.replace(/<dateCreated>.*<\/dateCreated>/, '');
		t.is(withoutDate(reexported.stdout), withoutDate(exported.stdout));
	},
);

test.serial(
	'OPML import keeps nested folders, and export gives them back',
	async (t) => {
		const {args} = folders();
		const file = path.join(tempDir('gazette-opml-'), 'subscriptions.opml');
		writeFileSync(
			file,
			`<?xml version="1.0"?><opml version="1.0"><head><title>Mine</title></head><body>
		<outline text="News"><outline text="World"><outline text="Desk &amp; Co" xmlUrl="https://example.com/world.xml" htmlUrl="https://example.com/"/></outline>
		<outline text="Local" type="rss" xmlUrl="https://example.com/local.xml"/></outline>
		<outline text="Loose" type="rss" xmlUrl="https://example.org/loose.json"/>
		<outline text="Broken" type="rss" xmlUrl="javascript:alert(1)"/>
		</body></opml>`,
		);
		const imported = await runCli([...args, 'feeds', 'import', file]);
		t.is(imported.stdout, 'Imported 3 feeds; 1 skipped (no usable address).\n');
		const again = await runCli([...args, 'feeds', 'import', file]);
		t.is(
			again.stdout,
			'Imported 0 feeds; 3 already subscribed; 1 skipped (no usable address).\n',
		);
		const list = JSON.parse(
			await stdoutOf([...args, 'feeds', 'list', '--json']),
		) as Array<{title: string; folder: string}>;
		t.deepEqual(
			list.map((feed) => [feed.title, feed.folder]),
			[
				['Desk & Co', 'News/World'],
				['Local', 'News'],
				['Loose', ''],
			],
		);
		const exported = await stdoutOf([...args, 'feeds', 'export']);
		t.regex(
			exported,
			/<outline text="News">\s*<outline text="World">\s*<outline text="Desk &amp; Co"[^>]*xmlUrl="https:\/\/example\.com\/world\.xml"[^>]*\/>\s*<\/outline>\s*<outline text="Local"/,
		);
		const text = await runCli([...args, 'feeds', 'list']);
		t.regex(
			text.stdout,
			/^Desk & Co\s+News\/World\s+never\s+0 \/ 0\s+everything \(default\)\s+https:\/\/example\.com\/world\.xml$/m,
		);
	},
);

test.serial(
	'a failed feed: exit 1, one line on stderr naming it and the reason, the others kept',
	async (t) => {
		const site = await newsSite(t);
		const {args, data} = folders();
		const addedrss = await runCli([
			...args,
			'feeds',
			'add',
			site.url('/rss.xml'),
		]);
		t.is(addedrss.exitCode, 0);
		site.route('/gone.xml', {
			body: '<rss version="2.0"><channel><title>Gone Soon</title><link>x</link><description>d</description></channel></rss>',
		});
		const addedgone = await runCli([
			...args,
			'feeds',
			'add',
			site.url('/gone.xml'),
		]);
		t.is(addedgone.exitCode, 0);
		site.route('/gone.xml', {status: 404});
		const refresh = await runCli([...args, 'refresh']);
		t.is(refresh.exitCode, 1);
		t.is(refresh.stdout, '3 new articles from 2 feeds; 1 feed failed\n');
		t.regex(
			refresh.stderr,
			/^gazette: Gone Soon: HTTP 404 Not Found \(http:\/\/127\.0\.0\.1:\d+\/gone\.xml\)\n$/,
		);
		t.is(articleFiles(data).length, 3);
		const list = JSON.parse(
			await stdoutOf([...args, 'feeds', 'list', '--json']),
		) as Array<{title: string; lastError: string | null}>;
		t.regex(
			list.find((feed) => feed.title === 'Gone Soon')!.lastError!,
			/HTTP 404/,
		);
		const named = await runCli([...args, 'refresh', 'the coastal ledger']);
		t.is(named.exitCode, 0);
		t.is(named.stdout, '0 new articles from 1 feed\n');
	},
);

test.serial(
	'refresh --progress json: one object per line, start, each feed, done',
	async (t) => {
		const site = await newsSite(t);
		const {args} = folders();
		await runCli([...args, 'feeds', 'add', site.url('/rss.xml')]);
		const {stdout, exitCode} = await runCli([
			...args,
			'refresh',
			'--progress',
			'json',
		]);
		t.is(exitCode, 0);
		const events = stdout
			.trimEnd()
			.split('\n')
			.map((line) => JSON.parse(line) as Record<string, unknown>);
		t.deepEqual(events[0], {type: 'start', feeds: 1});
		t.like(events[1], {
			type: 'feed',
			index: 1,
			total: 1,
			title: 'The Coastal Ledger',
			newItems: 3,
		});
		t.like(events[2], {type: 'done', feeds: 1, newItems: 3, failed: 0});
		t.is(events.length, 3);
	},
);

test.serial(
	'a refresh killed halfway leaves whole files only, and the next one picks up where it stopped',
	async (t) => {
		const site = await newsSite(t);
		const {args, data} = folders();
		await runCli([...args, 'feeds', 'add', site.url('/rss.xml')]);
		site.holdCouncil = true;
		const session = spawnCli([...args, 'refresh']);
		t.teardown(() => {
			session.kill('SIGKILL');
		});
		// Two items are written while the third's page is held.
		for (
			let tries = 0;
			tries < 600 &&
			articleFiles(data).filter((name) => name.endsWith('.md')).length < 2;
			tries++
		) {
			// eslint-disable-next-line no-await-in-loop
			await new Promise((resolve) => {
				setTimeout(resolve, 25);
			});
		}

		t.is(articleFiles(data).filter((name) => name.endsWith('.md')).length, 2);
		session.kill('SIGKILL');
		await session.exited();
		site.holdCouncil = false;
		const resumed = await runCli([...args, 'refresh']);
		t.is(resumed.exitCode, 0, `stderr: ${resumed.stderr}`);
		t.is(resumed.stdout, '1 new article from 1 feed\n');
		const files = articleFiles(data);
		t.is(files.length, 3);
		t.true(files.every((name) => name.endsWith('.md')));
	},
);

test.serial(
	'the list shows fetched articles beside the bundled ones, in a terminal, and one opens like any other',
	async (t) => {
		const site = await newsSite(t);
		const {args, state, data} = folders();
		await runCli([...args, 'feeds', 'add', site.url('/rss.xml')]);
		await runCli([...args, 'refresh']);
		const session = startGazette(t, ['--data-dir', data], {stateDir: state});
		const screen = await session.waitFor('Harbour Bridge Reopens');
		t.regex(screen, /Council Votes to Expand Night Buses/);
		t.regex(screen, /Miami Summit/);
		t.regex(screen, /The Coastal Ledger/);
		t.regex(screen, /gazette · 1\/6 articles/);
		// Open it as any article: filter, Enter, Enter.
		await session.press('/');
		await session.waitFor(/^\/ ?$/m);
		await session.type('harbour');
		await session.waitFor('1/1 of 6');
		await session.press('enter');
		await session.waitFor('1/1 of 6 · filter: harbour');
		await session.press('enter');
		const article = await session.waitFor(
			'The Harbour Bridge reopened to traffic',
		);
		t.regex(article, /The Coastal Ledger · Mira Okafor/);
		t.notRegex(article, /cookies/);
	},
);

test.serial(
	'save keeps a page, or a saved HTML file, and prints its id; read shows it',
	async (t) => {
		const site = await newsSite(t);
		const {args, data} = folders();
		const saved = await runCli([
			...args,
			'save',
			site.url('/articles/harbour.html'),
		]);
		t.is(saved.exitCode, 0, `stderr: ${saved.stderr}`);
		const id = saved.stdout.trim();
		t.regex(
			id,
			/^\d{4}-\d{2}-\d{2}-harbour-bridge-reopens-after-three-year-repair-[\da-f]{10}$/,
		);
		t.true(existsSync(path.join(data, 'saved', `${id}.md`)));
		const read = await runCli([...args, 'read', id]);
		t.regex(read.stdout, /Officials said the next major inspection/);
		const file = path.join(tempDir('gazette-save-'), 'council.html');
		writeFileSync(file, fixture('council-article.html', site.origin));
		const fromFile = await runCli([...args, 'save', file]);
		t.is(fromFile.exitCode, 0, `stderr: ${fromFile.stderr}`);
		t.regex(
			readFileSync(
				path.join(data, 'saved', `${fromFile.stdout.trim()}.md`),
				'utf8',
			),
			/Nobody should have to choose/,
		);
		const missing = await runCli([...args, 'save', site.url('/no-such-page')]);
		t.is(missing.exitCode, 1);
		t.regex(missing.stderr, /cannot fetch .*: HTTP 404/);
	},
);

test.serial(
	'save over https: a certificate the system trusts is fetched (gzip), one it does not is refused and says so',
	async (t) => {
		const page = zlib.gzipSync(
			fixture('harbour-article.html', 'https://127.0.0.1'),
		);
		const server = https.createServer(
			{
				key: fixture('self-signed-key.pem'),
				cert: fixture('self-signed-cert.pem'),
			},
			(_request, response) => {
				response.writeHead(200, {
					'content-type': 'text/html',
					'content-encoding': 'gzip',
				});
				response.end(page);
			},
		);
		const url = `${await listenLocally(t, server)}/articles/harbour.html`;
		const {args, data} = folders();
		const untrusted = await runCli([...args, 'save', url]);
		t.is(untrusted.exitCode, 1);
		t.regex(untrusted.stderr, /: TLS certificate not trusted/);
		// Node adds the certificates this file names to the ones it trusts.
		const authority = path.join(tempDir('gazette-e2e-tls-'), 'authority.pem');
		writeFileSync(authority, fixture('self-signed-cert.pem'));
		const trusted = await runCli([...args, 'save', url], {
			env: {NODE_EXTRA_CA_CERTS: authority},
		});
		t.is(trusted.exitCode, 0, `stderr: ${trusted.stderr}`);
		t.regex(
			readFileSync(
				path.join(data, 'saved', `${trusted.stdout.trim()}.md`),
				'utf8',
			),
			/Officials said the next major inspection/,
		);
	},
);

test.serial(
	'usage and lookup errors: exit 2 for usage, 1 for a feed that is not there',
	async (t) => {
		const {args} = folders();
		const bare = await runCli([...args, 'feeds']);
		t.is(bare.exitCode, 2);
		t.regex(bare.stderr, /feeds what\?/);
		const progress = await runCli([...args, 'refresh', '--progress', 'xml']);
		t.is(progress.exitCode, 2);
		const remove = await runCli([...args, 'feeds', 'remove', 'Nothing Here']);
		t.is(remove.exitCode, 1);
		t.regex(remove.stderr, /no feed "Nothing Here"/);
		const none = await runCli([...args, 'refresh']);
		t.is(none.exitCode, 0);
		t.regex(none.stdout, /No feeds to refresh/);
		const notAFeed = await runCli([
			...args,
			'feeds',
			'add',
			'ftp://example.com/feed',
		]);
		t.is(notAFeed.exitCode, 1);
		t.regex(notAFeed.stderr, /only http and https/);
	},
);

test.serial(
	'remove keeps the articles unless --purge; GAZETTE_DATA_DIR works like --data-dir',
	async (t) => {
		const site = await newsSite(t);
		const {state, data} = folders();
		const env = {GAZETTE_DATA_DIR: data};
		await runCli(['--state-dir', state, 'feeds', 'add', site.url('/rss.xml')], {
			env,
		});
		await runCli(['--state-dir', state, 'refresh'], {env});
		t.is(articleFiles(data).length, 3);
		const removed = await runCli(
			['--state-dir', state, 'feeds', 'remove', 'The Coastal Ledger'],
			{env},
		);
		t.is(removed.exitCode, 0);
		t.regex(removed.stdout, /Its articles stay in/);
		t.is(articleFiles(data).length, 3);
		await runCli(['--state-dir', state, 'feeds', 'add', site.url('/rss.xml')], {
			env,
		});
		const purged = await runCli(
			[
				'--state-dir',
				state,
				'feeds',
				'remove',
				'--purge',
				site.url('/rss.xml'),
			],
			{env},
		);
		t.is(purged.exitCode, 0);
		t.is(articleFiles(data).length, 0);
	},
);

test.serial(
	'on a terminal, refresh shows its progress on one line, then the summary in its place',
	async (t) => {
		const site = await newsSite(t);
		const {args} = folders();
		const held: Array<() => void> = [];
		t.teardown(() => {
			for (const release of held) {
				release();
			}
		});
		site.route('/later.xml', (_request, response) => {
			held.push(() => {
				response.writeHead(200, {'content-type': 'application/rss+xml'});
				response.end(
					'<rss version="2.0"><channel><title>Later Feed</title><link>x</link><description>d</description></channel></rss>',
				);
			});
		});
		await runCli([...args, 'feeds', 'add', site.url('/rss.xml')]);
		await runCli([
			...args,
			'feeds',
			'import',
			await opmlFile(site.url('/later.xml')),
		]);
		const session = spawnCli([...args, 'refresh']);
		t.teardown(() => {
			session.kill('SIGKILL');
		});
		await session.waitFor(
			'Refreshing 1/2 · The Coastal Ledger · 3 new articles',
		);
		for (const release of held.splice(0)) {
			release();
		}

		const screen = await session.waitFor('3 new articles from 2 feeds');
		t.notRegex(screen, /Refreshing/);
		const {exitCode} = await session.exited();
		t.is(exitCode, 0);
	},
);

async function opmlFile(feedUrl: string): Promise<string> {
	const file = path.join(tempDir('gazette-opml-'), 'later.opml');
	writeFileSync(
		file,
		`<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="Later Feed" type="rss" xmlUrl="${feedUrl}"/></body></opml>`,
	);
	return file;
}

test.serial(
	'Ctrl+C stops a refresh: whole files only, the summary and the stopped feed said, exit 130',
	async (t) => {
		const site = await newsSite(t);
		const {args, data} = folders();
		await runCli([...args, 'feeds', 'add', site.url('/rss.xml')]);
		site.holdCouncil = true;
		const session = spawnCli([...args, 'refresh']);
		t.teardown(() => {
			session.kill('SIGKILL');
		});
		for (
			let tries = 0;
			tries < 600 &&
			articleFiles(data).filter((name) => name.endsWith('.md')).length < 2;
			tries++
		) {
			// eslint-disable-next-line no-await-in-loop
			await new Promise((resolve) => {
				setTimeout(resolve, 25);
			});
		}

		session.kill('SIGINT');
		const {exitCode} = await session.exited();
		t.is(exitCode, 130, `screen: ${session.screen()}`);
		t.regex(session.screen(), /2 new articles from 1 feed; 1 feed failed/);
		t.regex(session.screen(), /The Coastal Ledger: stopped/);
		t.true(articleFiles(data).every((name) => name.endsWith('.md')));
	},
);

test.serial(
	'R in the list refreshes in the background: the keys still work, a progress line shows, and the new articles appear unread with the cursor where it was',
	async (t) => {
		const site = await newsSite(t);
		const {args, state, data} = folders();
		await runCli([...args, 'feeds', 'add', site.url('/rss.xml')]);
		const session = startGazette(t, ['--data-dir', data], {stateDir: state});
		await session.waitFor('gazette · 1/3 articles');
		// The cursor on the second article, then R and a key in the same write.
		await session.press('jRj');
		await session.waitFor(/Refreshing|new articles? from 1 feed/);
		await session.waitFor('3/3 articles');
		const done = await session.waitFor(/3 new articles from 1 feed\./, {
			timeout: 30_000,
		});
		t.regex(done, /Harbour Bridge Reopens/);
		t.regex(done, /gazette · \d+\/6 articles/);
		// The cursor stayed on the article it was on (the third of the bundled ones, now among the fetched).
		t.regex(done, /^❯ .*Miami Summit/m);
		const harbour = done
			.split('\n')
			.find((line) => line.includes('Harbour Bridge'))!;
		t.regex(harbour, /●/);
	},
);
