import {Buffer} from 'node:buffer';
import http from 'node:http';
import zlib from 'node:zlib';
import test from 'ava';
import {decodeBody, decodeWindows1252} from '../source/feeds/charset.js';
import {
	ConnectionLimiter,
	FetchError,
	fetchResource,
	parseRetryAfter,
} from '../source/feeds/http.js';
import {
	listenLocally,
	type Route,
	serve,
	startServer,
} from './helpers/http-server.js';

const limiter = () => new ConnectionLimiter();

test('a feed is fetched with its validators, and a 304 keeps the new ones', async (t) => {
	const server = await serve(t, {
		'/feed'(request, response) {
			if (request.headers['if-none-match'] === '"v1"') {
				response.writeHead(304, {etag: '"v2"'});
				response.end();
				return;
			}

			response.writeHead(200, {
				etag: '"v1"',
				'last-modified': 'Tue, 10 Jun 2025 04:00:00 GMT',
				'content-type': 'application/rss+xml',
			});
			response.end('<rss/>');
		},
	});
	const first = await fetchResource(
		{url: server.url('/feed'), kind: 'feed'},
		{limiter: limiter()},
	);
	t.is(first.status, 'ok');
	t.is(first.etag, '"v1"');
	t.is(first.lastModified, 'Tue, 10 Jun 2025 04:00:00 GMT');
	const second = await fetchResource(
		{
			url: server.url('/feed'),
			kind: 'feed',
			etag: first.etag,
			lastModified: first.lastModified,
		},
		{limiter: limiter()},
	);
	t.is(second.status, 'not-modified');
	t.is(second.etag, '"v2"');
	t.is(
		server.requests[1].headers['if-modified-since'],
		'Tue, 10 Jun 2025 04:00:00 GMT',
	);
});

test('HTTP 404 is a failure that says so', async (t) => {
	const server = await serve(t, {});
	const error = await t.throwsAsync(
		fetchResource(
			{url: server.url('/missing'), kind: 'feed'},
			{limiter: limiter()},
		),
		{instanceOf: FetchError},
	);
	t.regex(error.message, /^HTTP 404/);
});

test('429 carries the time the server asked to wait for', async (t) => {
	const server = await serve(t, {
		'/busy': {status: 429, headers: {'retry-after': '120'}},
		'/busy-date': {
			status: 429,
			headers: {'retry-after': 'Wed, 11 Jun 2025 10:00:00 GMT'},
		},
	});
	const now = new Date('2025-06-11T09:00:00Z');
	const error = await t.throwsAsync(
		fetchResource(
			{url: server.url('/busy'), kind: 'feed'},
			{limiter: limiter(), now: () => now},
		),
		{instanceOf: FetchError},
	);
	t.is(error.httpStatus, 429);
	t.is(error.retryAfter?.toISOString(), '2025-06-11T09:02:00.000Z');
	const dated = await t.throwsAsync(
		fetchResource(
			{url: server.url('/busy-date'), kind: 'feed'},
			{limiter: limiter(), now: () => now},
		),
		{instanceOf: FetchError},
	);
	t.is(dated.retryAfter?.toISOString(), '2025-06-11T10:00:00.000Z');
	t.is(parseRetryAfter('soon', now), undefined);
});

test('redirects are followed up to five, and the final address is reported', async (t) => {
	const server = await serve(t);
	for (let hop = 1; hop <= 7; hop++) {
		server.route(`/r${hop}`, {
			status: 301,
			headers: {location: `/r${hop + 1}`},
		});
	}

	server.route('/r8', {status: 200, body: 'end'});
	const five = await fetchResource(
		{url: server.url('/r3'), kind: 'page'},
		{limiter: limiter()},
	);
	t.is(five.status, 'ok');
	t.is(five.url, server.url('/r8'));
	const error = await t.throwsAsync(
		fetchResource({url: server.url('/r1'), kind: 'page'}, {limiter: limiter()}),
		{instanceOf: FetchError},
	);
	t.regex(error.message, /too many redirects/);
});

test('only http and https are fetched, redirects included', async (t) => {
	const server = await serve(t, {
		'/to-file': {status: 302, headers: {location: 'file:///etc/passwd'}},
	});
	await t.throwsAsync(
		fetchResource(
			{url: 'file:///etc/passwd', kind: 'page'},
			{limiter: limiter()},
		),
		{message: /only http and https/},
	);
	await t.throwsAsync(
		fetchResource(
			{url: server.url('/to-file'), kind: 'page'},
			{limiter: limiter()},
		),
		{message: /only http and https/},
	);
	t.is(server.requests.length, 1);
});

test('the timeout covers the body: a server that stops halfway times out', async (t) => {
	const server = await serve(t, {
		'/stall'(_request, response) {
			response.writeHead(200, {'content-type': 'text/html'});
			response.write('<p>half');
			// Never ends.
		},
		'/silent'() {
			// Never answers.
		},
	});
	for (const path of ['/stall', '/silent']) {
		// eslint-disable-next-line no-await-in-loop
		const error = await t.throwsAsync(
			fetchResource(
				{url: server.url(path), kind: 'page', limits: {timeoutMs: 300}},
				{limiter: limiter()},
			),
			{instanceOf: FetchError},
		);
		t.regex(error.message, /^timeout/);
	}
});

test('a body over the cap is refused while it streams, declared or not', async (t) => {
	const big = Buffer.alloc(2 * 1024 * 1024, 'a');
	const server = await serve(t, {
		'/declared': {status: 200, body: big},
		'/chunked'(_request, response) {
			response.writeHead(200, {'content-type': 'text/html'});
			// Chunked: no length to check first.
			response.write(big);
			response.end(big);
		},
	});
	for (const path of ['/declared', '/chunked']) {
		// eslint-disable-next-line no-await-in-loop
		const error = await t.throwsAsync(
			fetchResource(
				{url: server.url(path), kind: 'page', limits: {maxBytes: 1024 * 1024}},
				{limiter: limiter()},
			),
			{instanceOf: FetchError},
		);
		t.regex(error.message, /too large/);
	}
});

test('a gzip bomb is refused by its decoded size', async (t) => {
	// 64 MB of zeros compresses to about 64 KB: under the cap as sent, far over it decoded.
	const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024), {level: 9});
	t.true(bomb.length < 1024 * 1024);
	const server = await serve(t, {
		'/bomb': {
			status: 200,
			headers: {
				'content-encoding': 'gzip',
				'content-type': 'application/rss+xml',
			},
			body: bomb,
		},
		'/small': {
			status: 200,
			headers: {'content-encoding': 'gzip'},
			body: zlib.gzipSync('<rss>fine</rss>'),
		},
	});
	const error = await t.throwsAsync(
		fetchResource(
			{url: server.url('/bomb'), kind: 'feed', limits: {maxBytes: 1024 * 1024}},
			{limiter: limiter()},
		),
		{instanceOf: FetchError},
	);
	t.regex(error.message, /too large/);
	const small = await fetchResource(
		{url: server.url('/small'), kind: 'feed'},
		{limiter: limiter()},
	);
	t.is(
		small.status === 'ok' && Buffer.from(small.bytes).toString(),
		'<rss>fine</rss>',
	);
});

test('gzip, deflate and Brotli bodies are decoded, and a coding gazette cannot decode comes as it was sent', async (t) => {
	const text = '<rss><channel><title>Encoded</title></channel></rss>';
	const server = await serve(t, {
		'/gzip': {
			status: 200,
			headers: {'content-encoding': 'gzip'},
			body: zlib.gzipSync(text),
		},
		'/deflate': {
			status: 200,
			headers: {'content-encoding': 'deflate'},
			body: zlib.deflateSync(text),
		},
		'/br': {
			status: 200,
			headers: {'content-encoding': 'br'},
			body: zlib.brotliCompressSync(text),
		},
		'/both': {
			status: 200,
			// Applied in this order, undone in the other.
			headers: {'content-encoding': 'deflate, gzip'},
			body: zlib.gzipSync(zlib.deflateSync(text)),
		},
		'/unknown': {
			status: 200,
			headers: {'content-encoding': 'zz-unknown'},
			body: 'as sent',
		},
		'/unknown-after-gzip': {
			status: 200,
			headers: {'content-encoding': 'zz-unknown, gzip'},
			body: 'as sent',
		},
	});
	for (const path of ['/gzip', '/deflate', '/br', '/both']) {
		// eslint-disable-next-line no-await-in-loop
		const fetched = await fetchResource(
			{url: server.url(path), kind: 'feed'},
			{limiter: limiter()},
		);
		t.is(
			fetched.status === 'ok' && Buffer.from(fetched.bytes).toString(),
			text,
			`decoded from ${path}`,
		);
	}

	for (const path of ['/unknown', '/unknown-after-gzip']) {
		// eslint-disable-next-line no-await-in-loop
		const unknown = await fetchResource(
			{url: server.url(path), kind: 'feed'},
			{limiter: limiter()},
		);
		t.is(
			unknown.status === 'ok' && Buffer.from(unknown.bytes).toString(),
			'as sent',
			`as sent from ${path}`,
		);
	}

	t.is(server.requests[0].headers['accept-encoding'], 'gzip, br');
	for (const coding of ['gzip', 'br']) {
		server.route(`/damaged-${coding}`, {
			status: 200,
			headers: {'content-encoding': coding},
			body: 'these bytes were never compressed',
		});
		// eslint-disable-next-line no-await-in-loop
		const error = await t.throwsAsync(
			fetchResource(
				{url: server.url(`/damaged-${coding}`), kind: 'feed'},
				{limiter: limiter()},
			),
			{instanceOf: FetchError},
		);
		t.is(error.message, 'the compressed body is damaged');
	}
});

test('a connection the server closes halfway through the body is a failure that says so', async (t) => {
	const server = await serve(t, {
		'/cut'(_request, response) {
			response.writeHead(200, {
				'content-type': 'text/html',
				'content-length': '100000',
			});
			response.write('<p>the first part', () => {
				response.socket?.destroy();
			});
		},
	});
	const error = await t.throwsAsync(
		fetchResource(
			{url: server.url('/cut'), kind: 'page'},
			{limiter: limiter()},
		),
		{instanceOf: FetchError},
	);
	t.regex(error.message, /^connection (reset|closed by the server)$/);
});

test('one connection serves the requests to a server one after another, a 304 included', async (t) => {
	const sockets = new Set<unknown>();
	const server = await serve(t, {
		'/feed'(request, response) {
			sockets.add(request.socket);
			if (request.headers['if-none-match'] === '"v1"') {
				response.writeHead(304, {etag: '"v1"'});
				response.end();
				return;
			}

			response.writeHead(200, {etag: '"v1"'});
			response.end('<rss/>');
		},
	});
	const first = await fetchResource(
		{url: server.url('/feed'), kind: 'feed'},
		{limiter: limiter()},
	);
	for (let index = 0; index < 3; index++) {
		// eslint-disable-next-line no-await-in-loop
		const again = await fetchResource(
			{url: server.url('/feed'), kind: 'feed', etag: first.etag},
			{limiter: limiter()},
		);
		t.is(again.status, 'not-modified');
	}

	t.is(server.requests.length, 4);
	t.is(sockets.size, 1);
});

test('an idle kept connection is closed after a few seconds', async (t) => {
	let socketClosed: () => void = () => undefined;
	const closed = new Promise<boolean>((resolve) => {
		socketClosed = () => {
			resolve(true);
		};
	});
	// A server that would keep an idle connection for a minute (Node's closes it after 5 s).
	const server = http.createServer(
		{keepAliveTimeout: 60_000},
		(request, response) => {
			request.socket.on('close', socketClosed);
			response.end('<rss/>');
		},
	);
	const origin = await listenLocally(t, server);
	const fetched = await fetchResource(
		{url: `${origin}/feed`, kind: 'feed'},
		{limiter: limiter()},
	);
	t.is(fetched.status, 'ok');
	const waited = new Promise<boolean>((resolve) => {
		setTimeout(resolve, 15_000, false).unref();
	});
	t.true(await Promise.race([closed, waited]));
});

test('at most two requests to one host at once, and at most the total across hosts', async (t) => {
	const everywhere = {open: 0, peak: 0};
	const servers = await Promise.all([startServer(), startServer()]);
	t.teardown(async () => {
		await Promise.all(servers.map(async (server) => server.close()));
	});
	const waiting: Array<() => void> = [];
	const slow: Route = (_request, response) => {
		everywhere.open++;
		everywhere.peak = Math.max(everywhere.peak, everywhere.open);
		waiting.push(() => {
			everywhere.open--;
			response.end('ok');
		});
		// Hold every answer until three are open (the limit) or a while has passed, so the peak is reached whatever the machine's load.
		if (everywhere.open >= 3) {
			for (const answer of waiting.splice(0)) {
				answer();
			}
		}
	};

	for (const server of servers) {
		server.route('/slow', slow);
	}

	const release = setInterval(() => {
		for (const answer of waiting.splice(0)) {
			answer();
		}
	}, 500);
	t.teardown(() => {
		clearInterval(release);
	});
	const shared = new ConnectionLimiter(3, 2);
	await Promise.all(
		servers.flatMap((server) =>
			Array.from({length: 8}, async () =>
				fetchResource(
					{url: server.url('/slow'), kind: 'page'},
					{limiter: shared},
				),
			),
		),
	);
	t.true(servers.every((server) => server.peakOpen <= 2));
	t.true(everywhere.peak <= 3);
	t.is(servers[0].requests.length + servers[1].requests.length, 16);
});

// Charset

test('windows-1252 bytes 0x80–0x9F come out as the characters they stand for', (t) => {
	const bytes = Uint8Array.from([
		0x80, 0x93, 0x48, 0x69, 0x94, 0x96, 0x85, 0xe9,
	]);
	t.is(decodeWindows1252(bytes), '€“Hi”–…é');
	t.is(
		decodeBody(bytes, 'text/html; charset=windows-1252', 'html').text,
		'€“Hi”–…é',
	);
});

test('ISO-8859-1 is read as windows-1252, from the header or the XML declaration', (t) => {
	const xml = Buffer.concat([
		Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><t>'),
		Buffer.from([0x93, 0x43, 0x61, 0x66, 0xe9, 0x94]),
		Buffer.from('</t>'),
	]);
	t.is(
		decodeBody(xml, undefined, 'xml').text,
		'<?xml version="1.0" encoding="ISO-8859-1"?><t>“Café”</t>',
	);
	t.is(
		decodeBody(Uint8Array.from([0xe9]), 'text/xml; charset="iso-8859-1"', 'xml')
			.text,
		'é',
	);
});

test('the header wins over the document, a BOM over both; a meta charset is read', (t) => {
	const latin = Buffer.concat([
		Buffer.from('<meta charset="iso-8859-1"><p>'),
		Buffer.from([0xe9]),
	]);
	t.is(
		decodeBody(latin, 'text/html', 'html').text,
		'<meta charset="iso-8859-1"><p>é',
	);
	const utf8 = Buffer.from('<meta charset="iso-8859-1"><p>é');
	t.is(
		decodeBody(utf8, 'text/html; charset=utf-8', 'html').text,
		'<meta charset="iso-8859-1"><p>é',
	);
	const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
	t.is(
		decodeBody(bom, 'text/html; charset=iso-8859-1', 'html').text,
		'<meta charset="iso-8859-1"><p>é',
	);
});

test('without any charset, valid UTF-8 is UTF-8 and anything else windows-1252', (t) => {
	t.is(decodeBody(Buffer.from('café'), undefined, 'html').text, 'café');
	t.is(
		decodeBody(Uint8Array.from([0x63, 0xe9, 0x80]), undefined, 'html').text,
		'cé€',
	);
	t.is(
		decodeBody(Buffer.from('x'), 'text/html; charset=no-such-charset', 'html')
			.charset,
		'utf-8',
	);
});
