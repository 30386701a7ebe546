/**
Subscriptions and fetch state: what gazette keeps about feeds in its state file (conf), beside reading state and comments. Article files are content; this is the rest, so deleting the data folder loses nothing but articles.

Kept apart: what the reader chose (`subscriptions`: address, title, folder) and what fetching learnt (`fetch`: validators, failures), so that a refresh and a `feeds` command never overwrite each other's fields. Retention (issue 16) adds its settings to `Subscription` and uses `FetchState.pruned`, which deduplication already honours.
*/
import {setOwn} from '../terminal/safe-json.js';
import {slugify} from './article-file.js';

export type Subscription = {
	/** The feed's address, after the redirects seen when it was added. The key of both maps. */
	url: string;
	title: string;
	/** The folders it is filed under, outermost first (OPML outlines); empty for none. */
	folder: string[];
	/** The name of its article folder, `<data-dir>/feeds/<slug>`: fixed when added, so a new title moves nothing. */
	slug: string;
	/** The site the feed belongs to, when it says. */
	siteUrl?: string;
	/** ISO time. */
	addedAt: string;
	/** Retention (retention.ts): keep articles this many days / the newest this many; `null` for no limit whatever the default, absent to follow the default. */
	keepDays?: number | null;
	keepItems?: number | null;
};

export type FetchState = {
	/** Validators from the last answer, sent back for a conditional GET. */
	etag?: string;
	lastModified?: string;
	/** ISO times. */
	lastAttempt?: string;
	lastSuccess?: string;
	/** Why the last refresh of this feed failed; absent after a success. */
	lastError?: string;
	/** Failures in a row. */
	failures: number;
	/** The server asked (429 or 503 with Retry-After) not to come back before this ISO time. */
	retryAfter?: string;
	/** New articles at the last successful refresh. */
	lastNew?: number;
	/** Hashes (as in file names) of items removed by retention while still in the feed: never fetched again. Trimmed to what the feed still lists. */
	pruned?: string[];
};

export type FeedsState = {
	subscriptions: Record<string, Subscription>;
	fetch: Record<string, FetchState>;
};

export const emptyFeedsState = (): FeedsState => ({
	subscriptions: {},
	fetch: {},
});

/** The state file's data, as far as feeds go. */
export type WithFeeds = {feeds: FeedsState};

function get<T>(object: Record<string, T>, key: string): T | undefined {
	return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** A feed address compared the way duplicates differ: without a fragment, host in lower case. */
export function feedKey(url: string): string {
	try {
		const parsed = new URL(url);
		parsed.hash = '';
		return parsed.href;
	} catch {
		return url;
	}
}

export function subscriptionList(state: FeedsState): Subscription[] {
	return Object.values(state.subscriptions);
}

export function findSubscription(
	state: FeedsState,
	url: string,
): Subscription | undefined {
	return get(state.subscriptions, feedKey(url));
}

export function fetchStateOf(state: FeedsState, url: string): FetchState {
	return get(state.fetch, url) ?? {failures: 0};
}

export type Match = {
	found: Subscription[];
	missing: string[];
	ambiguous: Array<{name: string; matches: Subscription[]}>;
};

/** The feeds named by address or by title (case ignored); each name must name exactly one. */
export function matchSubscriptions(
	state: FeedsState,
	names: readonly string[],
): Match {
	const all = subscriptionList(state);
	const match: Match = {found: [], missing: [], ambiguous: []};
	for (const name of names) {
		const byUrl = findSubscription(state, name);
		const matches = byUrl
			? [byUrl]
			: all.filter(
					(subscription) =>
						subscription.title.toLowerCase() === name.trim().toLowerCase(),
				);
		if (matches.length === 0) {
			match.missing.push(name);
		} else if (matches.length > 1) {
			match.ambiguous.push({name, matches});
		} else if (!match.found.includes(matches[0])) {
			match.found.push(matches[0]);
		}
	}

	return match;
}

/** A folder name for a new feed, unused by the others: from its title, else its host. */
export function uniqueSlug(
	state: FeedsState,
	title: string,
	url: string,
): string {
	let host = '';
	try {
		host = new URL(url).hostname;
	} catch {}

	const base = slugify(title, 40) || slugify(host, 40) || 'feed';
	const taken = new Set(
		subscriptionList(state).map((subscription) => subscription.slug),
	);
	let slug = base;
	for (let number = 2; taken.has(slug); number++) {
		slug = `${base}-${number}`;
	}

	return slug;
}

export type NewSubscription = Omit<Subscription, 'slug' | 'addedAt' | 'url'> & {
	url: string;
};

/** Add a feed; false when it is already there (nothing changes). */
export function addSubscription(
	data: WithFeeds,
	feed: NewSubscription,
	now: Date,
): boolean {
	const key = feedKey(feed.url);
	if (get(data.feeds.subscriptions, key)) {
		return false;
	}

	setOwn(data.feeds.subscriptions, key, {
		url: key,
		title: feed.title,
		folder: feed.folder,
		slug: uniqueSlug(data.feeds, feed.title, key),
		...(feed.siteUrl ? {siteUrl: feed.siteUrl} : {}),
		addedAt: now.toISOString(),
	});
	return true;
}

export function removeSubscription(data: WithFeeds, url: string): void {
	Reflect.deleteProperty(data.feeds.subscriptions, url);
	Reflect.deleteProperty(data.feeds.fetch, url);
}

/** Merge what a refresh learnt about one feed into its fetch state; `undefined` removes a field. */
export function recordFetch(
	data: WithFeeds,
	url: string,
	patch: Partial<FetchState>,
): void {
	if (!get(data.feeds.subscriptions, url)) {
		// Removed while the refresh ran: keep nothing of it.
		return;
	}

	const next: FetchState = {...fetchStateOf(data.feeds, url)};
	for (const [key, value] of Object.entries(patch)) {
		if (value === undefined) {
			Reflect.deleteProperty(next, key);
		} else {
			(next as Record<string, unknown>)[key] = value;
		}
	}

	setOwn(data.feeds.fetch, url, next);
}

/** Set a feed's own retention: a number, `null` for no limit, `undefined` in the patch to follow the default again. */
export function setRetention(
	data: WithFeeds,
	url: string,
	patch: Partial<Pick<Subscription, 'keepDays' | 'keepItems'>>,
): void {
	const current = get(data.feeds.subscriptions, url);
	if (!current) {
		return;
	}

	const next: Subscription = {...current};
	for (const [key, value] of Object.entries(patch)) {
		if (value === undefined) {
			Reflect.deleteProperty(next, key);
		} else {
			(next as Record<string, unknown>)[key] = value;
		}
	}

	setOwn(data.feeds.subscriptions, url, next);
}

/** A feed's title or address changed at its source (a title the feed now gives, where none was known). */
export function updateSubscription(
	data: WithFeeds,
	url: string,
	patch: Partial<Pick<Subscription, 'title' | 'siteUrl' | 'folder'>>,
): void {
	const current = get(data.feeds.subscriptions, url);
	if (current) {
		setOwn(data.feeds.subscriptions, url, {...current, ...patch});
	}
}
