import type {ArticleDocument} from '../document/sections.js';
import {safeJson} from '../terminal/safe-json.js';
import {sanitizeLine, sanitizeText} from '../terminal/sanitize.js';
import type {CommentRecord} from './comment.js';
import {isEdited, isEmail, quoteAsMarkdown} from './model.js';
import {
	buildThreads,
	flattenThreads,
	groupBySection,
	ledeTitle,
	wholeArticleTitle,
	type ThreadEntry,
} from './threads.js';

export type ExportOptions = Readonly<{
	/** Emails are kept locally and left out of every export unless asked for. */
	includeEmail?: boolean;
	/** The articles by the key their comments carry (`articleId`): their title, the id the CLI takes, and their web address. An article missing here is named by the title and address its comments kept, else by its key. */
	articles?: ReadonlyMap<
		string,
		Readonly<{title: string; id?: string; url?: string}>
	>;
	/** Parsed articles by key: threads then follow the article's section order, and section titles are the current ones. */
	documents?: ReadonlyMap<string, ArticleDocument>;
}>;

type ExportEntry = ThreadEntry & {threadId: string};

type ArticleComments = {
	/** What the comments carry: the article's key. */
	articleId: string;
	/** The id the CLI takes, or the key for an article not in the library. */
	shownId: string;
	title: string | undefined;
	/** The article's web address, where the comments can be posted. */
	url: string | undefined;
	entries: ExportEntry[];
};

/** An ISO time as `YYYY-MM-DD HH:MM` in UTC; anything unparsable is returned as it is. */
export function formatTime(iso: string): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) {
		return iso;
	}

	return date.toISOString().slice(0, 16).replace('T', ' ');
}

/** Articles by id, each article's comments in display order with the id of the thread they belong to. */
function orderComments(
	comments: readonly CommentRecord[],
	options: ExportOptions,
): ArticleComments[] {
	const byArticle = new Map<string, CommentRecord[]>();
	for (const comment of comments) {
		const list = byArticle.get(comment.articleId) ?? [];
		list.push(comment);
		byArticle.set(comment.articleId, list);
	}

	const articleIds = [...byArticle.keys()].sort((a, b) =>
		a < b ? -1 : a > b ? 1 : 0,
	);
	return articleIds.map((articleId) => {
		const articleComments = byArticle.get(articleId)!;
		const document = options.documents?.get(articleId);
		const threads = document
			? groupBySection(articleComments, document).flatMap(
					(group) => group.threads,
				)
			: buildThreads(articleComments);
		let threadId = '';
		const entries = flattenThreads(threads).map((entry) => {
			if (entry.depth === 0) {
				threadId = entry.comment.id;
			}

			return {...entry, threadId};
		});
		const article = options.articles?.get(articleId);
		// What the comments kept of an article whose file is gone.
		const kept = articleComments.find((comment) => comment.articleTitle);
		const keptUrl = articleComments.find((comment) => comment.articleUrl);
		return {
			articleId,
			shownId: article?.id ?? articleId,
			title: article?.title ?? kept?.articleTitle,
			url:
				article?.url === undefined || article.url === ''
					? keptUrl?.articleUrl
					: article.url,
			entries,
		};
	});
}

/** The section's current title, else the title it had when the comment was written; undefined for the whole article. */
function sectionTitle(
	comment: CommentRecord,
	options: ExportOptions,
): string | undefined {
	if (comment.sectionId === null) {
		return undefined;
	}

	const section = options.documents
		?.get(comment.articleId)
		?.sections.find((candidate) => candidate.id === comment.sectionId);
	if (section) {
		return section.title || ledeTitle;
	}

	return comment.sectionTitle ?? comment.sectionId;
}

/** Replies deeper than this are shown at this depth: a long chain stays readable and its output linear in size. */
const maxShownDepth = 8;

const normalizeLineEndings = (text: string) => text.replaceAll(/\r\n?/g, '\n');

/**
The comments as a pretty JSON array, for scripts and backups.

Each object carries its `threadId` (the id of its thread's first comment). The email is left out unless `includeEmail`.
*/
export function commentsToJson(
	comments: readonly CommentRecord[],
	options: ExportOptions = {},
): string {
	const objects = orderComments(comments, options).flatMap((article) =>
		article.entries.map(({comment, threadId}) => ({
			id: comment.id,
			articleId: article.shownId,
			articleKey: comment.articleId,
			articleTitle: article.title ?? null,
			articleUrl: article.url ?? null,
			sectionId: comment.sectionId,
			sectionTitle: sectionTitle(comment, options) ?? null,
			quote: comment.quote,
			parentId: comment.parentId,
			threadId,
			author: comment.author,
			...(options.includeEmail ? {email: comment.email} : {}),
			body: comment.body,
			createdAt: comment.createdAt,
			updatedAt: comment.updatedAt,
		})),
	);

	return `${safeJson(objects)}\n`;
}

/** Backslash-escape what markdown would read as markup in a one-line value (a name, a title). */
function escapeMarkdown(text: string): string {
	return text.replaceAll(/[\\`*_[\]<>~&]/g, String.raw`\$&`);
}

/** A line of a quote, as text: markup escaped, and nothing at its start that would make it a heading, a rule, a list or a fence. */
function escapeLine(line: string): string {
	return escapeMarkdown(line).replace(
		/^(\s*)([#=+\-|]|\d+[.)])/,
		String.raw`$1\$2`,
	);
}

/** A body as a fenced block, with a fence longer than any run of backticks in it: nothing in it can close the fence, start a heading, or pass HTML through. */
function fenced(text: string): string {
	let longest = 0;
	for (const run of text.matchAll(/`+/g)) {
		longest = Math.max(longest, run[0].length);
	}

	const fence = '`'.repeat(Math.max(3, longest + 1));
	return `${fence}\n${text}\n${fence}`;
}

function blockquote(text: string, prefix = '> '): string[] {
	return text
		.split('\n')
		.map((line) =>
			line.trim() === '' ? prefix.trimEnd() : `${prefix}${line}`,
		);
}

function markdownComment(
	{comment, depth}: ExportEntry,
	root: CommentRecord,
	options: ExportOptions,
): string[] {
	// A stored email from before the stricter check is shown as text, never as a link or markup.
	const email =
		options.includeEmail && comment.email !== ''
			? isEmail(comment.email)
				? ` <${comment.email}>`
				: ` (${escapeMarkdown(sanitizeLine(comment.email))})`
			: '';
	const edited = isEdited(comment)
		? ` (edited ${formatTime(comment.updatedAt)})`
		: '';
	const paragraphs = [
		`**${escapeMarkdown(sanitizeLine(comment.author))}**${email} · ${sanitizeLine(`${formatTime(comment.createdAt)}${edited}`)}`,
	];

	// A reply is about what its thread is about: say so only when it points somewhere else.
	const title = sectionTitle(comment, options);
	if (
		title !== undefined &&
		(depth === 0 || comment.sectionId !== root.sectionId)
	) {
		paragraphs.push(`_On "${escapeMarkdown(sanitizeLine(title))}"_`);
	}

	let body = normalizeLineEndings(comment.body);
	if (comment.quote !== null && comment.quote.trim() !== '') {
		paragraphs.push(
			blockquote(
				sanitizeText(normalizeLineEndings(comment.quote).trim())
					.split('\n')
					.map((line) => escapeLine(line))
					.join('\n'),
			).join('\n'),
		);
		// A comment started on a quote begins with that quote: it is printed once, above, as a quote.
		const prefill = quoteAsMarkdown(comment.quote);
		if (body.startsWith(prefill)) {
			body = body.slice(prefill.length);
		} else if (body.startsWith(prefill.trimEnd())) {
			body = body.slice(prefill.trimEnd().length).replace(/^\n+/, '');
		}
	}

	paragraphs.push(fenced(sanitizeText(body)));

	const lines = paragraphs.join('\n\n').split('\n');
	// Replies sit in blockquotes nested once per level, which every markdown renderer on the web shows as indented; deeper than a few levels the nesting stops growing.
	return depth === 0
		? lines
		: blockquote(lines.join('\n'), '> '.repeat(Math.min(depth, maxShownDepth)));
}

/**
The comments as markdown, ready to paste under the article on the web: a `##` heading per article, threads separated by rules, replies in nested blockquotes.

Control characters show as visible stand-ins. The email is left out unless `includeEmail`.
*/
export function commentsToMarkdown(
	comments: readonly CommentRecord[],
	options: ExportOptions = {},
): string {
	const articles = orderComments(comments, options).map((article) => {
		const threads: string[][] = [];
		let root: CommentRecord | undefined;
		for (const entry of article.entries) {
			if (entry.depth === 0 || root === undefined) {
				root = entry.comment;
				threads.push([]);
			}

			// Each comment is a block of its own: a blank line closes the reply before it, so siblings do not run together.
			threads.at(-1)!.push(markdownComment(entry, root, options).join('\n'));
		}

		// The article's address under its title: where to post them.
		const address =
			article.url && /^https?:\/\//i.test(article.url)
				? `\n\n<${sanitizeLine(article.url).replaceAll(/[<>\s]/g, encodeURIComponent)}>`
				: '';
		const heading = `## ${escapeMarkdown(sanitizeLine(article.title ?? article.shownId))}${address}`;
		return `${heading}\n\n${threads.map((thread) => thread.join('\n\n')).join('\n\n---\n\n')}`;
	});

	return articles.length === 0 ? '' : `${articles.join('\n\n')}\n`;
}

/**
The comments as a plain listing for the terminal: per comment a line with the article, section, author and time, then the quote and body indented; replies indented under what they answer.

Everything is sanitized, so control characters in comments show instead of acting on the terminal.
*/
export function commentsToText(
	comments: readonly CommentRecord[],
	options: ExportOptions = {},
): string {
	const blocks = orderComments(comments, options).flatMap((article) =>
		article.entries.map(({comment, depth}) => {
			const indent = '  '.repeat(Math.min(depth, maxShownDepth));
			const author =
				options.includeEmail && comment.email !== ''
					? `${comment.author} <${comment.email}>`
					: comment.author;
			const edited = isEdited(comment)
				? ` (edited ${formatTime(comment.updatedAt)})`
				: '';
			const header = [
				article.shownId,
				sectionTitle(comment, options) ?? wholeArticleTitle.toLowerCase(),
				author,
				`${formatTime(comment.createdAt)}${edited}`,
			]
				.map((part) => sanitizeLine(part))
				.join(' · ');

			const lines = [`${indent}${depth > 0 ? '↳ ' : ''}${header}`];
			if (comment.quote !== null && comment.quote.trim() !== '') {
				lines.push(
					...sanitizeText(normalizeLineEndings(comment.quote).trim())
						.split('\n')
						.map((line) => `${indent}    > ${line}`),
				);
			}

			lines.push(
				...sanitizeText(normalizeLineEndings(comment.body))
					.split('\n')
					.map((line) => (line === '' ? '' : `${indent}    ${line}`)),
			);
			return lines.join('\n');
		}),
	);

	return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}
