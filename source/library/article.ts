import type {Buffer} from 'node:buffer';
/** One article on disk, as the list and the reader see it. */
export type Article = Readonly<{
	/** The file name without `.md`, sanitized; `~2`, `~3`… when another folder has the same name. What the CLI takes. */
	id: string;
	/**
	What the article's reading state and comments are kept under: `guid:<guid>` or `url:<url>` from its front matter, else `file:<its folder's real path>/<file name>`. Stable whatever the order of the folders.
	*/
	key: string;
	path: string;
	/** The file's path as bytes, when its name is not valid UTF-8 (`path` then shows it with U+FFFD): open this one. */
	rawPath?: Buffer;
	title: string;
	source: string;
	author: string;
	/** ISO date (YYYY-MM-DD). */
	date: string;
	url: string;
	/** A feed's id for the item, when the front matter has one. */
	guid?: string;
	tags: readonly string[];
	summary: string;
	/** Fetched articles: the feed's address and the item's lead image. */
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
