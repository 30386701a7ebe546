import type {Buffer} from 'node:buffer';
/** One article on disk, as the list and the reader see it. */
export type Article = Readonly<{
	/** The file name without `.md`, sanitized. */
	id: string;
	path: string;
	/** The file's path as bytes, when its name is not valid UTF-8 (`path` then shows it with U+FFFD): open this one. */
	rawPath?: Buffer;
	title: string;
	source: string;
	author: string;
	/** ISO date (YYYY-MM-DD). */
	date: string;
	url: string;
	tags: readonly string[];
	summary: string;
	/** Fetched articles (issue 14): the item's id in its feed, the feed's address, the lead image. */
	guid?: string;
	feed?: string;
	image?: string;
	readingMinutes: number;
	/** Why the article cannot be shown; the article stays in the list, marked. */
	error?: string;
	/** Problems that did not stop the article from being shown (a bad date, a tag list of the wrong type). */
	warnings: readonly string[];
}>;

export type LoadedArticle = Article & Readonly<{body: string}>;

export const maxArticleBytes = 5 * 1024 * 1024;

export const wordsPerMinute = 230;
