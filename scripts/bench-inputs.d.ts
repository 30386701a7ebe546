// Types of scripts/bench-inputs.js, which stays JavaScript: scripts/bench-render.js runs it with plain node.

/** A small seeded PRNG (Park–Miller): numbers in [0, 1). */
export function random(seed: number): () => number;

/** One large article of about `bytes` bytes in `sections` sections. */
export function largeArticle(options?: {
	sections?: number;
	bytes?: number;
	seed?: number;
	date?: string;
}): string;

/** The query typed in the 10,000-article filter test. */
export const filterQuery: string;

/** What the list shows of an article: enough to compute the filter's counts. */
export type ListedArticle = {title: string; source: string; tags: string[]};

/** Write `count` small articles into `folder` and return what the list shows of each. */
export function writeManyArticles(
	folder: string,
	options?: {count?: number; seed?: number},
): ListedArticle[];

/** How many articles gazette's list filter keeps for `query`. */
export function expectedMatches(
	entries: readonly ListedArticle[],
	query: string,
): number;

/** Copy the bundled articles (*.md) into `folder`. */
export function copyBundledArticles(from: string, folder: string): void;

/** Text of about `bytes` bytes to paste into the composer, ending with `lastLine`. */
export function pastedText(
	bytes: number,
	lastLine: string,
	seed?: number,
): string;
