import stripAnsi from 'strip-ansi';
import type {LayoutSection} from '../document/layout.js';
import type {ArticleDocument} from '../document/sections.js';
import {glyphs, theme} from '../terminal/theme.js';
import {sanitizeDocument, sanitizeLine} from '../terminal/sanitize.js';
import {fitLine} from '../terminal/wrap.js';
import type {CommentRecord} from './comment.js';
import {formatTime} from './export.js';
import {isEdited} from './model.js';
import {groupBySection, type Thread} from './threads.js';

/** The id of the Comments section every article ends with; a heading's slug never has the underscore. */
export const commentsSectionId = 'comments_';

export const commentSectionId = (commentId: string) => `comment_${commentId}`;

/** The comment a layout section shows, if it is one. */
export function commentIdOf(sectionId: string): string | undefined {
	return sectionId.startsWith('comment_')
		? sectionId.slice('comment_'.length)
		: undefined;
}

export const emptyCommentsText = [
	'No comments yet. Why don’t you start the discussion?',
	'Press c to leave a reply. Your email address will not be published.',
];

type RenderMarkdown = (markdown: string, width: number) => string[];

const plural = (n: number, one: string, many = `${one}s`) =>
	`${n} ${n === 1 ? one : many}`;

/** How many replies, at any depth, each comment of a thread has: one pass, children before parents. */
function replyCounts(thread: Thread): Map<Thread, number> {
	const order: Thread[] = [];
	const pending = [thread];
	for (let next = pending.pop(); next; next = pending.pop()) {
		order.push(next);
		for (const reply of next.replies) {
			pending.push(reply);
		}
	}

	const counts = new Map<Thread, number>();
	for (let index = order.length - 1; index >= 0; index--) {
		const current = order[index];
		let count = 0;
		for (const reply of current.replies) {
			count += 1 + (counts.get(reply) ?? 0);
		}

		counts.set(current, count);
	}

	return counts;
}

function withPlain(lines: string[]) {
	return {lines, plain: lines.map((line) => stripAnsi(line))};
}

/**
The Comments section and one folding section per comment, replies nested under their parents; the reader lays them out after the article like its own sections.
*/
export function commentSections(
	comments: readonly CommentRecord[],
	document: ArticleDocument,
	width: number,
	renderMarkdown: RenderMarkdown,
): LayoutSection[] {
	const groups = groupBySection(comments, document);
	const sections: LayoutSection[] = [
		{
			id: commentsSectionId,
			title: 'Comments',
			level: 1,
			parentId: undefined,
			summary:
				comments.length === 0
					? 'no comments yet'
					: plural(comments.length, 'comment'),
			badge:
				comments.length === 0
					? undefined
					: `${glyphs.draft} ${comments.length}`,
			body: () =>
				withPlain(
					comments.length === 0
						? emptyCommentsText.flatMap((line) =>
								fitLine(theme.text.dim(line), width),
							)
						: fitLine(
								theme.text.dim(
									`${plural(comments.length, 'comment')} · c to comment on the article · r to reply to the focused comment`,
								),
								width,
							),
				),
		},
	];

	const add = (
		thread: Thread,
		group: (typeof groups)[number],
		parentId: string,
		replies: number,
	) => {
		const {comment, depth} = thread;
		const indent = 2 + 2 * Math.min(depth, 8);
		const bodyWidth = Math.max(10, width - indent - 2);
		const edited = isEdited(comment)
			? ` · edited ${formatTime(comment.updatedAt)}`
			: '';
		sections.push({
			id: commentSectionId(comment.id),
			title: `${depth > 0 ? '↳ ' : ''}${sanitizeLine(comment.author)} · ${formatTime(comment.createdAt)}${edited}`,
			level: 2,
			indent,
			parentId,
			summary:
				replies > 0
					? plural(replies, 'reply', 'replies')
					: plural(comment.body.split(/\n\s*\n/).length, 'paragraph'),
			body() {
				const pad = ' '.repeat(indent + 2);
				const lines: string[] = [];
				if (depth === 0) {
					const about =
						group.sectionId === null
							? 'On the whole article'
							: group.orphaned
								? group.title
								: `On “${group.title}”`;
					lines.push(...fitLine(theme.text.dim(about), bodyWidth));
				}

				// A comment started on a quote holds it as a blockquote in its body already.
				if (comment.quote && !comment.body.includes(comment.quote)) {
					for (const line of sanitizeDocument(comment.quote).split('\n')) {
						lines.push(
							...fitLine(theme.quote.body(line), bodyWidth - 2).map(
								(piece) => `${theme.quote.bar(glyphs.quoteBar)} ${piece}`,
							),
						);
					}
				}

				if (lines.length > 0) {
					lines.push('');
				}

				lines.push(
					...renderMarkdown(
						keepLineBreaks(sanitizeDocument(comment.body)),
						bodyWidth,
					),
				);
				return withPlain(lines.map((line) => (line === '' ? '' : pad + line)));
			},
		});
	};

	for (const group of groups) {
		for (const thread of group.threads) {
			const replies = replyCounts(thread);
			// Depth first, iteratively: a reply chain is as deep as the data makes it.
			const pending: Array<{thread: Thread; parentId: string}> = [
				{thread, parentId: commentsSectionId},
			];
			for (let next = pending.pop(); next; next = pending.pop()) {
				add(next.thread, group, next.parentId, replies.get(next.thread) ?? 0);
				const parentId = commentSectionId(next.thread.comment.id);
				for (let index = next.thread.replies.length - 1; index >= 0; index--) {
					pending.push({thread: next.thread.replies[index], parentId});
				}
			}
		}
	}

	return sections;
}

/** A comment's line breaks are the writer's, as in a comment form on the web: each one becomes a markdown hard break. */
export function keepLineBreaks(body: string): string {
	return body.replaceAll(/([^\n])\n(?=[^\n])/g, '$1  \n');
}

/** Badges for the article's sections: how many comments each has. */
export function commentBadges(
	comments: readonly CommentRecord[],
): Map<string, string> {
	const counts = new Map<string, number>();
	for (const comment of comments) {
		if (comment.sectionId !== null) {
			counts.set(comment.sectionId, (counts.get(comment.sectionId) ?? 0) + 1);
		}
	}

	return new Map(
		[...counts].map(([id, count]) => [id, `${glyphs.draft} ${count}`]),
	);
}
