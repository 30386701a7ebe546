/**
The feed commands: `gazette feeds add|list|remove|import|export`, `gazette refresh` and `gazette save`. Loaded only when one of them runs (cli.tsx imports this module dynamically), so the reader's start-up never pays for feed code.
*/
import {readdirSync, readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
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
	applyPrune,
	describeRetention,
	planPrune,
	type PrunePlan,
	type Retention,
	retentionDefaults,
	retentionOf,
} from '../feeds/retention.js';
import {
	addSubscription,
	fetchStateOf,
	findSubscription,
	matchSubscriptions,
	removeSubscription,
	setRetention,
	subscriptionList,
	type FeedsState,
	type Subscription,
} from '../feeds/subscriptions.js';
import {keptReasons} from '../store/marks.js';
import {type ArticleName, keepArticleNames} from '../store/writes.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {openStore, type Store} from '../store/store.js';
import {safeJson} from '../terminal/safe-json.js';
import {CommandError, UsageError} from './errors.js';

export type FeedFlags = Readonly<{
	json: boolean;
	purge: boolean;
	progress?: string;
	/** Retention: `feeds set`. */
	keepDays?: string;
	keepItems?: string;
	default?: boolean;
	/** `prune`: say what would go, remove nothing. */
	dryRun?: boolean;
}>;

export type FeedOptions = Readonly<{
	stateDir: string | undefined;
	dataDir: string;
}>;

export type FeedCommand = 'feeds' | 'refresh' | 'save' | 'prune';

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
				return withStore(options, output, async (store) =>
					removeFeed(store, arguments_, context),
				);
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

			case 'set': {
				return withStore(options, output, async (store) => {
					setFeedRetention(store, arguments_, context);
				});
			}

			case undefined: {
				throw new UsageError(
					'feeds what? add, list, set, remove, import or export.',
				);
			}

			default: {
				throw new UsageError(
					`unknown feeds command "${action}" (add, list, set, remove, import, export).`,
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

	if (command === 'prune') {
		if (rest.length > 0) {
			throw new UsageError(
				`prune takes no arguments (got "${rest.join(' ')}"); set what each feed keeps with \`gazette feeds set\`.`,
			);
		}

		return withStore(options, output, async (store) =>
			pruneCommand(store, context),
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
	const defaults = retentionDefaults(store.data.settings);
	const feeds = subscriptionList(state).map((feed) => {
		const fetch = fetchStateOf(state, feed.url);
		return {
			feed,
			fetch,
			counts: countArticles(store, options.dataDir, feed),
			keep: retentionOf(feed, defaults),
		};
	});
	if (flags.json) {
		output.out(
			`${safeJson(
				feeds.map(({feed, fetch, counts, keep}) => ({
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
					keepDays: keep.keepDays ?? null,
					keepItems: keep.keepItems ?? null,
					keepOwn: ownRetention(feed),
				})),
			)}\n`,
		);
		return;
	}

	if (feeds.length === 0) {
		output.out('No feeds yet. Add one with `gazette feeds add <url>`.\n');
		return;
	}

	const keepText = (feed: Subscription, keep: Retention) =>
		feed.keepDays === undefined && feed.keepItems === undefined
			? `${describeRetention(keep)} (default)`
			: describeRetention(keep);
	const keepWidth = Math.max(
		4,
		...feeds.map(({feed, keep}) => keepText(feed, keep).length),
	);
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
			'Keep'.padEnd(keepWidth),
			'Address',
		].join('  '),
		...feeds.map(
			({feed, fetch, counts, keep}) =>
				[
					line(feed.title).padEnd(titleWidth),
					(line(feed.folder.join('/')) || '-').padEnd(folderWidth),
					shortTime(fetch.lastAttempt).padEnd(16),
					`${counts.unread} / ${counts.total}`.padEnd(14),
					keepText(feed, keep).padEnd(keepWidth),
					line(feed.url),
				].join('  ') +
				(fetch.lastError ? `\n  last error: ${line(fetch.lastError)}` : ''),
		),
	];
	output.out(
		`${rows.join('\n')}\nFeeds without their own setting keep ${describeRetention(defaults)}; unread, bookmarked and commented articles, and those with a draft, are always kept.\n`,
	);
}

// ---------------------------------------------------------------- retention

/** A feed's own retention, for JSON: each limit a number, "none" for no limit, or null to follow the default. */
function ownRetention(feed: Subscription): {
	keepDays: number | 'none' | null;
	keepItems: number | 'none' | null;
} {
	const own = (value: number | null | undefined) =>
		value === null ? 'none' : (value ?? null);
	return {keepDays: own(feed.keepDays), keepItems: own(feed.keepItems)};
}

/** A limit as typed: a whole number of 1 or more, `none` (keep everything), or `default` (follow the default again). */
function parseLimit(
	flag: string,
	value: string,
	allowDefault: boolean,
): number | null | undefined {
	const text = value.trim().toLowerCase();
	if (text === 'none' || text === 'forever' || text === 'all') {
		return null;
	}

	if (text === 'default' && allowDefault) {
		return undefined;
	}

	if (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 1_000_000) {
		return Number(text);
	}

	throw new UsageError(
		`${flag} takes a whole number from 1 to 1000000, or "none"${allowDefault ? ' or "default"' : ''} (got "${value}").`,
	);
}

function setFeedRetention(
	store: Store,
	arguments_: readonly string[],
	{flags, output}: Context,
): void {
	if (flags.keepDays === undefined && flags.keepItems === undefined) {
		throw new UsageError(
			'feeds set takes --keep-days <n|none|default> and/or --keep-items <n|none|default>.',
		);
	}

	if (flags.default) {
		if (arguments_.length > 0) {
			throw new UsageError(
				'feeds set --default sets what every feed without its own setting keeps: name no feed.',
			);
		}

		const patch: {keepDays?: number | null; keepItems?: number | null} = {};
		if (flags.keepDays !== undefined) {
			patch.keepDays = parseLimit('--keep-days', flags.keepDays, false);
		}

		if (flags.keepItems !== undefined) {
			patch.keepItems = parseLimit('--keep-items', flags.keepItems, false);
		}

		store.update(
			(data) => {
				const settings = {...data.settings};
				for (const [key, value] of Object.entries(patch)) {
					if (value === null) {
						Reflect.deleteProperty(settings, key);
					} else {
						(settings as Record<string, unknown>)[key] = value;
					}
				}

				data.settings = settings;
			},
			{immediate: true},
		);
		mustBeSaved(store);
		output.out(
			`Feeds without their own setting keep ${describeRetention(retentionDefaults(store.data.settings))}.\n`,
		);
		return;
	}

	if (arguments_.length !== 1) {
		throw new UsageError(
			'feeds set takes one feed (its address or title), or --default.',
		);
	}

	const feed = matchOne(store.data.feeds, arguments_[0]);
	const patch: Partial<Pick<Subscription, 'keepDays' | 'keepItems'>> = {};
	if (flags.keepDays !== undefined) {
		patch.keepDays = parseLimit('--keep-days', flags.keepDays, true);
	}

	if (flags.keepItems !== undefined) {
		patch.keepItems = parseLimit('--keep-items', flags.keepItems, true);
	}

	store.update(
		(data) => {
			setRetention(data, feed.url, patch);
		},
		{immediate: true},
	);
	mustBeSaved(store);
	const updated = findSubscription(store.data.feeds, feed.url) ?? feed;
	output.out(
		`${sanitizeLine(feed.title || feed.url)} keeps ${describeRetention(retentionOf(updated, retentionDefaults(store.data.settings)))}.\n`,
	);
}

/** Plan what retention removes from these feeds now, from the store's state. */
async function planFor(
	store: Store,
	feeds: readonly Subscription[],
	dataDir: string,
): Promise<PrunePlan> {
	return planPrune({
		dataDir,
		feeds,
		defaults: retentionDefaults(store.data.settings),
		now: new Date(),
		keptBecause: keptReasons(store.data),
	});
}

/** Remove what the plan says, remembering the items first; a line on stderr for each file that could not be removed. */
function carryOut(store: Store, plan: PrunePlan, output: Output): number {
	const outcome = applyPrune(plan, feedsAccess(store), () => store.flush());
	for (const {article, reason} of outcome.failed) {
		output.err(
			`gazette: could not prune ${sanitizeLine(article.path)}: ${sanitizeLine(reason)}\n`,
		);
	}

	return outcome.removed.length;
}

function keptLine(plan: PrunePlan): string {
	const kept = Object.entries(plan.kept).filter(([, count]) => count > 0);
	return kept.length === 0
		? ''
		: ` Kept past their limits: ${kept.map(([reason, count]) => `${count} ${reason === 'draft' ? 'with a draft' : reason}`).join(', ')}.`;
}

async function pruneCommand(
	store: Store,
	{flags, options, output}: Context,
): Promise<void> {
	const plan = await planFor(
		store,
		subscriptionList(store.data.feeds),
		options.dataDir,
	);
	if (flags.json) {
		const removed = flags.dryRun ? 0 : carryOut(store, plan, output);
		output.out(
			`${safeJson({
				dryRun: Boolean(flags.dryRun),
				removed,
				articles: plan.remove.map((article) => ({
					feed: article.feed,
					path: article.path,
					date: article.date,
					title: article.title,
					url: article.url,
					reason: article.reason,
				})),
				kept: plan.kept,
			})}\n`,
		);
		return;
	}

	if (flags.dryRun) {
		const titles = new Map(
			plan.feeds.map(({feed}) => [feed.url, feed.title || feed.url]),
		);
		for (const article of plan.remove) {
			output.out(
				`${article.date}  ${sanitizeLine(titles.get(article.feed) ?? article.feed)} · ${sanitizeLine(article.title)} (${article.reason === 'days' ? 'older than the days kept' : 'beyond the items kept'})\n`,
			);
		}

		output.out(
			`Would prune ${plural(plan.remove.length, 'article')}.${keptLine(plan)}\n`,
		);
		return;
	}

	const removed = carryOut(store, plan, output);
	output.out(`Pruned ${plural(removed, 'article')}.${keptLine(plan)}\n`);
	if (removed < plan.remove.length) {
		process.exitCode = 1;
	}
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

async function removeFeed(
	store: Store,
	arguments_: readonly string[],
	{flags, options, output}: Context,
): Promise<void> {
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
		// The comments stay, and keep the names of the articles they are about.
		await keepCommentedNames(store, folder);
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

/** Give the comments on the articles of a folder about to be deleted the articles' titles and addresses. */
async function keepCommentedNames(store: Store, folder: string): Promise<void> {
	const commented = new Set(
		store.data.comments.map((comment) => comment.articleId),
	);
	if (commented.size === 0) {
		return;
	}

	let names: string[];
	try {
		names = readdirSync(folder);
	} catch {
		return;
	}

	const {readArticle} = await import('../library/load.js');
	const found: ArticleName[] = [];
	for (const name of names) {
		if (name.toLowerCase().endsWith('.md')) {
			const article = readArticle(path.join(folder, name));
			if (commented.has(article.key)) {
				found.push({key: article.key, title: article.title, url: article.url});
			}
		}
	}

	keepArticleNames(store, found);
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

	// Retention, for the feeds just refreshed: what they brought in may push older articles past their limits.
	const plan = await planFor(store, feeds, options.dataDir);
	const pruned = carryOut(store, plan, output);
	if (pruned > 0 && !json) {
		output.out(`Pruned ${plural(pruned, 'old article')}.\n`);
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
