/**
A feed document (RSS 2.0, Atom, RDF, JSON Feed) as one shape: the feed's title and its items, each with a stable id, plain-text title, absolute link, date, and the feed's own content as HTML.
*/
import {createHash} from 'node:crypto';
import {
	parseFeed,
	type AtomFeed,
	type JsonFeed,
	type RdfFeed,
	type RssFeed,
} from 'feedsmith';
import {decodeHTMLAttribute} from 'entities';
import {NotAFeedError} from './errors.js';
import {htmlToLine, nestingDepth, shorten, textToHtml} from './html-text.js';

export type FeedItem = Readonly<{
	/** The feed's id for the item (guid, Atom id, JSON id), else its link, else a hash of its title and content. */
	guid: string;
	title: string;
	/** Absolute http(s) address of the item's page, or '' when it has none. */
	link: string;
	date: Date | undefined;
	author: string;
	tags: readonly string[];
	/** One line of plain text. */
	summary: string;
	/** What the feed itself carries as the item's text, as HTML ('' for none). */
	contentHtml: string;
	image: string;
}>;

export type ParsedFeed = Readonly<{
	format: 'rss' | 'atom' | 'rdf' | 'json';
	title: string;
	/** The site the feed belongs to, when it says. */
	siteUrl: string;
	items: readonly FeedItem[];
}>;

export {NotAFeedError} from './errors.js';

export const maxFeedDepth = 100;
const summaryLength = 280;

/** Parse a decoded feed document fetched from `feedUrl` (used to resolve relative links). */
export function parseFeedDocument(text: string, feedUrl: string): ParsedFeed {
	const trimmed = text.replace(/^\uFEFF/, '').trimStart();
	if (
		!trimmed.startsWith('{') &&
		nestingDepth(trimmed, maxFeedDepth) > maxFeedDepth
	) {
		throw new NotAFeedError(`nested more than ${maxFeedDepth} elements deep`);
	}

	let parsed;
	try {
		parsed = parseFeed(trimmed.startsWith('{') ? JSON.parse(trimmed) : trimmed);
	} catch (error) {
		throw new NotAFeedError(
			error instanceof SyntaxError
				? 'not a feed (broken JSON)'
				: `not a feed (${firstLine(error)})`,
		);
	}

	switch (parsed.format) {
		case 'rss': {
			return fromRss(parsed.feed, feedUrl);
		}

		case 'atom': {
			return fromAtom(parsed.feed, feedUrl);
		}

		case 'rdf': {
			return fromRdf(parsed.feed, feedUrl);
		}

		case 'json': {
			return fromJson(parsed.feed, feedUrl);
		}
	}
}

function firstLine(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return message.split('\n', 1)[0].toLowerCase();
}

/** An absolute http(s) address, or '' for anything else (a `javascript:` link, garbage). */
export function absoluteUrl(
	address: string | undefined,
	base: string | undefined,
): string {
	if (!address?.trim()) {
		return '';
	}

	try {
		const url = new URL(address.trim(), base);
		return url.protocol === 'http:' || url.protocol === 'https:'
			? url.href
			: '';
	} catch {
		return '';
	}
}

function dateOf(...values: Array<string | undefined>): Date | undefined {
	for (const value of values) {
		if (value) {
			const date = new Date(value);
			if (!Number.isNaN(date.getTime())) {
				return date;
			}
		}
	}

	return undefined;
}

function names(values: ReadonlyArray<string | undefined> | undefined): string {
	return [
		...new Set(
			(values ?? []).map((value) => htmlToLine(value ?? '')).filter(Boolean),
		),
	].join(', ');
}

function tagsOf(values: ReadonlyArray<string | undefined>): string[] {
	return [
		...new Set(values.map((value) => htmlToLine(value ?? '')).filter(Boolean)),
	];
}

/** A one-line summary from the start of the HTML: a summary is a few hundred characters, so a long body is not read to its end (a tag cut in two at the end is dropped). */
function summaryOf(html: string | undefined): string {
	const start = (html ?? '').slice(0, 4096).replace(/<[^>]*$/, '');
	return shorten(htmlToLine(start), summaryLength);
}

type MediaHolder = {
	media?: {
		contents?: Array<{url?: string; medium?: string; type?: string}>;
		thumbnails?: Array<{url?: string}>;
		groups?: Array<{
			contents?: Array<{url?: string; medium?: string; type?: string}>;
		}>;
	};
	itunes?: {image?: string};
};

function imageOf(
	holder: MediaHolder,
	base: string,
	...more: Array<string | undefined>
): string {
	const contents = [
		...(holder.media?.contents ?? []),
		...(holder.media?.groups ?? []).flatMap((group) => group.contents ?? []),
	];
	const candidates = [
		...more,
		...contents
			.filter(
				(content) =>
					content.medium === 'image' || content.type?.startsWith('image/'),
			)
			.map((content) => content.url),
		...(holder.media?.thumbnails ?? []).map((thumbnail) => thumbnail.url),
		holder.itunes?.image,
	];
	for (const candidate of candidates) {
		const url = absoluteUrl(candidate, base);
		if (url) {
			return url;
		}
	}

	return '';
}

/** The id a feed gave, or one made from what the item says, so that the same item keeps the same id. */
function itemGuid(
	given: string | undefined,
	link: string,
	title: string,
	content: string,
): string {
	const trimmed = given?.trim();
	if (trimmed) {
		return trimmed;
	}

	if (link) {
		return link;
	}

	return `sha1:${createHash('sha1').update(`${title}\n${content}`).digest('hex')}`;
}

function item(fields: {
	guid: string | undefined;
	title: string | undefined;
	link: string;
	date: Date | undefined;
	author: string;
	tags: string[];
	summaryHtml: string | undefined;
	contentHtml: string | undefined;
	image: string;
}): FeedItem {
	const contentHtml = fields.contentHtml ?? fields.summaryHtml ?? '';
	const title =
		htmlToLine(fields.title ?? '') ||
		shorten(htmlToLine(contentHtml), 80) ||
		'Untitled';
	return {
		guid: itemGuid(fields.guid, fields.link, title, contentHtml),
		title,
		link: fields.link,
		date: fields.date,
		author: fields.author,
		tags: fields.tags,
		summary: summaryOf(fields.summaryHtml ?? contentHtml),
		contentHtml,
		image: fields.image,
	};
}

function fromRss(feed: RssFeed.Feed<string>, feedUrl: string): ParsedFeed {
	const base = absoluteUrl(feed.link, feedUrl) || feedUrl;
	const feedBase = feed.xml?.base
		? absoluteUrl(feed.xml.base, feedUrl) || feedUrl
		: feedUrl;
	return {
		format: 'rss',
		title: htmlToLine(feed.title ?? ''),
		siteUrl: absoluteUrl(feed.link, feedUrl),
		items: (feed.items ?? []).map((entry) => {
			const itemBase = entry.xml?.base
				? absoluteUrl(entry.xml.base, feedBase) || feedBase
				: feedBase;
			const permalink =
				entry.guid?.isPermaLink === false ? undefined : entry.guid?.value;
			const link =
				absoluteUrl(entry.link, itemBase) ||
				absoluteUrl(entry.atom?.links?.[0]?.href, itemBase) ||
				(permalink && /^https?:/i.test(permalink)
					? absoluteUrl(permalink, itemBase)
					: '');
			const content = entry.content?.encoded;
			return item({
				guid: entry.guid?.value,
				title: entry.title,
				link,
				date: dateOf(entry.pubDate, entry.dc?.dates?.[0], entry.atom?.updated),
				author:
					names(entry.dc?.creators) ||
					names(
						(entry.authors ?? []).map((person) => person.name ?? person.email),
					),
				tags: tagsOf([
					...(entry.categories ?? []).map((category) => category.name),
					...(entry.dc?.subjects ?? []),
				]),
				summaryHtml: entry.description,
				contentHtml: content ?? entry.description,
				image: imageOf(
					entry,
					base,
					...(entry.enclosures ?? [])
						.filter((enclosure) => enclosure.type?.startsWith('image/'))
						.map((enclosure) => enclosure.url),
				),
			});
		}),
	};
}

function atomText(text: AtomFeed.Text | undefined): string | undefined {
	if (text?.value === undefined) {
		return undefined;
	}

	return text.type === 'html' || text.type === 'xhtml'
		? text.value
		: textToHtml(text.value);
}

function atomLink(
	links: ReadonlyArray<AtomFeed.Link<string>> | undefined,
	base: string,
	rel = 'alternate',
): string {
	const matching = (links ?? []).filter(
		(link) => (link.rel ?? 'alternate') === rel,
	);
	const best =
		matching.find((link) => !link.type || link.type.includes('html')) ??
		matching[0];
	return absoluteUrl(best?.href, base);
}

function fromAtom(feed: AtomFeed.Feed<string>, feedUrl: string): ParsedFeed {
	const feedBase = feed.xml?.base
		? absoluteUrl(feed.xml.base, feedUrl) || feedUrl
		: feedUrl;
	const feedAuthors = names((feed.authors ?? []).map((person) => person.name));
	return {
		format: 'atom',
		title: htmlToLine(feed.title?.value ?? ''),
		siteUrl: atomLink(feed.links, feedBase),
		items: (feed.entries ?? []).map((entry) => {
			const base = entry.xml?.base
				? absoluteUrl(entry.xml.base, feedBase) || feedBase
				: feedBase;
			const content =
				entry.content?.value === undefined
					? undefined
					: atomText({value: entry.content.value, type: entry.content.type});
			return item({
				guid: entry.id,
				title: entry.title?.value,
				link: atomLink(entry.links, base),
				date: dateOf(entry.published, entry.updated, entry.dc?.dates?.[0]),
				author:
					names((entry.authors ?? []).map((person) => person.name)) ||
					feedAuthors,
				tags: tagsOf(
					(entry.categories ?? []).map(
						(category) => category.label ?? category.term,
					),
				),
				summaryHtml: atomText(entry.summary),
				contentHtml: content,
				image: imageOf(
					entry,
					base,
					...(entry.links ?? [])
						.filter(
							(link) =>
								link.rel === 'enclosure' && link.type?.startsWith('image/'),
						)
						.map((link) => link.href),
				),
			});
		}),
	};
}

function fromRdf(feed: RdfFeed.Feed<string>, feedUrl: string): ParsedFeed {
	return {
		format: 'rdf',
		title: htmlToLine(feed.title ?? ''),
		siteUrl: absoluteUrl(feed.link, feedUrl),
		items: (feed.items ?? []).map((entry) =>
			item({
				guid: entry.rdf?.about,
				title: entry.title,
				link: absoluteUrl(entry.link, feedUrl),
				date: dateOf(entry.dc?.dates?.[0]),
				author: names(entry.dc?.creators),
				tags: tagsOf(entry.dc?.subjects ?? []),
				summaryHtml: entry.description,
				contentHtml: entry.content?.encoded ?? entry.description,
				image: imageOf(entry, feedUrl),
			}),
		),
	};
}

function fromJson(feed: JsonFeed.Feed<string>, feedUrl: string): ParsedFeed {
	const feedAuthors = names((feed.authors ?? []).map((author) => author.name));
	return {
		format: 'json',
		title: htmlToLine(feed.title ?? ''),
		siteUrl: absoluteUrl(feed.home_page_url, feedUrl),
		items: (feed.items ?? []).map((entry) =>
			item({
				guid: entry.id === undefined ? undefined : String(entry.id),
				title: entry.title,
				link: absoluteUrl(entry.url ?? entry.external_url, feedUrl),
				date: dateOf(entry.date_published, entry.date_modified),
				author:
					names((entry.authors ?? []).map((author) => author.name)) ||
					feedAuthors,
				tags: tagsOf(entry.tags ?? []),
				summaryHtml:
					entry.summary === undefined ? undefined : textToHtml(entry.summary),
				contentHtml:
					entry.content_html ??
					(entry.content_text === undefined
						? undefined
						: textToHtml(entry.content_text)),
				image: absoluteUrl(entry.image ?? entry.banner_image, feedUrl),
			}),
		),
	};
}

export type FeedLink = Readonly<{url: string; title: string; type: string}>;

const feedTypes =
	/^application\/(?:rss|atom|feed|rdf)\+(?:xml|json)$|^application\/(?:x-)?rss\+xml$/i;

/** The feeds a web page links to with `<link rel="alternate" type="application/rss+xml|atom+xml|feed+json">`, best first. */
export function discoverFeedLinks(html: string, pageUrl: string): FeedLink[] {
	const head = html.slice(0, 512 * 1024);
	const found: FeedLink[] = [];
	for (const [tag] of head.matchAll(/<link\b[^>]*>/gi)) {
		const attributes = attributesOf(tag);
		const rel = (attributes.get('rel') ?? '').toLowerCase().split(/\s+/);
		const type = (attributes.get('type') ?? '').toLowerCase().trim();
		if (!rel.includes('alternate') || !feedTypes.test(type)) {
			continue;
		}

		const url = absoluteUrl(attributes.get('href'), pageUrl);
		if (url && !found.some((link) => link.url === url)) {
			found.push({url, title: htmlToLine(attributes.get('title') ?? ''), type});
		}
	}

	return found;
}

function attributesOf(tag: string): Map<string, string> {
	const attributes = new Map<string, string>();
	for (const match of tag.matchAll(
		/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g,
	)) {
		attributes.set(
			match[1].toLowerCase(),
			decodeHTMLAttribute(match[2] ?? match[3] ?? match[4] ?? ''),
		);
	}

	return attributes;
}
