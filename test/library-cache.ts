import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import test from 'ava';
import {
	defaultIndexFolder,
	folderIndexFile,
} from '../source/library/index-cache.js';
import {loadLibrary} from '../source/library/load.js';

const temporaryFolders: string[] = [];

function temporaryDirectory(): string {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-cache-'));
	temporaryFolders.push(folder);
	return folder;
}

test.after.always(() => {
	for (const folder of temporaryFolders) {
		fs.rmSync(folder, {recursive: true, force: true});
	}
});

const modified = new Date('2021-06-15T12:00:00Z');

/** Write an article with a whole-second modification time, so that it can be put back exactly. */
function writeArticle(
	folder: string,
	name: string,
	content: string,
	time = modified,
): string {
	const file = path.join(folder, name);
	fs.writeFileSync(file, content);
	fs.utimesSync(file, time, time);
	return file;
}

const article = (title: string) =>
	`---\ntitle: ${title}\nsource: Desk\ndate: 2024-01-02\ntags: [one, two]\n---\n\nSome words here.\n`;

/** A library folder of three articles, a fresh place for the index, and the folder's index file in it. */
function library(cacheDir = path.join(temporaryDirectory(), 'index')) {
	const folder = temporaryDirectory();
	writeArticle(folder, 'first.md', article('First'));
	writeArticle(folder, 'second.md', '# Second\n\nno front matter\n');
	writeArticle(folder, 'empty.md', '');
	return {folder, cacheDir, indexFile: folderIndexFile(cacheDir, folder)};
}

test('a second load from the index gives the same articles', (t) => {
	const {folder, cacheDir, indexFile} = library();
	const uncached = loadLibrary([folder], {cacheDir: false});
	const first = loadLibrary([folder], {cacheDir});
	t.true(fs.existsSync(indexFile));
	const second = loadLibrary([folder], {cacheDir});
	t.deepEqual(first, uncached);
	t.deepEqual(second, uncached);
	t.is(second.find((entry) => entry.id === 'empty')?.error, 'empty file');
});

test('a file whose size and modification time are unchanged is not read again', (t) => {
	const {folder, cacheDir} = library();
	loadLibrary([folder], {cacheDir});

	// Same size, same modification time: only a read of the file would see the new title.
	const file = writeArticle(folder, 'first.md', article('Fresh'));
	const titleOf = () =>
		loadLibrary([folder], {cacheDir}).find((entry) => entry.id === 'first')
			?.title;
	t.is(titleOf(), 'First');

	const later = new Date(modified.getTime() + 1000);
	fs.utimesSync(file, later, later);
	t.is(titleOf(), 'Fresh');
});

test('a file whose size changed is read again', (t) => {
	const {folder, cacheDir} = library();
	loadLibrary([folder], {cacheDir});
	writeArticle(folder, 'first.md', article('A longer title'));
	t.is(
		loadLibrary([folder], {cacheDir}).find((entry) => entry.id === 'first')
			?.title,
		'A longer title',
	);
});

test('new and removed files show up with the index', (t) => {
	const {folder, cacheDir, indexFile} = library();
	loadLibrary([folder], {cacheDir});
	fs.rmSync(path.join(folder, 'second.md'));
	writeArticle(folder, 'third.md', article('Third'));
	t.deepEqual(
		loadLibrary([folder], {cacheDir})
			.map((entry) => entry.id)
			.sort(),
		['empty', 'first', 'third'],
	);
	const index = fs.readFileSync(indexFile, 'utf8');
	t.true(index.includes('third.md'));
	t.false(index.includes('second.md'));
});

test('the index is written only when something changed', (t) => {
	const {folder, cacheDir, indexFile} = library();
	loadLibrary([folder], {cacheDir});
	const old = new Date('2020-01-01T00:00:00Z');
	fs.utimesSync(indexFile, old, old);
	loadLibrary([folder], {cacheDir});
	t.is(fs.statSync(indexFile).mtimeMs, old.getTime());

	writeArticle(folder, 'third.md', article('Third'));
	loadLibrary([folder], {cacheDir});
	t.not(fs.statSync(indexFile).mtimeMs, old.getTime());
});

test('the index forgets folders that were removed', (t) => {
	const {folder: kept, cacheDir, indexFile: keptIndex} = library();
	const {folder: removed, indexFile: removedIndex} = library(cacheDir);
	loadLibrary([removed], {cacheDir});
	loadLibrary([kept], {cacheDir});
	t.true(fs.existsSync(removedIndex));
	t.true(fs.existsSync(keptIndex));

	fs.rmSync(removed, {recursive: true});
	writeArticle(kept, 'third.md', article('Third'));
	loadLibrary([kept], {cacheDir});
	t.false(fs.existsSync(removedIndex));
	t.true(fs.existsSync(keptIndex));
	t.deepEqual(
		fs.readdirSync(path.dirname(keptIndex)).sort(),
		[path.basename(keptIndex), 'folders.json'].sort(),
	);
});

test('a folder’s index is read and written only when that folder is loaded', (t) => {
	const {folder: small, cacheDir} = library();
	const {folder: other, indexFile: otherIndex} = library(cacheDir);
	loadLibrary([other], {cacheDir});
	// Not valid JSON: a load that read this index would rebuild it.
	fs.writeFileSync(otherIndex, '{"broken');
	const old = new Date('2020-01-01T00:00:00Z');
	fs.utimesSync(otherIndex, old, old);
	loadLibrary([small], {cacheDir});
	writeArticle(small, 'third.md', article('Third'));
	loadLibrary([small], {cacheDir});
	t.is(fs.readFileSync(otherIndex, 'utf8'), '{"broken');
	t.is(fs.statSync(otherIndex).mtimeMs, old.getTime());
	// Loading the other folder rebuilds its index.
	loadLibrary([other], {cacheDir});
	t.true(fs.readFileSync(otherIndex, 'utf8').includes('"first.md"'));
});

test('the index of gazette 0.1, one file for every folder, is removed', (t) => {
	const {folder, cacheDir} = library();
	const legacy = path.join(cacheDir, 'library-index.json');
	fs.mkdirSync(cacheDir, {recursive: true});
	fs.writeFileSync(legacy, '{"format": 1, "folders": {}}');
	loadLibrary([folder], {cacheDir});
	t.false(fs.existsSync(legacy));
});

test('a damaged index is ignored and rebuilt', (t) => {
	const {folder, cacheDir, indexFile} = library();
	const expected = loadLibrary([folder], {cacheDir: false});
	for (const damage of [
		'{"format": 2, "folder": ',
		'null',
		'[]',
		`{"format": 2, "folder": ${JSON.stringify(folder)}, "files": 3}`,
		// Another folder's index under this one's name.
		'{"format": 2, "folder": "/elsewhere", "files": {}}',
	]) {
		fs.mkdirSync(path.dirname(indexFile), {recursive: true});
		fs.writeFileSync(indexFile, damage);
		t.deepEqual(
			loadLibrary([folder], {cacheDir}),
			expected,
			`index: ${damage}`,
		);
		// Rebuilt: the three articles are in it again.
		const rebuilt = fs.readFileSync(indexFile, 'utf8');
		for (const name of ['first.md', 'second.md', 'empty.md']) {
			t.true(rebuilt.includes(`"${name}"`), `index: ${damage}`);
		}

		t.deepEqual(
			loadLibrary([folder], {cacheDir}),
			expected,
			`index: ${damage}`,
		);
	}
});

test('an entry of the wrong shape or with control characters is read from the file again', (t) => {
	const {folder, cacheDir, indexFile} = library();
	const expected = loadLibrary([folder], {cacheDir});
	const data = JSON.parse(fs.readFileSync(indexFile, 'utf8')) as {
		files: Record<string, {article: Record<string, unknown>}>;
	};
	const {files} = data;
	files['first.md'].article.title = 'Hostile \u001B[2J';
	files['second.md'].article.tags = 'not a list';
	fs.writeFileSync(indexFile, JSON.stringify(data));
	t.deepEqual(loadLibrary([folder], {cacheDir}), expected);
});

test('a library loads when its index cannot be written', (t) => {
	const {folder} = library();
	const blocker = path.join(temporaryDirectory(), 'a-file');
	fs.writeFileSync(blocker, 'not a folder');
	// A file where the index's folder should be: no one, not even root, can create the index.
	const cacheDir = path.join(blocker, 'cache');
	const expected = loadLibrary([folder], {cacheDir: false});
	t.deepEqual(loadLibrary([folder], {cacheDir}), expected);
	t.deepEqual(loadLibrary([folder], {cacheDir}), expected);
	t.deepEqual(fs.readdirSync(path.dirname(blocker)), ['a-file']);
});

test('a library loads when its index is a folder', (t) => {
	const {folder, cacheDir, indexFile} = library();
	fs.mkdirSync(indexFile, {recursive: true});
	t.deepEqual(
		loadLibrary([folder], {cacheDir}),
		loadLibrary([folder], {cacheDir: false}),
	);
});

test('an article without a date of its own is dated by its file in the reader’s time zone, also from the index', (t) => {
	const {folder, cacheDir} = library();
	const late = new Date('2021-06-15T23:30:00Z');
	writeArticle(folder, 'late.md', '# Late\n\ntext\n', late);
	loadLibrary([folder], {cacheDir});
	const previous = process.env.TZ;
	try {
		for (const [zone, day] of [
			['Asia/Tokyo', '2021-06-16'],
			['UTC', '2021-06-15'],
		] as const) {
			process.env.TZ = zone;
			t.is(
				loadLibrary([folder], {cacheDir}).find((entry) => entry.id === 'late')
					?.date,
				day,
			);
		}
	} finally {
		if (previous === undefined) {
			delete process.env.TZ;
		} else {
			process.env.TZ = previous;
		}
	}
});

test('articles of the same name in two folders keep distinct ids with the index', (t) => {
	const first = temporaryDirectory();
	const second = temporaryDirectory();
	writeArticle(first, 'same.md', article('One'));
	writeArticle(second, 'same.md', article('Two'));
	const cacheDir = temporaryDirectory();
	for (let run = 0; run < 2; run++) {
		const articles = loadLibrary([first, second], {cacheDir});
		t.deepEqual(articles.map((entry) => `${entry.id}: ${entry.title}`).sort(), [
			'same: One',
			'same~2: Two',
		]);
	}
});

test('GAZETTE_CACHE_DIR chooses where the index is kept', (t) => {
	const {folder} = library();
	const cacheDirectory = temporaryDirectory();
	const previous = process.env.GAZETTE_CACHE_DIR;
	process.env.GAZETTE_CACHE_DIR = cacheDirectory;
	try {
		t.is(defaultIndexFolder(), cacheDirectory);
		loadLibrary([folder]);
		t.true(fs.existsSync(folderIndexFile(cacheDirectory, folder)));
		t.true(folderIndexFile(cacheDirectory, folder).startsWith(cacheDirectory));
	} finally {
		if (previous === undefined) {
			delete process.env.GAZETTE_CACHE_DIR;
		} else {
			process.env.GAZETTE_CACHE_DIR = previous;
		}
	}
});
