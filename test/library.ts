import {Buffer} from 'node:buffer';
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import test from 'ava';
import {parseDocument} from '../source/document/sections.js';
import {parseFrontMatter} from '../source/library/front-matter.js';
import {maxArticleBytes, wordsPerMinute} from '../source/library/article.js';
import {
	LibraryError,
	loadLibrary,
	readArticle,
	readingMinutes,
} from '../source/library/load.js';

function temporaryDirectory(): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-'));
}

/** Write a file into a new temporary folder; noon UTC keeps the mtime on the same calendar day in every time zone. */
function articleFile(
	name: string,
	content: string | Uint8Array,
	modified = new Date('2021-06-15T12:00:00Z'),
): string {
	const file = path.join(temporaryDirectory(), name);
	fs.writeFileSync(file, content);
	fs.utimesSync(file, modified, modified);
	return file;
}

function words(count: number): string {
	return Array.from({length: count}, (_, index) => `word${index}`).join(' ');
}

const isRoot = process.getuid?.() === 0;

// Front matter and fallbacks

test('every front matter field is read', (t) => {
	const file = articleFile(
		'summit.md',
		[
			'---',
			'title: Summit in Miami',
			'source: World Desk',
			'author: Staff Writer',
			'date: 2025-12-19',
			'tags: [ukraine, diplomacy]',
			'summary: Talks are set for Saturday.',
			'url: https://example.com/summit',
			'---',
			'The body of the article.',
		].join('\n'),
	);
	const article = readArticle(file);
	t.is(article.error, undefined);
	t.is(article.id, 'summit');
	t.is(article.title, 'Summit in Miami');
	t.is(article.source, 'World Desk');
	t.is(article.author, 'Staff Writer');
	t.is(article.date, '2025-12-19');
	t.deepEqual(article.tags, ['ukraine', 'diplomacy']);
	t.is(article.summary, 'Talks are set for Saturday.');
	t.is(article.url, 'https://example.com/summit');
	t.deepEqual(article.warnings, []);
	t.is(article.body, 'The body of the article.');
});

test('an unquoted YAML date and a quoted one give the same YYYY-MM-DD date', (t) => {
	const unquoted = readArticle(
		articleFile('a.md', '---\ndate: 2024-03-05\n---\nbody\n'),
	);
	const quoted = readArticle(
		articleFile('b.md', '---\ndate: "2024-03-05"\n---\nbody\n'),
	);
	t.is(unquoted.date, '2024-03-05');
	t.is(quoted.date, '2024-03-05');
});

test('tags may also be a comma-separated string', (t) => {
	const article = readArticle(
		articleFile('a.md', '---\ntags: world, politics ,\n---\nbody\n'),
	);
	t.deepEqual(article.tags, ['world', 'politics']);
});

test('without front matter the title is a # heading that opens the body', (t) => {
	const article = readArticle(
		articleFile('headed.md', '\n\n# The Real Headline #\n\nMore text.\n'),
	);
	t.is(article.error, undefined);
	t.is(article.title, 'The Real Headline');
});

// Regression (issue 15, finding 10): the first `#` line anywhere was the title, even after text or inside a list.
test('a # heading after other content is not the title, as the reader does not take it for one', (t) => {
	for (const [name, body] of [
		['code-first', '```\n# not this one\n```\n\n# Nor This\n'],
		['text-first', 'Intro text.\n\n# The Late Headline\n\nMore text.\n'],
		['late', `${'A paragraph of words.\n\n'.repeat(400)}# Line 801\n`],
		['quote-first', '> a quote\n\n# After The Quote\n'],
	]) {
		const article = readArticle(articleFile(`${name}.md`, body));
		t.is(article.title, name, `${name}.md`);
	}
});

test('images, link definitions and comments may come before the # title', (t) => {
	const article = readArticle(
		articleFile(
			'lead.md',
			[
				'<!-- licence: CC BY 4.0 -->',
				'',
				'![A lead photo](photo.jpg)',
				'',
				'[site]: https://example.com/',
				'',
				'# After The Photo',
				'',
				'text',
			].join('\n'),
		),
	);
	t.is(article.title, 'After The Photo');
});

test('a setext title underlined with = is a title too', (t) => {
	const article = readArticle(
		articleFile('setext.md', 'Underlined Title\n================\n\ntext\n'),
	);
	t.is(article.title, 'Underlined Title');
});

// Regression (issue 15, finding 10): markup was stripped by regex, so code spans, escapes, entities and HTML were garbled.
test('the title is the text of the parsed heading', (t) => {
	for (const [heading, title] of [
		['# Using `*args` and `**kwargs`', 'Using *args and **kwargs'],
		['# The `__init__.py` file', 'The __init__.py file'],
		[String.raw`# Escaped \*stars\*`, 'Escaped *stars*'],
		['# Caf&eacute; &amp; Bar', 'Café & Bar'],
		['# Release <small>beta</small> notes', 'Release beta notes'],
		['# **Bold** and _slanted_ snake_case', 'Bold and slanted snake_case'],
	]) {
		const article = readArticle(articleFile('t.md', `${heading}\n\ntext\n`));
		t.is(article.title, title, `from ${heading}`);
	}
});

test("the list's title and the reader agree on which heading is the title", (t) => {
	for (const body of [
		'# Title First\n\ntext\n',
		'![photo](p.jpg)\n\n<!-- c -->\n\n# After A Photo\n\ntext\n',
		'Text first.\n\n# A Headline In The Text\n',
		'- # In A List\n',
		'Setext\n===\n\ntext\n',
	]) {
		const {title} = readArticle(articleFile('agree.md', body));
		const blocks = (documentTitle: string) =>
			parseDocument(body, {title: documentTitle}).sections.reduce(
				(sum, section) => sum + 1 + section.tokens.length,
				0,
			);
		// The reader drops the heading it takes for the title (its header shows it), and only that one.
		const dropped = blocks(title) < blocks('not the title');
		t.is(dropped, title !== 'agree', `in ${body}`);
	}
});

// Only the head of a body is lexed for its title: what lies past it must not change the title.
test('a title is found past a long comment, and through references defined at the end of a long body', (t) => {
	const long = `${'Words of the body go on. '.repeat(400)}\n`;
	const cases: Array<[string, string]> = [
		[
			`<!--\n${'a licence line\n'.repeat(400)}-->\n\n# Past The Comment\n\n${long}`,
			'Past The Comment',
		],
		[
			`[![CI][badge]][ci]\n\n# Badges First\n\n${long}\n[badge]: https://example.com/b.svg\n[ci]: https://example.com/ci\n`,
			'Badges First',
		],
		[
			`# [Gazette][home] News\n\n${long}\n[home]: https://example.com/\n`,
			'Gazette News',
		],
		[`# Noted[^1]\n\n${long}\n[^1]: A note.\n`, 'Noted'],
		// The title's underline comes just past the first 4096 characters that are lexed.
		[
			`<!--\n${'x'.repeat(4080)}\n-->\n\nUnderlined At The Cut\n===\n\n${long}`,
			'Underlined At The Cut',
		],
		[`Some text\n\n${long}\n# Not A Title\n`, 'nope'],
	];
	for (const [body, title] of cases) {
		t.is(
			readArticle(articleFile('nope.md', body)).title,
			title,
			`from ${body.slice(0, 30)}`,
		);
	}
});

test('without front matter or heading the title is the file name', (t) => {
	const article = readArticle(
		articleFile(
			'plain-notes.md',
			'Only a paragraph of text.\n\n## A section, not a title\n',
		),
	);
	t.is(article.title, 'plain-notes');
});

test("without a date the article is dated by the file's modification time", (t) => {
	const file = articleFile(
		'undated.md',
		'# Undated\n\ntext\n',
		new Date('2019-02-03T12:00:00Z'),
	);
	t.is(readArticle(file).date, '2019-02-03');
});

test('the id is the file name without .md', (t) => {
	const article = readArticle(
		articleFile('2025-12-19-miami.md', '# Miami\n\ntext\n'),
	);
	t.is(article.id, '2025-12-19-miami');
});

test('only .md files are listed, whatever the case of the extension', (t) => {
	const folder = temporaryDirectory();
	fs.writeFileSync(path.join(folder, 'kept.md'), '# Kept\n\ntext\n');
	fs.writeFileSync(path.join(folder, 'SHOUTING.MD'), '# Shouting\n\ntext\n');
	fs.writeFileSync(path.join(folder, 'notes.txt'), '# Notes\n\ntext\n');
	fs.writeFileSync(path.join(folder, 'draft.md.bak'), '# Backup\n\ntext\n');
	fs.writeFileSync(path.join(folder, 'readme.markdown'), '# Readme\n\ntext\n');
	const ids = loadLibrary([folder])
		.map((article) => article.id)
		.sort();
	t.deepEqual(ids, ['SHOUTING', 'kept']);
});

test('articles are listed newest first, whatever their file names', (t) => {
	const folder = temporaryDirectory();
	fs.writeFileSync(
		path.join(folder, 'a-old.md'),
		'---\ndate: 2020-01-01\n---\nold\n',
	);
	fs.writeFileSync(
		path.join(folder, 'b-new.md'),
		'---\ndate: 2024-05-01\n---\nnew\n',
	);
	fs.writeFileSync(
		path.join(folder, 'c-middle.md'),
		'---\ndate: 2022-07-14\n---\nmiddle\n',
	);
	t.deepEqual(
		loadLibrary([folder]).map((article) => article.id),
		['b-new', 'c-middle', 'a-old'],
	);
});

test('the same file name in two folders gives two distinct ids', (t) => {
	const first = temporaryDirectory();
	const second = temporaryDirectory();
	fs.writeFileSync(
		path.join(first, 'same.md'),
		'---\ndate: 2024-01-02\n---\nfirst\n',
	);
	fs.writeFileSync(
		path.join(second, 'same.md'),
		'---\ndate: 2024-01-01\n---\nsecond\n',
	);
	const ids = loadLibrary([first, second]).map((article) => article.id);
	t.is(ids.length, 2);
	t.is(new Set(ids).size, 2);
	t.true(ids.includes('same'));
});

// Files that cannot be shown stay in the list, marked

function loadOne(name: string, content: string | Uint8Array) {
	const folder = temporaryDirectory();
	fs.writeFileSync(path.join(folder, name), content);
	fs.writeFileSync(path.join(folder, 'good.md'), '# Good\n\ntext\n');
	const articles = loadLibrary([folder]);
	return {
		articles,
		bad: articles.find((article) => article.id === path.basename(name, '.md')),
	};
}

test('a binary file stays in the list with an error', (t) => {
	const {articles, bad} = loadOne(
		'image.md',
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48]),
	);
	t.is(articles.length, 2);
	t.regex(bad?.error ?? '', /binary/);
});

test('invalid UTF-8 stays in the list with an error', (t) => {
	const {articles, bad} = loadOne(
		'latin1.md',
		Buffer.from([0xc3, 0x28, 0x41, 0x42, 0x0a, 0xe9, 0x74, 0xe9]),
	);
	t.is(articles.length, 2);
	t.regex(bad?.error ?? '', /UTF-8/);
});

test('an empty file stays in the list with an error', (t) => {
	const {articles, bad} = loadOne('empty.md', '');
	t.is(articles.length, 2);
	t.regex(bad?.error ?? '', /empty/);
});

test('a whitespace-only file stays in the list with an error', (t) => {
	const {articles, bad} = loadOne('blank.md', ' \n\n\t  \r\n');
	t.is(articles.length, 2);
	t.regex(bad?.error ?? '', /empty/);
});

test('broken YAML front matter stays in the list with an error', (t) => {
	const {articles, bad} = loadOne(
		'broken.md',
		'---\ntitle: [unclosed\n---\nbody',
	);
	t.is(articles.length, 2);
	t.regex(bad?.error ?? '', /front matter/);
	t.is(bad?.title, 'broken');
});

test('front matter with no text after it stays in the list with an error', (t) => {
	const {bad} = loadOne(
		'only-front-matter.md',
		'---\ntitle: Only Front Matter\n---\n\n',
	);
	t.is(bad?.title, 'Only Front Matter');
	t.regex(bad?.error ?? '', /no article text/);
});

test('a folder named x.md stays in the list with an error', (t) => {
	const folder = temporaryDirectory();
	fs.mkdirSync(path.join(folder, 'x.md'));
	fs.writeFileSync(path.join(folder, 'good.md'), '# Good\n\ntext\n');
	const articles = loadLibrary([folder]);
	t.is(articles.length, 2);
	t.regex(
		articles.find((article) => article.id === 'x')?.error ?? '',
		/folder/,
	);
});

test('a file over 5 MB stays in the list with an error that gives its size', (t) => {
	const folder = temporaryDirectory();
	const file = path.join(folder, 'huge.md');
	fs.writeFileSync(file, '# Huge\n\n');
	// A sparse file: the size is what matters, not the bytes.
	fs.truncateSync(file, maxArticleBytes + 1024 * 1024);
	const articles = loadLibrary([folder]);
	const huge = articles.find((article) => article.id === 'huge');
	t.regex(huge?.error ?? '', /6\.0 MB/);
	t.regex(huge?.error ?? '', /5\.0 MB/);
});

test('a file of exactly 5 MB is still read', (t) => {
	const file = articleFile(
		'limit.md',
		'# At The Limit\n\n' + 'a'.repeat(maxArticleBytes - 17) + '\n',
	);
	t.is(fs.statSync(file).size, maxArticleBytes);
	const article = readArticle(file);
	t.is(article.error, undefined);
	t.is(article.title, 'At The Limit');
});

test('an unreadable file stays in the list with an error', (t) => {
	if (isRoot) {
		// Root reads any file whatever its mode: nothing to show here.
		t.pass();
		return;
	}

	const folder = temporaryDirectory();
	const file = path.join(folder, 'secret.md');
	fs.writeFileSync(file, '# Secret\n\ntext\n');
	fs.chmodSync(file, 0o000);
	try {
		const articles = loadLibrary([folder]);
		t.is(articles.length, 1);
		t.regex(articles[0].error ?? '', /permission denied/);
	} finally {
		fs.chmodSync(file, 0o644);
	}
});

test('a symbolic link loop stays in the list with an error', (t) => {
	const folder = temporaryDirectory();
	fs.symlinkSync(path.join(folder, 'b.md'), path.join(folder, 'a.md'));
	fs.symlinkSync(path.join(folder, 'a.md'), path.join(folder, 'b.md'));
	fs.writeFileSync(path.join(folder, 'good.md'), '# Good\n\ntext\n');
	const articles = loadLibrary([folder]);
	t.deepEqual(articles.map((article) => article.id).sort(), ['a', 'b', 'good']);
	for (const id of ['a', 'b']) {
		t.regex(
			articles.find((article) => article.id === id)?.error ?? '',
			/link loop/,
		);
	}
});

test('a link to a missing file stays in the list with an error', (t) => {
	const folder = temporaryDirectory();
	fs.symlinkSync(
		path.join(folder, 'gone.txt'),
		path.join(folder, 'dangling.md'),
	);
	const articles = loadLibrary([folder]);
	t.regex(articles[0]?.error ?? '', /not found/);
});

// Encodings and line endings that must load

test('a UTF-8 byte order mark does not hide the front matter', (t) => {
	const article = readArticle(
		articleFile('bom.md', '\uFEFF---\ntitle: With BOM\n---\nbody\n'),
	);
	t.is(article.error, undefined);
	t.is(article.title, 'With BOM');
	t.false(article.body.includes('\uFEFF'));
});

test('UTF-16 LE with a byte order mark is read as text', (t) => {
	const text = '---\ntitle: Sixteen Bits ü\n---\nBody with ü and 新聞.\n';
	const article = readArticle(
		articleFile('utf16.md', Buffer.from('\uFEFF' + text, 'utf16le')),
	);
	t.is(article.error, undefined);
	t.is(article.title, 'Sixteen Bits ü');
	t.is(article.body, 'Body with ü and 新聞.\n');
});

test('CRLF line endings give the same title and body as LF, with no carriage return left', (t) => {
	const article = readArticle(
		articleFile(
			'windows.md',
			'---\r\ntitle: Windows Line Endings\r\nauthor: Ada\r\n---\r\nline one\r\nline two\r\n',
		),
	);
	t.is(article.error, undefined);
	t.is(article.title, 'Windows Line Endings');
	t.is(article.author, 'Ada');
	t.is(article.body, 'line one\nline two\n');

	const headed = readArticle(
		articleFile('windows-heading.md', '# Heading From CRLF\r\n\r\ntext\r\n'),
	);
	t.is(headed.title, 'Heading From CRLF');
	t.false(headed.body.includes('\r'));
});

test('a number as title is shown as text', (t) => {
	const article = readArticle(
		articleFile('numbers.md', '---\ntitle: 123\n---\nbody\n'),
	);
	t.is(article.error, undefined);
	t.is(article.title, '123');
});

test('a date that is not a date falls back to the modification time, with a warning', (t) => {
	const article = readArticle(
		articleFile(
			'yesterday.md',
			'---\ndate: yesterday\n---\nbody\n',
			new Date('2018-08-08T12:00:00Z'),
		),
	);
	t.is(article.error, undefined);
	t.is(article.date, '2018-08-08');
	t.true(article.warnings.some((warning) => warning.includes('yesterday')));
});

test('tags that are not a list give a warning and no tags', (t) => {
	const article = readArticle(
		articleFile('tags.md', '---\ntags: 5\n---\nbody\n'),
	);
	t.is(article.error, undefined);
	t.deepEqual(article.tags, []);
	t.true(article.warnings.some((warning) => warning.includes('tags')));
});

test('a title that is a mapping gives a warning and falls back', (t) => {
	const article = readArticle(
		articleFile('mapping.md', '---\ntitle: {nested: 1}\n---\n# From Heading\n'),
	);
	t.is(article.title, 'From Heading');
	t.true(article.warnings.some((warning) => warning.includes('title')));
});

// Hostile input

test('---js front matter is never executed', (t) => {
	const global = globalThis as Record<string, unknown>;
	delete global.pwned;
	for (const fence of ['---js', '---javascript', '--- JS', '---coffee']) {
		const article = readArticle(
			articleFile(
				'script.md',
				`${fence}\n{title: (() => { globalThis.pwned = true; return 'x'; })()}\n---\nbody`,
			),
		);
		t.is(global.pwned, undefined, `${fence}`);
		t.not(article.title, 'x', `${fence}`);
		t.regex(article.error ?? '', /front matter/, `${fence}`);
	}
});

test('front matter is split as gray-matter split it: the files people have were written for it', (t) => {
	const cases: Array<[string, string, ReturnType<typeof parseFrontMatter>]> = [
		[
			'fields, then the body without its first line break',
			'---\ntitle: A\n---\n\nBody',
			{data: {title: 'A'}, body: '\nBody', warnings: []},
		],
		[
			'a language on the opening line',
			'---yaml\ntitle: A\n---\nBody',
			{data: {title: 'A'}, body: 'Body', warnings: []},
		],
		[
			'---- is a rule, not front matter',
			'----\nBody',
			{data: {}, body: '----\nBody', warnings: []},
		],
		[
			'no closing line: all of it is front matter',
			'---\ntitle: A\n',
			{data: {title: 'A'}, body: '', warnings: []},
		],
		[
			'a block of comments only is no fields, whatever its language',
			'---toml\n# nothing here\n---\nBody',
			{data: {}, body: 'Body', warnings: []},
		],
		[
			'the closing line may carry more dashes; the rest of the line is the body',
			'---\ntitle: A\n-----\nBody',
			{data: {title: 'A'}, body: '--\nBody', warnings: []},
		],
		[
			'a byte order mark before the opening line',
			'\uFEFF---\ntitle: A\n---\nBody',
			{data: {title: 'A'}, body: 'Body', warnings: []},
		],
		[
			'a language that is not YAML is refused',
			'---toml\ntitle = "A"\n---\nBody',
			{
				error:
					'broken front matter: front matter in "toml" is not supported (only YAML)',
			},
		],
		[
			'JSON is code to gray-matter: refused',
			'---json\n{"title": "A"}\n---\nBody',
			{error: 'broken front matter: only YAML front matter is supported'},
		],
	];
	for (const [name, text, expected] of cases) {
		t.deepEqual(parseFrontMatter(text), expected, `${name}`);
	}
});

test('a YAML tag asking for a JavaScript function is refused', (t) => {
	const article = readArticle(
		articleFile(
			'tag.md',
			'---\ntitle: !!js/function "function () { return 1; }"\n---\nbody',
		),
	);
	t.regex(article.error ?? '', /front matter/);
});

test('a missing folder throws a LibraryError that names it', (t) => {
	const folder = path.join(temporaryDirectory(), 'no-such-folder');
	const error = t.throws(() => loadLibrary([folder]), {
		instanceOf: LibraryError,
	});
	t.true(error?.message.includes('not found'));
	t.true(error?.message.includes(folder));
});

test('a file given as the folder throws a LibraryError', (t) => {
	const file = articleFile('not-a-folder.md', '# x\n');
	t.throws(() => loadLibrary([file]), {
		instanceOf: LibraryError,
		message: /not a folder/,
	});
});

test('control characters in a file name are shown visibly, never raw', (t) => {
	const folder = temporaryDirectory();
	fs.writeFileSync(
		path.join(folder, 'evil\u001B[2Jname\u0007.md'),
		'plain text\n',
	);
	const [article] = loadLibrary([folder]);
	t.is(article?.id, 'evil␛[2Jname␇');
	t.is(article?.title, 'evil␛[2Jname␇');
	t.notRegex(article.id + article.title, /[\u0000-\u001F\u007F-\u009F]/);
});

test('control characters in front matter are shown visibly, never raw', (t) => {
	const article = readArticle(
		articleFile(
			'hostile.md',
			[
				'---',
				String.raw`title: "Red \e[31malert"`,
				'author: "\u001B]8;;https://evil.example\u0007Ada"',
				'tags: ["\u009B2J", ok]',
				'summary: "bell\u0007"',
				'---',
				'body',
			].join('\n'),
		),
	);
	t.is(article.error, undefined);
	t.is(article.title, 'Red ␛[31malert');
	t.is(article.author, '␛]8;;https://evil.example␇Ada');
	t.deepEqual(article.tags, ['<9b>2J', 'ok']);
	t.is(article.summary, 'bell␇');
	for (const value of [
		article.title,
		article.author,
		article.summary,
		...article.tags,
	]) {
		t.notRegex(value, /[\u0000-\u001F\u007F-\u009F]/, `${value}`);
	}
});

test('control characters in the body are shown visibly', (t) => {
	const article = readArticle(
		articleFile('body.md', '# Title\n\nclear\u001B[2J screen &#27;[31m\n'),
	);
	t.is(article.body, '# Title\n\nclear␛[2J screen ␛[31m\n');
});

// Reading time

test('reading time is about 230 words a minute', (t) => {
	t.is(wordsPerMinute, 230);
	t.is(readingMinutes(words(230)), 1);
	t.is(readingMinutes(words(460)), 2);
	t.is(readingMinutes(words(2300)), 10);
	t.is(readingMinutes(words(1150 + 100)), 5);
});

test('reading time is at least one minute', (t) => {
	t.is(readingMinutes(''), 1);
	t.is(readingMinutes('one two three'), 1);
	t.is(readingMinutes('--- *** ---'), 1);
});

test('reading time counts markup and punctuation as no words', (t) => {
	t.is(readingMinutes(`${words(460)} ${'- * > |'.repeat(500)}`), 2);
});

test('reading time counts CJK characters as words', (t) => {
	t.is(readingMinutes('新'.repeat(690)), 3);
});

test('an article records its reading time', (t) => {
	t.is(
		readArticle(articleFile('long.md', `# Long\n\n${words(1150)}\n`))
			.readingMinutes,
		5,
	);
});

// Regressions: bugs found while writing these tests, fixed since

// Regression: an unquoted YAML timestamp becomes a Date in UTC, so an offset east of UTC moves the article to the previous day;
// the same value quoted keeps 2024-03-05.
test('a date with a time and a time zone keeps the day that was written', (t) => {
	const article = readArticle(
		articleFile(
			'offset.md',
			'---\ndate: 2024-03-05T01:00:00+05:00\n---\nbody\n',
		),
	);
	t.is(article.date, '2024-03-05');
});

// Regression: toIsoDate trusts `new Date`, which rolls 30 February over into March instead of refusing it.
test('an impossible calendar date is not a date: it falls back, with a warning', (t) => {
	const article = readArticle(
		articleFile(
			'february.md',
			'---\ndate: "2024-02-30"\n---\nbody\n',
			new Date('2018-08-08T12:00:00Z'),
		),
	);
	t.is(article.date, '2018-08-08');
	t.true(article.warnings.some((warning) => warning.includes('2024-02-30')));
});

// Regression: same as above for the unquoted form, which js-yaml has already turned into 1 March.
test('an impossible unquoted calendar date is not a date either', (t) => {
	const article = readArticle(
		articleFile(
			'february.md',
			'---\ndate: 2024-02-30\n---\nbody\n',
			new Date('2018-08-08T12:00:00Z'),
		),
	);
	t.not(article.date, '2024-03-01');
});

// Regression: the modification time is turned into a date in UTC, not in the reader's time zone.
test('the modification-time date is the local calendar day', (t) => {
	const previous = process.env.TZ;
	process.env.TZ = 'Asia/Tokyo';
	try {
		const modified = new Date('2021-06-15T23:30:00Z');
		const local = `${modified.getFullYear()}-${String(modified.getMonth() + 1).padStart(2, '0')}-${String(modified.getDate()).padStart(2, '0')}`;
		t.is(local, '2021-06-16');
		t.is(readArticle(articleFile('late.md', 'text\n', modified)).date, local);
	} finally {
		if (previous === undefined) {
			delete process.env.TZ;
		} else {
			process.env.TZ = previous;
		}
	}
});

// Regression: firstHeading strips only `*_` and backticks, so a link in the heading stays as markdown in the title;
// parseDocument then no longer recognises the heading as the title and shows it a second time.
test('a title taken from a heading with a link has no link syntax', (t) => {
	const article = readArticle(
		articleFile(
			'linked.md',
			'# Read [the report](https://example.com/report)\n\ntext\n',
		),
	);
	t.is(article.title, 'Read the report');
});

// Keys: what the state is kept under

test('two files with the same name in two folders have different keys, whatever the order of the folders', (t) => {
	const first = temporaryDirectory();
	const second = temporaryDirectory();
	fs.writeFileSync(path.join(first, 'news.md'), '# First\n\nText.');
	fs.writeFileSync(path.join(second, 'news.md'), '# Second\n\nText.');
	const keysOf = (folders: string[]) =>
		new Map(
			loadLibrary(folders, {cacheDir: false}).map((article) => [
				article.title,
				article.key,
			]),
		);
	const forward = keysOf([first, second]);
	const backward = keysOf([second, first]);
	t.not(forward.get('First'), forward.get('Second'));
	t.deepEqual(forward, backward);
	t.is(
		forward.get('First'),
		`file:${path.join(fs.realpathSync(first), 'news.md')}`,
	);
	// The same folder named another way is the same folder.
	const relative = path.relative(process.cwd(), first);
	t.is(keysOf([relative]).get('First'), forward.get('First'));
});

test("an article's guid, else its url, is its key: it keeps its state when the file moves", (t) => {
	const folder = temporaryDirectory();
	fs.writeFileSync(
		path.join(folder, 'a.md'),
		'---\nurl: https://example.org/a\n---\n\nText.',
	);
	fs.writeFileSync(
		path.join(folder, 'b.md'),
		'---\nurl: https://example.org/b\nguid: feed-item-7\n---\n\nText.',
	);
	const keys = loadLibrary([folder], {cacheDir: false})
		.map((article) => article.key)
		.sort();
	t.deepEqual(keys, ['guid:feed-item-7', 'url:https://example.org/a']);
	const cacheDir = temporaryDirectory();
	loadLibrary([folder], {cacheDir});
	t.deepEqual(
		loadLibrary([folder], {cacheDir})
			.map((article) => article.key)
			.sort(),
		keys,
	);
});

// Only regular files are articles

test('a named pipe, /dev/zero and a device named *.md are listed as unreadable at once, never read', (t) => {
	if (process.platform === 'win32') {
		t.pass();
		return;
	}

	const folder = temporaryDirectory();
	execFileSync('mkfifo', [path.join(folder, 'pipe.md')]);
	fs.symlinkSync('/dev/zero', path.join(folder, 'zero.md'));
	fs.symlinkSync('/dev/null', path.join(folder, 'null.md'));
	fs.writeFileSync(path.join(folder, 'fine.md'), '# Fine\n\nText.');
	const articles = loadLibrary([folder], {cacheDir: false});
	const errors = Object.fromEntries(
		articles.map((article) => [article.id, article.error]),
	);
	t.deepEqual(errors, {
		fine: undefined,
		pipe: 'is a named pipe, not a regular file',
		zero: 'is a device, not a regular file',
		null: 'is a device, not a regular file',
	});
	t.is(
		readArticle(path.join(folder, 'zero.md')).error,
		'is a device, not a regular file',
	);
});
