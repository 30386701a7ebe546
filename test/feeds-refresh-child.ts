import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import type {RefreshEvent} from '../source/feeds/refresh.js';
import {startRefreshChild} from '../source/feeds/refresh-child.js';
import {serve} from './helpers/http-server.js';
import {cliPath, runCli} from './helpers/pty.js';
import {fixture} from './fixtures/feeds/fixtures.js';

// Drives the built CLI (dist/cli.js), as the reader does: `npm test` builds it first.
test('a refresh in a child process reports each step, and its summary at the end', async (t) => {
	const server = await serve(t);
	server.route('/rss.xml', {
		headers: {'content-type': 'application/rss+xml'},
		body: fixture('rss.xml', server.origin),
	});
	const root = mkdtempSync(path.join(os.tmpdir(), 'gazette-child-'));
	const globalArgs = [
		'--state-dir',
		path.join(root, 'state'),
		'--data-dir',
		path.join(root, 'data'),
	];
	await runCli([...globalArgs, 'feeds', 'add', server.url('/rss.xml')]);
	const events: RefreshEvent[] = [];
	const child = startRefreshChild({
		cliPath,
		globalArgs,
		onEvent(event) {
			events.push(event);
		},
	});
	const result = await child.done;
	t.is(result.exitCode, 0, `errors: ${result.errors.join(' / ')}`);
	t.deepEqual(
		events.map((event) => event.type),
		['start', 'feed', 'done'],
	);
	t.is(result.summary?.newItems, 3);
	t.deepEqual(result.summary?.folders, [
		path.join(root, 'data', 'feeds', 'the-coastal-ledger'),
	]);
});

test('a child that fails says why, in its errors', async (t) => {
	const server = await serve(t);
	server.route('/ok.xml', {
		body: '<rss version="2.0"><channel><title>Soon Broken</title><link>x</link><description>d</description></channel></rss>',
	});
	const root = mkdtempSync(path.join(os.tmpdir(), 'gazette-child-'));
	const globalArgs = [
		'--state-dir',
		path.join(root, 'state'),
		'--data-dir',
		path.join(root, 'data'),
	];
	await runCli([...globalArgs, 'feeds', 'add', server.url('/ok.xml')]);
	server.route('/ok.xml', {status: 500});
	const result = await startRefreshChild({cliPath, globalArgs}).done;
	t.is(result.exitCode, 1);
	t.is(result.summary?.failed, 1);
	t.regex(result.errors.join('\n'), /Soon Broken: HTTP 500/);
});
