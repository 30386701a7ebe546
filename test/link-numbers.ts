import {fileURLToPath} from 'node:url';
import test from 'ava';
import chalk from 'chalk';
import stripAnsi from 'strip-ansi';
import {articleLinks} from '../source/document/links.js';
import {openDocument} from '../source/document/opened.js';
import {renderDocumentLines} from '../source/document/render.js';
import {parseDocument} from '../source/document/sections.js';
import {readArticle} from '../source/library/load.js';
import {lineWidth} from '../source/terminal/wrap.js';

// Render with colour, as in a terminal, so that widths are measured with the styles in the lines.
chalk.level = 1;

/** An article with links of every kind the renderer draws, and addresses that are not links to open. */
const linky = [
	'# Linky',
	'',
	'Read [the report](https://example.com/report) and [its annex](https://example.com/annex).',
	'',
	'The [report again](https://example.com/report), a [reference link][ref], <https://example.com/auto> and www.example.org.',
	'',
	'> A quote with [a source](https://example.com/source).',
	'',
	'- a list item with [mail](mailto:desk@example.com)',
	'- a [relative link](../other.md) and [a script](javascript:alert(1)) are not opened',
	'',
	'| Year | Source |',
	'| --- | --- |',
	'| 2016 | [the data](https://example.com/data) |',
	'',
	'[![CI](https://example.com/badge.svg)](https://example.com/ci)',
	'',
	'Inline HTML: <a href="https://example.com/html">an HTML link</a>.',
	'',
	'## A section',
	'',
	'Text with a note.[^1]',
	'',
	'[^1]: The note cites [the archive](https://example.com/archive).',
	'',
	'[ref]: https://example.com/reference',
].join('\n');

const showcasePath = fileURLToPath(
	new URL('../articles/renderer-showcase.md', import.meta.url),
);

function showcase() {
	const article = readArticle(showcasePath);
	return parseDocument(article.body, {title: article.title});
}

const numberMark = /\[(\d+)]/g;

test('articleLinks lists the links the reader draws, in order, each address once, only http, https and mailto', (t) => {
	const links = articleLinks(parseDocument(linky));
	t.deepEqual(
		links.map((link) => [link.number, link.url, link.text]),
		[
			[1, 'https://example.com/report', 'the report'],
			[2, 'https://example.com/annex', 'its annex'],
			[3, 'https://example.com/reference', 'reference link'],
			[4, 'https://example.com/auto', 'https://example.com/auto'],
			[5, 'http://www.example.org', 'www.example.org'],
			[6, 'https://example.com/source', 'a source'],
			[7, 'mailto:desk@example.com', 'mail'],
			[8, 'https://example.com/data', 'the data'],
			[9, 'https://example.com/ci', 'CI'],
			[10, 'https://example.com/html', 'an HTML link'],
			[11, 'https://example.com/archive', 'the archive'],
		],
	);
});

for (const hyperlinks of [false, true]) {
	test(`with link numbers each link's text is followed by its number from articleLinks (hyperlinks ${hyperlinks ? 'on' : 'off'})`, (t) => {
		const document = parseDocument(linky);
		const text = renderDocumentLines(document, 80, {
			hyperlinks,
			linkNumbers: true,
		})
			.map((line) => stripAnsi(line))
			.join(' ');
		for (const link of articleLinks(document)) {
			const label = link.number === 9 ? `▣ ${link.text}` : link.text;
			t.true(
				text.includes(`${label}[${link.number}]`),
				`${label}[${link.number}] in:\n${text}`,
			);
		}

		// The same address twice has the same number, and no other number is drawn.
		t.true(text.includes('report again[1]'), `in: ${text}`);
		t.deepEqual(
			[...new Set([...text.matchAll(numberMark)].map((match) => match[1]))]
				.map(Number)
				.sort((a, b) => a - b),
			articleLinks(document).map((link) => link.number),
		);
		t.false(text.includes('relative link['), `in: ${text}`);
		t.false(text.includes('a script['), `in: ${text}`);
	});
}

test('without link numbers no link carries a number', (t) => {
	const text = renderDocumentLines(parseDocument(linky), 80, {
		hyperlinks: false,
	})
		.map((line) => stripAnsi(line))
		.join('\n');
	t.notRegex(text.replace('[^1]', ''), numberMark, `in: ${text}`);
});

test('with link numbers no line is wider than the width, at any width', (t) => {
	for (const [name, document] of [
		['linky', parseDocument(linky)],
		['showcase', showcase()],
	] as const) {
		for (const hyperlinks of [false, true]) {
			for (let width = 8; width <= 120; width += 7) {
				for (const line of renderDocumentLines(document, width, {
					hyperlinks,
					linkNumbers: true,
				})) {
					t.true(
						lineWidth(line) <= width,
						`${name} at ${width}: ${JSON.stringify(stripAnsi(line))}`,
					);
				}
			}
		}
	}
});

test('the showcase drawn with numbers shows every number of its links', (t) => {
	const document = showcase();
	const links = articleLinks(document);
	t.true(links.length > 3, 'the showcase has links');
	// Joined without spaces: a word wider than the width (an address) is cut anywhere, its number too.
	const text = renderDocumentLines(document, 100, {
		hyperlinks: false,
		linkNumbers: true,
	})
		.map((line) => stripAnsi(line))
		.join('');
	for (const link of links) {
		t.true(text.includes(`[${link.number}]`), `[${link.number}] ${link.url}`);
	}
});

test('an opened article keeps its numbered sections apart from the others', (t) => {
	const article = readArticle(showcasePath);
	const opened = openDocument(article, {hyperlinks: false});
	const ids = opened.document.sections.map((section) => section.id);
	opened.renderSections(60, ids);
	opened.renderSections(60, ids, {linkNumbers: true});
	const text = (numbered: boolean) =>
		opened
			.sectionsAt(60, {linkNumbers: numbered})
			.sections.flatMap((section) => section.body().plain)
			.join(' ');
	t.not(opened.sectionsAt(60, {linkNumbers: true}), opened.sectionsAt(60));
	t.is(
		opened.sectionsAt(60, {linkNumbers: true}),
		opened.sectionsAt(60, {linkNumbers: true}),
	);
	const [first] = opened.links();
	t.true(text(true).includes(`${first.text}[1]`), `in: ${text(true)}`);
	t.false(text(false).includes(`${first.text}[1]`));
	t.is(opened.links(), articleLinks(opened.document));
});
