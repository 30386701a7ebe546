import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import test from 'ava';
import chalk from 'chalk';
import {loadLibrary, readArticle} from '../source/library/load.js';
import {formatList, listToJson} from '../source/print/list.js';
import {formatArticle} from '../source/print/read.js';
import {
	deepListsId,
	deepQuotesId,
	type HostileFile,
	hostileId,
	writeHostileFolder,
	writeNonUtf8Name,
} from './helpers/hostile.js';

// Print with colour, as on a terminal, so that the check for control characters also meets the styles' escape codes.
chalk.level = 1;

// Anything a terminal would act on: C0 except tab and newline, DEL, and C1.
const rawControl = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

// The only escape sequences `gazette read` may print: SGR styles (no hyperlinks here).
const ownSgr = /\u001B\[[\d;]*m/g;

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-hostile-'));
const files = writeHostileFolder(folder);
const articles = loadLibrary([folder]);

test.after.always(() => {
	// The unreadable file needs its permission back to be removed by a user who is not root.
	fs.chmodSync(path.join(folder, 'unreadable.md'), 0o644);
	fs.rmSync(folder, {recursive: true, force: true});
});

function listed(file: HostileFile) {
	const article = articles.find((entry) => entry.id === file.id);
	if (!article) {
		throw new Error(
			`${JSON.stringify(file.name)} is not in the list (ids: ${JSON.stringify(articles.map((entry) => entry.id))})`,
		);
	}

	return article;
}

function controlsIn(text: string): string[] {
	return [...text.matchAll(new RegExp(rawControl, 'g'))].map(
		([character]) =>
			`U+${character.codePointAt(0)!.toString(16).padStart(4, '0')}`,
	);
}

test('loading the hostile folder does not throw', (t) => {
	t.notThrows(() => loadLibrary([folder]));
});

test('every file of the folder is in the list, each once, under its sanitized id', (t) => {
	t.deepEqual(
		articles.map((article) => article.id).sort(),
		files.map((file) => file.id).sort(),
	);
});

test('no id, title or other shown field holds a control character; stand-ins show them', (t) => {
	for (const article of articles) {
		const shown = [
			article.id,
			article.title,
			article.source,
			article.author,
			article.date,
			article.url,
			article.summary,
			article.error ?? '',
			...article.tags,
			...article.warnings,
		];
		for (const text of shown) {
			t.deepEqual(
				controlsIn(text),
				[],
				`${JSON.stringify(text)} of ${article.id}`,
			);
		}
	}

	const hostile = articles.find((article) => article.id === hostileId)!;
	t.regex(hostile.source, /^Wire ␛]52;c;aGVsbG8=␇ Desk$/);
	t.regex(hostile.author, /␛\[6n <9d>0;x␇/);
	t.deepEqual(hostile.tags, ['␛[5mblink', '<9b>2J', 'plain']);
	t.regex(hostile.summary, /␛]8;;javascript:alert\(1\)␇click␛]8;;␇/);
	t.regex(hostile.url, /␛]0;pwned␇$/);
});

test('the printed list holds no control character', (t) => {
	t.deepEqual(controlsIn(formatList(articles)), []);
});

// Regression: listToJson writes `path` as it is on disk; JSON.stringify escapes C0 controls (\u001b) but not DEL and C1, so a file named `c1-\u009D0;x\u0007.md` puts a raw U+009D (and `…del\u007F.md` a raw DEL) into `gazette list --json`.
test('list --json holds no raw control character, not even in a path', (t) => {
	t.deepEqual(controlsIn(listToJson(articles)), []);
});

for (const file of files.filter((entry) => entry.error)) {
	test(`listed as unreadable (${String(file.error)}): ${file.description}`, (t) => {
		const article = listed(file);
		t.regex(article.error ?? '(no error)', file.error!);
		t.notThrows(() => readArticle(article.path));
		t.is(readArticle(article.path).error, article.error);
	});
}

const readable = files.filter((entry) => !entry.error);

// Marked's lexer recurses once per nesting level and runs out of stack long before 10,000.
const overflowing = new Set([deepQuotesId, deepListsId]);

for (const file of readable) {
	test(`listed and readable: ${file.description}`, (t) => {
		const article = listed(file);
		t.is(article.error, undefined);
		if (typeof file.title === 'string') {
			t.is(article.title, file.title);
		} else if (file.title) {
			t.regex(article.title, file.title);
		}

		for (const warning of file.warnings ?? []) {
			t.true(
				article.warnings.some((text) => warning.test(text)),
				`no warning like ${String(warning)} in ${JSON.stringify(article.warnings)}`,
			);
		}
	});

	if (overflowing.has(file.id)) {
		continue;
	}

	test(`printed without control characters: ${file.description}`, (t) => {
		const article = readArticle(listed(file).path);
		const printed = formatArticle(article, 80, {hyperlinks: false});
		t.deepEqual(controlsIn(printed.replaceAll(ownSgr, '')), []);
		const plain = printed.replaceAll(ownSgr, '');
		for (const text of file.shows ?? []) {
			t.true(plain.includes(text), `${JSON.stringify(text)} is not shown`);
		}
	});
}

// Regression: marked's Lexer recurses once per nesting level and throws `RangeError: Maximum call stack size exceeded` (from about 2,000 levels), parseDocument does not catch it: `gazette read deep-quotes` exits 1 with "unexpected error: Maximum call stack size exceeded" and the reader says "Cannot open Deep Quotes".
test('blockquotes nested 10,000 deep: gazette read prints them', (t) => {
	const article = readArticle(path.join(folder, `${deepQuotesId}.md`));
	const printed = formatArticle(article, 80, {hyperlinks: false});
	t.true(printed.includes('bottom'));
});

// Regression: as above, for `- - - … bottom` (a list nested 10,000 deep): RangeError from marked's Lexer.
test('lists nested 10,000 deep: gazette read prints them', (t) => {
	const article = readArticle(path.join(folder, `${deepListsId}.md`));
	const printed = formatArticle(article, 80, {hyperlinks: false});
	t.true(printed.includes('bottom'));
});

test('the hostile article shows its payloads as stand-ins, and a javascript: link as text', (t) => {
	const article = readArticle(
		listed(files.find((file) => file.id === hostileId)!).path,
	);
	const plain = formatArticle(article, 80, {hyperlinks: false}).replaceAll(
		ownSgr,
		'',
	);
	t.true(plain.includes('Clipboard ␛]52;c;aGVsbG8=␇'));
	t.true(plain.includes('␛P1$qm␛'));
	t.true(plain.includes('<9b>31m red'));
	// Entities that decode to control characters are shown like the characters themselves.
	t.regex(plain, /Entities: ␛]0;pwned␇ and ␛\[2J and <9b>31m and <9d>0;x␇/);
	t.regex(plain, /&#27; is\s+text/);
	t.regex(plain, /javascript link.*\(javascript:alert\(1\)\)/);
});

test('a file of 5.5 MB is refused with its size, without being read', (t) => {
	const article = listed(files.find((file) => file.id === 'too-large')!);
	t.is(article.error, 'too large to show: 5.5 MB (the limit is 5.0 MB)');
});

test('a file without read permission', (t) => {
	const article = listed(files.find((file) => file.id === 'unreadable')!);
	if (process.getuid?.() === 0) {
		// Root reads every file whatever its mode: there is nothing to refuse.
		t.is(article.error, undefined);
		t.is(article.title, 'Locked');
	} else {
		t.is(article.error, 'cannot read: permission denied');
	}
});

// Regression: readdir gave a file name that is not UTF-8 back with U+FFFD in place of the byte, so the path gazette opened did not exist ("cannot open: file not found"). Names are now read as bytes and such a file is opened by its raw path.
test('an article whose file name is not UTF-8 opens', (t) => {
	const other = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-name-'));
	t.teardown(() => {
		fs.rmSync(other, {recursive: true, force: true});
	});
	const id = writeNonUtf8Name(other);
	const [article] = loadLibrary([other]);
	t.is(article.id, id);
	t.is(article.error, undefined);
	t.truthy(article.rawPath);
	const loaded = readArticle(article.rawPath ?? article.path);
	t.is(loaded.error, undefined);
	t.true(loaded.body.length > 0);
});
