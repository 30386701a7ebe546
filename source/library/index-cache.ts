import {existsSync, readFileSync} from 'node:fs';
import {createHash} from 'node:crypto';
import path from 'node:path';
import {isRecord} from '../terminal/safe-json.js';
import {removeQuietly, writeAtomically} from './cache-folder.js';

/** What the library keeps of an article file between runs: its metadata, never its body. */
export type IndexedArticle = Readonly<{
	title: string;
	source: string;
	author: string;
	/** The front matter's date; without one the article is dated by its file's modification time, in the reader's time zone. */
	date?: string;
	url: string;
	guid?: string;
	tags: readonly string[];
	summary: string;
	feed?: string;
	image?: string;
	readingMinutes: number;
	warnings: readonly string[];
	error?: string;
}>;

/** What tells an unchanged file: an entry is used only while both still match. */
export type FileStamp = Readonly<{size: number; mtimeMs: number}>;

type Entry = FileStamp & {article: IndexedArticle};

type FolderData = {
	format: number;
	folder: string;
	files: Record<string, Entry>;
};

/** Which folder each index file is for, so that the files of folders since removed can be deleted. */
type Manifest = {format: number; folders: Record<string, string>};

// Bump when what is read from a file changes, so that older entries are read again.
// 4: feed and image.
const format = 4;
const manifestName = 'folders.json';
// Where gazette 0.1 kept the index of every folder in one file.
const legacyIndexName = 'library-index.json';

/** Where the index is kept: gazette's cache folder. */
export {cacheFolder as defaultIndexFolder} from './cache-folder.js';

/** The index file of one article folder: named by a hash of its path, which is also kept inside. */
export function folderIndexFile(indexFolder: string, folder: string): string {
	const key = createHash('sha1').update(path.resolve(folder)).digest('hex');
	return path.join(indexFolder, 'library', `${key.slice(0, 24)}.json`);
}

/**
The library's index cache: per article file, what was read from it, keyed by the file's size and modification time.

Each article folder has its own index file, read only when that folder is loaded: a large library elsewhere costs nothing. A cache only: it never fails. An index that cannot be read or is damaged is rebuilt; one that cannot be written is left alone.
*/
export class LibraryIndex {
	static open(indexFolder: string): LibraryIndex {
		return new LibraryIndex(indexFolder);
	}

	readonly #indexFolder: string;
	readonly #folders = new Map<
		string,
		{entries: FolderIndex; file: string; damaged: boolean}
	>();

	private constructor(indexFolder: string) {
		this.#indexFolder = indexFolder;
	}

	/** The entries of one article folder. Files not looked up or added are dropped from the folder's entries at `save`. */
	folder(folder: string): FolderIndex {
		const key = path.resolve(folder);
		let loaded = this.#folders.get(key);
		if (!loaded) {
			const file = folderIndexFile(this.#indexFolder, key);
			const stored = readFolderData(file, key);
			loaded = {
				entries: new FolderIndex(stored ?? {}),
				file,
				damaged: stored === undefined,
			};
			this.#folders.set(key, loaded);
		}

		return loaded.entries;
	}

	/** Write the index of each folder that changed: to a temporary file, then renamed over the old one. */
	save(): void {
		const changed = [...this.#folders].filter(
			([, loaded]) => loaded.entries.changed() || loaded.damaged,
		);
		if (changed.length === 0) {
			return;
		}

		for (const [folder, loaded] of changed) {
			const data: FolderData = {
				format,
				folder,
				files: loaded.entries.entries(),
			};
			if (writeAtomically(loaded.file, JSON.stringify(data))) {
				loaded.damaged = false;
			}
		}

		this.#tidy(changed.map(([folder, loaded]) => [folder, loaded.file]));
	}

	/** Note the folders just written in the manifest, and delete the index files of folders that no longer exist. */
	#tidy(written: ReadonlyArray<readonly [string, string]>): void {
		const manifestFile = path.join(this.#indexFolder, 'library', manifestName);
		const folders: Record<string, string> = {};
		for (const [file, folder] of Object.entries(readManifest(manifestFile))) {
			if (existsSync(folder)) {
				folders[file] = folder;
			} else {
				removeQuietly(path.join(path.dirname(manifestFile), file));
			}
		}

		for (const [folder, file] of written) {
			folders[path.basename(file)] = folder;
		}

		const manifest: Manifest = {format, folders};
		writeAtomically(manifestFile, JSON.stringify(manifest));
		removeQuietly(path.join(this.#indexFolder, legacyIndexName));
	}
}

function readFolderData(
	file: string,
	folder: string,
): Record<string, Entry> | undefined {
	try {
		const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
		if (
			isRecord(data) &&
			data.format === format &&
			data.folder === folder &&
			isRecord(data.files)
		) {
			return data.files as Record<string, Entry>;
		}
	} catch {}

	return undefined;
}

function readManifest(file: string): Record<string, string> {
	try {
		const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
		if (isRecord(data) && isRecord(data.folders)) {
			return Object.fromEntries(
				Object.entries(data.folders).filter(
					(entry): entry is [string, string] =>
						typeof entry[1] === 'string' && /^[\da-f]+\.json$/.test(entry[0]),
				),
			);
		}
	} catch {}

	return {};
}

export class FolderIndex {
	readonly #stored: Record<string, Entry>;
	readonly #current: Record<string, Entry> = {};
	#kept = 0;
	#added = false;

	constructor(stored: Record<string, Entry>) {
		this.#stored = stored;
	}

	/** The article read from the file `name` when it had this stamp, if the index has it. */
	get(name: string, stamp: FileStamp): IndexedArticle | undefined {
		const entry = Object.hasOwn(this.#stored, name)
			? this.#stored[name]
			: undefined;
		if (
			entry === undefined ||
			entry === null ||
			typeof entry !== 'object' ||
			entry.size !== stamp.size ||
			entry.mtimeMs !== stamp.mtimeMs
		) {
			return undefined;
		}

		const article = indexedArticle(entry.article);
		if (article && !Object.hasOwn(this.#current, name)) {
			this.#current[name] = entry;
			this.#kept++;
		}

		return article;
	}

	set(name: string, stamp: FileStamp, article: IndexedArticle): void {
		this.#current[name] = {
			size: stamp.size,
			mtimeMs: stamp.mtimeMs,
			article,
		};
		this.#added = true;
	}

	changed(): boolean {
		return this.#added || this.#kept !== Object.keys(this.#stored).length;
	}

	entries(): Record<string, Entry> {
		return this.#current;
	}
}

// What the library stores is sanitized, one-line text: anything else in the index was not written by gazette.
const controlCharacter = /[\u0000-\u001F\u007F-\u009F]/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

const isLine = (value: unknown): value is string =>
	typeof value === 'string' && !controlCharacter.test(value);

const isLines = (value: unknown): value is string[] =>
	Array.isArray(value) && value.every((item) => isLine(item));

/** A stored article as the library made it, or undefined: only the known fields, each of its type. */
function indexedArticle(value: unknown): IndexedArticle | undefined {
	if (!isRecord(value)) {
		return undefined;
	}

	const {
		title,
		source,
		author,
		date,
		url,
		guid,
		tags,
		summary,
		readingMinutes,
		warnings,
		error,
	} = value;
	if (
		!isLine(title) ||
		!isLine(source) ||
		!isLine(author) ||
		!(date === undefined || (typeof date === 'string' && isoDate.test(date))) ||
		!isLine(url) ||
		!(guid === undefined || isLine(guid)) ||
		!isLines(tags) ||
		!isLine(summary) ||
		typeof readingMinutes !== 'number' ||
		!Number.isInteger(readingMinutes) ||
		readingMinutes < 0 ||
		!isLines(warnings) ||
		!(error === undefined || isLine(error))
	) {
		return undefined;
	}

	return {
		title,
		source,
		author,
		...(date === undefined ? {} : {date}),
		url,
		...(guid === undefined ? {} : {guid}),
		tags,
		summary,
		readingMinutes,
		warnings,
		...(error === undefined ? {} : {error}),
	};
}
