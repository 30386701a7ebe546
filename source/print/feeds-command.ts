/**
The feed commands: `gazette feeds add|list|remove|import|export`, `gazette refresh` and `gazette save`. Loaded only when one of them runs (cli.tsx imports this module dynamically), so the reader's start-up never pays for feed code.
*/
import {readdirSync, readFileSync, rmSync} from 'node:fs';
import process from 'node:process';
import {parseArticleFileName} from '../feeds/article-file.js';
import {decodeBody} from '../feeds/charset.js';
import {feedFolder} from '../feeds/data-dir.js';
import {ExtractionPool} from '../feeds/extract-pool.js';
import {FetchError, fetchResource} from '../feeds/http.js';
import {NotAFeedError} from '../feeds/errors.js';
import type {ParsedFeed} from '../feeds/parse-feed.js';
import {
	refreshFeeds,
	type FeedsStateAccess,
	type RefreshEvent,
	type RefreshSummary,
} from '../feeds/refresh.js';
import {savePage, SaveError} from '../feeds/save.js';
import {
	addSubscription,
	fetchStateOf,
	findSubscription,
	matchSubscriptions,
	removeSubscription,
	subscriptionList,
	type FeedsState,
	type Subscription,
} from '../feeds/subscriptions.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {openStore, type Store} from '../store/store.js';
import {safeJson} from '../terminal/safe-json.js';
import {CommandError, UsageError} from './errors.js';

export type FeedFlags = Readonly<{
	json: boolean;
	purge: boolean;
	progress?: string;
}>;

export type FeedOptions = Readonly<{
	stateDir: string | undefined;
	dataDir: string;
}>;

export type FeedCommand = 'feeds' | 'refresh' | 'save';

/** Where the output goes; the process's own streams unless a test gives others. */
export type Output = Readonly<{
	out: (text: string) => void;
	err: (text: string) => void;
	/** Progress lines are redrawn in place only on a terminal. */
	isTerminal: boolean;
}>;

const processOutput: Output = {
	out(text) {
		process.stdout.write(text);
	},
	err(text) {
		process.stderr.write(text);
	},
	isTerminal: Boolean(process.stdout.isTTY),
};

type Context = Readonly<{
	flags: FeedFlags;
	options: FeedOptions;
	output: Output;
}>;

function feedsAccess(store: Store): FeedsStateAccess {
	return {
		read: () => store.data.feeds,
		update(mutate) {
			store.update(mutate);
		},
	};
}

/** Run a feed command. Exit codes as for every command: CommandError → 1, UsageError → 2; `refresh` sets 1 itself when a feed failed. */
export async function runFeedCommand(
	command: FeedCommand,
	rest: readonly string[],
	flags: FeedFlags,
	options: FeedOptions & {output?: Output},
): Promise<void> {
	const output = options.output ?? processOutput;
	const context: Context = {flags, options, output};
	if (command === 'feeds') {
		const [action, ...arguments_] = rest;
		switch (action) {
			case 'add': {
				return withStore(options, output, async (store) =>
					addFeed(store, arguments_, output),
				);
			}

			case 'list': {
				return withStore(options, output, async (store) => {
					listFeeds(store, arguments_, context);
				});
			}

			case 'remove': {
				return withStore(options, output, async (store) => {
					removeFeed(store, arguments_, context);
				});
			}

			case 'import': {
				return withStore(options, output, async (store) => {
					await importFeeds(store, arguments_, output);
				});
			}

			case 'export': {
				return withStore(options, output, async (store) => {
					await exportFeeds(store, arguments_, output);
				});
			}

			case undefined: {
				throw new UsageError(
					'feeds what? add, list, remove, import or export.',
				);
			}

			default: {
				throw new UsageError(
					`unknown feeds command "${action}" (add, list, remove, import, export).`,
				);
			}
		}
	}

	if (command === 'refresh') {
		if (flags.progress !== undefined && flags.progress !== 'json') {
			throw new UsageError(
				`--progress takes "json" (got "${flags.progress}").`,
			);
		}

		return withStore(options, output, async (store) =>
			refresh(store, rest, context),
		);
	}

	return save(rest, options, output);
}

async function withStore(
	options: FeedOptions,
	output: Output,
	action: (store: Store) => Promise<void>,
): Promise<void> {
	const store = await openStore({stateDir: options.stateDir});
	for (const warning of store.warnings) {
		output.err(`gazette: ${warning}\n`);
	}

	try {
		await action(store);
	} finally {
		store.close();
	}
}

/** After a change the user asked for: say so when it could not be kept. */
function mustBeSaved(store: Store): void {
	if (!store.writable) {
		throw new CommandError(
			`the change could not be saved in ${store.path} (see above).`,
		);
	}
}

// ---------------------------------------------------------------- add

/** Fetch an address: a feed is subscribed to; a page that links to a feed subscribes to that feed. */
async function discoverFeed(
	address: string,
): Promise<{url: string; feed: ParsedFeed}> {
	const {discoverFeedLinks, parseFeedDocument} =
		await import('../feeds/parse-feed.js');
	let url = address;
	for (let attempt = 0; attempt < 2; attempt++) {
		// eslint-disable-next-line no-await-in-loop
		const fetched = await fetchResource({url, kind: 'feed'});
		if (fetched.status !== 'ok') {
			throw new CommandError(
				`${url}: the server answered "not modified" to a plain request.`,
			);
		}

		const type = fetched.contentType ?? '';
		const decoded = decodeBody(
			fetched.bytes,
			type,
			/json/i.test(type) ? 'json' : /html/i.test(type) ? 'html' : 'xml',
		).text;
		try {
			return {url: fetched.url, feed: parseFeedDocument(decoded, fetched.url)};
		} catch (error) {
			const links =
				attempt === 0 ? discoverFeedLinks(decoded, fetched.url) : [];
			if (links.length === 0) {
				throw new CommandError(
					`${fetched.url} is ${error instanceof NotAFeedError ? error.message : 'not a feed'}, and links to no feed.`,
				);
			}

			url = links[0].url;
		}
	}

	throw new CommandError(`${address} links to a feed that is not a feed.`);
}

async function addFeed(
	store: Store,
	arguments_: readonly string[],
	output: Output,
): Promise<void> {
	if (arguments_.length !== 1) {
		throw new UsageError(
			'feeds add takes one address: gazette feeds add <url>.',
		);
	}

	const [address] = arguments_ as [string];
	const existing = findSubscription(store.data.feeds, address);
	if (existing) {
		output.out(`Already subscribed to ${existing.title || existing.url}.\n`);
		return;
	}

	let found;
	try {
		found = await discoverFeed(address);
	} catch (error) {
		if (error instanceof FetchError) {
			throw new CommandError(`cannot fetch ${address}: ${error.message}`);
		}

		throw error;
	}

	const {url, feed} = found;
	const already = findSubscription(store.data.feeds, url);
	if (already) {
		output.out(`Already subscribed to ${already.title || already.url}.\n`);
		return;
	}

	const title = feed.title || new URL(url).hostname;
	store.update(
		(data) => {
			addSubscription(
				data,
				{
					url,
					title,
					folder: [],
					...(feed.siteUrl ? {siteUrl: feed.siteUrl} : {}),
				},
				new Date(),
			);
		},
		{immediate: true},
	);
	mustBeSaved(store);
	output.out(
		`Subscribed to ${title} (${url}): ${feed.items.length} item${feed.items.length === 1 ? '' : 's'} in the feed now. Run \`gazette refresh\` to fetch them.\n`,
	);
}

// ---------------------------------------------------------------- list

type FeedCounts = {total: number; unread: number};

/** A feed's articles on disk, and how many of them are not read yet. */
function countArticles(
	store: Store,
	dataDir: string,
	feed: Subscription,
): FeedCounts {
	let names: string[];
	try {
		names = readdirSync(feedFolder(dataDir, feed.slug));
	} catch {
		return {total: 0, unread: 0};
	}

	const {articles} = store.data;
	let total = 0;
	let unread = 0;
	for (const name of names) {
		if (parseArticleFileName(name)) {
			total++;
			const id = name.slice(0, -3);
			if (!(Object.hasOwn(articles, id) && articles[id].read)) {
				unread++;
			}
		}
	}

	return {total, unread};
}

function shortTime(iso: string | undefined): string {
	if (!iso) {
		return 'never';
	}

	const time = new Date(iso);
	if (Number.isNaN(time.getTime())) {
		return 'never';
	}

	const pad = (value: number) => String(value).padStart(2, '0');
	return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())} ${pad(time.getHours())}:${pad(time.getMinutes())}`;
}

function listFeeds(
	store: Store,
	arguments_: readonly string[],
	{flags, options, output}: Context,
): void {
	if (arguments_.length > 0) {
		throw new UsageError(
			`feeds list takes no arguments (got "${arguments_.join(' ')}").`,
		);
	}

	const state = store.data.feeds;
	const feeds = subscriptionList(state).map((feed) => {
		const fetch = fetchStateOf(state, feed.url);
		return {feed, fetch, counts: countArticles(store, options.dataDir, feed)};
	});
	if (flags.json) {
		output.out(
			`${safeJson(
				feeds.map(({feed, fetch, counts}) => ({
					url: feed.url,
					title: feed.title,
					folder: feed.folder.join('/'),
					path: feedFolder(options.dataDir, feed.slug),
					lastRefresh: fetch.lastAttempt ?? null,
					lastSuccess: fetch.lastSuccess ?? null,
					unread: counts.unread,
					total: counts.total,
					lastError: fetch.lastError ?? null,
					failures: fetch.failures,
				})),
			)}\n`,
		);
		return;
	}

	if (feeds.length === 0) {
		output.out('No feeds yet. Add one with `gazette feeds add <url>`.\n');
		return;
	}

	const line = (value: string) => sanitizeLine(value);
	const titleWidth = Math.max(
		5,
		...feeds.map(({feed}) => line(feed.title).length),
	);
	const folderWidth = Math.max(
		6,
		...feeds.map(({feed}) => line(feed.folder.join('/')).length),
	);
	const rows = [
		[
			'Title'.padEnd(titleWidth),
			'Folder'.padEnd(folderWidth),
			'Refreshed       ',
			'Unread / total',
			'Address',
		].join('  '),
		...feeds.map(
			({feed, fetch, counts}) =>
				[
					line(feed.title).padEnd(titleWidth),
					(line(feed.folder.join('/')) || '-').padEnd(folderWidth),
					shortTime(fetch.lastAttempt).padEnd(16),
					`${counts.unread} / ${counts.total}`.padEnd(14),
					line(feed.url),
				].join('  ') +
				(fetch.lastError ? `\n  last error: ${line(fetch.lastError)}` : ''),
		),
	];
	output.out(`${rows.join('\n')}\n`);
}

// ---------------------------------------------------------------- remove

function matchOne(state: FeedsState, name: string): Subscription {
	const match = matchSubscriptions(state, [name]);
	if (match.ambiguous.length > 0) {
		throw new CommandError(
			`"${name}" is the title of ${match.ambiguous[0].matches.length} feeds; name one by its address: ${match.ambiguous[0].matches.map((feed) => feed.url).join(', ')}`,
		);
	}

	const [feed] = match.found;
	if (!feed) {
		throw new CommandError(`no feed "${name}" (see \`gazette feeds list\`).`);
	}

	return feed;
}

function removeFeed(
	store: Store,
	arguments_: readonly string[],
	{flags, options, output}: Context,
): void {
	if (arguments_.length !== 1) {
		throw new UsageError(
			'feeds remove takes one feed: its address or its title.',
		);
	}

	const feed = matchOne(store.data.feeds, arguments_[0]);
	store.update(
		(data) => {
			removeSubscription(data, feed.url);
		},
		{immediate: true},
	);
	mustBeSaved(store);
	const folder = feedFolder(options.dataDir, feed.slug);
	if (flags.purge) {
		rmSync(folder, {recursive: true, force: true});
		output.out(
			`Removed ${sanitizeLine(feed.title || feed.url)} and deleted its articles.\n`,
		);
	} else {
		output.out(
			`Removed ${sanitizeLine(feed.title || feed.url)}. Its articles stay in ${folder} (delete them with \`gazette feeds remove --purge\`, before removing).\n`,
		);
	}
}

// ---------------------------------------------------------------- import and export

async function importFeeds(
	store: Store,
	arguments_: readonly string[],
	output: Output,
): Promise<void> {
	if (arguments_.length !== 1) {
		throw new UsageError('feeds import takes one OPML file.');
	}

	const [file] = arguments_ as [string];
	let bytes: Uint8Array;
	try {
		bytes = readFileSync(file);
	} catch (error) {
		const {code} = error as NodeJS.ErrnoException;
		throw new CommandError(
			code === 'ENOENT'
				? `no such file: ${file}`
				: `cannot read ${file}: ${code ?? String(error)}`,
		);
	}

	if (bytes.length > 10 * 1024 * 1024) {
		throw new CommandError(
			`${file} is too large for an OPML file (over 10 MB).`,
		);
	}

	const {OpmlError, readOpml} = await import('../feeds/opml.js');
	let opml;
	try {
		opml = readOpml(decodeBody(bytes, undefined, 'xml').text);
	} catch (error) {
		if (error instanceof OpmlError) {
			throw new CommandError(`${file}: ${error.message}`);
		}

		throw error;
	}

	let added = 0;
	const now = new Date();
	store.update(
		(data) => {
			added = 0;
			for (const feed of opml.feeds) {
				if (
					addSubscription(
						data,
						{
							url: feed.url,
							title: feed.title,
							folder: [...feed.folder],
							...(feed.siteUrl ? {siteUrl: feed.siteUrl} : {}),
						},
						now,
					)
				) {
					added++;
				}
			}
		},
		{immediate: true},
	);
	mustBeSaved(store);
	const known = opml.feeds.length - added;
	output.out(
		[
			`Imported ${added} feed${added === 1 ? '' : 's'}`,
			known > 0 ? `; ${known} already subscribed` : '',
			opml.skipped > 0 ? `; ${opml.skipped} skipped (no usable address)` : '',
			'.\n',
		].join(''),
	);
}

async function exportFeeds(
	store: Store,
	arguments_: readonly string[],
	output: Output,
): Promise<void> {
	if (arguments_.length > 0) {
		throw new UsageError(
			'feeds export takes no arguments; it writes OPML to standard output.',
		);
	}

	const {writeOpml} = await import('../feeds/opml.js');
	output.out(`${writeOpml(subscriptionList(store.data.feeds)).trimEnd()}\n`);
}

// ---------------------------------------------------------------- refresh

function plural(count: number, word: string): string {
	return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function summaryLine(summary: RefreshSummary): string {
	const base = `${plural(summary.newItems, 'new article')} from ${plural(summary.feeds, 'feed')}`;
	return summary.failed > 0
		? `${base}; ${plural(summary.failed, 'feed')} failed`
		: base;
}

async function refresh(
	store: Store,
	names: readonly string[],
	{flags, options, output}: Context,
): Promise<void> {
	const state = store.data.feeds;
	let feeds = subscriptionList(state);
	if (names.length > 0) {
		const match = matchSubscriptions(state, names);
		if (match.ambiguous.length > 0 || match.missing.length > 0) {
			const problem = match.missing[0] ?? match.ambiguous[0].name;
			matchOne(state, problem);
		}

		feeds = match.found;
	}

	const json = flags.progress === 'json';
	if (feeds.length === 0) {
		if (json) {
			output.out(
				`${JSON.stringify({type: 'start', feeds: 0})}\n${JSON.stringify({type: 'done', feeds: 0, newItems: 0, failed: 0, failures: [], folders: []})}\n`,
			);
		} else {
			output.out(
				'No feeds to refresh. Add one with `gazette feeds add <url>`.\n',
			);
		}

		return;
	}

	const stop = new AbortController();
	let stoppedAt = 0;
	const onSignal = () => {
		// A library of conf's re-sends the signal to the process at once: only a second Ctrl+C the reader pressed counts.
		if (stop.signal.aborted && Date.now() - stoppedAt > 500) {
			// A second Ctrl+C: stop now; the files written so far are whole.
			process.exit(130);
		}

		if (!stop.signal.aborted) {
			stoppedAt = Date.now();
			stop.abort();
		}
	};

	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	const pool = new ExtractionPool();
	const progress = new ProgressLine(output, json);
	let summary: RefreshSummary;
	try {
		summary = await refreshFeeds({
			dataDir: options.dataDir,
			feeds,
			state: feedsAccess(store),
			pool,
			signal: stop.signal,
			onEvent(event) {
				progress.show(event);
			},
		});
	} finally {
		// The handlers stay until gazette exits: a signal re-sent late (see onSignal) must not kill it while it saves.
		await pool.close();
	}

	for (const failure of summary.failures) {
		output.err(
			`gazette: ${sanitizeLine(failure.title || failure.url)}: ${sanitizeLine(failure.reason)} (${sanitizeLine(failure.url)})\n`,
		);
	}

	if (stop.signal.aborted) {
		store.close();
		process.exitCode = 130;
		return;
	}

	if (summary.failed > 0) {
		process.exitCode = 1;
	}
}

/** Progress on a terminal (one line, redrawn), JSON lines for a program, the summary line alone otherwise. */
class ProgressLine {
	readonly #output: Output;
	readonly #json: boolean;
	#drawn = false;

	constructor(output: Output, json: boolean) {
		this.#output = output;
		this.#json = json;
	}

	show(event: RefreshEvent): void {
		if (this.#json) {
			this.#output.out(`${safeJsonLine(event)}\n`);
			return;
		}

		if (event.type === 'done') {
			this.#output.out(
				`${this.#drawn ? '\r\u001B[K' : ''}${summaryLine(event)}\n`,
			);
			return;
		}

		if (event.type === 'feed' && this.#output.isTerminal) {
			const columns = process.stdout.columns || 80;
			const text = `Refreshing ${event.index}/${event.total} · ${sanitizeLine(event.title || event.url)} · ${plural(event.newSoFar, 'new article')}`;
			this.#output.out(`\r\u001B[K${text.slice(0, Math.max(10, columns - 1))}`);
			this.#drawn = true;
		}
	}
}

/** One JSON object on one line, C1 controls escaped as in `--json` output. */
function safeJsonLine(value: unknown): string {
	return JSON.stringify(value).replaceAll(
		/[\u007F-\u009F\u2028\u2029]/g,
		(character) =>
			`\\u${character.codePointAt(0)!.toString(16).padStart(4, '0')}`,
	);
}

// ---------------------------------------------------------------- save

async function save(
	arguments_: readonly string[],
	options: FeedOptions,
	output: Output,
): Promise<void> {
	if (arguments_.length !== 1) {
		throw new UsageError('save takes one web address or HTML file.');
	}

	const pool = new ExtractionPool({size: 1});
	try {
		const saved = await savePage(arguments_[0], {
			dataDir: options.dataDir,
			pool,
		});
		output.out(`${saved.id}\n`);
		if (!saved.isNew) {
			output.err(`gazette: already saved as ${saved.id}.\n`);
		}
	} catch (error) {
		if (error instanceof SaveError) {
			throw new CommandError(error.message);
		}

		throw error;
	} finally {
		await pool.close();
	}
}
