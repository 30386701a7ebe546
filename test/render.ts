import {fileURLToPath} from 'node:url';
import test from 'ava';
import chalk from 'chalk';
import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';
import {readArticle} from '../source/library/load.js';
import {
	renderDocumentLines,
	SectionRenderer,
} from '../source/document/render.js';
import {
	type ArticleDocument,
	parseDocument,
	type Section,
} from '../source/document/sections.js';

// Render with colour, as in a terminal, so every width check also sees the escape codes the styles add.
chalk.level = 1;

const seedPath = fileURLToPath(
	new URL('../articles/miami-summit.md', import.meta.url),
);
const showcasePath = fileURLToPath(
	new URL('../articles/renderer-showcase.md', import.meta.url),
);

function articleDocument(file: string): ArticleDocument {
	const article = readArticle(file);
	if (article.error) {
		throw new Error(
			`the bundled article ${file} did not load: ${article.error}`,
		);
	}

	return parseDocument(article.body, {title: article.title});
}

const articles = {
	seed: articleDocument(seedPath),
	showcase: articleDocument(showcasePath),
};

function section(document: ArticleDocument, id: string): Section {
	const found = document.sections.find((entry) => entry.id === id);
	if (!found) {
		throw new Error(`no section ${id}`);
	}

	return found;
}

function plainLines(
	markdown: string,
	width: number,
	hyperlinks = false,
): string[] {
	return renderDocumentLines(parseDocument(markdown), width, {hyperlinks}).map(
		(line) => stripAnsi(line),
	);
}

function tooWide(lines: readonly string[], width: number): string[] {
	return lines
		.filter((line) => stringWidth(line) > width)
		.map((line) => `${stringWidth(line)}: ${stripAnsi(line)}`);
}

// Width

for (const [name, document] of Object.entries(articles)) {
	for (const width of [20, 40, 60, 80, 100]) {
		test(`no line of the ${name} article is wider than ${width} columns`, (t) => {
			const lines = renderDocumentLines(document, width, {hyperlinks: false});
			t.true(lines.length > 10);
			t.deepEqual(tooWide(lines, width), []);
		});
	}
}

test('no line of the showcase is too wide with hyperlinks on either', (t) => {
	for (const width of [20, 40, 60, 80, 100]) {
		t.deepEqual(
			tooWide(
				renderDocumentLines(articles.showcase, width, {hyperlinks: true}),
				width,
			),
			[],
			`width ${width}`,
		);
	}
});

const awkward: Record<string, string> = {
	'nested lists':
		'- Morning papers with a long description of what they carry\n  - Broadsheets, which are large and have long articles\n    - Long reads on the weekend, for readers with time\n- Weeklies\n\n1. Pick a story from the front page of the paper\n   1. Read the headline and the standfirst carefully\n      1. Decide whether to go on reading it or not\n',
	'nested blockquotes':
		'> A reader wrote to the editor last week about the paper:\n>\n> > I have taken this paper for forty years, and I have never once finished the crossword.\n> >\n> > > Nor have I, said his wife, who reads it after him every day.\n',
	'a table':
		'| Newspaper | Founded | City | Price |\n| :--- | :---: | :--- | ---: |\n| *The London Gazette* | 1665 | London | one penny |\n| The Daily Courant | 1702 | London | one penny |\n| 申报 (Shen Bao) | 1872 | 上海 | — |\n',
	'a table with 30 columns': [
		'|' +
			Array.from({length: 30}, (_, index) => ` column ${index} `).join('|') +
			'|',
		'|' + Array.from({length: 30}, () => '---').join('|') + '|',
		'|' +
			Array.from({length: 30}, (_, index) => ` value ${index} `).join('|') +
			'|',
	].join('\n'),
	'a CJK paragraph':
		'报纸是人们了解世界的重要窗口。早在唐代，朝廷就通过“邸报”向各地官员传达政令和消息。今天，我们可以在终端里安静地阅读新闻，不受广告和弹窗的打扰。',
	emoji:
		'Emoji: 🎉 a celebration, 👍🏽 a thumbs-up with a skin tone, 🇺🇦 a flag, 👩‍💻 a person at a computer, 🏳️‍🌈 another flag. A row: 🎉👍🏽🇺🇦👩‍💻📰🗞️☕🎉👍🏽🇺🇦👩‍💻📰🗞️☕🎉👍🏽🇺🇦👩‍💻📰.',
	'a 300-character unbroken word': `Before ${'x'.repeat(300)} after.`,
	'a 300-character word in a quote and a list': `> ${'q'.repeat(300)}\n\n- ${'l'.repeat(300)}\n`,
	'a long code line': '```\nconst value = "' + 'c'.repeat(120) + '";\n```\n',
	'a long heading': `## ${'Headline '.repeat(12)}\n\ntext\n`,
	'a long link and image': `[a link with long text](https://example.com/${'p'.repeat(80)})\n\n![An image](https://example.com/${'i'.repeat(80)}.png)\n`,
};

for (const [name, markdown] of Object.entries(awkward)) {
	test(`${name} at width 30 has no line wider than 30`, (t) => {
		const lines = renderDocumentLines(parseDocument(markdown), 30, {
			hyperlinks: false,
		});
		t.true(lines.length > 1);
		t.deepEqual(tooWide(lines, 30), []);
	});
}

test('a 300-character word is wrapped, not lost', (t) => {
	const lines = plainLines(`${'x'.repeat(300)}`, 30);
	t.is(lines.join('').replaceAll(/[^x]/g, '').length, 300);
});

test('the CJK paragraph keeps all its characters when wrapped', (t) => {
	const text = awkward['a CJK paragraph'];
	t.is(plainLines(text, 30).join(''), text);
});

test('nested list items keep their bullets and indent by level', (t) => {
	const lines = plainLines('- top\n  - middle\n    - bottom\n- next\n', 40);
	t.deepEqual(lines, ['• top', '  • middle', '    • bottom', '• next']);
});

test('nested blockquotes show one bar per level', (t) => {
	const lines = plainLines('> outer\n>\n> > inner\n', 40);
	t.true(lines.includes('┃ outer'));
	t.true(lines.includes('┃ ┃ inner'));
});

// Headings, quotes, images

test('the whole seed article shows its headings and its quotes with a bar', (t) => {
	const lines = renderDocumentLines(articles.seed, 80, {hyperlinks: false}).map(
		(line) => stripAnsi(line),
	);
	// Drawn as the reader draws them, open.
	t.true(lines.includes('▾ The Miami Meeting'));
	t.true(lines.includes('▾ Key Takeaways'));
	t.true(
		lines.some(
			(line) => line.startsWith('┃') && line.includes('We have progress'),
		),
	);
	// The title h1 was dropped: the reader's header shows it.
	t.false(lines.some((line) => line.startsWith('Miami Summit Set as')));
});

for (const width of [30, 60, 80]) {
	test(`every line of a blockquote starts with the bar, the attribution's too, at width ${width}`, (t) => {
		const renderer = new SectionRenderer({hyperlinks: false});
		const ukraine = section(articles.seed, 'ukraines-position');
		const rendered = renderer.render(articles.seed, ukraine, width);
		t.is(rendered.quoteLines.length, 2);
		for (const {line, height} of rendered.quoteLines) {
			const quote = rendered.plain.slice(line, line + height);
			t.true(quote.length > 0);
			for (const text of quote) {
				t.true(text.startsWith('┃ '), `${text}`);
			}
		}

		const first = rendered.plain
			.slice(
				rendered.quoteLines[0].line,
				rendered.quoteLines[0].line + rendered.quoteLines[0].height,
			)
			.join(' ');
		t.true(first.includes('“We have progress'));
		t.true(first.includes('reporters.'));
		t.false(
			rendered.plain[
				rendered.quoteLines[0].line + rendered.quoteLines[0].height
			]?.startsWith('┃') ?? false,
		);
	});
}

test("the showcase's quotes keep their bars, attribution lines included", (t) => {
	const lines = renderDocumentLines(articles.showcase, 40, {
		hyperlinks: false,
	}).map((line) => stripAnsi(line));
	t.true(lines.includes('┃ — Arthur Miller'));
	t.true(lines.some((line) => line.startsWith('┃ ┃ I have taken this paper')));
});

test("an inline quote's line is the one that holds its first words", (t) => {
	const renderer = new SectionRenderer({hyperlinks: false});
	const diplomacy = section(articles.seed, 'us-diplomatic-push');
	const rendered = renderer.render(articles.seed, diplomacy, 60);
	t.is(rendered.quoteLines.length, 1);
	t.is(rendered.quoteLines[0].height, 1);
	t.true(rendered.plain[rendered.quoteLines[0].line].includes('legitimate'));
});

test('an image shows as ▣ and its alt text', (t) => {
	const lines = plainLines(
		'![A stack of folded newspapers](https://example.com/papers.jpg)\n',
		80,
	);
	t.true(lines[0].startsWith('▣ A stack of folded newspapers'));
	const lede = renderDocumentLines(articles.seed, 100, {hyperlinks: false}).map(
		(line) => stripAnsi(line),
	);
	t.true(lede[0].startsWith('▣ Prominent figures discussing'));
});

test('an image without alt text is still shown', (t) => {
	t.true(
		plainLines('![](https://example.com/x.png)\n', 80)[0].startsWith('▣ image'),
	);
});

test('the plain lines are the styled lines without escape codes', (t) => {
	const renderer = new SectionRenderer({hyperlinks: false});
	const rendered = renderer.render(
		articles.seed,
		section(articles.seed, 'ukraines-position'),
		50,
	);
	t.is(rendered.plain.length, rendered.lines.length);
	t.deepEqual(
		rendered.plain,
		rendered.lines.map((line) => stripAnsi(line)),
	);
	t.true(rendered.lines.some((line) => line.includes('\u001B[')));
});

// Links

const links =
	'Read [the report](https://example.com/report), but not [this](javascript:alert(1)) nor [that](data:text/html,x). Write to [the editor](mailto:editor@example.org).';

test('without hyperlinks no OSC 8 sequence is written, and the address is shown', (t) => {
	const lines = renderDocumentLines(parseDocument(links), 200, {
		hyperlinks: false,
	});
	t.false(lines.some((line) => line.includes('\u001B]8;;')));
	t.true(
		stripAnsi(lines.join('\n')).includes(
			'the report (https://example.com/report)',
		),
	);
	t.false(
		renderDocumentLines(articles.showcase, 40, {hyperlinks: false}).some(
			(line) => line.includes('\u001B]8;;'),
		),
	);
});

test('with hyperlinks an https link is an OSC 8 link, a javascript: or data: link is not', (t) => {
	const text = renderDocumentLines(parseDocument(links), 200, {
		hyperlinks: true,
	}).join('\n');
	t.true(text.includes('\u001B]8;;https://example.com/report\u0007'));
	t.true(text.includes('\u001B]8;;mailto:editor@example.org\u0007'));
	t.false(text.includes('\u001B]8;;javascript:'));
	t.false(text.includes('\u001B]8;;data:'));
	t.true(stripAnsi(text).includes('this (javascript:alert(1))'));
});

test('a control character in a link address cannot end the OSC 8 sequence early', (t) => {
	// The angle-bracket form lets marked accept control characters in the address.
	const text = renderDocumentLines(
		parseDocument('[x](<https://example.com/\u0007\u001B]8;;evil>)'),
		200,
		{hyperlinks: true},
	).join('\n');
	t.true(text.includes('\u001B]8;;https://example.com/]8;;evil\u0007'));
	const withoutKnownSequences = text
		.replaceAll(/\u001B]8;;[^\u0007\u001B]*\u0007/g, '')
		.replaceAll(/\u001B\[[\d;]*m/g, '');
	t.notRegex(
		withoutKnownSequences,
		/[\u0000-\u001F\u007F-\u009F]/,
		`${JSON.stringify(withoutKnownSequences)}`,
	);
});

// Caching and code

test('rendering a section twice at the same width gives the same object', (t) => {
	const renderer = new SectionRenderer({hyperlinks: false});
	const meeting = section(articles.seed, 'the-miami-meeting');
	const first = renderer.render(articles.seed, meeting, 60);
	t.is(renderer.render(articles.seed, meeting, 60), first);
	const narrow = renderer.render(articles.seed, meeting, 40);
	t.not(narrow, first);
	t.true(narrow.lines.length > first.lines.length);
	t.is(renderer.render(articles.seed, meeting, 40), narrow);
});

test('two renderers do not share their cache', (t) => {
	const meeting = section(articles.seed, 'the-miami-meeting');
	const a = new SectionRenderer({hyperlinks: false}).render(
		articles.seed,
		meeting,
		60,
	);
	const b = new SectionRenderer({hyperlinks: false}).render(
		articles.seed,
		meeting,
		60,
	);
	t.not(a, b);
	t.deepEqual(a, b);
});

test('a code block keeps its line breaks', (t) => {
	const lines = plainLines(
		'Before.\n\n```\nline one\nline two\n\nline four\n```\n\nAfter.\n',
		80,
	);
	const one = lines.findIndex((line) => line.includes('line one'));
	t.not(one, -1);
	t.false(lines[one].includes('line two'));
	t.true(lines[one + 1].includes('line two'));
	t.is(lines[one + 2].trim(), '');
	t.true(lines[one + 3].includes('line four'));
});

test('a code block keeps its indentation', (t) => {
	const lines = plainLines('```\nif (x) {\n    return y;\n}\n```\n', 80);
	const inner = lines.find((line) => line.includes('return y;'))!;
	const outer = lines.find((line) => line.includes('if (x) {'))!;
	t.is(inner.indexOf('return') - outer.indexOf('if'), 4);
});

// Regressions: bugs found while writing these tests, fixed since

// Regression: a task item's checkbox is written twice (once by the list renderer, once by marked's checkbox token)
// and the item's text lands on the next line: `• [ ] [ ]` / `  buy milk`.
test('a task list item shows one checkbox, on the line of its text', (t) => {
	const lines = plainLines('- [ ] buy milk\n- [x] pay the bill\n', 80);
	t.deepEqual(lines, ['• [ ] buy milk', '• [x] pay the bill']);
});

// Regression: renderTable raises each column to the 5-column minimum after sharing out the width,
// so the columns can add up to more than the width and the right border is cut off.
test('a two-column table that wraps its cells keeps its right border', (t) => {
	const lines = plainLines(
		`| Key | Description |\n|---|---|\n| a | ${'word '.repeat(20)}|\n`,
		40,
	);
	t.true(lines.length > 3);
	for (const line of lines) {
		t.regex(line, /[┐│┤┘]$/, `${line}`);
	}
});

// Regression: truncateToWidth cuts with slice-ansi, which keeps a wide character that straddles the cut,
// so the cut table row is one column too wide and is then wrapped, spilling the cell out of the table.
test('a cut table row with CJK cells stays one line inside the table', (t) => {
	const lines = plainLines(
		'| 名前 | 説明 |\n|---|---|\n| 新聞 | 新聞は長いあいだ毎朝の暮らしに欠かせないものでした。新聞は長いあいだ毎朝の暮らしに欠かせないものでした。 |\n',
		30,
	);
	for (const line of lines) {
		t.regex(line, /^[┌│├└]/, `${line}`);
	}
});

test('marked-terminal styles the spans: emoji shortcodes become emoji, code spans keep their colons', (t) => {
	const text = plainLines(
		'Good news :tada: for `core::num::Complex` and **bold** _em_ ~~gone~~.',
		80,
	).join('\n');
	t.true(text.includes('🎉'));
	t.false(text.includes(':tada:'));
	t.true(text.includes('core::num::Complex'));
	t.false(text.includes('#COLON'));
	t.regex(text, /bold em/);
});
