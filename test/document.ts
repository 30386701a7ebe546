import {fileURLToPath} from 'node:url';
import test from 'ava';
import {readArticle} from '../source/library/load.js';
import {
	describeSummary,
	findInlineQuotes,
	parseDocument,
	type Section,
	uniqueSlug,
} from '../source/document/sections.js';

const seedPath = fileURLToPath(
	new URL('../articles/miami-summit.md', import.meta.url),
);
const showcasePath = fileURLToPath(
	new URL('../articles/renderer-showcase.md', import.meta.url),
);

function articleDocument(file: string) {
	const article = readArticle(file);
	if (article.error) {
		throw new Error(
			`the bundled article ${file} did not load: ${article.error}`,
		);
	}

	return parseDocument(article.body, {title: article.title});
}

const seed = articleDocument(seedPath);
const showcase = articleDocument(showcasePath);

function section(sections: readonly Section[], id: string): Section {
	const found = sections.find((entry) => entry.id === id);
	if (!found) {
		throw new Error(
			`no section ${id} in ${sections.map((entry) => entry.id).join(', ')}`,
		);
	}

	return found;
}

const ids = (markdown: string) =>
	parseDocument(markdown).sections.map((entry) => entry.id);

// Sections

test("the seed article's sections come in order, starting with the lede", (t) => {
	t.deepEqual(
		seed.sections.map((entry) => entry.id),
		[
			'lede',
			'the-miami-meeting',
			'us-diplomatic-push',
			'ukraines-position',
			'eu-funding-debate',
			'drone-attacks-amid-negotiations',
			'key-takeaways',
		],
	);
	t.deepEqual(seed.sections.map((entry) => entry.title).slice(1, 3), [
		'The Miami Meeting',
		'U.S. Diplomatic Push',
	]);
});

test('the lede holds everything before the first ## heading: the image and the standfirst', (t) => {
	const lede = section(seed.sections, 'lede');
	t.is(lede.level, 0);
	t.is(lede.parentId, undefined);
	t.is(lede.title, '');
	t.deepEqual(
		lede.tokens.map((token) => token.type),
		['paragraph', 'paragraph'],
	);
	t.regex(lede.tokens[0].raw, /^!\[Prominent figures/);
	t.regex(lede.tokens[1].raw, /^A high‑stakes meeting is scheduled/);
	t.is(lede.summary.images, 1);
	t.is(lede.summary.paragraphs, 1);
});

test('the h1 equal to the title is dropped from the lede', (t) => {
	const lede = section(seed.sections, 'lede');
	t.false(lede.tokens.some((token) => token.type === 'heading'));
});

test('an h1 that is not the title stays in the lede', (t) => {
	const document = parseDocument(
		'# Another Headline\n\nStandfirst.\n\n## Body\n\ntext\n',
		{title: 'The Title'},
	);
	const lede = section(document.sections, 'lede');
	t.deepEqual(
		lede.tokens.map((token) => token.type),
		['heading', 'paragraph'],
	);
});

test('without the title option the leading h1 is kept in the lede', (t) => {
	const document = parseDocument(
		'# Headline\n\nStandfirst.\n\n## Body\n\ntext\n',
	);
	t.deepEqual(
		section(document.sections, 'lede').tokens.map((token) => token.type),
		['heading', 'paragraph'],
	);
});

test('an article that starts with a ## heading has no lede', (t) => {
	t.deepEqual(ids('## First\n\ntext\n\n## Second\n\ntext\n'), [
		'first',
		'second',
	]);
});

test('### subsections nest under the ## section before them', (t) => {
	const document = parseDocument(
		'## Alpha\n\na\n\n### One\n\n1\n\n### Two\n\n2\n\n## Beta\n\nb\n\n### Three\n\n3\n',
	);
	t.deepEqual(
		document.sections.map((entry) => [entry.id, entry.level, entry.parentId]),
		[
			['alpha', 1, undefined],
			['one', 2, 'alpha'],
			['two', 2, 'alpha'],
			['beta', 1, undefined],
			['three', 2, 'beta'],
		],
	);
	t.is(section(document.sections, 'alpha').summary.subsections, 2);
	t.is(section(document.sections, 'beta').summary.subsections, 1);
	t.is(
		describeSummary(section(document.sections, 'alpha').summary),
		'1 paragraph · 2 subsections',
	);
});

test("the showcase's ### section nests under its ## section", (t) => {
	const shell = section(showcase.sections, 'a-shell-session');
	t.is(shell.level, 2);
	t.is(shell.parentId, 'code-blocks');
});

test('a heading inside a fenced code block is not a section', (t) => {
	const document = parseDocument(
		'## Code\n\n```bash\n## not a heading\n# nor this\n```\n\n~~~\n### nor this\n~~~\n\nafter\n',
	);
	t.deepEqual(
		document.sections.map((entry) => entry.id),
		['code'],
	);
	t.deepEqual(
		section(document.sections, 'code').tokens.map((token) => token.type),
		['code', 'code', 'paragraph'],
	);
});

test("the showcase's commented ## lines in code blocks do not start sections", (t) => {
	t.false(
		showcase.sections.some((entry) => entry.title.includes('not a heading')),
	);
	t.is(
		showcase.sections.filter((entry) => entry.id.startsWith('code-blocks'))
			.length,
		1,
	);
});

test('a setext heading is a section heading', (t) => {
	const document = parseDocument(
		'intro\n\nFirst Part\n----------\n\ntext\n\nSecond Part\n-----------\n\nmore\n',
	);
	t.deepEqual(
		document.sections.map((entry) => [entry.id, entry.level]),
		[
			['lede', 0],
			['first-part', 1],
			['second-part', 1],
		],
	);
	t.true(
		showcase.sections.some(
			(entry) => entry.id === 'a-setext-heading' && entry.level === 1,
		),
	);
});

test('a document with no headings is one section', (t) => {
	const document = parseDocument(
		'First paragraph.\n\nSecond paragraph.\n\n- a list\n',
	);
	t.is(document.sections.length, 1);
	t.is(document.sections[0].id, 'lede');
	t.is(document.sections[0].tokens.length, 3);
});

test('an empty document is one empty section', (t) => {
	const document = parseDocument('');
	t.deepEqual(
		document.sections.map((entry) => entry.id),
		['lede'],
	);
	t.is(describeSummary(document.sections[0].summary), 'empty');
});

test('a #### heading stays inside its section', (t) => {
	const document = parseDocument('## Section\n\n#### Small print\n\ntext\n');
	t.deepEqual(
		document.sections.map((entry) => entry.id),
		['section'],
	);
	t.is(section(document.sections, 'section').tokens[0].type, 'heading');
});

test('duplicate heading titles get unique ids', (t) => {
	t.deepEqual(ids('## Notes\n\na\n\n## Notes\n\nb\n\n## Notes\n\nc\n'), [
		'notes',
		'notes-1',
		'notes-2',
	]);
});

test("a heading called Lede does not take the lede's id", (t) => {
	t.deepEqual(ids('intro\n\n## Lede\n\ntext\n'), ['lede', 'lede-1']);
});

test('ids are lowercase slugs without punctuation, and keep non-Latin letters', (t) => {
	t.deepEqual(
		ids(
			"## Ukraine's Position!\n\na\n\n## U.S. *Diplomatic* Push\n\nb\n\n## 新聞 と ニュース\n\nc\n\n## 🎉\n\nd\n",
		),
		['ukraines-position', 'us-diplomatic-push', '新聞-と-ニュース', 'section'],
	);
});

test('uniqueSlug counts repeats per base slug', (t) => {
	const seen = new Map<string, number>();
	t.deepEqual(
		['Notes', 'Other', 'notes', 'NOTES!'].map((title) =>
			uniqueSlug(title, seen),
		),
		['notes', 'other', 'notes-1', 'notes-2'],
	);
});

test('section titles lose their inline markup', (t) => {
	const document = parseDocument(
		'## The **bold** and `code` [link](https://example.com)\n\ntext\n',
	);
	t.is(document.sections[0].title, 'The bold and code link');
});

// Summaries

test('a section with 3 paragraphs and 1 blockquote is described as 3 paragraphs · 1 quote', (t) => {
	const document = parseDocument(
		'## Section\n\nOne.\n\nTwo.\n\n> A quote.\n\nThree.\n',
	);
	const {summary} = document.sections[0];
	t.is(summary.paragraphs, 3);
	t.is(summary.quotes, 1);
	t.is(describeSummary(summary), '3 paragraphs · 1 quote');
});

test('lists, tables, code blocks and images are counted in the summary', (t) => {
	const document = parseDocument(
		[
			'## Everything',
			'',
			'Text.',
			'',
			'- one',
			'- two',
			'',
			'1. first',
			'',
			'| a | b |',
			'|---|---|',
			'| 1 | 2 |',
			'',
			'```',
			'code',
			'```',
			'',
			'![alt](image.png)',
		].join('\n'),
	);
	const {summary} = document.sections[0];
	t.deepEqual(summary, {
		paragraphs: 1,
		quotes: 0,
		lists: 2,
		tables: 1,
		code: 1,
		images: 1,
		subsections: 0,
		notes: 0,
	});
	t.is(
		describeSummary(summary),
		'1 paragraph · 2 lists · 1 table · 1 code block · 1 image',
	);
});

test("the seed's sections are summarised", (t) => {
	t.is(
		describeSummary(section(seed.sections, 'the-miami-meeting').summary),
		'3 paragraphs',
	);
	t.is(
		describeSummary(section(seed.sections, 'ukraines-position').summary),
		'4 paragraphs · 2 quotes',
	);
	t.is(
		describeSummary(section(seed.sections, 'key-takeaways').summary),
		'1 paragraph · 1 list',
	);
});

// Quotes

test("the seed's Ukraine section has two block quotes, the attribution inside the first", (t) => {
	const {quotes} = section(seed.sections, 'ukraines-position');
	const blocks = quotes.filter((quote) => quote.kind === 'block');
	t.is(blocks.length, 2);
	t.true(blocks[0].text.startsWith('“We have progress in our dialogue'));
	t.true(blocks[0].text.includes('he told reporters'));
	t.true(blocks[1].text.startsWith('“We are in the war'));
	t.deepEqual(
		quotes.map((quote) => quote.id),
		['ukraines-position#0', 'ukraines-position#1'],
	);
	t.deepEqual(
		quotes.map((quote) => quote.index),
		[0, 1],
	);
	// The blocks are the 4th and 6th of the section: three paragraphs, a quote, "He added:", a quote.
	t.deepEqual(
		quotes.map((quote) => quote.block),
		[3, 5],
	);
});

test("the document lists every section's quotes in reading order", (t) => {
	t.deepEqual(
		seed.quotes.map((quote) => quote.sectionId),
		['us-diplomatic-push', 'ukraines-position', 'ukraines-position'],
	);
	t.is(seed.quotes[0].kind, 'inline');
	t.is(seed.quotes[0].text, 'legitimate target.');
});

test('a blockquote is a block quote', (t) => {
	const document = parseDocument(
		'## Quote\n\n> Something memorable, said once.\n',
	);
	t.deepEqual(
		document.quotes.map((quote) => [quote.kind, quote.text, quote.block]),
		[['block', 'Something memorable, said once.', 0]],
	);
});

test('curly-quoted speech in a paragraph is an inline quote', (t) => {
	const document = parseDocument(
		'## Speech\n\nThe minister said “we will not yield” on Monday.\n',
	);
	t.deepEqual(
		document.quotes.map((quote) => [quote.kind, quote.text]),
		[['inline', 'we will not yield']],
	);
});

test('straight-quoted speech of two words or more is an inline quote; a single quoted word is not', (t) => {
	t.deepEqual(findInlineQuotes('He said "not now" and left.'), ['not now']);
	t.deepEqual(findInlineQuotes('The so-called "experts" disagree.'), []);
});

test('quoted speech in list items is found too', (t) => {
	const document = parseDocument(
		'## List\n\n- She said “the vote is on”.\n- Nothing here.\n',
	);
	t.deepEqual(
		document.quotes.map((quote) => [quote.kind, quote.text]),
		[['inline', 'the vote is on']],
	);
});

test('quotes in code are not quotes', (t) => {
	const document = parseDocument(
		'## Code\n\n```\nconst s = "two words";\n```\n',
	);
	t.deepEqual(document.quotes, []);
});

test("the showcase's quoted speech paragraph has four inline quotes, single quotes excluded", (t) => {
	const quotes = section(showcase.sections, 'quoted-speech').quotes.map(
		(quote) => quote.text,
	);
	t.deepEqual(quotes, [
		'We will not be printing a second edition,',
		'unless something happens.',
		'Something always happens,',
		'it always does',
	]);
});

test('an h1 after the first section starts a section of its own', (t) => {
	t.deepEqual(
		parseDocument('## One\n\na\n\n# Two\n\nb\n').sections.map((entry) => [
			entry.id,
			entry.level,
		]),
		[
			['one', 1],
			['two', 1],
		],
	);
});

// Regressions: bugs found while writing these tests, fixed since

// Regression: uniqueSlug suffixes only by a per-base counter, so a later title whose own slug is `notes-1` collides.
test('a heading titled like a generated id still gets an id of its own', (t) => {
	const sectionIds = ids('## Notes\n\na\n\n## Notes\n\nb\n\n## Notes 1\n\nc\n');
	t.is(new Set(sectionIds).size, 3, `${sectionIds.join(', ')}`);
});

// Regression: same collision with the lede's reserved id: `## Lede` becomes lede-1, and so does `## Lede 1`.
test('headings titled Lede and Lede 1 get different ids', (t) => {
	const sectionIds = ids('## Lede\n\na\n\n## Lede 1\n\nb\n');
	t.is(new Set(sectionIds).size, 2, `${sectionIds.join(', ')}`);
});

// Regression: isSectionHeading counts sections, not h1s: an article that uses only # headings has a single section,
// though the comment says later `#` headings start sections like `##`.
test('in an article with only # headings, the ones after the title start sections', (t) => {
	const document = parseDocument(
		'# Title\n\nIntro.\n\n# Part Two\n\nMore.\n\n# Part Three\n\nEnd.\n',
		{title: 'Title'},
	);
	t.deepEqual(
		document.sections.map((entry) => entry.id),
		['lede', 'part-two', 'part-three'],
	);
});

// Regression: the straight-quote pattern pairs the closing quote of a one-word quote with the next opening one,
// so the words between two quotes are taken as speech and the real quote is missed.
test('the text between two straight-quoted phrases is not a quote', (t) => {
	t.deepEqual(findInlineQuotes('She said "no" and he said "maybe later".'), [
		'maybe later',
	]);
});

// Regression: plainInline strips every underscore, though one inside a word is not emphasis in markdown.
test('an underscore inside a word stays in a section title', (t) => {
	t.is(
		parseDocument('## The snake_case naming style\n\ntext\n').sections[0].title,
		'The snake_case naming style',
	);
});
