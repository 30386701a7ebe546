import test from 'ava';
import chalk from 'chalk';
import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';
import {
	renderDocumentLines,
	SectionRenderer,
} from '../source/document/render.js';
import {parseDocument} from '../source/document/sections.js';
import {
	checkWords,
	type CorpusEntry,
	documents,
	htmlText,
	leakedMarkup,
	specExamples,
} from './helpers/fidelity.js';

// Colour on, as in a terminal: tests that need NO_COLOR set the level themselves and put it back.
chalk.level = 1;

const render = (markdown: string, width = 80, hyperlinks = false) =>
	renderDocumentLines(parseDocument(markdown), width, {hyperlinks});

const plain = (markdown: string, width = 80, hyperlinks = false) =>
	render(markdown, width, hyperlinks).map((line) => stripAnsi(line));

function withoutColour<T>(run: () => T): T {
	const {level} = chalk;
	chalk.level = 0;
	try {
		return run();
	} finally {
		chalk.level = level;
	}
}

// The corpus: every word of real-world markdown reaches the reader, and no markup leaks

// Where the reference and gazette legitimately differ, each for a reason of its own.
const exempt = new Map<string, string>([
	[
		'CommonMark example 28 (Entity and numeric character references)',
		'marked decodes `&#87654321;` (out of range) to U+FFFD where CommonMark keeps it as text',
	],
	[
		'CommonMark example 570 (Links)',
		'two links written together (`foo` and `baz`): without hyperlinks the first one’s address is shown between them',
	],
	[
		'GFM example 657 (6.11 Disallowed Raw HTML (extension))',
		'GitHub’s tag filter shows `<title>`, `<style>` and `<xmp>` as text; gazette leaves them out, as a browser does',
	],
]);

function checkCorpus(entries: readonly CorpusEntry[], width: number) {
	let words = 0;
	const lost: string[] = [];
	const leaks: string[] = [];
	for (const entry of entries) {
		if (exempt.has(entry.name)) {
			continue;
		}

		const reference = htmlText(entry.html);
		const lines = render(entry.markdown, width);
		const check = checkWords(reference, lines);
		words += check.words;
		if (check.lost.length > 0) {
			lost.push(`${entry.name}: ${check.lost.slice(0, 10).join(' ')}`);
		}

		const leaked = leakedMarkup(reference, lines);
		if (leaked.length > 0) {
			leaks.push(`${entry.name}: ${leaked.join('; ')}`);
		}

		const tooWide = lines.filter((line) => stringWidth(line) > width);
		if (tooWide.length > 0) {
			leaks.push(`${entry.name}: ${tooWide.length} lines wider than ${width}`);
		}
	}

	return {words, lost, leaks};
}

const corpus = {
	'the CommonMark and GFM spec examples': specExamples(),
	'six READMEs and a page converted from HTML': documents(),
};

for (const [name, entries] of Object.entries(corpus)) {
	for (const width of [40, 80, 120]) {
		test(`every word of ${name} reaches the output at width ${width}, and no markup leaks`, (t) => {
			const {words, lost, leaks} = checkCorpus(entries, width);
			t.true(words > 1000, `${words} words`);
			t.deepEqual(lost, [], `words lost at width ${width}`);
			t.deepEqual(leaks, [], `markup leaked at width ${width}`);
		});
	}
}

test('the words check finds a word that is lost, and markup that leaks', (t) => {
	const reference = htmlText('<p>one <b>two</b> three</p>');
	t.deepEqual(checkWords(reference, ['one three']).lost, ['two']);
	t.deepEqual(
		checkWords(reference, ['one two', '│ thr │', '│ ee  │']).lost,
		[],
	);
	t.is(leakedMarkup(reference, ['one **two** three']).length, 1);
	t.is(leakedMarkup(reference, ['one <b>two</b> three']).length, 1);
	t.is(leakedMarkup(reference, ['one &amp; three']).length, 1);
});

// 1. Tables

const election =
	'| Year | Country | Turnout | Notes |\n| --- | --- | ---: | --- |\n| 2016 | United States | 136.7 | see [analysis](https://example.com/elections/2016/analysis-of-the-popular-vote) and [the county results](https://example.com/elections/2016/results-by-county-and-state) |\n| 2020 | United States | 158.4 | record |\n';

for (const width of [80, 120]) {
	test(`a table is never cut with …: every word of every cell shows at width ${width}`, (t) => {
		const lines = plain(election, width);
		t.false(lines.join('\n').includes('…'), `${lines.join('\n')}`);
		const text = lines.join(' ');
		for (const word of [
			'2016',
			'United',
			'States',
			'136.7',
			'analysis',
			'record',
		]) {
			t.true(text.includes(word), `${word}`);
		}

		t.true(
			checkWords(htmlText('popular vote elections'), lines).lost.length === 0,
		);
	});
}

test('narrow columns keep their full width and the widest wraps inside its cell', (t) => {
	const lines = plain(election, 80);
	// Year and Country fit whole on one line each, in a row of their own.
	t.true(
		lines.some((line) => /│ 2016 │ United States │ +136\.7 │/.test(line)),
		`${lines.join('\n')}`,
	);
	t.true(lines.every((line) => stringWidth(line) <= 80));
});

test('a table that cannot fit even with wrapped cells is drawn as records', (t) => {
	const header = Array.from({length: 12}, (_, index) => `Column${index}`);
	const table = `| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n| ${header.map((_, index) => `value${index}`).join(' | ')} |\n`;
	const lines = plain(table, 30);
	t.true(lines.includes('Column0: value0'), `${lines.join('\n')}`);
	t.true(lines.includes('Column11: value11'));
	t.false(lines.join('').includes('…'));
});

// 11. Alignment

test('table alignment is honoured: right-aligned numbers line up, centred text is centred', (t) => {
	const lines = plain(
		'| Name | Amount | Mark |\n| --- | ---: | :-: |\n| a | 1 | x |\n| bb | 1000 | yyy |\n| c | 25 | z |\n',
		80,
	);
	const rows = lines.filter((line) => /│ (?:a|bb|c) /.test(line));
	t.is(rows.length, 3);
	const ends = rows.map((line) => line.split('│')[2]);
	t.deepEqual(ends, ['      1 ', '   1000 ', '     25 ']);
	const marks = rows.map((line) => line.split('│')[3]);
	t.deepEqual(marks, ['  x   ', ' yyy  ', '  z   ']);
});

// 2. marked-terminal's escapes

test('a code span in a tight list item or a table cell keeps its colons', (t) => {
	const text = plain(
		'- add `core::num::Complex`\n- and `a::b`\n\n| Path |\n| --- |\n| `std::io` |\n',
	).join('\n');
	t.true(text.includes('core::num::Complex'), `${text}`);
	t.true(text.includes('std::io'), `${text}`);
	t.false(text.includes('COLON'));
});

// 3. Raw HTML

test('HTML blocks: comments, scripts and styles are dropped, text kept, <br> breaks the line, <img> is the image line', (t) => {
	const lines = plain(
		'<p align="center">\n<img src="logo.png" alt="Gazette logo"><br>\nNews for the terminal\n</p>\n\n<!-- a comment\nthat spans\nlines -->\n\n<script>alert(1)</script>\n\n<style>p {color: red}</style>\n\nAfter.\n',
	);
	t.deepEqual(lines, [
		'▣ Gazette logo logo.png',
		'News for the terminal',
		'',
		'After.',
	]);
});

test('inline HTML is styled as its markdown twin: <kbd> and <code> as code, <em>, <strong>, <a>', (t) => {
	const [line] = render(
		'Press <kbd>Ctrl</kbd>+<kbd>C</kbd>, read <em>this</em>, <strong>that</strong> and <a href="https://example.com/x">a link</a>.',
	);
	t.true(line.includes(chalk.yellow('Ctrl')), `${JSON.stringify(line)}`);
	t.true(line.includes(chalk.italic('this')));
	t.true(line.includes(chalk.bold('that')));
	t.is(
		stripAnsi(line),
		'Press Ctrl+C, read this, that and a link (https://example.com/x).',
	);
});

test('a <figure> is its image and its caption; an HTML table is drawn as a table', (t) => {
	const lines = plain(
		'<figure>\n<img src="a.jpg" alt="The harbour at dawn">\n<figcaption>Photo: the desk</figcaption>\n</figure>\n\n<table><tr><th>Town</th><th>Paper</th></tr><tr><td>Leeds</td><td>Mercury</td></tr></table>\n',
	);
	t.is(lines[0], '▣ The harbour at dawn a.jpg');
	t.is(lines[2], 'Photo: the desk');
	t.true(
		lines.some((line) => /│ Town +│ Paper +│/.test(line)),
		`${lines.join('\n')}`,
	);
	t.true(lines.some((line) => /│ Leeds +│ Mercury +│/.test(line)));
});

test('a <details> block is a section of its own, folded at first, titled by its summary', (t) => {
	const document = parseDocument(
		'## Install\n\nRun it.\n\n<details>\n<summary>Other <b>systems</b></summary>\n\nUse the **tarball**.\n\n</details>\n\nThen start it.\n',
	);
	const sections = document.sections.map((section) => ({
		id: section.id,
		title: section.title,
		level: section.level,
		parentId: section.parentId,
		initiallyFolded: (section as {initiallyFolded?: boolean}).initiallyFolded,
		continues: (section as {continues?: string}).continues,
	}));
	t.deepEqual(sections, [
		{
			id: 'install',
			title: 'Install',
			level: 1,
			parentId: undefined,
			initiallyFolded: undefined,
			continues: undefined,
		},
		{
			id: 'other-systems',
			title: 'Other systems',
			level: 2,
			parentId: 'install',
			initiallyFolded: true,
			continues: undefined,
		},
		{
			id: 'install-continued',
			title: 'Install',
			level: 0,
			parentId: 'install',
			initiallyFolded: undefined,
			continues: 'install',
		},
	]);
	const lines = plain(
		'## Install\n\nRun it.\n\n<details>\n<summary>Other <b>systems</b></summary>\n\nUse the **tarball**.\n\n</details>\n\nThen start it.\n',
	);
	t.deepEqual(lines, [
		'▾ Install',
		'',
		'Run it.',
		'',
		'  ▾ Other systems',
		'',
		'Use the tarball.',
		'',
		'Then start it.',
	]);
});

// 4. Quotes keep links and inline styles

test('a block quote keeps its links, code and bold, and its bar', (t) => {
	const lines = render(
		'> Quote with [a link](https://example.com/q), `code` and **bold**.\n',
		80,
		true,
	);
	t.is(lines.length, 1);
	t.true(
		lines[0].includes('\u001B]8;;https://example.com/q\u0007'),
		`${JSON.stringify(lines[0])}`,
	);
	t.true(lines[0].includes('\u001B[33mcode'));
	t.true(lines[0].includes('\u001B[1mbold'));
	t.is(
		stripAnsi(lines[0]).replaceAll(/\u001B]8;;[^\u0007]*\u0007/g, ''),
		'┃ Quote with a link, code and bold.',
	);
	const plainLines = plain('> Quote with [a link](https://example.com/q).\n');
	t.deepEqual(plainLines, ['┃ Quote with a link (https://example.com/q).']);
});

test('a heading and a code block inside a quote keep their form', (t) => {
	const lines = plain('> #### Said\n>\n> ```\n> code line\n> ```\n');
	t.deepEqual(lines, ['┃ ◇ Said', '┃', '┃   code line']);
});

// 5. Entities

test('named entities are decoded, in text and in headings', (t) => {
	t.deepEqual(plain('A &mdash; caf&eacute; &copy; AT&amp;T &nbsp;x'), [
		'A — café © AT&T \u00A0x',
	]);
	const document = parseDocument(
		'## Fish &amp; Chips &mdash; a history\n\ntext\n',
	);
	t.is(document.sections[0].title, 'Fish & Chips — a history');
	t.true(plain('## Fish &amp; Chips\n\ntext\n').includes('▾ Fish & Chips'));
});

// 6. Loose task lists

test('a loose task list shows each checkbox once', (t) => {
	t.deepEqual(plain('- [x] Ship\n\n- [ ] Test\n'), [
		'• [x] Ship',
		'',
		'• [ ] Test',
	]);
});

// 7. Titles from the parsed heading

test('section titles come from the parsed heading, code spans and escapes as written', (t) => {
	const titles = parseDocument(
		'## Using `*args` and `**kwargs`\n\na\n\n## The `__init__.py` file\n\nb\n\n## Escaped \\*stars\\*\n\nc\n\n## snake_case and *emphasis*\n\nd\n',
	).sections.map((section) => section.title);
	t.deepEqual(titles, [
		'Using *args and **kwargs',
		'The __init__.py file',
		'Escaped *stars*',
		'snake_case and emphasis',
	]);
});

// 8. Footnotes

test('GFM footnotes: a superscript number in the text, the notes in a Notes section at the end', (t) => {
	const markdown =
		'Claim one[^a] and two[^b].\n\n[^b]: The second source.\n[^a]: The first source,\n    on two lines.\n\n## Later\n\nMore.\n';
	const document = parseDocument(markdown);
	t.deepEqual(
		document.sections.map((section) => section.id),
		['lede', 'later', 'notes'],
	);
	const notes = document.sections.at(-1)!;
	t.is(notes.title, 'Notes');
	t.true((notes as {notes?: boolean}).notes);
	const lines = plain(markdown);
	t.is(lines[0], 'Claim one¹ and two².');
	t.deepEqual(
		lines.slice(-4),
		[
			'▾ Notes',
			'',
			'¹ The first source, on two lines.',
			'² The second source.',
		].slice(-4),
	);
	const rendered = new SectionRenderer({hyperlinks: false}).render(
		document,
		notes,
		80,
	);
	t.deepEqual((rendered as {noteLines?: number[]}).noteLines, [0, 1]);
	t.false(lines.join('\n').includes('[^'));
});

// 9. Link definitions

test('link reference definitions take no lines', (t) => {
	const definitions = Array.from(
		{length: 8},
		(_, index) => `[ref${index}]: https://example.com/${index}`,
	).join('\n');
	t.deepEqual(plain(`Before [ref0].\n\n${definitions}\n\nAfter.\n`), [
		'Before ref0 (https://example.com/0).',
		'',
		'After.',
	]);
});

// 10. The title

test('only a # heading before any other text is the title; a late one is a section', (t) => {
	const late = parseDocument(
		'Intro text.\n\nMore text.\n\n# Late Heading\n\nb\n',
		{title: 'Late Heading'},
	);
	t.deepEqual(
		late.sections.map((section) => section.id),
		['lede', 'late-heading'],
	);
	const early = parseDocument('![Photo](p.jpg)\n\n# The Title\n\nText.\n', {
		title: 'The Title',
	});
	t.false(early.sections[0].tokens.some((token) => token.type === 'heading'));
	const commented = parseDocument(
		'<!-- generated -->\n\n# The Title\n\nText.\n',
		{title: 'The Title'},
	);
	t.deepEqual(
		commented.sections[0].tokens.map((token) => token.type),
		['html', 'paragraph'],
	);
});

// 12. Images and autolinks

test('a linked badge shows one address, the link’s; a row of five badges takes one or two lines', (t) => {
	const badge = (name: string) =>
		`[![${name}](https://img.shields.io/${name}.svg)](https://example.com/${name})`;
	const lines = plain(
		['ci', 'npm', 'coverage', 'licence', 'chat']
			.map((name) => badge(name))
			.join(' ') + '\n',
	);
	const text = lines.join(' ');
	t.false(text.includes('img.shields.io'), `${text}`);
	t.true(text.includes('▣ ci https://example.com/ci'), `${text}`);
	t.true(lines.length <= 4, `${lines.join('\n')}`);
	t.deepEqual(
		plain(badge('ci') + '\n', 80, true).map((line) =>
			line.replaceAll(/\u001B]8;;[^\u0007]*\u0007/g, ''),
		),
		['▣ ci'],
	);
});

test('a caption on the line after an image stays on a line of its own; alt text shows no markup', (t) => {
	t.deepEqual(plain('![The *old* press](press.jpg)\n*The press in 1890.*\n'), [
		'▣ The old press press.jpg',
		'The press in 1890.',
	]);
});

test('a www. autolink prints its address once', (t) => {
	t.deepEqual(plain('See www.commonmark.org and https://example.com/a.\n'), [
		'See www.commonmark.org and https://example.com/a.',
	]);
});

// 13. Without colour

test('without colour every heading level, a paragraph and struck text look different', (t) => {
	const shapes = withoutColour(() =>
		[
			'# Word',
			'## Word',
			'### Word',
			'#### Word',
			'##### Word',
			'###### Word',
			'Word',
			'~~Word~~',
		].map((markdown) =>
			// A leading paragraph keeps a # heading from being the title.
			plain(`Lead.\n\n${markdown}\n\nText.\n`).find((line) =>
				line.includes('W'),
			)!,
		),
	);
	t.is(
		new Set(shapes.slice(1)).size,
		shapes.length - 1,
		`${shapes.join(' | ')}`,
	);
	t.is(shapes.at(-1), 'W̶o̶r̶d̶');
	t.is(shapes[6], 'Word');
});

// 14. Smaller

test('a long code line goes on in lines marked ↪, and reads as written when joined', (t) => {
	const command =
		'docker run --rm -it -v "$PWD":/work -w /work node:20 npm ci --ignore-scripts --no-audit';
	const lines = plain('```sh\n' + command + '\n```\n', 40);
	t.true(lines.length > 1);
	t.true(
		lines.slice(1).every((line) => line.startsWith('  ↪ ')),
		`${lines.join('\n')}`,
	);
	t.is(
		lines.map((line, index) => line.slice(index === 0 ? 2 : 4)).join(''),
		command,
	);
});

test('a bare > draws nothing and is no quote', (t) => {
	t.deepEqual(plain('Text.\n\n>\n\nMore.\n'), ['Text.', '', 'More.']);
	t.deepEqual(parseDocument('Text.\n\n>\n').quotes, []);
});

test('an empty ordered item keeps its place', (t) => {
	t.deepEqual(plain('1. one\n2.\n3. three\n'), ['1. one', '2.', '3. three']);
});

test('a wrapped styled paragraph opens on each line only the styles in force, so its bytes grow linearly', (t) => {
	const words = Array.from({length: 400}, (_, index) =>
		index % 5 === 0
			? `**bold${index}**`
			: index % 7 === 0
				? `[link${index}](https://example.com/${index})`
				: `word${index}`,
	);
	const lines = render(words.join(' '), 40);
	const opening = lines.map(
		(line) => /^(?:\u001B\[[\d;]*m)*/.exec(line)![0].length,
	);
	t.true(
		Math.max(...opening) <= 20,
		`longest opening: ${Math.max(...opening)} bytes`,
	);
	const bytes = lines.join('\n').length;
	const text = lines.map((line) => stripAnsi(line)).join('\n').length;
	t.true(bytes < text * 3, `${bytes} bytes for ${text} characters`);
});

// Issue 13, item 18: tabs

test('tabs inside a paragraph are expanded, not deleted', (t) => {
	t.deepEqual(plain('Name:\tAlice\tBob\n'), ['Name:   Alice   Bob']);
	t.deepEqual(
		plain('| a\tb |\n| --- |\n| c\td |\n').filter((line) => line.includes('c')),
		['│ c   d │'],
	);
});

// Issue 13, item 9: work linear in the paragraph's length

test('a long unbroken CJK paragraph reaches Intl.Segmenter in short pieces only', (t) => {
	const original = Intl.Segmenter.prototype.segment;
	let longest = 0;
	Intl.Segmenter.prototype.segment = function (
		this: Intl.Segmenter,
		input: string,
	) {
		longest = Math.max(longest, input.length);
		return original.call(this, input);
	};

	try {
		const text =
			Array.from({length: 20_000}, (_, index) =>
				String.fromCodePoint(0x4e_00 + ((index * 7919) % 20_000)),
			).join('') + '👍🏽';
		const lines = plain(text, 80);
		t.is(lines.join('').length, text.length);
	} finally {
		Intl.Segmenter.prototype.segment = original;
	}

	t.true(longest <= 4096, `Intl.Segmenter saw ${longest} characters at once`);
});

// One renderer

test('gazette read draws headings as the reader does, fold marks and all', (t) => {
	const lines = plain('Lede.\n\n## Section\n\nBody.\n\n### Sub\n\nMore.\n');
	t.deepEqual(lines, [
		'Lede.',
		'',
		'▾ Section',
		'',
		'Body.',
		'',
		'  ▾ Sub',
		'',
		'More.',
	]);
});
