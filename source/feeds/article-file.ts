/**
Fetched articles on disk: one markdown file per item, named `<date>-<slug>-<hash of guid>.md`, written atomically (a temporary file renamed into place), so that an interrupted refresh leaves no half file. The name alone says an item's day and identity: deduplication and (later) retention need no file opened.
*/
import {createHash, randomBytes} from 'node:crypto';
import {
	closeSync,
	mkdirSync,
	openSync,
	readdirSync,
	readSync,
	renameSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import path from 'node:path';
import {sanitizeDocument, sanitizeLine} from '../terminal/sanitize.js';

/** The short hash in an article's file name: 10 hex digits of SHA-1, enough for a feed's whole history. */
export function guidHash(guid: string): string {
	return createHash('sha1').update(guid).digest('hex').slice(0, 10);
}

/** Lower-case ASCII words joined by `-`, at most `length` characters; '' when nothing is left. */
export function slugify(text: string, length = 60): string {
	const slug = text
		.normalize('NFKD')
		.replaceAll(/[\u0300-\u036F]/g, '')
		.toLowerCase()
		.replaceAll(/[^a-z\d]+/g, '-')
		.replaceAll(/^-+|-+$/g, '');
	if (slug.length <= length) {
		return slug;
	}

	const cut = slug.slice(0, length);
	const dash = cut.lastIndexOf('-');
	return dash > length / 2 ? cut.slice(0, dash) : cut;
}

/** The local calendar day and the time with its offset, as the reader's clock shows them: `2025-06-10T08:30:00+01:00`. */
export function localTimestamp(time: Date): string {
	const pad = (value: number) => String(value).padStart(2, '0');
	const offset = -time.getTimezoneOffset();
	const sign = offset < 0 ? '-' : '+';
	const hours = Math.floor(Math.abs(offset) / 60);
	const minutes = Math.abs(offset) % 60;
	return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}T${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}${sign}${pad(hours)}:${pad(minutes)}`;
}

export function articleFileName(
	date: Date,
	title: string,
	guid: string,
): string {
	return `${localTimestamp(date).slice(0, 10)}-${slugify(title) || 'article'}-${guidHash(guid)}.md`;
}

export type ArticleFileName = Readonly<{
	date: string;
	slug: string;
	hash: string;
}>;

const namePattern = /^(\d{4}-\d{2}-\d{2})-(.*)-([\da-f]{10})\.md$/;

/** What a fetched article's file name says, or undefined for any other file. */
export function parseArticleFileName(
	name: string,
): ArticleFileName | undefined {
	const match = namePattern.exec(name);
	return match ? {date: match[1], slug: match[2], hash: match[3]} : undefined;
}

export type ArticleFields = Readonly<{
	title: string;
	source: string;
	author: string;
	date: Date;
	url: string;
	tags: readonly string[];
	guid: string;
	feed: string;
	image: string;
	summary: string;
	/** Where the text came from: the page (extracted) or the feed's own content. */
	content: 'page' | 'feed';
	/** Why the feed's content was kept rather than the page's. */
	contentNote?: string;
}>;

/** A YAML value: a JSON string is a valid YAML double-quoted scalar, and escapes everything that needs it. */
function yamlString(value: string): string {
	return JSON.stringify(sanitizeLine(value));
}

/** The whole file: front matter, then the body. Every value is sanitized; an empty field is left out. */
export function articleFileText(fields: ArticleFields, body: string): string {
	const lines = ['---', `title: ${yamlString(fields.title)}`];
	const optional: Array<[string, string]> = [
		['source', fields.source],
		['author', fields.author],
	];
	for (const [key, value] of optional) {
		if (value) {
			lines.push(`${key}: ${yamlString(value)}`);
		}
	}

	lines.push(`date: ${yamlString(localTimestamp(fields.date))}`);
	const more: Array<[string, string]> = [
		['url', fields.url],
		['guid', fields.guid],
		['feed', fields.feed],
		['image', fields.image],
		['summary', fields.summary],
	];
	if (fields.tags.length > 0) {
		lines.push(
			`tags: [${fields.tags.map((tag) => yamlString(tag)).join(', ')}]`,
		);
	}

	for (const [key, value] of more) {
		if (value) {
			lines.push(`${key}: ${yamlString(value)}`);
		}
	}

	lines.push(`content: ${fields.content}`);
	if (fields.contentNote) {
		lines.push(`content_note: ${yamlString(fields.contentNote)}`);
	}

	lines.push('---', '', sanitizeDocument(body).trim(), '');
	return lines.join('\n');
}

const temporaryPrefix = '.gazette-';
const temporarySuffix = '.tmp';

/** Write a file so that it is either absent or whole: a temporary file in the same folder, then a rename. */
export function writeFileAtomic(file: string, text: string): void {
	const folder = path.dirname(file);
	const temporary = path.join(
		folder,
		`${temporaryPrefix}${randomBytes(6).toString('hex')}${temporarySuffix}`,
	);
	try {
		writeFileSync(temporary, text, {flag: 'wx'});
		renameSync(temporary, file);
	} catch (error) {
		rmSync(temporary, {force: true});
		throw error;
	}
}

/** Remove what an interrupted write left behind. Call only while no other refresh can write to the folder. */
export function removeLeftovers(folder: string): void {
	let names: string[];
	try {
		names = readdirSync(folder);
	} catch {
		return;
	}

	for (const name of names) {
		if (name.startsWith(temporaryPrefix) && name.endsWith(temporarySuffix)) {
			rmSync(path.join(folder, name), {force: true});
		}
	}
}

/** A link compared the way a feed's duplicates differ: no fragment, no `utm_` tracking, host in lower case. */
export function normalizeLink(link: string): string {
	try {
		const url = new URL(link);
		url.hash = '';
		for (const key of url.searchParams.keys()) {
			if (key.toLowerCase().startsWith('utm_')) {
				url.searchParams.delete(key);
			}
		}

		return url.href.replace(/\/$/, '');
	} catch {
		return link;
	}
}

/**
What a feed's folder already holds, for deduplication: by the hash of each guid and by day and title (both from the file names), and by link (read from the front matter of the files of the same day, only when asked).
*/
export class FolderContents {
	static read(folder: string): FolderContents {
		let names: string[] = [];
		try {
			names = readdirSync(folder);
		} catch {}

		return new FolderContents(folder, names);
	}

	readonly #folder: string;
	readonly #hashes = new Map<string, string>();
	readonly #daysAndTitles = new Set<string>();
	readonly #namesByDay = new Map<string, string[]>();
	readonly #linksByDay = new Map<string, Set<string>>();

	private constructor(folder: string, names: readonly string[]) {
		this.#folder = folder;
		for (const name of names) {
			const parsed = parseArticleFileName(name);
			if (parsed) {
				this.#add(name, parsed);
			}
		}
	}

	get size(): number {
		return this.#hashes.size;
	}

	hasGuid(guid: string): boolean {
		return this.#hashes.has(guidHash(guid));
	}

	/** The file of the item with this hash, if any. */
	nameOf(hash: string): string | undefined {
		return this.#hashes.get(hash);
	}

	/** Whether a file of that day has this title, as far as its name tells: a title with nothing to put in a name (no Latin letter or digit) is never matched. */
	hasTitleOn(day: string, title: string): boolean {
		const slug = slugify(title);
		return slug !== '' && this.#daysAndTitles.has(`${day}/${slug}`);
	}

	/** Whether a file of that day has this link (normalized). */
	hasLinkOn(day: string, link: string): boolean {
		if (!link) {
			return false;
		}

		let links = this.#linksByDay.get(day);
		if (!links) {
			links = new Set();
			for (const name of this.#namesByDay.get(day) ?? []) {
				const url = readFrontMatterUrl(path.join(this.#folder, name));
				if (url) {
					links.add(normalizeLink(url));
				}
			}

			this.#linksByDay.set(day, links);
		}

		return links.has(normalizeLink(link));
	}

	/** Note a file just written. */
	added(name: string, link: string): void {
		const parsed = parseArticleFileName(name);
		if (parsed) {
			this.#add(name, parsed);
			if (link) {
				this.#linksByDay.get(parsed.date)?.add(normalizeLink(link));
			}
		}
	}

	#add(name: string, parsed: ArticleFileName): void {
		this.#hashes.set(parsed.hash, name);
		this.#daysAndTitles.add(`${parsed.date}/${parsed.slug}`);
		const names = this.#namesByDay.get(parsed.date);
		if (names) {
			names.push(name);
		} else {
			this.#namesByDay.set(parsed.date, [name]);
		}
	}
}

/** The `url:` of a file's front matter, read from its first 4 KB only. */
function readFrontMatterUrl(file: string): string | undefined {
	let descriptor: number | undefined;
	try {
		descriptor = openSync(file, 'r');
		const buffer = new Uint8Array(4096);
		const length = readSync(descriptor, buffer, 0, buffer.length, 0);
		const head = new TextDecoder().decode(buffer.subarray(0, length));
		const match = /^url:\s*(?:"((?:[^"\\]|\\.)*)"|(\S+))\s*$/m.exec(head);
		if (!match) {
			return undefined;
		}

		return match[1] === undefined
			? match[2]
			: (JSON.parse(`"${match[1]}"`) as string);
	} catch {
		return undefined;
	} finally {
		if (descriptor !== undefined) {
			closeSync(descriptor);
		}
	}
}

export function ensureFolder(folder: string): void {
	mkdirSync(folder, {recursive: true});
}
