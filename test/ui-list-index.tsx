import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {
	type ArticleIndex,
	openLibraryIndex,
} from '../source/library/article-index.js';
import {filterArticles, noFilter} from '../source/library/filter.js';
import {indexSource} from '../source/library/list-rows.js';
import {loadLibrary} from '../source/library/load.js';
import {renderApp} from './helpers/ui.js';

const temporaryFolders: string[] = [];
const indexes: ArticleIndex[] = [];

test.after.always(() => {
	for (const index of indexes) {
		index.close();
	}

	for (const folder of temporaryFolders) {
		fs.rmSync(folder, {recursive: true, force: true});
	}
});

function temporaryDirectory(): string {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-ui-index-'));
	temporaryFolders.push(folder);
	return folder;
}

const old = new Date('2021-06-15T12:00:00Z');

/** A library of `count` articles, one a day, every fifth about the harbour. */
function library(count: number) {
	const folder = temporaryDirectory();
	for (let number = 0; number < count; number++) {
		const date = new Date(Date.UTC(2024, 0, 1) + number * 86_400_000)
			.toISOString()
			.slice(0, 10);
		const file = path.join(folder, `a${String(number).padStart(4, '0')}.md`);
		fs.writeFileSync(
			file,
			`---\ntitle: "${number % 5 === 0 ? 'Harbour' : 'Market'} report ${number}"\nsource: Desk\ndate: ${date}\n---\n\nText ${number}.\n`,
		);
		fs.utimesSync(file, old, old);
	}

	return folder;
}

function open(folder: string, check: 'full' | 'quick' = 'full') {
	const index = openLibraryIndex([folder], {
		cacheDir: temporaryDirectory(),
		check,
	});
	indexes.push(index);
	return index;
}

test('the list on the index: the newest first, the count from the index, a filter counted by it, the end reached', async (t) => {
	const folder = library(250);
	const app = await renderApp(t, {articles: indexSource(open(folder))});
	await app.waitFor(/^gazette · 1\/250 articles/);
	await app.waitFor('Market report 249');
	const expected = filterArticles(
		loadLibrary([folder], {cacheDir: false}),
		() => ({
			unread: true,
			bookmarked: false,
			progress: 0,
			comments: 0,
			draft: false,
		}),
		{...noFilter, query: 'harbour'},
	).length;
	t.is(expected, 50);
	app.write('/harbour');
	await app.waitFor(/^gazette · 1\/50 of 250/);
	await app.waitFor('Harbour report 245');
	app.write('\r');
	// To the end of the filtered list and back: pages read as they are needed.
	app.write('G');
	await app.waitFor(/^gazette · 50\/50 of 250/);
	await app.waitFor('Harbour report 0');
	app.write('g');
	await app.waitFor(/^gazette · 1\/50 of 250/);
	t.pass();
});

test('marks, the unread filter and the unread-first order come from the store through the index', async (t) => {
	const folder = library(30);
	const app = await renderApp(t, {articles: indexSource(open(folder))});
	await app.waitFor(/^gazette · 1\/30 articles/);
	// Read the first two, then show only the unread.
	app.write('mjm');
	app.write('U');
	await app.waitFor(/^gazette · \d+\/28 of 30 · only unread/);
	app.write('U');
	await app.waitFor(/^gazette · \d+\/30 articles/);
	app.write('S');
	await app.waitFor(/oldest first/);
	app.write('S');
	await app.waitFor(/by source/);
	app.write('S');
	await app.waitFor(/unread first/);
	app.write('g');
	// The unread come first: the two read ones are last.
	app.write('G');
	await app.waitFor(/^gazette · 30\/30 articles · unread first/);
	await app.waitFor('Market report 28');
	t.pass();
});

test('a file changed in place behind the index is shown once the check in the background has looked at every file', async (t) => {
	const folder = library(20);
	open(folder).close();
	indexes.pop();
	const cacheDir = temporaryDirectory();
	const first = openLibraryIndex([folder], {cacheDir});
	first.close();
	// In place: the folder's time does not change, so the quick check at start trusts the index.
	const file = path.join(folder, 'a0019.md');
	fs.writeFileSync(
		file,
		fs
			.readFileSync(file, 'utf8')
			.replace('Market report 19', 'Edited in place 19'),
	);
	fs.utimesSync(folder, old, old);
	const index = openLibraryIndex([folder], {cacheDir, check: 'quick'});
	indexes.push(index);
	t.is(index.article('a0019')?.title, 'Market report 19');
	const app = await renderApp(t, {articles: indexSource(index)});
	await app.waitFor('Edited in place 19');
	t.pass();
});
