/**
`gazette search <query>`: the full text of every article searched through the article index, best matches first, each with its matching line. For scripts: `--json`.
*/
import process from 'node:process';
import {openLibraryIndex} from '../library/article-index.js';
import {indexProgress} from '../terminal/index-progress.js';
import {safeJson} from '../terminal/safe-json.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {UsageError} from './errors.js';

export type SearchFlags = Readonly<{json: boolean; limit?: string}>;

export const defaultSearchLimit = 20;

function parseLimit(value: string | undefined): number {
	if (value === undefined) {
		return defaultSearchLimit;
	}

	const limit = Number(value);
	if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
		throw new UsageError(
			`--limit must be a whole number from 1 to 10000, not "${value}".`,
		);
	}

	return limit;
}

/** The results as text (a line per article, its matching line under it) or JSON. */
export function runSearch(
	words: readonly string[],
	flags: SearchFlags,
	folders: readonly string[],
	write: (text: string) => void = (text) => process.stdout.write(text),
): number {
	const query = words.join(' ').trim();
	if (query === '') {
		throw new UsageError('search for what? gazette search <words>.');
	}

	const limit = parseLimit(flags.limit);
	// A quick check (new and removed files): the results shown are checked against their files.
	const index = openLibraryIndex(folders, {
		check: 'quick',
		onProgress: indexProgress(),
	});
	try {
		const results = index.search(query, {limit});
		if (flags.json) {
			write(
				`${safeJson(
					results.map(({article, snippet, line, score}) => ({
						id: article.id,
						title: article.title,
						source: article.source,
						date: article.date,
						url: article.url,
						snippet,
						line,
						score: Number(score.toFixed(4)),
					})),
				)}\n`,
			);
			return results.length;
		}

		if (results.length === 0) {
			process.stderr.write(`No article has ${sanitizeLine(query)}.\n`);
			return 0;
		}

		const idWidth = Math.max(...results.map(({article}) => article.id.length));
		const lines = results.flatMap(({article, snippet}) => [
			[
				article.id.padEnd(idWidth),
				article.date || '----------',
				`${article.source ? `${article.source} · ` : ''}${article.title}`,
			].join('  '),
			...(snippet ? [`    ${snippet}`] : []),
		]);
		write(`${lines.join('\n')}\n`);
		return results.length;
	} finally {
		index.close();
	}
}
