import {readdirSync, readFileSync, statSync, type Stats} from 'node:fs';
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
import {plainInline} from './plain-text.js';

export class LibraryError extends Error {
	override name = 'LibraryError';
}

/** Read every `.md` file of the folders, newest first. A file that cannot be read becomes an article marked with its error. */
export function loadLibrary(folders: readonly string[]): Article[] {
	const articles: Article[] = [];
	const seen = new Set<string>();
	for (const folder of folders) {
		for (const file of listArticleFiles(folder)) {
			const article = readArticle(path.join(folder, file));
			let {id} = article;
			for (let n = 2; seen.has(id); n++) {
				id = `${article.id}~${n}`;
			}

			seen.add(id);
			articles.push(
				id === article.id
					? withoutBody(article)
					: {...withoutBody(article), id},
			);
		}
	}

	return articles.sort(newestFirst);
}

export function listArticleFiles(folder: string): string[] {
	let stats: Stats;
	try {
		stats = statSync(folder);
	} catch {
		throw new LibraryError(`article folder not found: ${sanitizeLine(folder)}`);
	}

	if (!stats.isDirectory()) {
		throw new LibraryError(`not a folder: ${sanitizeLine(folder)}`);
	}

	try {
		return readdirSync(folder)
			.filter((name) => name.toLowerCase().endsWith('.md'))
			.sort();
	} catch (error) {
		throw new LibraryError(
			`cannot read article folder ${sanitizeLine(folder)}: ${reasonOf(error)}`,
		);
	}
}

/** Read one article file with its body. Never throws: problems become `error`. */
export function readArticle(filePath: string): LoadedArticle {
	const id =
		sanitizeLine(path.basename(filePath).replace(/\.md$/i, '')) || '(unnamed)';
	const fallback = {
		id,
		path: filePath,
		title: id,
		source: '',
		author: '',
		date: '',
		url: '',
		tags: [],
		summary: '',
		readingMinutes: 0,
		warnings: [],
		body: '',
	};

	let stats: Stats;
	try {
		stats = statSync(filePath);
	} catch (error) {
		return {...fallback, error: `cannot open: ${reasonOf(error)}`};
	}

	const modified = localDate(stats.mtime);
	if (stats.isDirectory()) {
		return {...fallback, date: modified, error: 'is a folder, not a file'};
	}

	if (stats.size > maxArticleBytes) {
		return {
			...fallback,
			date: modified,
			error: `too large to show: ${formatBytes(stats.size)} (the limit is ${formatBytes(maxArticleBytes)})`,
		};
	}

	let bytes;
	try {
		bytes = readFileSync(filePath);
	} catch (error) {
		return {
			...fallback,
			date: modified,
			error: `cannot read: ${reasonOf(error)}`,
		};
	}

	const decoded = decodeArticleBytes(bytes);
	if ('error' in decoded) {
		return {...fallback, date: modified, error: decoded.error};
	}

	const text = sanitizeDocument(decoded.text);
	if (text.trim() === '') {
		return {...fallback, date: modified, error: 'empty file'};
	}

	const parsed = parseFrontMatter(text);
	if ('error' in parsed) {
		return {...fallback, date: modified, error: parsed.error};
	}

	const {data, body, warnings} = parsed;
	if (body.trim() === '') {
		return {
			...fallback,
			...data,
			date: data.date ?? modified,
			warnings,
			error: 'no article text after the front matter',
		};
	}

	return {
		id,
		path: filePath,
		title: data.title ?? firstHeading(body) ?? id,
		source: data.source ?? '',
		author: data.author ?? '',
		date: data.date ?? modified,
		url: data.url ?? '',
		tags: data.tags ?? [],
		summary: data.summary ?? '',
		readingMinutes: readingMinutes(body),
		warnings,
		body,
	};
}

export function findArticle(
	articles: readonly Article[],
	id: string,
): Article | undefined {
	return articles.find((article) => article.id === id);
}

export function readingMinutes(body: string): number {
	const words = body
		.split(/\s+/)
		.filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
	// CJK text has no spaces: count its characters as words.
	const ideographs =
		body.match(
			/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu,
		)?.length ?? 0;
	return Math.max(1, Math.round((words + ideographs) / wordsPerMinute));
}

function firstHeading(body: string): string | undefined {
	let inFence = false;
	for (const line of body.split('\n')) {
		if (/^\s{0,3}(```|~~~)/.test(line)) {
			inFence = !inFence;
		} else if (!inFence) {
			const match = /^\s{0,3}#\s+(.+?)\s*#*\s*$/.exec(line);
			if (match) {
				return sanitizeLine(plainInline(match[1]));
			}
		}
	}

	return undefined;
}

function withoutBody({body: _body, ...article}: LoadedArticle): Article {
	return article;
}

function newestFirst(a: Article, b: Article): number {
	return b.date.localeCompare(a.date) || a.title.localeCompare(b.title);
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
