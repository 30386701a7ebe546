import process from 'node:process';
import {text as readStream} from 'node:stream/consumers';
import {
	commentsToJson,
	commentsToMarkdown,
	commentsToText,
} from '../comments/export.js';
import {type ArticleDocument, parseDocument} from '../document/sections.js';
import type {Article} from '../library/article.js';
import {loadLibrary, openArticle} from '../library/load.js';
import {openStore, type Store} from '../store/store.js';
import {adoptLegacyKeys, saveComment} from '../store/writes.js';
import {articleById, CommandError, UsageError} from './errors.js';

type Flags = Readonly<{
	json: boolean;
	markdown: boolean;
	includeEmail: boolean;
	name?: string;
	email?: string;
	section?: string;
	replyTo?: string;
	text?: string;
}>;

type Options = Readonly<{
	folders: readonly string[];
	stateDir: string | undefined;
}>;

/** The article's sections, or why it cannot be read. */
function documentOf(article: Article): ArticleDocument | {error: string} {
	const loaded = openArticle(article);
	return loaded.error
		? {error: loaded.error}
		: parseDocument(loaded.body, {title: loaded.title});
}

/** `gazette comments` and `gazette comment`: the local comments, for scripts. */
export async function runCommentCommand(
	command: 'comments' | 'comment',
	rest: readonly string[],
	flags: Flags,
	options: Options,
): Promise<void> {
	const articles = loadLibrary(options.folders);
	const store = await openStore({stateDir: options.stateDir});
	adoptLegacyKeys(store, articles);
	for (const warning of store.warnings) {
		process.stderr.write(`gazette: ${warning}\n`);
	}

	try {
		if (command === 'comments') {
			printComments(articles, store, rest, flags);
		} else {
			await addComment(articles, store, rest, flags);
		}
	} finally {
		store.close();
	}
}

function printComments(
	articles: readonly Article[],
	store: Store,
	rest: readonly string[],
	flags: Flags,
): void {
	if (rest.length > 1) {
		throw new UsageError(
			`comments takes at most one article id (got ${rest.length}).`,
		);
	}

	if (flags.json && flags.markdown) {
		throw new UsageError('choose one of --json and --markdown.');
	}

	const article =
		rest[0] === undefined ? undefined : articleById(articles, rest[0]);
	const comments = store.comments(article?.key);
	const byKey = new Map(articles.map((entry) => [entry.key, entry]));
	const titles = new Map(
		articles.map((entry) => [
			entry.key,
			{title: entry.title, id: entry.id, url: entry.url},
		]),
	);
	const documents = new Map<string, ArticleDocument>();
	for (const key of new Set(comments.map((comment) => comment.articleId))) {
		const entry = byKey.get(key);
		// An article that cannot be read now still has its comments printed, under the section titles they were written with.
		const document = entry && !entry.error ? documentOf(entry) : undefined;
		if (document && !('error' in document)) {
			documents.set(key, document);
		}
	}

	const exportOptions = {
		includeEmail: flags.includeEmail,
		articles: titles,
		documents,
	};
	const output = flags.json
		? commentsToJson(comments, exportOptions)
		: flags.markdown
			? commentsToMarkdown(comments, exportOptions)
			: commentsToText(comments, exportOptions);
	if (output === '' && !flags.json) {
		process.stderr.write(
			article ? `No comments on "${article.id}" yet.\n` : 'No comments yet.\n',
		);
		return;
	}

	process.stdout.write(output.endsWith('\n') ? output : output + '\n');
}

async function addComment(
	articles: readonly Article[],
	store: Store,
	rest: readonly string[],
	flags: Flags,
): Promise<void> {
	if (rest.length !== 1) {
		throw new UsageError(
			'give exactly one article id: gazette comment <id> --name <name> [--text <text>].',
		);
	}

	const article = articleById(articles, rest[0]);
	const document = documentOf(article);
	if ('error' in document) {
		throw new CommandError(`cannot read "${article.id}": ${document.error}`);
	}

	let sectionId: string | null = null;
	let sectionTitle: string | undefined;
	let parentId: string | null = null;
	if (flags.replyTo) {
		const parent = store
			.comments(article.key)
			.find((comment) => comment.id === flags.replyTo);
		if (!parent) {
			throw new CommandError(
				`no comment with the id "${flags.replyTo}" on "${article.id}".`,
			);
		}

		parentId = parent.id;
		sectionId = parent.sectionId;
		sectionTitle = parent.sectionTitle;
	}

	if (flags.section) {
		const section = document.sections.find(
			(entry) => entry.id === flags.section,
		);
		if (!section) {
			throw new CommandError(
				`no section "${flags.section}" in "${article.id}"; its sections are: ${document.sections.map((entry) => entry.id).join(', ')}.`,
			);
		}

		sectionId = section.id;
		sectionTitle = section.title || undefined;
	}

	let body = flags.text;
	if (body === undefined) {
		if (process.stdin.isTTY) {
			throw new UsageError(
				'give the comment with --text, or pipe it on stdin.',
			);
		}

		body = await readStream(process.stdin);
	}

	const result = saveComment(
		store,
		{
			articleId: article.key,
			sectionId,
			...(sectionTitle ? {sectionTitle} : {}),
			quote: null,
			parentId,
			// Kept with the comment: it is still named if the article's file goes.
			articleTitle: article.title,
			...(article.url ? {articleUrl: article.url} : {}),
		},
		{name: flags.name ?? '', email: flags.email ?? '', body},
	);
	if (!result.ok) {
		throw new CommandError(Object.values(result.errors).join(' '));
	}

	if (!store.writable || store.unsaved > 0) {
		const {saving, warnings} = store.getSnapshot();
		throw new CommandError(
			`the comment was not saved: ${saving ?? warnings.at(-1) ?? 'the state folder cannot be written'}`,
		);
	}

	process.stdout.write(result.comment.id + '\n');
}
