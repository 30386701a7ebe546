/**
Retention: a feed's articles are kept for so many days and/or the newest so many of them, per feed or by default; older ones are removed at the end of a refresh and by `gazette prune`. Nothing the reader cares about goes: an article that is unread, bookmarked, commented or has a draft is always kept. A removed item is remembered (its hash, in the feed's fetch state), so the next refresh does not fetch it again while the feed still lists it.
*/
import {readdirSync, rmSync} from 'node:fs';
import path from 'node:path';
import {localTimestamp, parseArticleFileName} from './article-file.js';
import {feedFolder} from './data-dir.js';
import type {FeedsStateAccess} from './refresh.js';
import {fetchStateOf, recordFetch, type Subscription} from './subscriptions.js';

/** How long a feed's articles are kept; a limit left out is no limit. */
export type Retention = Readonly<{
	/** Articles dated more than this many days ago go. */
	keepDays?: number;
	/** Only the newest this many articles stay. */
	keepItems?: number;
}>;

/** A feed's own setting for one limit: a number, `null` for "no limit" (whatever the default), or absent to follow the default. */
export type RetentionSetting = number | null | undefined;

export const isLimit = (value: unknown): value is number =>
	typeof value === 'number' && Number.isInteger(value) && value >= 1;

/** The limits that apply to a feed: its own where it has them, else the defaults. A value of the wrong type counts as absent. */
export function retentionOf(
	feed: Readonly<{keepDays?: unknown; keepItems?: unknown}>,
	defaults: Retention,
): Retention {
	const pick = (own: unknown, fallback: number | undefined) =>
		own === null ? undefined : isLimit(own) ? own : fallback;
	const keepDays = pick(feed.keepDays, defaults.keepDays);
	const keepItems = pick(feed.keepItems, defaults.keepItems);
	return {
		...(keepDays === undefined ? {} : {keepDays}),
		...(keepItems === undefined ? {} : {keepItems}),
	};
}

/** The defaults as the settings hold them: a value of the wrong type is no limit. */
export function retentionDefaults(
	settings: Readonly<{keepDays?: unknown; keepItems?: unknown}>,
): Retention {
	return {
		...(isLimit(settings.keepDays) ? {keepDays: settings.keepDays} : {}),
		...(isLimit(settings.keepItems) ? {keepItems: settings.keepItems} : {}),
	};
}

/** A retention in words: `60 days, 500 items`, or `everything`. */
export function describeRetention(retention: Retention): string {
	const parts = [
		retention.keepDays === undefined
			? ''
			: `${retention.keepDays} day${retention.keepDays === 1 ? '' : 's'}`,
		retention.keepItems === undefined
			? ''
			: `${retention.keepItems} item${retention.keepItems === 1 ? '' : 's'}`,
	].filter(Boolean);
	return parts.length === 0 ? 'everything' : parts.join(', ');
}

/** Why an article must stay whatever its age: the reader cares about it. */
export type KeptReason = 'unread' | 'bookmarked' | 'commented' | 'draft';

/** What retention found about one article that is past its feed's limits. */
export type PrunedArticle = Readonly<{
	/** The feed's address. */
	feed: string;
	path: string;
	name: string;
	/** The hash of its guid, as in its file name: what is remembered. */
	hash: string;
	/** Its day, from its file name. */
	date: string;
	title: string;
	url: string;
	key: string;
	/** Past which limit: older than the days kept, or beyond the items kept. */
	reason: 'days' | 'items';
}>;

export type PrunePlan = Readonly<{
	/** What goes. */
	remove: readonly PrunedArticle[];
	/** Past a limit but kept, and why (each article counted once, for its first reason). */
	kept: Readonly<Record<KeptReason, number>>;
	/** Feeds looked at, with the limits they had. */
	feeds: ReadonlyArray<Readonly<{feed: Subscription; retention: Retention}>>;
}>;

export type PlanOptions = Readonly<{
	dataDir: string;
	feeds: readonly Subscription[];
	defaults: Retention;
	now: Date;
	/** Why the article kept under this key must stay, if it must. */
	keptBecause: (key: string) => KeptReason | undefined;
}>;

const dayMs = 24 * 60 * 60 * 1000;

/** A file past one of its feed's limits. */
type PastLimit = Readonly<{
	feed: string;
	file: string;
	name: string;
	parsed: NonNullable<ReturnType<typeof parseArticleFileName>>;
	reason: 'days' | 'items';
}>;

/**
What retention would remove now: only files named as a refresh names them, in the folders of the feeds given. Reads only the files past a limit, and loads the article reader (front matter, markdown) only when there are some: after most refreshes there are none.
*/
export async function planPrune(options: PlanOptions): Promise<PrunePlan> {
	const feeds: Array<{feed: Subscription; retention: Retention}> = [];
	const pastLimits: PastLimit[] = [];
	for (const feed of options.feeds) {
		const retention = retentionOf(feed, options.defaults);
		feeds.push({feed, retention});
		// One by one: a folder of many thousand files would overflow the arguments of a spread push.
		for (const past of filesPastLimits(feed, retention, options)) {
			pastLimits.push(past);
		}
	}

	const remove: PrunedArticle[] = [];
	const kept: Record<KeptReason, number> = {
		unread: 0,
		bookmarked: 0,
		commented: 0,
		draft: 0,
	};
	if (pastLimits.length === 0) {
		return {remove, kept, feeds};
	}

	const {readArticle} = await import('../library/load.js');
	for (const {feed, file, name, parsed, reason} of pastLimits) {
		const article = readArticle(file);
		const because = options.keptBecause(article.key);
		if (because) {
			kept[because]++;
			continue;
		}

		remove.push({
			feed,
			path: file,
			name,
			hash: parsed.hash,
			date: parsed.date,
			title: article.title,
			url: article.url,
			key: article.key,
			reason,
		});
	}

	return {remove, kept, feeds};
}

function filesPastLimits(
	feed: Subscription,
	retention: Retention,
	options: PlanOptions,
): PastLimit[] {
	if (retention.keepDays === undefined && retention.keepItems === undefined) {
		return [];
	}

	const folder = feedFolder(options.dataDir, feed.slug);
	let names: string[];
	try {
		names = readdirSync(folder);
	} catch {
		return [];
	}

	const files = names
		.map((name) => ({name, parsed: parseArticleFileName(name)}))
		.filter(
			(
				file,
			): file is {
				name: string;
				parsed: NonNullable<ReturnType<typeof parseArticleFileName>>;
			} => file.parsed !== undefined,
		)
		// Newest first; the same day by name, so the order never depends on the folder's.
		.sort((a, b) =>
			a.parsed.date === b.parsed.date
				? a.name < b.name
					? 1
					: -1
				: a.parsed.date < b.parsed.date
					? 1
					: -1,
		);
	// Dated before this day: older than the days kept. An article of that very day stays.
	const oldestKept =
		retention.keepDays === undefined
			? undefined
			: localTimestamp(
					new Date(options.now.getTime() - retention.keepDays * dayMs),
				).slice(0, 10);
	const past: PastLimit[] = [];
	for (const [position, {name, parsed}] of files.entries()) {
		const reason =
			oldestKept !== undefined && parsed.date < oldestKept
				? 'days'
				: retention.keepItems !== undefined && position >= retention.keepItems
					? 'items'
					: undefined;
		if (reason !== undefined) {
			past.push({
				feed: feed.url,
				file: path.join(folder, name),
				name,
				parsed,
				reason,
			});
		}
	}

	return past;
}

export type PruneOutcome = Readonly<{
	removed: readonly PrunedArticle[];
	failed: ReadonlyArray<Readonly<{article: PrunedArticle; reason: string}>>;
}>;

/**
Remove what the plan says. The items are remembered first (in the feeds' fetch state, through `state`), then the files deleted: an item is never deleted without being remembered, so it cannot come back.

@param remembered Called after the state is updated: false if it could not be kept (then nothing is deleted).
*/
export function applyPrune(
	plan: PrunePlan,
	state: FeedsStateAccess,
	remembered: () => boolean = () => true,
): PruneOutcome {
	if (plan.remove.length === 0) {
		return {removed: [], failed: []};
	}

	const byFeed = new Map<string, string[]>();
	for (const article of plan.remove) {
		const hashes = byFeed.get(article.feed) ?? [];
		hashes.push(article.hash);
		byFeed.set(article.feed, hashes);
	}

	state.update((data) => {
		for (const [feed, hashes] of byFeed) {
			const known = fetchStateOf(data.feeds, feed).pruned ?? [];
			recordFetch(data, feed, {pruned: [...new Set([...known, ...hashes])]});
		}
	});
	if (!remembered()) {
		return {
			removed: [],
			failed: plan.remove.map((article) => ({
				article,
				reason: 'the state could not be saved, so it would come back',
			})),
		};
	}

	const removed: PrunedArticle[] = [];
	const failed: Array<{article: PrunedArticle; reason: string}> = [];
	for (const article of plan.remove) {
		try {
			rmSync(article.path, {force: true});
			removed.push(article);
		} catch (error) {
			failed.push({
				article,
				reason:
					(error as NodeJS.ErrnoException).code === 'EACCES' ||
					(error as NodeJS.ErrnoException).code === 'EPERM'
						? 'permission denied'
						: error instanceof Error
							? error.message
							: String(error),
			});
		}
	}

	return {removed, failed};
}
