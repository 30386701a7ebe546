// Benchmark for gazette's feeds (issue 14): refresh, extraction and feed parsing, against local HTTP servers on 127.0.0.1.
// Standalone: `node scripts/bench-feeds.js` after `npm run build` (it runs dist/cli.js and the built extraction worker, and the feed parser from source through tsx).
//
//   --feeds N      feeds in the cold refresh (default 100), each with 20 items and a full article page per item
//   --hosts N      local servers the feeds are spread over, each its own host:port (default 10; gazette allows 2 connections per host)
//   --quick        20 feeds and fewer extraction samples, for a fast check
//   --json         print the results as JSON instead of a markdown table
//
// Rows and the issue's targets: cold refresh of 100 × 20 with full text ≤ 30 s; a refresh where nothing changed (100 × 304)
// ≤ 0.5 s; 20 new items ≤ 1 s; extraction p50/p95 per page ≤ 15/50 ms; a 5 MB feed parse ≤ 250 ms; peak memory during the
// cold refresh ≤ 300 MB. Every server and child process is stopped and the temporary folder removed, even on failure.
import {Buffer} from 'node:buffer';
import {spawn} from 'node:child_process';
import {
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {parseArgs} from 'node:util';
import {Worker} from 'node:worker_threads';
import {register} from 'tsx/esm/api';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cliPath = path.join(root, 'dist', 'cli.js');
const fixtures = path.join(root, 'test', 'fixtures', 'feeds');
const itemsPerFeed = 20;

const {values: options} = parseArgs({
	options: {
		feeds: {type: 'string'},
		hosts: {type: 'string'},
		quick: {type: 'boolean', default: false},
		json: {type: 'boolean', default: false},
	},
});
const feedCount = Number(options.feeds ?? (options.quick ? 20 : 100));
const hostCount = Number(options.hosts ?? 10);
const samples = options.quick ? 40 : 200;
const log = (message) => process.stderr.write(`${message}\n`);

// ---------------------------------------------------------------- cleanup

const servers = [];
const children = new Set();
const temporary = mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-feeds-'));

function cleanup() {
	for (const child of children) {
		child.kill('SIGKILL');
	}

	for (const server of servers) {
		server.closeAllConnections?.();
		server.close();
	}

	rmSync(temporary, {recursive: true, force: true});
}

process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		cleanup();
		process.exit(130);
	});
}

// ---------------------------------------------------------------- inputs

const template = readFileSync(
	path.join(fixtures, 'harbour-article.html'),
	'utf8',
);
const sentences = [
	'The committee met again on Thursday to review the figures from the spring survey.',
	'Residents along the river said the water had never come so close to their doors.',
	'Officials promised a full report before the end of the month, with costs attached.',
	'Several traders questioned whether the new rules would survive the first busy weekend.',
	'The mayor declined to comment on the timetable but said the money was already set aside.',
];

/** An article page of about 80 KB, built like a real news page: a mega-menu, ads, related links, a long footer and inline scripts around a 12-paragraph story. */
function articlePage(feed, item) {
	const story = Array.from(
		{length: 12},
		(_, index) =>
			`<p>Story ${feed}-${item}, paragraph ${index}: ${sentences[(feed + item + index) % sentences.length]} ${sentences[(index * 3 + item) % sentences.length]}</p>`,
	).join('\n');
	const noise = Array.from(
		{length: 60},
		(_, index) =>
			`<li><a href="/related/${feed}/${index}">Related story number ${index} from the archive</a></li>`,
	).join('');
	const menu = `<nav class="mega-menu"><ul>${Array.from({length: 150}, (_, index) => `<li class="menu-item"><a href="/section/${index}"><span>Section ${index}</span></a></li>`).join('')}</ul></nav>`;
	const footer = `<div class="footer-links">${Array.from({length: 100}, (_, index) => `<div class="col"><a href="/page/${index}">Footer page ${index}</a></div>`).join('')}</div>`;
	const script = `<script>window.__STATE__=${JSON.stringify({items: Array.from({length: 500}, (_, index) => ({id: index, slot: `ad-${index}`, path: `/feed${feed}/story${item}`}))})}</script>`;
	return template
		.replace(
			/<div class="story-body">[\s\S]*?<\/div>\n {4}<div class="share-tools">/,
			`<div class="story-body">${story}</div>\n    <div class="share-tools">`,
		)
		.replace(
			'<ul>\n      <li><a href="/news/ferry',
			`<ul>${noise}\n      <li><a href="/news/ferry`,
		)
		.replace(
			'<header class="site-header">',
			`<header class="site-header">${menu}`,
		)
		.replace('</body>', `${footer}${script}${script}</body>`)
		.replaceAll(
			'Harbour Bridge Reopens After Three-Year Repair',
			`Story ${feed}-${item} headline`,
		);
}

function rss(origin, feed, count, offset = 0) {
	const items = Array.from({length: count}, (_, index) => {
		const item = index + offset;
		const day = String(1 + (item % 28)).padStart(2, '0');
		return `<item><title>Story ${feed}-${item} headline</title><link>${origin}/feed${feed}/story${item}.html</link><guid isPermaLink="false">bench-${feed}-${item}</guid><pubDate>Tue, ${day} Jun 2025 07:30:00 GMT</pubDate><description>Summary of story ${feed}-${item}.</description></item>`;
	}).join('\n');
	return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench Feed ${feed}</title><link>${origin}/</link><description>d</description>${items}</channel></rss>`;
}

/** Feeds answer with an ETag and honour If-None-Match; `extra[feed]` items are added on top when set. */
const extra = new Map();

async function startServer() {
	const server = http.createServer((request, response) => {
		const origin = `http://${request.headers.host}`;
		const feedMatch = /^\/feed(\d+)\.xml$/.exec(request.url);
		if (feedMatch) {
			const feed = Number(feedMatch[1]);
			const added = extra.get(feed) ?? 0;
			const etag = `"feed-${feed}-${added}"`;
			if (request.headers['if-none-match'] === etag) {
				response.writeHead(304, {etag});
				response.end();
				return;
			}

			response.writeHead(200, {'content-type': 'application/rss+xml', etag});
			response.end(rss(origin, feed, itemsPerFeed + added, 0));
			return;
		}

		const pageMatch = /^\/feed(\d+)\/story(\d+)\.html$/.exec(request.url);
		if (pageMatch) {
			response.writeHead(200, {'content-type': 'text/html; charset=utf-8'});
			response.end(articlePage(Number(pageMatch[1]), Number(pageMatch[2])));
			return;
		}

		response.writeHead(404);
		response.end();
	});
	await new Promise((resolve) => {
		server.listen(0, '127.0.0.1', resolve);
	});
	servers.push(server);
	return `http://127.0.0.1:${server.address().port}`;
}

// ---------------------------------------------------------------- running gazette

/** Run the CLI; resolves with its wall time and peak memory (VmHWM, read while it runs). */
async function gazette(args) {
	return node([cliPath, ...args]);
}

/** Run `node ...args`, measured as gazette is. */
async function node(args) {
	const started = performance.now();
	const child = spawn(process.execPath, args, {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	children.add(child);
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk) => {
		stdout += chunk;
	});
	child.stderr.on('data', (chunk) => {
		stderr += chunk;
	});
	let peakKb = 0;
	let cpuTicks = 0;
	const sample = () => {
		try {
			const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
			peakKb = Math.max(
				peakKb,
				Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0),
			);
			// Utime and stime (fields 14 and 15): CPU time, which a busy machine disturbs less than wall time.
			const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8')
				.split(') ')[1]
				.split(' ');
			cpuTicks = Math.max(cpuTicks, Number(fields[11]) + Number(fields[12]));
		} catch {}
	};

	const timer = setInterval(sample, 20);
	const code = await new Promise((resolve) => {
		child.on('exit', (exitCode) => {
			resolve(exitCode);
		});
	});
	clearInterval(timer);
	children.delete(child);
	const ms = performance.now() - started;
	if (code !== 0) {
		throw new Error(
			`node ${args.join(' ').slice(0, 200)} exited with ${code}: ${stderr.slice(0, 500)}`,
		);
	}

	// Clock ticks are 1/100 s on Linux; the last sample is at most 20 ms before the exit.
	return {ms, peakMb: peakKb / 1024, cpuS: cpuTicks / 100, stdout};
}

function articleCount(dataDir) {
	const feeds = path.join(dataDir, 'feeds');
	return readdirSync(feeds).reduce(
		(sum, slug) =>
			sum +
			readdirSync(path.join(feeds, slug)).filter((name) => name.endsWith('.md'))
				.length,
		0,
	);
}

// ---------------------------------------------------------------- scenarios

const results = [];
const row = (name, value, unit, target, note = '') => {
	results.push({
		name,
		value: Math.round(value * 100) / 100,
		unit,
		target,
		ok: value <= target,
		note,
	});
	log(
		`  ${name}: ${value.toFixed(2)} ${unit} (target ≤ ${target})${note ? `; ${note}` : ''}`,
	);
};

async function refreshRows() {
	const origins = [];
	for (let index = 0; index < hostCount; index++) {
		// eslint-disable-next-line no-await-in-loop
		origins.push(await startServer());
	}

	const stateDir = path.join(temporary, 'state');
	const dataDir = path.join(temporary, 'data');
	const base = ['--state-dir', stateDir, '--data-dir', dataDir];
	const opml = `<?xml version="1.0"?><opml version="2.0"><head/><body>${Array.from(
		{length: feedCount},
		(_, feed) =>
			`<outline text="Bench Feed ${feed}" type="rss" xmlUrl="${origins[feed % origins.length]}/feed${feed}.xml"/>`,
	).join('')}</body></opml>`;
	const opmlFile = path.join(temporary, 'bench.opml');
	writeFileSync(opmlFile, opml);
	await gazette([...base, 'feeds', 'import', opmlFile]);

	log(
		`cold refresh: ${feedCount} feeds × ${itemsPerFeed} items over ${hostCount} hosts`,
	);
	const cold = await gazette([...base, 'refresh']);
	const written = articleCount(dataDir);
	if (written !== feedCount * itemsPerFeed) {
		throw new Error(
			`cold refresh wrote ${written} articles, not ${feedCount * itemsPerFeed}: ${cold.stdout}`,
		);
	}

	row(
		`cold refresh, ${feedCount} feeds × ${itemsPerFeed} items, full text`,
		cold.ms / 1000,
		's',
		30,
		`${written} articles, CPU ${cold.cpuS.toFixed(1)} s`,
	);
	row('peak memory during the cold refresh', cold.peakMb, 'MB', 300);

	const unchanged = [];
	const unchangedCpu = [];
	for (let run = 0; run < 3; run++) {
		// eslint-disable-next-line no-await-in-loop
		const {ms, cpuS} = await gazette([...base, 'refresh']);
		unchanged.push(ms);
		unchangedCpu.push(cpuS);
	}

	// The peer in the same run: plain Node asking for the same feeds with fetch, 8 at a time, each with its ETag, and nothing else. What gazette adds to it is its own start-up, the state and the summary.
	const feedUrls = Array.from({length: feedCount}, (_, feed) => [
		`${origins[feed % origins.length]}/feed${feed}.xml`,
		`"feed-${feed}-0"`,
	]);
	const peer = [];
	for (let run = 0; run < 3; run++) {
		// eslint-disable-next-line no-await-in-loop
		const {ms} = await node([
			'--input-type=module',
			'-e',
			`const urls = ${JSON.stringify(feedUrls)}; let next = 0;
			const one = async () => { while (next < urls.length) { const [url, etag] = urls[next++]; const response = await fetch(url, {headers: {'if-none-match': etag}}); await response.arrayBuffer(); } };
			await Promise.all(Array.from({length: 8}, one));`,
		]);
		peer.push(ms);
	}

	row(
		`refresh with nothing changed (${feedCount} × 304), median of 3`,
		median(unchanged) / 1000,
		's',
		0.5,
		`CPU ${median(unchangedCpu).toFixed(2)} s; plain Node fetching the same ${feedCount} feeds with their ETags: ${(median(peer) / 1000).toFixed(2)} s`,
	);

	// 20 new items: one each in 20 feeds, three times (one more item in each at every run).
	const freshRuns = [];
	const freshCpu = [];
	for (let run = 1; run <= 3; run++) {
		for (let feed = 0; feed < Math.min(20, feedCount); feed++) {
			extra.set(feed, run);
		}

		// eslint-disable-next-line no-await-in-loop
		const fresh = await gazette([...base, 'refresh']);
		if (!fresh.stdout.startsWith('20 new articles')) {
			throw new Error(`expected 20 new articles: ${fresh.stdout}`);
		}

		freshRuns.push(fresh.ms);
		freshCpu.push(fresh.cpuS);
	}

	row(
		'refresh with 20 new items, median of 3',
		median(freshRuns) / 1000,
		's',
		1,
		`CPU ${median(freshCpu).toFixed(2)} s`,
	);
}

/** Each page's extraction as a refresh has it: a job sent to the built extraction worker (dist/), and its answer. */
async function extractionTimes(pages) {
	const worker = new Worker(
		`import(${JSON.stringify(pathToFileURL(path.join(root, 'dist', 'extract-worker.js')).href)})`,
		{eval: true},
	);
	try {
		const answers = [];
		const answered = (message) => {
			answers.shift()?.(message);
		};

		worker.on('message', answered);
		await new Promise((resolve, reject) => {
			answers.push(resolve);
			worker.once('error', reject);
		});
		const times = [];
		for (const [index, html] of pages.entries()) {
			const started = performance.now();
			// eslint-disable-next-line no-await-in-loop
			const answer = await new Promise((resolve) => {
				answers.push(resolve);
				worker.postMessage({
					id: index + 1,
					job: {
						kind: 'page',
						html,
						url: `http://127.0.0.1/feed/story${index}.html`,
					},
				});
			});
			if (!answer.article) {
				throw new Error(`no article extracted: ${JSON.stringify(answer)}`);
			}

			times.push(performance.now() - started);
		}

		return times;
	} finally {
		await worker.terminate();
	}
}

async function inProcessRows() {
	register();
	// eslint-disable-next-line n/file-extension-in-import
	const {parseFeedDocument} = await import('../source/feeds/parse-feed.ts');
	const all = await extractionTimes(
		Array.from({length: samples + 10}, (_, index) =>
			articlePage(index % 50, index),
		),
	);
	// The first pages run before the JIT has warmed up: a refresh's first pages pay that, the others don't.
	const times = all.slice(10).sort((a, b) => a - b);
	const page = Buffer.byteLength(articlePage(1, 1));
	row(
		`extraction p50 (page ${Math.round(page / 1024)} KB)`,
		percentile(times, 0.5),
		'ms',
		15,
		`in the built worker, message to answer; the first 5 pages, cold: ${all
			.slice(0, 5)
			.map((time) => Math.round(time))
			.join(', ')} ms`,
	);
	row('extraction p95', percentile(times, 0.95), 'ms', 50);

	// A 5 MB feed: items with full content.
	const body = `<p>${sentences.join(' ')}</p>`.repeat(4);
	let items = '';
	let count = 0;
	while (items.length < 5 * 1024 * 1024) {
		items += `<item><title>Item ${count}</title><link>http://127.0.0.1/item${count}</link><guid>item-${count}</guid><pubDate>Tue, 10 Jun 2025 07:30:00 GMT</pubDate><description><![CDATA[${body}]]></description></item>\n`;
		count++;
	}

	const big = `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title><link>http://127.0.0.1/</link><description>d</description>${items}</channel></rss>`;
	const parses = [];
	for (let run = 0; run < 5; run++) {
		const started = performance.now();
		const parsed = parseFeedDocument(big, 'http://127.0.0.1/big.xml');
		parses.push(performance.now() - started);
		if (parsed.items.length !== count) {
			throw new Error(`parsed ${parsed.items.length} items, not ${count}`);
		}
	}

	row(
		`5 MB feed parse (${count} items), median of 5`,
		median(parses),
		'ms',
		250,
	);
}

function median(values) {
	return percentile(
		[...values].sort((a, b) => a - b),
		0.5,
	);
}

function percentile(sorted, fraction) {
	return sorted[
		Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))
	];
}

try {
	await refreshRows();
	await inProcessRows();
} catch (error) {
	log(`bench-feeds: ${error.message}`);
	process.exitCode = 1;
}

if (options.json) {
	process.stdout.write(`${JSON.stringify(results, undefined, 2)}\n`);
} else {
	process.stdout.write(
		[
			`| feeds (${os.availableParallelism()} cores, Node ${process.versions.node}, load ${os.loadavg()[0].toFixed(1)}) | result | target | note |`,
			'| --- | --- | --- | --- |',
			...results.map(
				(result) =>
					`| ${result.name} | ${result.value} ${result.unit}${result.ok ? '' : ' ✗'} | ≤ ${result.target} ${result.unit} | ${result.note} |`,
			),
		].join('\n') + '\n',
	);
}

cleanup();
process.exit();
