import {Buffer} from 'node:buffer';
import {
	closeSync,
	constants,
	fstatSync,
	openSync,
	readdirSync,
	readSync,
	realpathSync,
	statSync,
	type Stats,
} from 'node:fs';
import path from 'node:path';
import {sanitizeDocument, sanitizeLine} from '../terminal/sanitize.js';
import {
	type Article,
	type LoadedArticle,
	maxArticleBytes,
	wordsPerMinute,
} from './article.js';
import {decodeArticleBytes} from './decode.js';
import {localDate, parseFrontMatter} from './front-matter.js';
import {
	defaultIndexFolder,
	type FolderIndex,
	type IndexedArticle,
	LibraryIndex,
} from './index-cache.js';
import {LibraryError} from './errors.js';
import {markdownTitle} from './markdown.js';

export {LibraryError} from './errors.js';

export type LibraryOptions = Readonly<{
	/** The index cache's folder, or `false` for none. Default: `$GAZETTE_CACHE_DIR`, or the user's cache folder. */
	cacheDir?: string | false;
}>;

/**
Read every `.md` file of the folders, newest first. A file that cannot be read becomes an article marked with its error.

What was read from each file is kept in an index cache: a file whose size and modification time are unchanged is not read again.
*/
export function loadLibrary(
	folders: readonly string[],
	options: LibraryOptions = {},
): Article[] {
	const cacheDir = options.cacheDir ?? defaultIndexFolder();
	const index = cacheDir === false ? undefined : LibraryIndex.open(cacheDir);
	const articles: Article[] = [];
	const seen = new Set<string>();
	for (const folder of folders) {
		const entries = index?.folder(folder);
		for (const file of articleFiles(folder)) {
			const article = indexArticle(file.path, file.name, entries);
			let {id} = article;
			for (let n = 2; seen.has(id); n++) {
				id = `${article.id}~${n}`;
			}

			seen.add(id);
			articles.push(id === article.id ? article : {...article, id});
		}
	}

	index?.save();
	return articles.sort(newestFirst);
}

/** One file of the library: from the index while its size and modification time are unchanged, else read. */
function indexArticle(
	filePath: FilePath,
	name: string,
	index: FolderIndex | undefined,
): Article {
	const id = idOf(filePath);
	const stats = statOrError(filePath);
	if ('error' in stats) {
		return {...fallback(id, filePath), error: stats.error};
	}

	if (stats.isDirectory() || !index) {
		return withoutBody(readStatted(id, filePath, stats));
	}

	const indexed = index.get(name, stats);
	if (indexed) {
		return articleOf(id, filePath, indexed, stats);
	}

	const read = readFields(filePath, stats);
	if (read.indexable) {
		index.set(name, stats, read.fields);
	}

	return articleOf(id, filePath, read.fields, stats);
}

/** A file's path: a string, or bytes when its name is not valid UTF-8 (a string would lose the bytes, and the file). */
export type FilePath = string | Buffer;

const strictUtf8 = new TextDecoder('utf-8', {fatal: true});

function shownPath(filePath: FilePath): string {
	return typeof filePath === 'string' ? filePath : filePath.toString('utf8');
}

function pathFields(filePath: FilePath): {path: string; rawPath?: Buffer} {
	return typeof filePath === 'string'
		? {path: filePath}
		: {path: shownPath(filePath), rawPath: filePath};
}

/** The article files of a folder, sorted: each name as text, and the path to open (bytes for a name that is not UTF-8). */
export function articleFiles(
	folder: string,
	options: Readonly<{sorted?: boolean}> = {},
): Array<{name: string; path: FilePath}> {
	let stats: Stats;
	try {
		stats = statSync(folder);
	} catch {
		throw new LibraryError(`article folder not found: ${sanitizeLine(folder)}`);
	}

	if (!stats.isDirectory()) {
		throw new LibraryError(`not a folder: ${sanitizeLine(folder)}`);
	}

	const files = listArticleFiles(folder);
	return options.sorted === false
		? files
		: files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Whether a file name ends in `.md`, in any case. */
function isMarkdownName(name: string): boolean {
	const end = name.slice(-3);
	return end === '.md' || end.toLowerCase() === '.md';
}

/**
The article files of a folder listed as text (quicker, a library of 100,000 files is listed at each check), unsorted; undefined when a name is not UTF-8 (only its bytes name it: `articleFiles` lists it so).
*/
export function articleFilesNamed(
	folder: string,
	names: readonly string[],
): Array<{name: string; path: FilePath}> | undefined {
	if (names.some((name) => name.includes('\uFFFD'))) {
		return undefined;
	}

	// As path.join(folder, name) makes it, for a plain name.
	const prefix = path.join(folder, 'a').slice(0, -1);
	const files: Array<{name: string; path: FilePath}> = [];
	for (const name of names) {
		if (isMarkdownName(name)) {
			files.push({name, path: prefix + name});
		}
	}

	return files;
}

function listArticleFiles(
	folder: string,
): Array<{name: string; path: FilePath}> {
	const cannotRead = (error: unknown) =>
		new LibraryError(
			`cannot read article folder ${sanitizeLine(folder)}: ${reasonOf(error)}`,
		);
	let texts: string[];
	try {
		texts = readdirSync(folder);
	} catch (error) {
		throw cannotRead(error);
	}

	const files = articleFilesNamed(folder, texts);
	if (files) {
		return files;
	}

	let names: Buffer[];
	try {
		names = readdirSync(folder, {encoding: 'buffer'});
	} catch (error) {
		throw cannotRead(error);
	}

	return names
		.filter((name) => name.toString('latin1').toLowerCase().endsWith('.md'))
		.map((name) => {
			try {
				const text = strictUtf8.decode(name);
				return {name: text, path: path.join(folder, text)};
			} catch {
				return {
					name: name.toString('utf8'),
					path: Buffer.concat([Buffer.from(path.join(folder, path.sep)), name]),
				};
			}
		});
}

/** Read one article file with its body. Never throws: problems become `error`. */
export function readArticle(filePath: FilePath): LoadedArticle {
	const id = idOf(filePath);
	const stats = statOrError(filePath);
	if ('error' in stats) {
		return {...fallback(id, filePath), body: '', error: stats.error};
	}

	return readStatted(id, filePath, stats);
}

/** Read an article of the library with its body, under the library's id for it (and its state key). Never throws: problems become `error`. */
export function openArticle(article: Article): LoadedArticle {
	const loaded = readArticle(article.rawPath ?? article.path);
	return {...loaded, id: article.id, key: article.key};
}

/** The file's stats, or why it cannot be opened (the same words for the list and the reader). */
function statOrError(filePath: FilePath): Stats | {error: string} {
	try {
		return statSync(filePath);
	} catch (error) {
		return {error: `cannot open: ${reasonOf(error)}`};
	}
}

function readStatted(
	id: string,
	filePath: FilePath,
	stats: Stats,
): LoadedArticle {
	const {fields, body} = readFields(filePath, stats);
	return {...articleOf(id, filePath, fields, stats), body};
}

export type ReadFields = {
	fields: IndexedArticle;
	body: string;
	/** False when the problem may go away with the file unchanged (its permissions, a folder in its place): not for the index. */
	indexable: boolean;
};

/** What one file says about its article, dated by the front matter only. Never throws. */
export function readFields(filePath: FilePath, stats: Stats): ReadFields {
	const id = idOf(filePath);
	const failed = (error: string, indexable = true): ReadFields => ({
		fields: {...emptyFields(id), error},
		body: '',
		indexable,
	});

	if (stats.isDirectory()) {
		return failed('is a folder, not a file', false);
	}

	if (!stats.isFile()) {
		return failed(`is ${kindOf(stats)}, not a regular file`, false);
	}

	const tooLarge = (size: number) =>
		failed(
			`too large to show: ${formatBytes(size)} (the limit is ${formatBytes(maxArticleBytes)})`,
		);
	if (stats.size > maxArticleBytes) {
		return tooLarge(stats.size);
	}

	let bytes;
	try {
		bytes = readCapped(filePath, maxArticleBytes);
	} catch (error) {
		return failed(
			error instanceof NotRegularError
				? error.message
				: `cannot read: ${reasonOf(error)}`,
			false,
		);
	}

	if (bytes === undefined) {
		// It grew past the limit since it was looked at.
		return tooLarge(maxArticleBytes + 1);
	}

	const decoded = decodeArticleBytes(bytes);
	if ('error' in decoded) {
		return failed(decoded.error);
	}

	const text = sanitizeDocument(decoded.text);
	if (text.trim() === '') {
		return failed('empty file');
	}

	const parsed = parseFrontMatter(text);
	if ('error' in parsed) {
		return failed(parsed.error);
	}

	const {data, body, warnings} = parsed;
	if (body.trim() === '') {
		return {
			fields: {
				...emptyFields(id),
				...data,
				warnings,
				error: 'no article text after the front matter',
			},
			body: '',
			indexable: true,
		};
	}

	return {
		fields: {
			title: data.title ?? titleOf(body) ?? id,
			source: data.source ?? '',
			author: data.author ?? '',
			...(data.date === undefined ? {} : {date: data.date}),
			url: data.url ?? '',
			...(data.guid === undefined ? {} : {guid: data.guid}),
			tags: data.tags ?? [],
			summary: data.summary ?? '',
			// Fetched articles (issue 14).
			...(data.feed ? {feed: data.feed} : {}),
			...(data.image ? {image: data.image} : {}),
			readingMinutes: readingMinutes(body),
			warnings,
		},
		body,
		indexable: true,
	};
}

class NotRegularError extends Error {}

function kindOf(stats: Stats): string {
	return stats.isFIFO()
		? 'a named pipe'
		: stats.isCharacterDevice() || stats.isBlockDevice()
			? 'a device'
			: stats.isSocket()
				? 'a socket'
				: 'not a file';
}

/**
The file's bytes, at most `limit` of them: undefined when it holds more. Only a regular file is read, opened without waiting for a pipe's writer: the size `stat` gave may have changed, and a link may have been swapped for a device since.
*/
function readCapped(filePath: FilePath, limit: number): Buffer | undefined {
	// eslint-disable-next-line no-bitwise
	const fd = openSync(filePath, constants.O_RDONLY | constants.O_NONBLOCK);
	try {
		const stats = fstatSync(fd);
		if (!stats.isFile()) {
			throw new NotRegularError(`is ${kindOf(stats)}, not a regular file`);
		}

		// One byte more than the file said it had: a file that grew since is read on, up to the limit.
		let buffer = Buffer.alloc(Math.min(limit, stats.size) + 1);
		let length = 0;
		for (;;) {
			if (length === buffer.length) {
				if (length > limit) {
					return undefined;
				}

				const grown = Buffer.alloc(Math.min(limit + 1, buffer.length * 2));
				buffer.copy(grown, 0, 0, length);
				buffer = grown;
			}

			const count = readSync(fd, buffer, length, buffer.length - length, null);
			if (count === 0) {
				return buffer.subarray(0, length);
			}

			length += count;
		}
	} finally {
		closeSync(fd);
	}
}

/** The id the CLI takes for a file: its name without `.md`, sanitized (before `~2` for a name taken by another folder). */
export function idOf(filePath: FilePath): string {
	return (
		sanitizeLine(path.basename(shownPath(filePath)).replace(/\.md$/i, '')) ||
		'(unnamed)'
	);
}

function emptyFields(id: string): IndexedArticle {
	return {
		title: id,
		source: '',
		author: '',
		url: '',
		tags: [],
		summary: '',
		readingMinutes: 0,
		warnings: [],
	};
}

/** An article that could not even be looked at: no date. */
function fallback(id: string, filePath: FilePath): Article {
	const fields = emptyFields(id);
	return {
		...fields,
		id,
		key: articleKey(fields, filePath),
		...pathFields(filePath),
		date: '',
	};
}

const folderIdentities = new Map<string, string>();

/** A folder as the same folder whatever path names it (relative, through a link). */
function folderIdentity(folder: string): string {
	let identity = folderIdentities.get(folder);
	if (identity === undefined) {
		try {
			identity = realpathSync(folder);
		} catch {
			identity = path.resolve(folder);
		}

		folderIdentities.set(folder, identity);
	}

	return identity;
}

/** What the article's state is kept under: see `Article.key`. */
export function articleKey(
	fields: Readonly<{url: string; guid?: string}>,
	filePath: FilePath,
): string {
	if (fields.guid) {
		return `guid:${fields.guid}`;
	}

	if (fields.url) {
		return `url:${fields.url}`;
	}

	const shown = shownPath(filePath);
	return `file:${path.join(folderIdentity(path.dirname(shown)), path.basename(shown))}`;
}

/** The article from what its file says; without a date of its own it is dated by the file's modification time. */
function articleOf(
	id: string,
	filePath: FilePath,
	fields: IndexedArticle,
	stats: Stats,
): Article {
	return {
		...fields,
		id,
		key: articleKey(fields, filePath),
		...pathFields(filePath),
		date: fields.date ?? localDate(stats.mtime),
	};
}

// Regular expressions over every word of a long body cost more than reading the whole library: one pass over the characters instead.
const letterOrNumber = /[\p{L}\p{N}]/u;
const space = /\s/;
const ideograph =
	/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Minutes to read a body: its words (runs between spaces with a letter or digit in them) and, since CJK text has no spaces, its CJK characters. */
export function readingMinutes(body: string): number {
	let words = 0;
	let ideographs = 0;
	// Whether the current run between spaces was counted already.
	let counted = false;
	for (let index = 0; index < body.length; index++) {
		const code = body.codePointAt(index)!;
		if (code < 0x80) {
			if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) {
				counted = false;
			} else if (
				!counted &&
				((code >= 0x30 && code <= 0x39) ||
					(code >= 0x41 && code <= 0x5a) ||
					(code >= 0x61 && code <= 0x7a))
			) {
				words++;
				counted = true;
			}

			continue;
		}

		const character = String.fromCodePoint(code);
		index += character.length - 1;
		if (space.test(character)) {
			counted = false;
			continue;
		}

		if (ideograph.test(character)) {
			ideographs++;
		}

		if (!counted && letterOrNumber.test(character)) {
			words++;
			counted = true;
		}
	}

	return Math.max(1, Math.round((words + ideographs) / wordsPerMinute));
}

/** The body's `#` title heading as a line of text, if it has one. */
function titleOf(body: string): string | undefined {
	const title = markdownTitle(body);
	return title === undefined ? undefined : sanitizeLine(title) || undefined;
}

function withoutBody({body: _body, ...article}: LoadedArticle): Article {
	return article;
}

// The same order as `localeCompare`, without building a collator for each of the many comparisons.
const titleOrder = new Intl.Collator();

function newestFirst(a: Article, b: Article): number {
	// ISO dates sort as plain strings.
	return (
		(a.date < b.date ? 1 : a.date > b.date ? -1 : 0) ||
		titleOrder.compare(a.title, b.title)
	);
}

function reasonOf(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	switch (code) {
		case 'EACCES':
		case 'EPERM': {
			return 'permission denied';
		}

		case 'ELOOP': {
			return 'symbolic link loop';
		}

		case 'ENOENT': {
			return 'file not found (a broken link?)';
		}

		default: {
			return sanitizeLine(
				error instanceof Error ? error.message : String(error),
			);
		}
	}
}

export function formatBytes(bytes: number): string {
	return bytes >= 1024 * 1024
		? `${(bytes / 1024 / 1024).toFixed(1)} MB`
		: `${Math.ceil(bytes / 1024)} KB`;
}
