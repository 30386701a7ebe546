import {
	existsSync,
	mkdirSync,
	readFileSync,
	renameSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import envPaths from 'env-paths';

/** What the library keeps of an article file between runs: its metadata, never its body. */
export type IndexedArticle = Readonly<{
	title: string;
	source: string;
	author: string;
	/** The front matter's date; without one the article is dated by its file's modification time, in the reader's time zone. */
	date?: string;
	url: string;
	tags: readonly string[];
	summary: string;
	readingMinutes: number;
	warnings: readonly string[];
	error?: string;
}>;

/** What tells an unchanged file: an entry is used only while both still match. */
export type FileStamp = Readonly<{size: number; mtimeMs: number}>;

type Entry = FileStamp & {article: IndexedArticle};

type FolderEntries = {savedAt: number; files: Record<string, Entry>};

type IndexData = {format: number; folders: Record<string, FolderEntries>};

// Bump when what is read from a file changes, so that older entries are read again.
const format = 1;
// The index forgets the folders written least recently beyond this many.
const maxFolders = 16;

/** Where the index is kept: `$GAZETTE_CACHE_DIR`, or the user's cache folder. */
export function defaultIndexFile(): string {
	const chosen = process.env.GAZETTE_CACHE_DIR;
	// An empty variable means the default, as with GAZETTE_STATE_DIR.
	const folder =
		chosen === undefined || chosen === '' ? envPaths('gazette').cache : chosen;
	return path.join(folder, 'library-index.json');
}

/**
The library's index cache: per article file, what was read from it, keyed by the file's size and modification time.

A cache only: it never fails. An index that cannot be read or is damaged is rebuilt; one that cannot be written is left alone.
*/
export class LibraryIndex {
	static open(file: string): LibraryIndex {
		let text: string;
		try {
			text = readFileSync(file, 'utf8');
		} catch {
			return new LibraryIndex(file, {}, true);
		}

		try {
			const data: unknown = JSON.parse(text);
			if (isIndexData(data)) {
				return new LibraryIndex(file, data.folders, false);
			}
		} catch {}

		return new LibraryIndex(file, {}, true);
	}

	readonly #file: string;
	readonly #stored: Record<string, FolderEntries>;
	readonly #folders = new Map<string, FolderIndex>();
	#damaged: boolean;

	private constructor(
		file: string,
		stored: Record<string, FolderEntries>,
		damaged: boolean,
	) {
		this.#file = file;
		this.#stored = stored;
		this.#damaged = damaged;
	}

	/** The entries of one article folder. Files not looked up or added are dropped from the folder's entries at `save`. */
	folder(folder: string): FolderIndex {
		const key = path.resolve(folder);
		let entries = this.#folders.get(key);
		if (!entries) {
			const stored = this.#stored[key];
			entries = new FolderIndex(stored?.files ?? {});
			this.#folders.set(key, entries);
		}

		return entries;
	}

	/** Write the index if something changed: to a temporary file, then renamed over the old one. */
	save(): void {
		const changed = [...this.#folders.values()].some((folder) =>
			folder.changed(),
		);
		if (!changed && !this.#damaged) {
			return;
		}

		const now = Date.now();
		const folders: Record<string, FolderEntries> = {};
		for (const [key, folder] of this.#folders) {
			const stored = this.#stored[key];
			folders[key] =
				folder.changed() || !stored
					? {savedAt: now, files: folder.entries()}
					: stored;
		}

		// Folders since removed (a benchmark's, a test's) are forgotten.
		const others = Object.entries(this.#stored)
			.filter(([key]) => !this.#folders.has(key) && existsSync(key))
			.sort(([, a], [, b]) => (b.savedAt || 0) - (a.savedAt || 0))
			.slice(0, Math.max(0, maxFolders - this.#folders.size));
		for (const [key, entries] of others) {
			folders[key] = entries;
		}

		const data: IndexData = {format, folders};
		const temporary = `${this.#file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
		try {
			mkdirSync(path.dirname(this.#file), {recursive: true});
			writeFileSync(temporary, JSON.stringify(data));
			renameSync(temporary, this.#file);
			this.#damaged = false;
		} catch {
			try {
				rmSync(temporary, {force: true});
			} catch {}
		}
	}
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

function isIndexData(data: unknown): data is IndexData {
	return (
		isRecord(data) &&
		data.format === format &&
		isRecord(data.folders) &&
		Object.values(data.folders).every(
			(folder) => isRecord(folder) && isRecord(folder.files),
		)
	);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
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
		tags,
		summary,
		readingMinutes,
		warnings,
		...(error === undefined ? {} : {error}),
	};
}
