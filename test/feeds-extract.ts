import test from 'ava';
import {ExtractionError, ExtractionPool} from '../source/feeds/extract-pool.js';
import {stripRawText} from '../source/feeds/clean-html.js';
import {extractArticle, fragmentToMarkdown} from '../source/feeds/extract.js';
import {toMarkdown} from '../source/feeds/markdown.js';
import {fixtureText} from './fixtures/feeds/fixtures.js';

const pageUrl = 'https://news.example/articles/story.html';

/** The story's paragraphs, read from the fixture itself: each `<p>` of its text column long enough to be a paragraph of the story (an ad's "Advertisement" and the pull quote's repeat are not). */
function storyParagraphs(html: string, start: string, end: string): string[] {
	const column = html.slice(html.indexOf(start), html.indexOf(end));
	return [...column.matchAll(/<p>([\s\S]*?)<\/p>/g)]
		.map((match) => match[1].replaceAll(/<[^>]+>/g, ''))
		.filter((text) => text.length >= 60);
}

const clutter = {
	'harbour-article.html': [
		'cookies',
		'Accept all',
		'Subscribe for 1 dollar',
		'Sunshine Cruises',
		'Advertisement',
		'Win a new electric car',
		'Related stories',
		'Ferry timetable',
		'Join the conversation',
		'Post comment',
		'Most read',
		'Storm warning',
		'newsletter',
		'Copyright 2025',
		'Share on social',
		'dataLayer',
	],
	'council-article.html': [
		'cookies',
		'consent',
		'Log in',
		'Weather',
		'Jobs',
		'Advertisement',
		'ads.example',
		'You might also like',
		'Budget 2025',
		'Leave a Reply',
		'email address will not be published',
		'Festival line-up',
		'Cheap flights',
		'Example Media Group',
		'trackPageView',
	],
} as const;

for (const [name, unwanted] of Object.entries(clutter)) {
	test(`${name}: every paragraph of the story, none of the clutter`, (t) => {
		const html = fixtureText(name);
		const article = extractArticle(html, pageUrl);
		t.truthy(article);
		const paragraphs =
			name === 'harbour-article.html'
				? storyParagraphs(html, 'class="story-body"', 'class="share-tools"')
				: storyParagraphs(html, 'class="entry-content"', 'class="tags"');
		t.true(
			paragraphs.length >= 7,
			`found ${paragraphs.length} paragraphs in the fixture`,
		);
		for (const paragraph of paragraphs) {
			t.true(article!.markdown.includes(paragraph), `missing: ${paragraph}`);
		}

		for (const text of unwanted) {
			t.false(article!.markdown.includes(text), `clutter kept: ${text}`);
		}
	});
}

test('a figure keeps its image (lazy-loaded, made absolute) and its caption', (t) => {
	const article = extractArticle(fixtureText('harbour-article.html'), pageUrl)!;
	t.regex(
		article.markdown,
		/!\[Traffic crossing the bridge at dawn]\(https:\/\/news\.example\/images\/bridge-morning\.jpg\)\n\nTraffic crosses the reopened bridge at dawn on Tuesday\. Photo: Jonas Berg/,
	);
	t.false(article.markdown.includes('data:'));
	t.is(article.image, 'https://news.example/images/bridge-large.jpg');
	t.is(article.title, 'Harbour Bridge Reopens After Three-Year Repair');
	t.is(article.byline, 'By Mira Okafor, Transport Correspondent');
});

test('a pull quote stays a quote', (t) => {
	const article = extractArticle(fixtureText('council-article.html'), pageUrl)!;
	t.regex(
		article.markdown,
		/^> Nobody should have to choose between a night shift and a safe way home\.$/m,
	);
});

test('hostile HTML: no script, style, frame, event handler or unsafe URL survives', (t) => {
	const story = Array.from(
		{length: 6},
		(_, index) =>
			`<p>Paragraph ${index} of a story long enough for Readability to take it as the article, with plenty of words in it.</p>`,
	).join('');
	const html = `<html><head><style>body{}</style></head><body><article>
		<h1>Title</h1>${story}
		<p>Links: <a href="javascript:alert(1)">js</a> <a href="vbscript:msgbox">vb</a> <a href="data:text/html,<script>x</script>">data</a>
		<a href="/safe" onclick="steal()">safe</a> <a href="mailto:desk@example.com">mail</a> <a href="ftp://x/y">ftp</a></p>
		<p><img src="x.jpg" onerror="alert(1)" alt="pic"> <img src="data:image/png;base64,AAAA" alt="inline"> <img src="javascript:alert(2)" alt="js"></p>
		<script>alert("script")</script><iframe src="https://evil.example/"></iframe><object data="x.swf"></object><embed src="x.swf">
		<svg><script>alert(3)</script></svg><form><input value="secret input"><textarea>secret area</textarea></form>
		</article></body></html>`;
	const {markdown} = extractArticle(html, pageUrl)!;
	for (const unsafe of [
		// eslint-disable-next-line no-script-url
		'javascript:',
		'vbscript:',
		'data:',
		'alert',
		'steal',
		'onerror',
		'iframe',
		'evil.example',
		'swf',
		'secret',
		'ftp:',
	]) {
		t.false(markdown.includes(unsafe), `kept: ${unsafe}\n${markdown}`);
	}

	t.true(markdown.includes('[safe](https://news.example/safe)'));
	t.true(markdown.includes('[mail](mailto:desk@example.com)'));
	t.true(markdown.includes('![pic](https://news.example/articles/x.jpg)'));
	t.true(markdown.includes('Paragraph 5 of a story'));
});

test('a page nested 5,000 deep is flattened below the cap and keeps its words', (t) => {
	const story = Array.from(
		{length: 5},
		(_, index) =>
			`<p>Deep paragraph ${index} with enough words to count as the story of the page.</p>`,
	).join('');
	const html = `<html><body>${'<div>'.repeat(5000)}${story}<p>The very bottom line of the page.</p>${'</div>'.repeat(5000)}</body></html>`;
	const article = extractArticle(html, pageUrl);
	t.truthy(article);
	t.true(article!.markdown.includes('Deep paragraph 4'));
	t.true(article!.markdown.includes('The very bottom line of the page.'));
});

test('tables: | in a cell is escaped, a table without a heading row gets one', (t) => {
	const markdown = toMarkdown(
		'<table><caption>Results</caption><tr><td>Team</td><td>Score</td></tr><tr><td>A | B</td><td>3</td><td>extra</td></tr></table>',
	);
	t.is(
		markdown,
		[
			'Results',
			'',
			'| Team | Score | |',
			'| --- | --- | --- |',
			String.raw`| A \| B | 3 | extra |`,
		].join('\n'),
	);
	t.is(
		toMarkdown(
			'<table><thead><tr><th>x</th></tr></thead><tbody><tr><td>1\n2</td></tr></tbody></table>',
		),
		'| x |\n| --- |\n| 1 2 |',
	);
});

test('a feed fragment converts the same way, cleaned', (t) => {
	const {markdown, textLength} = fragmentToMarkdown(
		'<p>Hello <a href="rel">there</a><script>bad()</script></p>',
		'https://news.example/feed/',
	);
	t.is(markdown, 'Hello [there](https://news.example/feed/rel)');
	t.is(textLength, 'Hello there'.length);
});

test('the worker pool extracts, and a job over its time is killed without stopping the pool', async (t) => {
	const pool = new ExtractionPool({size: 1});
	t.teardown(async () => pool.close());
	// Big enough that no machine parses it in 5 ms.
	const huge = `<html><body>${'<p>word </p>'.repeat(200_000)}</body></html>`;
	const error = await t.throwsAsync(pool.extractPage(huge, pageUrl, 5), {
		instanceOf: ExtractionError,
	});
	t.regex(error.message, /took longer than/);
	const article = await pool.extractPage(
		fixtureText('council-article.html'),
		pageUrl,
	);
	t.is(article?.title, 'Council Votes to Expand Night Buses');
	const fragment = await pool.convertFragment('<p>x</p>', pageUrl);
	t.is(fragment.markdown, 'x');
});

test('scripts and styles are cut before parsing, in one pass, even left open', (t) => {
	t.is(
		stripRawText(
			'<p>a</p><script>if (a < b) {"</p>"}</script><p>b</p><STYLE media="x">p{}</style ><p>c</p>',
		),
		'<p>a</p><p>b</p><p>c</p>',
	);
	t.is(stripRawText('<p>a</p><script>never closed <p>b</p>'), '<p>a</p>');
	t.is(stripRawText('<scripts>kept</scripts>'), '<scripts>kept</scripts>');
	// Many unclosed openings: linear, not one scan to the end per opening.
	const hostile = '<script>'.repeat(200_000);
	t.is(stripRawText(`<p>x</p>${hostile}`), '<p>x</p>');
});
