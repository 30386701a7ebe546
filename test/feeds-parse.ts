import test from 'ava';
import {decodeBody} from '../source/feeds/charset.js';
import {nestingDepth} from '../source/feeds/html-text.js';
import {
	discoverFeedLinks,
	NotAFeedError,
	parseFeedDocument,
} from '../source/feeds/parse-feed.js';
import {fixture, fixtureText} from './fixtures/feeds/fixtures.js';

const origin = 'http://127.0.0.1:8000';

test('RSS 2.0: title, link, guid, date, author, tags, image and content', (t) => {
	const feed = parseFeedDocument(
		fixtureText('rss.xml', origin),
		`${origin}/rss.xml`,
	);
	t.is(feed.format, 'rss');
	t.is(feed.title, 'The Coastal Ledger');
	t.is(feed.items.length, 3);
	const [bridge, council, market] = feed.items;
	t.is(bridge.title, 'Harbour Bridge Reopens After Three-Year Repair');
	t.is(bridge.guid, 'ledger-2025-0610-bridge');
	t.is(bridge.link, `${origin}/articles/harbour.html`);
	t.is(bridge.date?.toISOString(), '2025-06-10T07:30:00.000Z');
	t.is(bridge.author, 'Mira Okafor');
	t.deepEqual(bridge.tags, ['Transport', 'City']);
	t.is(bridge.image, `${origin}/images/bridge-large.jpg`);
	t.is(council.summary, 'Three more routes will run all night from September.');
	t.is(market.title, 'Market Hall Stalls Go to Ballot & Lottery');
	t.regex(market.contentHtml, /twelve new stalls/);
	t.is(market.summary, 'Short summary only.');
});

test('Atom: xhtml content, xml:base for links, html titles as text', (t) => {
	const feed = parseFeedDocument(
		fixtureText('atom.xml', origin),
		`${origin}/atom.xml`,
	);
	t.is(feed.format, 'atom');
	t.is(feed.title, 'Science & Nature Desk');
	t.is(feed.siteUrl, `${origin}/`);
	const [entry] = feed.items;
	t.is(entry.link, `${origin}/atom/tides.html`);
	t.is(entry.guid, 'urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a');
	t.is(entry.date?.toISOString(), '2025-06-12T06:00:00.000Z');
	t.is(entry.author, 'Lena Park');
	t.deepEqual(entry.tags, ['Science']);
	t.regex(entry.contentHtml, /<em>highest<\/em>/);
});

test('RDF and JSON Feed', (t) => {
	const rdf = parseFeedDocument(
		fixtureText('rdf.xml', origin),
		`${origin}/rdf.xml`,
	);
	t.is(rdf.format, 'rdf');
	t.is(rdf.title, 'Village Notes');
	t.is(rdf.items[0].title, 'Summer Fete Raises Record Sum');
	t.is(rdf.items[0].guid, `${origin}/notes/fete.html`);
	t.is(rdf.items[0].author, 'Parish Clerk');
	t.is(rdf.items[0].date?.toISOString(), '2025-06-08T16:00:00.000Z');
	const json = parseFeedDocument(
		fixtureText('feed.json', origin),
		`${origin}/feed.json`,
	);
	t.is(json.format, 'json');
	t.is(json.title, 'Night Owl Blog');
	const [owl] = json.items;
	t.is(owl.guid, 'owl-1');
	t.is(owl.author, 'Sam Hollis');
	t.is(owl.image, `${origin}/blog/owl.jpg`);
	t.is(
		owl.contentHtml,
		'<p>We counted seven tawny owls this year.</p>\n<p>That is two more than last year.</p>',
	);
	t.deepEqual(owl.tags, ['birds', 'orchard']);
});

test('a sloppy feed (BOM, unescaped &) is still read', (t) => {
	const {text} = decodeBody(
		fixture('malformed.xml', origin),
		'text/xml',
		'xml',
	);
	const feed = parseFeedDocument(text, `${origin}/malformed.xml`);
	t.is(feed.title, 'Sloppy & Sons Gazette');
	t.is(feed.items[0].title, 'Fish & Chips Shop Wins Award');
	// No guid: the link stands in, so the item keeps one id from refresh to refresh.
	t.is(feed.items[0].guid, feed.items[0].link);
});

test('ISO-8859-1 and windows-1252 feeds come out right', (t) => {
	const latin = parseFeedDocument(
		decodeBody(fixture('latin1.xml', origin), 'application/rss+xml', 'xml')
			.text,
		`${origin}/latin1.xml`,
	);
	t.is(latin.title, 'Le Café du Coin');
	t.is(latin.items[0].title, 'Crème brûlée à la française');
	const windows = parseFeedDocument(
		decodeBody(fixture('windows-1252.xml', origin), 'text/xml', 'xml').text,
		`${origin}/windows-1252.xml`,
	);
	t.is(windows.title, 'Quotes “Weekly”');
	t.is(windows.items[0].title, '“Smart” quotes – and a dash — cost €5…');
	t.is(windows.items[0].summary, 'It’s fine.');
});

test('an HTML page, broken JSON or an empty body is not a feed', (t) => {
	t.throws(() => parseFeedDocument('<html><body>Hello</body></html>', origin), {
		instanceOf: NotAFeedError,
		message: /not a feed/,
	});
	t.throws(() => parseFeedDocument('{"version": ', origin), {
		instanceOf: NotAFeedError,
		message: /broken JSON/,
	});
	t.throws(() => parseFeedDocument('', origin), {instanceOf: NotAFeedError});
});

test('a feed nested thousands deep is refused before parsing', (t) => {
	const deep = `<rss><channel><title>x</title>${'<b>'.repeat(5000)}${'</b>'.repeat(5000)}</channel></rss>`;
	t.is(nestingDepth(deep), 5002);
	t.throws(() => parseFeedDocument(deep, origin), {
		message: /nested more than 100/,
	});
});

test('control characters and markup in titles never reach the reader', (t) => {
	const feed = parseFeedDocument(
		`<rss version="2.0"><channel><title>Evil&#x1b;[2J Feed</title><link>${origin}</link><description>d</description><item><title>&lt;script&gt;alert(1)&lt;/script&gt;Hello &#x9b;31m</title><link>javascript:alert(1)</link><guid>g</guid></item></channel></rss>`,
		origin,
	);
	t.notRegex(feed.title + feed.items[0].title, /[\u001B\u009B]/);
	t.is(feed.items[0].link, '');
	t.notRegex(feed.items[0].title, /<script>/);
});

test('a page that links to its feeds: each one found, absolute', (t) => {
	const html = `<html><head>
		<link rel="stylesheet" href="/site.css">
		<link rel="alternate" type="application/rss+xml" title="All news" href="/rss.xml">
		<link type="application/atom+xml" href="https://example.com/atom?a=1&amp;b=2" rel="alternate">
		<link rel="alternate" type="application/feed+json" href="feed.json">
		<link rel="alternate" hreflang="fr" href="/fr/">
		</head></html>`;
	t.deepEqual(
		discoverFeedLinks(html, `${origin}/news/`).map((link) => link.url),
		[
			`${origin}/rss.xml`,
			'https://example.com/atom?a=1&b=2',
			`${origin}/news/feed.json`,
		],
	);
	t.is(discoverFeedLinks(html, origin)[0].title, 'All news');
});
