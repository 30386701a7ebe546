import type {Article} from '../library/article.js';

/** A command used wrongly: gazette says so, points to `--help` and exits with 2. */
export class UsageError extends Error {
	override name = 'UsageError';
}

/** A command that could not do what it was asked: gazette says why and exits with 1. */
export class CommandError extends Error {
	override name = 'CommandError';
}

/** The article a command names by its id. */
export function articleById(
	articles: readonly Article[],
	id: string | undefined,
): Article {
	if (!id) {
		throw new UsageError('which article? Give its id (see `gazette list`).');
	}

	const article = articles.find((entry) => entry.id === id);
	if (!article) {
		throw new CommandError(
			`no article with the id "${id}" (see \`gazette list\`).`,
		);
	}

	return article;
}
