import fs from 'node:fs';
import {Buffer} from 'node:buffer';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import Database from 'better-sqlite3';
import type {Article} from '../source/library/article.js';
import {
	type ArticleIndex,
	openLibraryIndex,
} from '../source/library/article-index.js';
import {
	type ArticleMarks,
	filterArticles,
	type ListFilter,
	type ListRow,
	noFilter,
	sortArticles,
	sortOrders,
	type SortOrder,
} from '../source/library/filter.js';
import {
	arraySource,
	indexSource,
	listRowsOf,
} from '../source/library/list-rows.js';
import {loadLibrary} from '../source/library/load.js';
import {hasControlCharacters} from '../source/terminal/sanitize.js';

const temporaryFolders: string[] = [];
const openIndexes: ArticleIndex[] = [];

function temporaryDirectory(): string {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-index-'));
	temporaryFolders.push(folder);
	return folder;
}

test.after.always(() => {
	for (const index of openIndexes) {
		try {
			index.close();
		} catch {}
	}

	for (const folder of temporaryFolders) {
		fs.rmSync(folder, {recursive: true, force: true});
	}
});

const old = new Date('2021-06-15T12:00:00Z');

function writeArticle(
	folder: string,
	name: string,
	content: string,
	time = old,
): string {
	const file = path.join(folder, name);
	fs.writeFileSync(file, content);
	fs.utimesSync(file, time, time);
	return file;
}

const article = (
	title: string,
	{
		date = '2024-01-02',
		source = 'Desk',
		body = 'Some words here.',
	}: {date?: string; source?: string; body?: string} = {},
) =>
	`---\ntitle: ${JSON.stringify(title)}\nsource: ${source}\ndate: ${date}\ntags: [one, two]\n---\n\n${body}\n`;

function open(
	folders: readonly string[],
	cacheDir: string,
	check: 'full' | 'quick' = 'full',
): ArticleIndex {
	const index = openLibraryIndex(folders, {cacheDir, check});
	openIndexes.push(index);
	return index;
}

function all(index: ArticleIndex, filter: ListFilter = noFilter): Article[] {
	return index.rowsAt(filter, 'newest', 0, Number.POSITIVE_INFINITY);
}

const byId = (articles: readonly Article[]) =>
	articles.toSorted((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** A folder with articles of every kind the library knows: front matter, none, empty, a folder named like an article. */
function library() {
	const folder = temporaryDirectory();
	writeArticle(folder, 'first.md', article('First', {date: '2024-03-01'}));
	writeArticle(folder, 'second.md', '# Second\n\nno front matter\n');
	writeArticle(folder, 'empty.md', '');
	writeArticle(
		folder,
		'third.md',
		article('Third', {date: '2023-05-05', source: 'Wire'}),
	);
	fs.mkdirSync(path.join(folder, 'folder.md'));
	return {folder, cacheDir: path.join(temporaryDirectory(), 'cache')};
}

test('the index gives the articles the library reads from the files', (t) => {
	const {folder, cacheDir} = library();
	const fromFiles = loadLibrary([folder], {cacheDir: false});
	const index = open([folder], cacheDir);
	t.deepEqual(byId(all(index)), byId(fromFiles));
	t.is(index.count(noFilter), fromFiles.length);
	// Again from the stored index, in a new process's way: nothing read.
	index.close();
	const again = open([folder], cacheDir);
	t.deepEqual(byId(all(again)), byId(fromFiles));
});

test('many new files (read ahead by a worker, written in batches) give the articles the library reads, each with its own text', (t) => {
	const folder = temporaryDirectory();
	// More than a bulk read (made small here: 1,000 files, batches of 100); a few of every kind among them.
	const count = 1250;
	const name = (number: number) => `n${String(number).padStart(5, '0')}`;
	for (let number = 0; number < count; number++) {
		const kind = number % 200;
		writeArticle(
			folder,
			`${name(number)}.md`,
			kind === 7
				? '---\ntitle: [unclosed\n---\nbody'
				: kind === 8
					? `# Heading ${number}\n\nword${number}x here\n`
					: article(`Title ${number}`, {
							date: `2024-01-${String(1 + (number % 28)).padStart(2, '0')}`,
							body: `Only this one says word${number}x.`,
						}),
		);
	}

	const index = openLibraryIndex([folder], {
		cacheDir: path.join(temporaryDirectory(), 'cache'),
		bulk: {reads: 1000, batch: 100},
	});
	openIndexes.push(index);
	const fromFiles = loadLibrary([folder], {cacheDir: false});
	t.is(fromFiles.length, count);
	t.deepEqual(byId(all(index)), byId(fromFiles));
	// Each body went with its own row: a word only one file has finds that file.
	for (const number of [0, 1, 8, 99, 100, 608, 1199, 1200, 1249]) {
		t.deepEqual(
			index.search(`word${number}x`).map((result) => result.article.id),
			[name(number)],
			`word${number}x`,
		);
	}
});

test('an index that was deleted is built again from the files', (t) => {
	const {folder, cacheDir} = library();
	const first = open([folder], cacheDir);
	const before = all(first);
	const {file} = first;
	first.close();
	t.truthy(file);
	fs.rmSync(cacheDir, {recursive: true, force: true});
	const second = open([folder], cacheDir);
	t.deepEqual(all(second), before);
	t.true(fs.existsSync(file!));
});

test('files added, changed and removed behind its back are seen at the next full check', (t) => {
	const {folder, cacheDir} = library();
	open([folder], cacheDir).close();
	writeArticle(folder, 'fourth.md', article('Fourth', {date: '2024-04-04'}));
	// The same size, another time: only the stamp tells.
	writeArticle(
		folder,
		'first.md',
		article('FIRST', {date: '2024-03-01'}),
		new Date('2022-01-01T00:00:00Z'),
	);
	fs.rmSync(path.join(folder, 'third.md'));
	const index = open([folder], cacheDir);
	t.deepEqual(byId(all(index)), byId(loadLibrary([folder], {cacheDir: false})));
	t.is(index.article('first')?.title, 'FIRST');
	t.is(index.article('third'), undefined);
	t.is(index.article('fourth')?.title, 'Fourth');
});

test('a quick check sees files added and removed through the folder, and a full check then sees a file changed in place', (t) => {
	const {folder, cacheDir} = library();
	fs.utimesSync(folder, old, old);
	open([folder], cacheDir).close();
	writeArticle(
		folder,
		'first.md',
		article('FIRST', {date: '2024-03-01'}),
		new Date('2022-01-01T00:00:00Z'),
	);
	// In place: the folder does not change.
	fs.utimesSync(folder, old, old);
	const unchanged = open([folder], cacheDir, 'quick');
	t.is(unchanged.article('first')?.title, 'First');
	unchanged.close();

	writeArticle(folder, 'fourth.md', article('Fourth'));
	fs.rmSync(path.join(folder, 'third.md'));
	const quick = open([folder], cacheDir, 'quick');
	t.is(quick.article('fourth')?.title, 'Fourth');
	t.is(quick.article('third'), undefined);
	const {version} = quick;
	t.true(quick.sync({check: 'full'}) > 0);
	t.true(quick.version > version);
	t.is(quick.article('first')?.title, 'FIRST');
});

test('a full check in steps gives the same index as one in one go', (t) => {
	const {folder, cacheDir} = library();
	for (let number = 0; number < 1500; number++) {
		writeArticle(
			folder,
			`n${String(number).padStart(4, '0')}.md`,
			article(`Number ${number}`),
		);
	}

	const index = open([folder], cacheDir);
	const progress: number[] = [];
	fs.rmSync(cacheDir, {recursive: true, force: true});
	const stepped = openLibraryIndex([folder], {
		cacheDir: temporaryDirectory(),
		check: 'quick',
	});
	openIndexes.push(stepped);
	const steps = [
		...stepped.syncSteps({onProgress: ({done}) => progress.push(done)}),
	];
	// A few hundred files' stats a step, not all of them at once (keys wait for a step).
	t.true(steps.length >= 1500 / 300, `${steps.length} steps`);
	t.is(stepped.count(noFilter), index.count(noFilter));
	t.is(stepped.count(noFilter), 1500 + 5);
	t.deepEqual(all(stepped), all(index));
	// The quick open read everything already: a full check reads again only what could not be indexed (the folder named like an article).
	t.deepEqual(progress, [1]);
	t.is(steps.at(-1), 1);
	progress.length = 0;
	const fresh = openLibraryIndex([folder], {
		cacheDir: temporaryDirectory(),
		onProgress({done}) {
			progress.push(done);
		},
	});
	openIndexes.push(fresh);
	t.deepEqual(progress, [500, 1000, 1500, 1505]);
});

test('files changed, added and removed behind its back, and one written between two steps, give a full check in steps the index of a check in one go', (t) => {
	const {folder, cacheDir} = library();
	for (let number = 0; number < 1500; number++) {
		writeArticle(
			folder,
			`n${String(number).padStart(4, '0')}.md`,
			article(`Number ${number}`),
		);
	}

	const oneGo = open([folder], cacheDir);
	const stepped = open([folder], path.join(temporaryDirectory(), 'cache'));
	writeArticle(
		folder,
		'n0007.md',
		article('Seven, edited', {body: 'Many more words in it now.'}),
		new Date('2022-01-01T00:00:00Z'),
	);
	fs.rmSync(path.join(folder, 'n0100.md'));
	fs.rmSync(path.join(folder, 'first.md'));
	writeArticle(folder, 'added.md', article('Added', {body: 'Quayside.'}));
	const steps: number[] = [];
	for (const changes of stepped.syncSteps({check: 'full'})) {
		steps.push(changes);
		if (steps.length === 3) {
			// Written by gazette while the check goes on (an article saved): indexed at once.
			stepped.syncFile(
				writeArticle(folder, 'saved.md', article('Saved', {body: 'Quayside.'})),
			);
			stepped.syncFile(path.join(folder, 'n0007.md'));
		}
	}

	t.true(steps.length >= 1500 / 300, `${steps.length} steps`);
	t.is(oneGo.sync({check: 'full'}), 6);
	t.is(stepped.count(noFilter), 1500 + 5 - 2 + 2);
	t.deepEqual(all(stepped), all(oneGo));
	t.is(stepped.article('n0007')?.title, 'Seven, edited');
	// Ranked alike (the row ids that break ties follow the order the files came in).
	t.deepEqual(
		stepped
			.search('quayside')
			.map((result) => result.article.id)
			.toSorted(),
		['added', 'saved'],
	);
	t.deepEqual(
		oneGo
			.search('quayside')
			.map((result) => result.article.id)
			.toSorted(),
		['added', 'saved'],
	);
	// Nothing left for the next check.
	t.is(stepped.sync({check: 'full'}), 1);
});

for (const [name, damage] of [
	[
		'a file that is not a database',
		(file: string) => {
			fs.writeFileSync(file, 'not a database at all, just words\n'.repeat(200));
		},
	],
	[
		'a database cut in half',
		(file: string) => {
			const {size} = fs.statSync(file);
			fs.truncateSync(file, Math.floor(size / 2));
		},
	],
	[
		'a database of another format',
		(file: string) => {
			const db = new Database(file);
			db.pragma('user_version = 99');
			db.close();
		},
	],
	[
		'a database with pages overwritten',
		(file: string) => {
			const {size} = fs.statSync(file);
			const descriptor = fs.openSync(file, 'r+');
			fs.writeSync(
				descriptor,
				Buffer.alloc(size - 4096, 0xa5),
				0,
				size - 4096,
				4096,
			);
			fs.closeSync(descriptor);
		},
	],
] as const) {
	test(`${name} is built again, never trusted`, (t) => {
		const {folder, cacheDir} = library();
		for (let number = 0; number < 50; number++) {
			writeArticle(
				folder,
				`n${number}.md`,
				article(`Number ${number}`, {body: 'harbour '.repeat(40)}),
			);
		}

		const first = open([folder], cacheDir);
		const expected = byId(all(first));
		const file = first.file!;
		first.close();
		for (const suffix of ['-wal', '-shm']) {
			fs.rmSync(file + suffix, {force: true});
		}

		damage(file);
		const index = open([folder], cacheDir);
		t.deepEqual(byId(all(index)), expected);
		t.is(index.search('harbour', {limit: 100}).length, 50);
		t.is(index.file, file);
	});
}

test('a row that gazette would not have written is read again from its file', (t) => {
	const {folder, cacheDir} = library();
	const first = open([folder], cacheDir);
	const file = first.file!;
	first.close();
	const db = new Database(file);
	db.prepare(
		"update articles set title = ?, tags = 'nonsense' where name = 'first.md'",
	).run('\u001B[31mred');
	db.close();
	const index = open([folder], cacheDir, 'quick');
	const shown = index.article('first');
	t.is(shown?.title, 'First');
	t.deepEqual(shown?.tags, ['one', 'two']);
});

test('an id taken by two folders is told apart with ~2, in the order of the folders', (t) => {
	const one = temporaryDirectory();
	const two = temporaryDirectory();
	writeArticle(one, 'same.md', article('In one'));
	writeArticle(two, 'same.md', article('In two'));
	const cacheDir = temporaryDirectory();
	const index = open([one, two], cacheDir);
	t.is(index.article('same')?.title, 'In one');
	t.is(index.article('same~2')?.title, 'In two');
	t.deepEqual(
		all(index)
			.map((entry) => entry.id)
			.sort(),
		loadLibrary([one, two], {cacheDir: false})
			.map((entry) => entry.id)
			.sort(),
	);
	const reversed = open([two, one], temporaryDirectory());
	t.is(reversed.article('same')?.title, 'In two');
});

/** 40 articles (or `count`) from three sources over nine days, a third of them read and some of those bookmarked: the library in memory, its index, and the marks. */
function markedLibrary(count = 40) {
	const folder = temporaryDirectory();
	const sources = ['Wire', 'desk', 'Post'];
	for (let number = 0; number < count; number++) {
		const day = String(1 + (number % 9)).padStart(2, '0');
		writeArticle(
			folder,
			`a${number}.md`,
			article(
				`${number % 2 === 0 ? 'Harbour' : 'Market'} story ${String(number).padStart(2, '0')}`,
				{
					date: `2024-02-${day}`,
					source: sources[number % 3],
				},
			),
		);
	}

	const articles = loadLibrary([folder], {cacheDir: false});
	const index = open([folder], temporaryDirectory());
	const state: Record<string, {read: boolean; bookmarked: boolean}> = {};
	for (const [position, entry] of articles.entries()) {
		if (position % 3 === 0) {
			state[entry.key] = {read: true, bookmarked: position % 2 === 0};
		}
	}

	index.setMarks(state);
	const marks = (entry: Article): ArticleMarks => ({
		unread: !state[entry.key]?.read,
		bookmarked: state[entry.key]?.bookmarked ?? false,
		progress: 0,
		comments: 0,
		draft: false,
	});
	return {articles, index, state, marks};
}

const listFilters: ListFilter[] = [
	noFilter,
	{...noFilter, query: 'harb'},
	{...noFilter, query: 'desk'},
	{...noFilter, unreadOnly: true},
	{...noFilter, bookmarkedOnly: true},
	{query: 'story 1', unreadOnly: true, bookmarkedOnly: false},
];

test('filters, orders, counts and positions are those of the list in memory', (t) => {
	const {articles, index, state, marks} = markedLibrary();
	for (const filter of listFilters) {
		for (const sort of sortOrders) {
			const expected = filterArticles(
				sortArticles(articles, sort, marks),
				marks,
				filter,
			).map((entry) => entry.id);
			const label = `${JSON.stringify(filter)} ${sort}`;
			t.is(index.count(filter), expected.length, label);
			t.deepEqual(
				index
					.rowsAt(filter, sort, 0, Number.POSITIVE_INFINITY)
					.map((entry) => entry.id),
				expected,
				label,
			);
			t.deepEqual(
				index.rowsAt(filter, sort, 3, 4).map((entry) => entry.id),
				expected.slice(3, 7),
				`${label}: a window`,
			);
			for (const [position, id] of expected.entries()) {
				t.is(index.indexOf(filter, sort, id), position, `${label}: ${id}`);
			}
		}
	}

	t.is(
		index.indexOf({...noFilter, query: 'nothing like it'}, 'newest', 'a1'),
		-1,
	);
	t.is(index.indexOf(noFilter, 'newest', 'no-such-article'), -1);
	// A mark changed: the next query sees it.
	const first = index.rowsAt(noFilter, 'newest', 0, 1)[0];
	const before = index.count({...noFilter, unreadOnly: true});
	index.setMarks({
		...state,
		[first.key]: {read: !state[first.key]?.read, bookmarked: false},
	});
	t.is(
		index.count({...noFilter, unreadOnly: true}),
		before + (state[first.key]?.read ? 1 : -1),
	);
});

/** What a filter being typed is: each query of `word` a key at a time, then erased a key at a time. */
function typedThenErased(word: string): string[] {
	const typed = Array.from({length: word.length}, (_, length) =>
		word.slice(0, length + 1),
	);
	return [...typed, ...typed.toReversed().slice(1), ''];
}

test('a filter typed and erased a key at a time through the index gives, at every key, the rows, counts, positions and headings of the list in memory, whatever the marks filters and the order', (t) => {
	// 250 articles: more than a page of rows (100).
	const {articles, index, state} = markedLibrary(250);
	let library = articles;
	let reading = state;
	const marksOf =
		(current: typeof state) =>
		(entry: Article): ArticleMarks => ({
			unread: !current[entry.key]?.read,
			bookmarked: current[entry.key]?.bookmarked ?? false,
			progress: 0,
			comments: 0,
			draft: false,
		});
	let marks = marksOf(reading);
	// How often the index is asked for the rows of a query (the rest are narrowed in memory).
	let asked = 0;
	const matches = index.matches.bind(index);
	index.matches = (filter, sort) => {
		asked++;
		return matches(filter, sort);
	};

	// How often the index is asked for the headings sorted by source (while a query is typed, they are counted from its rows).
	let groupsAsked = 0;
	const groups = index.groups.bind(index);
	index.groups = (filter) => {
		groupsAsked++;
		return groups(filter);
	};

	const source = indexSource(index);
	const describe = (row: ListRow | undefined) =>
		row?.kind === 'group'
			? `# ${row.source} ${row.unread}/${row.total}`
			: row?.id;
	const compare = (filter: ListFilter, sort: SortOrder) => {
		const label = `${JSON.stringify(filter)} ${sort}`;
		// A copy each time: the list in memory from scratch, not narrowed from its own last filter.
		const memory = arraySource([...library]).rows(filter, sort, marks, reading);
		const expected = memory.all().map((entry) => entry.id);
		const rows = source.rows(filter, sort, marks, reading);
		t.is(rows.length, expected.length, `${label}: count`);
		// Positions first, before any page is read, then once the rows were read.
		const positions = () =>
			[...expected, 'no-such-article', library[0].id].map((id) =>
				rows.indexOfId(id),
			);
		const expectedPositions = [
			...expected.map((_, position) => position),
			-1,
			expected.indexOf(library[0].id),
		];
		t.deepEqual(positions(), expectedPositions, `${label}: positions`);
		t.deepEqual(
			rows.slice(0, 1000).map((entry) => entry.id),
			expected,
			label,
		);
		t.deepEqual(
			rows.slice(95, 205).map((entry) => entry.id),
			expected.slice(95, 205),
			`${label}: a window over two pages`,
		);
		t.is(rows.at(expected.length - 1)?.id, expected.at(-1), label);
		t.is(rows.at(expected.length), undefined, label);
		t.deepEqual(
			rows.all().map((entry) => entry.id),
			expected,
			`${label}: all`,
		);
		t.deepEqual(positions(), expectedPositions, `${label}: positions`);
		const unread = (entry: Article) => marks(entry).unread;
		for (const from of [0, Math.floor(expected.length / 2)]) {
			t.is(
				rows.findNext(from, unread),
				memory.findNext(from, unread),
				`${label}: the next unread from ${from}`,
			);
		}

		if (sort === 'source') {
			const memoryRows = listRowsOf(
				arraySource([...library]),
				filter,
				sort,
				marks,
				reading,
				new Set(['desk']),
			);
			const indexedRows = listRowsOf(
				source,
				filter,
				sort,
				marks,
				reading,
				new Set(['desk']),
			);
			t.deepEqual(
				indexedRows.slice(0, 1000).map((row) => describe(row)),
				memoryRows.slice(0, 1000).map((row) => describe(row)),
				`${label}: headings`,
			);
			t.deepEqual(
				expected.map((id) => indexedRows.indexOfId(id)),
				expected.map((id) => memoryRows.indexOfId(id)),
				`${label}: positions under headings`,
			);
		}
	};

	const marksFilters = [
		{unreadOnly: false, bookmarkedOnly: false},
		{unreadOnly: true, bookmarkedOnly: false},
		{unreadOnly: false, bookmarkedOnly: true},
	];
	for (const marksFilter of marksFilters) {
		for (const sort of sortOrders) {
			const label = `${JSON.stringify(marksFilter)} ${sort}`;
			// The query the last order (or marks filter) ended with, then a longer one: the index is asked for the first (another order, other filters), never narrowed from the last order's rows.
			asked = 0;
			compare({...marksFilter, query: 'harbour story'}, sort);
			compare({...marksFilter, query: 'harbour story 1'}, sort);
			t.is(asked, 1, `${label}: another order`);
			asked = 0;
			for (const query of typedThenErased('story 1')) {
				compare({...marksFilter, query}, sort);
			}

			// Typed: asked at the first key only. Erased: asked at "story ", "stor", "sto", "st", "s" (not at "story": the same query trimmed; not at "": counted, not matched).
			t.is(asked, 6, `${label}: typed and erased`);
			asked = 0;
			groupsAsked = 0;
			for (const query of [
				'h',
				'ha',
				'har',
				'harbour',
				'harbour s',
				'harbour story',
			]) {
				compare({...marksFilter, query}, sort);
			}

			t.is(asked, 1, `${label}: typed after the query was erased`);
			t.is(groupsAsked, 0, `${label}: headings asked`);
		}
	}

	// A marks filter turned on or off between two keys, the same order: asked again.
	asked = 0;
	compare({...noFilter, query: 'story'}, 'newest');
	compare({...noFilter, unreadOnly: true, query: 'story 1'}, 'newest');
	compare({...noFilter, query: 'story 1'}, 'newest');
	compare({...noFilter, bookmarkedOnly: true, query: 'story 10'}, 'newest');
	compare({...noFilter, query: 'story 10'}, 'newest');
	// Unread first, the marks count for every filter: only the marks filters tell them apart.
	compare({...noFilter, query: 'story'}, 'unread');
	compare({...noFilter, unreadOnly: true, query: 'story 1'}, 'unread');
	compare({...noFilter, bookmarkedOnly: true, query: 'story 10'}, 'unread');
	compare({...noFilter, query: 'story 10'}, 'unread');
	t.is(asked, 9, 'marks filters changed');

	// Marks changed between two keys: rows that depend on them are asked again, not narrowed from what the old marks kept.
	const unreadOnly = {...noFilter, unreadOnly: true};
	compare({...noFilter, query: 'market'}, 'source');
	compare({...unreadOnly, query: 'mar'}, 'newest');
	const first = source
		.rows({...unreadOnly, query: 'mar'}, 'newest', marks, reading)
		.at(0)!;
	reading = {...reading, [first.key]: {read: true, bookmarked: false}};
	index.setMarks(reading);
	marks = marksOf(reading);
	asked = 0;
	compare({...unreadOnly, query: 'mark'}, 'newest');
	t.is(asked, 1, 'marks changed');
	// Sorted by source, the same rows, the headings' unread counts changed.
	compare({...noFilter, query: 'market'}, 'source');
	t.is(
		source
			.rows({...unreadOnly, query: 'mark'}, 'newest', marks, reading)
			.indexOfId(first.id),
		-1,
	);
	compare({...noFilter, query: 'mark'}, 'unread');
	compare({...noFilter, query: 'marke'}, 'unread');
	// An article added between two keys: asked again.
	const [folder] = index.folders;
	compare({...noFilter, query: 'harbour'}, 'newest');
	const added = writeArticle(
		folder,
		'extra.md',
		article('Harbour extra', {date: '2024-02-05'}),
	);
	index.syncFile(added);
	library = loadLibrary([folder], {cacheDir: false});
	asked = 0;
	compare({...noFilter, query: 'harbour e'}, 'newest');
	t.is(asked, 1, 'an article added');
	t.true(
		source
			.rows({...noFilter, query: 'harbour e'}, 'newest', marks, reading)
			.all()
			.some((entry) => entry.title === 'Harbour extra'),
	);
});

test('the matches read a page at a time are those read at once, whatever the order, the marks filters and the ties', (t) => {
	const folder = temporaryDirectory();
	const sources = ['Wire', 'wire', 'desk'];
	const titles = ['Harbour', 'harbour', 'Ferry', 'Zanzibar', 'ferry'];
	for (let number = 0; number < 60; number++) {
		writeArticle(
			folder,
			`t${number}.md`,
			article(titles[number % 5], {
				date: `2024-02-0${1 + (number % 3)}`,
				source: sources[number % 3],
			}),
		);
	}

	const index = open([folder], temporaryDirectory());
	const state: Record<string, {read: boolean; bookmarked: boolean}> = {};
	for (const [position, entry] of all(index).entries()) {
		if (position % 4 === 0) {
			state[entry.key] = {read: true, bookmarked: position % 8 === 0};
		}
	}

	index.setMarks(state);
	for (const filter of [
		noFilter,
		{...noFilter, unreadOnly: true},
		{...noFilter, bookmarkedOnly: true},
	]) {
		for (const sort of sortOrders) {
			for (const pageSize of [1, 7, 100]) {
				const steps = index.matchesInSteps(filter, sort, pageSize);
				let step = steps.next();
				let count = 1;
				while (!step.done) {
					step = steps.next();
					count++;
				}

				const expected = index.matches(filter, sort);
				t.deepEqual(step.value, expected, `${JSON.stringify(filter)} ${sort}`);
				t.true(count >= Math.ceil(expected.length / pageSize));
			}
		}
	}
});

test('once the list is shown, the first key of a filter is narrowed in memory too, and gives the rows of the list in memory at every key', async (t) => {
	const {articles, index, state, marks} = markedLibrary(250);
	let asked = 0;
	const matches = index.matches.bind(index);
	index.matches = (filter, sort) => {
		asked++;
		return matches(filter, sort);
	};

	const source = indexSource(index);
	for (const marksFilter of [
		{unreadOnly: false, bookmarkedOnly: false},
		{unreadOnly: true, bookmarkedOnly: false},
		{unreadOnly: false, bookmarkedOnly: true},
	]) {
		for (const sort of sortOrders) {
			const label = `${JSON.stringify(marksFilter)} ${sort}`;
			source.rows({...marksFilter, query: ''}, sort, marks, state);
			// eslint-disable-next-line no-await-in-loop
			await source.idle?.();
			asked = 0;
			for (const query of ['h', 'ha', 'harbour s', 'harbour story 1']) {
				const filter = {...marksFilter, query};
				const expected = arraySource([...articles])
					.rows(filter, sort, marks, state)
					.all()
					.map((entry) => entry.id);
				t.deepEqual(
					source
						.rows(filter, sort, marks, state)
						.all()
						.map((entry) => entry.id),
					expected,
					`${label} ${query}`,
				);
			}

			t.is(asked, 0, label);
		}
	}
});

test('sorted by source, the headings of a query typed are those the index counts: one per source whatever its capitals, named by the least spelling', (t) => {
	const folder = temporaryDirectory();
	const sources = [
		'desk',
		'Desk',
		'DESK',
		'Wire',
		'wire',
		'Post',
		'Ünion',
		'ünion',
	];
	for (let number = 0; number < 48; number++) {
		writeArticle(
			folder,
			`a${number}.md`,
			article(`Story ${number}`, {
				date: `2024-02-${String(1 + (number % 9)).padStart(2, '0')}`,
				source: sources[number % sources.length],
			}),
		);
	}

	const index = open([folder], temporaryDirectory());
	const source = indexSource(index);
	const reading = Object.fromEntries(
		index
			.rowsAt(noFilter, 'newest', 0, Number.POSITIVE_INFINITY)
			.filter((_, position) => position % 4 === 0)
			.map((entry) => [entry.key, {read: true, bookmarked: false}]),
	);
	const marks = (): ArticleMarks => ({
		unread: true,
		bookmarked: false,
		progress: 0,
		comments: 0,
		draft: false,
	});
	let groupsAsked = 0;
	const groups = index.groups.bind(index);
	index.groups = (filter) => {
		groupsAsked++;
		return groups(filter);
	};

	for (const query of ['s', 'st', 'sto', 'story', 'story 1', 'story 2']) {
		const filter = {...noFilter, query};
		source.rows(filter, 'source', marks, reading);
		const counted = source.groups(filter, marks, reading);
		index.setMarks(reading);
		t.deepEqual(counted, groups(filter), `"${query}"`);
	}

	t.is(groupsAsked, 0);
});

test('sorted by source, the index gives the rows of the list in memory: each source’s heading with its counts, folded sources, positions', (t) => {
	const {articles, index, state, marks} = markedLibrary();
	const describe = (row: ListRow | undefined) =>
		row?.kind === 'group'
			? `# ${row.source} ${row.unread}/${row.total}${row.folded ? ' folded' : ''}`
			: row?.id;
	for (const filter of listFilters) {
		for (const folded of [new Set<string>(), new Set(['desk', 'Wire'])]) {
			const label = `${JSON.stringify(filter)} folded ${[...folded].join(',')}`;
			const memory = listRowsOf(
				arraySource(articles),
				filter,
				'source',
				marks,
				state,
				folded,
			);
			const indexed = listRowsOf(
				indexSource(index),
				filter,
				'source',
				marks,
				state,
				folded,
			);
			const expected = memory.slice(0, 1000).map((row) => describe(row));
			t.true(
				expected.some((row) => row?.startsWith('#')),
				label,
			);
			t.deepEqual(
				indexed.slice(0, 1000).map((row) => describe(row)),
				expected,
				label,
			);
			t.is(indexed.articleCount, memory.articleCount, label);
			t.deepEqual(
				indexed.articles().map((entry) => entry.id),
				memory.articles().map((entry) => entry.id),
				label,
			);
			for (let position = 0; position < memory.length; position++) {
				const row = memory.at(position)!;
				t.is(indexed.indexOfId(row.id), position, `${label}: ${row.id}`);
				t.is(describe(indexed.at(position)), describe(row));
				t.is(
					indexed.articleIndex(position),
					memory.articleIndex(position),
					`${label}: article index at ${position}`,
				);
			}

			t.deepEqual(
				indexed.headings.map(({index: at}) => at),
				memory.headings.map(({index: at}) => at),
			);
			// A folded source's articles are not among the rows.
			for (const entry of articles) {
				if (folded.has(entry.source)) {
					t.is(indexed.indexOfId(entry.id), -1);
				}
			}
		}
	}
});

test('search ranks a word in the title above the same word in the text, and finds every word asked for', (t) => {
	const folder = temporaryDirectory();
	writeArticle(
		folder,
		'in-text.md',
		article('Council meets', {
			body: 'Long talks.\n\nThe ferry strike went on for days, said the harbour master.\n\nMore.',
			date: '2024-05-05',
		}),
	);
	writeArticle(
		folder,
		'in-title.md',
		article('Ferry strike ends', {
			body: 'The crews are back.',
			date: '2024-01-01',
		}),
	);
	writeArticle(
		folder,
		'only-one.md',
		article('Ferry timetable', {
			body: 'No strike here? No: a timetable.',
			date: '2024-06-06',
		}),
	);
	writeArticle(folder, 'none.md', article('Weather', {body: 'Rain.'}));
	const index = open([folder], temporaryDirectory());
	const results = index.search('ferry strike');
	t.deepEqual(
		results.map((result) => result.article.id),
		['in-title', 'only-one', 'in-text'].filter((id) =>
			results.some((result) => result.article.id === id),
		),
	);
	t.is(results[0].article.id, 'in-title');
	t.is(index.searchCount('ferry strike'), 3);
	const inText = results.find((result) => result.article.id === 'in-text')!;
	t.is(
		inText.line,
		'The ferry strike went on for days, said the harbour master.',
	);
	t.deepEqual(
		index.search('"strike went"').map((result) => result.article.id),
		['in-text'],
	);
	t.deepEqual(index.search('weath'), []);
	t.deepEqual(
		index.search('weath', {prefix: true}).map((result) => result.article.id),
		['none'],
	);
	t.deepEqual(index.search(''), []);
});

test('search pages are those of ranking every match: hundreds of ties come newest first, and better matches of a folder not asked for take no place', (t) => {
	const asked = temporaryDirectory();
	const other = temporaryDirectory();
	const day = (number: number) =>
		new Date(Date.UTC(2020, 0, 1 + number)).toISOString().slice(0, 10);
	// 300 articles that score the same: only their dates order them. Written oldest last, so that no order of the files is the answer.
	for (let number = 299; number >= 0; number--) {
		writeArticle(
			asked,
			`same-${String(number).padStart(3, '0')}.md`,
			article('Quayside notes', {
				body: 'The harbour was calm.',
				date: day(number),
			}),
		);
	}

	for (let number = 0; number < 300; number++) {
		writeArticle(
			other,
			`better-${number}.md`,
			article('Harbour harbour', {body: 'Harbour, harbour, harbour.'}),
		);
	}

	const cacheDir = temporaryDirectory();
	open([asked, other], cacheDir).close();
	const index = open([asked], cacheDir);
	const newest = Array.from(
		{length: 300},
		(_, number) => `same-${String(299 - number).padStart(3, '0')}`,
	);
	const ids = (results: ReturnType<ArticleIndex['search']>) =>
		results.map((result) => result.article.id);
	t.deepEqual(ids(index.search('harbour', {limit: 20})), newest.slice(0, 20));
	t.deepEqual(
		ids(index.search('harbour', {limit: 20, offset: 260})),
		newest.slice(260, 280),
	);
	t.deepEqual(
		ids(index.search('harbour', {limit: 50, offset: 280})),
		newest.slice(280),
	);
});

test('search takes any text as words: the index’s own syntax is never read from a query', (t) => {
	const folder = temporaryDirectory();
	writeArticle(
		folder,
		'one.md',
		article('Near the harbour', {body: 'AND OR NOT near.'}),
	);
	const index = open([folder], temporaryDirectory());
	for (const query of [
		'NEAR(harbour',
		'"unclosed',
		'title:harbour',
		'near:harbour',
		'harbour -near',
		'* ^ ( ) {}',
		'AND',
		'\u001B[31m',
	]) {
		t.notThrows(() => index.search(query), `query ${JSON.stringify(query)}`);
	}

	t.is(index.search('near:harbour').length, 1);
	t.is(index.search('AND').length, 1);
});

test('a snippet is one line of plain text, with no control characters, cut around the match', (t) => {
	const folder = temporaryDirectory();
	const long = `${'word '.repeat(60)}the \u001B[31m zanzibar\u001B[0m **ferry** and ${'more '.repeat(60)}`;
	writeArticle(
		folder,
		'hostile.md',
		article('Hostile', {body: `First line.\n\n${long}\n\nLast line.`}),
	);
	const index = open([folder], temporaryDirectory());
	const [result] = index.search('zanzibar');
	t.truthy(result);
	t.false(hasControlCharacters(result.snippet));
	t.false(hasControlCharacters(result.line));
	t.false(result.snippet.includes('\n'));
	t.true(result.snippet.length <= 160);
	t.regex(result.snippet, /^….*zanzibar.*ferry and .*…$/u);
	t.false(result.snippet.includes('**'));
});

test('what the index holds of folders that no longer exist is dropped at a full check', (t) => {
	const cacheDir = temporaryDirectory();
	const kept = temporaryDirectory();
	const gone = temporaryDirectory();
	writeArticle(kept, 'kept.md', article('Kept'));
	writeArticle(gone, 'gone.md', article('Gone', {body: 'zanzibar'}));
	open([gone], cacheDir).close();
	fs.rmSync(gone, {recursive: true});
	const index = open([kept], cacheDir, 'quick');
	const file = index.file!;
	const rowsOf = () => {
		const db = new Database(file, {readonly: true});
		try {
			return db
				.prepare('select name from articles order by name')
				.pluck()
				.all() as string[];
		} finally {
			db.close();
		}
	};

	t.deepEqual(rowsOf(), ['gone.md', 'kept.md']);
	index.sync({check: 'full'});
	t.deepEqual(rowsOf(), ['kept.md']);
});

test('search checks what it shows against the files: a result edited or removed in place since is read again', (t) => {
	const folder = temporaryDirectory();
	fs.utimesSync(folder, old, old);
	writeArticle(
		folder,
		'one.md',
		article('Ferry news', {body: 'The ferry sails.'}),
	);
	writeArticle(
		folder,
		'two.md',
		article('Ferry times', {body: 'The ferry is late.'}),
	);
	writeArticle(
		folder,
		'three.md',
		article('Ferry fares', {body: 'Dear ferry.'}),
	);
	fs.utimesSync(folder, old, old);
	const cacheDir = temporaryDirectory();
	open([folder], cacheDir).close();
	// In place, the folder unchanged: a quick check does not see these.
	writeArticle(
		folder,
		'one.md',
		article('Bus news', {body: 'The bus runs.'}),
		new Date('2022-02-02T00:00:00Z'),
	);
	writeArticle(
		folder,
		'two.md',
		article('Ferry timetable', {body: 'The ferry is late.'}),
		new Date('2022-02-02T00:00:00Z'),
	);
	fs.utimesSync(folder, old, old);
	const index = open([folder], cacheDir, 'quick');
	t.deepEqual(
		index
			.search('ferry')
			.map((result) => result.article.title)
			.sort(),
		['Ferry fares', 'Ferry timetable'],
	);
});
