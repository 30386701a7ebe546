import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import test from 'ava';
import {defaultIndexFile} from '../source/library/index-cache.js';
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

/** A library folder of three articles and a fresh place for its index. */
function library() {
	const folder = temporaryDirectory();
	writeArticle(folder, 'first.md', article('First'));
	writeArticle(folder, 'second.md', '# Second\n\nno front matter\n');
	writeArticle(folder, 'empty.md', '');
	const cacheFile = path.join(temporaryDirectory(), 'index', 'library.json');
	return {folder, cacheFile};
}

test('a second load from the index gives the same articles', (t) => {
	const {folder, cacheFile} = library();
	const uncached = loadLibrary([folder], {cacheFile: false});
	const first = loadLibrary([folder], {cacheFile});
	t.true(fs.existsSync(cacheFile));
	const second = loadLibrary([folder], {cacheFile});
	t.deepEqual(first, uncached);
	t.deepEqual(second, uncached);
	t.is(second.find((entry) => entry.id === 'empty')?.error, 'empty file');
});

test('a file whose size and modification time are unchanged is not read again', (t) => {
	const {folder, cacheFile} = library();
	loadLibrary([folder], {cacheFile});

	// Same size, same modification time: only a read of the file would see the new title.
	const file = writeArticle(folder, 'first.md', article('Fresh'));
	const titleOf = () =>
		loadLibrary([folder], {cacheFile}).find((entry) => entry.id === 'first')
			?.title;
	t.is(titleOf(), 'First');

	const later = new Date(modified.getTime() + 1000);
	fs.utimesSync(file, later, later);
	t.is(titleOf(), 'Fresh');
});

test('a file whose size changed is read again', (t) => {
	const {folder, cacheFile} = library();
	loadLibrary([folder], {cacheFile});
	writeArticle(folder, 'first.md', article('A longer title'));
	t.is(
		loadLibrary([folder], {cacheFile}).find((entry) => entry.id === 'first')
			?.title,
		'A longer title',
	);
});

test('new and removed files show up with the index', (t) => {
	const {folder, cacheFile} = library();
	loadLibrary([folder], {cacheFile});
	fs.rmSync(path.join(folder, 'second.md'));
	writeArticle(folder, 'third.md', article('Third'));
	t.deepEqual(
		loadLibrary([folder], {cacheFile})
			.map((entry) => entry.id)
			.sort(),
		['empty', 'first', 'third'],
	);
	const index = fs.readFileSync(cacheFile, 'utf8');
	t.true(index.includes('third.md'));
	t.false(index.includes('second.md'));
});

test('the index is written only when something changed', (t) => {
	const {folder, cacheFile} = library();
	loadLibrary([folder], {cacheFile});
	const old = new Date('2020-01-01T00:00:00Z');
	fs.utimesSync(cacheFile, old, old);
	loadLibrary([folder], {cacheFile});
	t.is(fs.statSync(cacheFile).mtimeMs, old.getTime());

	writeArticle(folder, 'third.md', article('Third'));
	loadLibrary([folder], {cacheFile});
	t.not(fs.statSync(cacheFile).mtimeMs, old.getTime());
});

test('the index forgets folders that were removed', (t) => {
	const {folder: kept, cacheFile} = library();
	const {folder: removed} = library();
	loadLibrary([removed], {cacheFile});
	loadLibrary([kept], {cacheFile});
	const folders = () =>
		Object.keys(
			(
				JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as {
					folders: Record<string, unknown>;
				}
			).folders,
		).sort();
	t.deepEqual(folders(), [kept, removed].sort());

	fs.rmSync(removed, {recursive: true});
	writeArticle(kept, 'third.md', article('Third'));
	loadLibrary([kept], {cacheFile});
	t.deepEqual(folders(), [kept]);
});

test('a damaged index is ignored and rebuilt', (t) => {
	const {folder, cacheFile} = library();
	const expected = loadLibrary([folder], {cacheFile: false});
	for (const damage of [
		'{"format": 1, "folders": {',
		'null',
		'[]',
		'{"format": 1, "folders": {"x": 3}}',
	]) {
		fs.mkdirSync(path.dirname(cacheFile), {recursive: true});
		fs.writeFileSync(cacheFile, damage);
		t.deepEqual(
			loadLibrary([folder], {cacheFile}),
			expected,
			`index: ${damage}`,
		);
		// Rebuilt: the three articles are in it again.
		const rebuilt = fs.readFileSync(cacheFile, 'utf8');
		for (const name of ['first.md', 'second.md', 'empty.md']) {
			t.true(rebuilt.includes(`"${name}"`), `index: ${damage}`);
		}

		t.deepEqual(
			loadLibrary([folder], {cacheFile}),
			expected,
			`index: ${damage}`,
		);
	}
});

test('an entry of the wrong shape or with control characters is read from the file again', (t) => {
	const {folder, cacheFile} = library();
	const expected = loadLibrary([folder], {cacheFile});
	const data = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as {
		folders: Record<
			string,
			{files: Record<string, {article: Record<string, unknown>}>}
		>;
	};
	const {files} = Object.values(data.folders)[0];
	files['first.md'].article.title = 'Hostile \u001B[2J';
	files['second.md'].article.tags = 'not a list';
	fs.writeFileSync(cacheFile, JSON.stringify(data));
	t.deepEqual(loadLibrary([folder], {cacheFile}), expected);
});

test('a library loads when its index cannot be written', (t) => {
	const {folder} = library();
	const blocker = path.join(temporaryDirectory(), 'a-file');
	fs.writeFileSync(blocker, 'not a folder');
	// A file where the index's folder should be: no one, not even root, can create the index.
	const cacheFile = path.join(blocker, 'cache', 'library.json');
	const expected = loadLibrary([folder], {cacheFile: false});
	t.deepEqual(loadLibrary([folder], {cacheFile}), expected);
	t.deepEqual(loadLibrary([folder], {cacheFile}), expected);
	t.deepEqual(fs.readdirSync(path.dirname(blocker)), ['a-file']);
});

test('a library loads when its index is a folder', (t) => {
	const {folder, cacheFile} = library();
	fs.mkdirSync(cacheFile, {recursive: true});
	t.deepEqual(
		loadLibrary([folder], {cacheFile}),
		loadLibrary([folder], {cacheFile: false}),
	);
});

test('an article without a date of its own is dated by its file in the reader’s time zone, also from the index', (t) => {
	const {folder, cacheFile} = library();
	const late = new Date('2021-06-15T23:30:00Z');
	writeArticle(folder, 'late.md', '# Late\n\ntext\n', late);
	loadLibrary([folder], {cacheFile});
	const previous = process.env.TZ;
	try {
		for (const [zone, day] of [
			['Asia/Tokyo', '2021-06-16'],
			['UTC', '2021-06-15'],
		] as const) {
			process.env.TZ = zone;
			t.is(
				loadLibrary([folder], {cacheFile}).find((entry) => entry.id === 'late')
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
	const cacheFile = path.join(temporaryDirectory(), 'library.json');
	for (let run = 0; run < 2; run++) {
		const articles = loadLibrary([first, second], {cacheFile});
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
		t.is(defaultIndexFile(), path.join(cacheDirectory, 'library-index.json'));
		loadLibrary([folder]);
		t.true(fs.existsSync(path.join(cacheDirectory, 'library-index.json')));
	} finally {
		if (previous === undefined) {
			delete process.env.GAZETTE_CACHE_DIR;
		} else {
			process.env.GAZETTE_CACHE_DIR = previous;
		}
	}
});
