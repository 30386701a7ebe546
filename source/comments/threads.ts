import type {ArticleDocument} from '../document/sections.js';
import type {CommentRecord} from './comment.js';

/** A comment and its replies; `depth` 0 is a thread's first comment. */
export type Thread = {comment: CommentRecord; replies: Thread[]; depth: number};

export type ThreadEntry = {comment: CommentRecord; depth: number};

/** The comments about one part of the article, as the comments pane lists them. */
export type SectionGroup = {
	/** Null: about the whole article. */
	sectionId: CommentRecord['sectionId'];
	title: string;
	/** The section is gone from the article (it was renamed or removed since the comments were written). */
	orphaned: boolean;
	threads: Thread[];
};

export const wholeArticleTitle = 'The whole article';

/** Shown for the lede, which has no heading of its own. */
export const ledeTitle = 'The opening';

function time(comment: CommentRecord): number {
	const parsed = Date.parse(comment.createdAt);
	return Number.isNaN(parsed) ? 0 : parsed;
}

const byCreation = (a: CommentRecord, b: CommentRecord) => time(a) - time(b);

/**
Nest replies under the comments they answer, oldest first at every level.

A reply whose parent is gone (deleted) starts a thread of its own; so does a comment caught in a parent loop, which only corrupted data can hold.
*/
export function buildThreads(comments: readonly CommentRecord[]): Thread[] {
	const sorted = [...comments].sort(byCreation);
	const ids = new Set(sorted.map((comment) => comment.id));
	const children = new Map<string, CommentRecord[]>();
	for (const comment of sorted) {
		if (
			comment.parentId !== null &&
			comment.parentId !== comment.id &&
			ids.has(comment.parentId)
		) {
			const siblings = children.get(comment.parentId) ?? [];
			siblings.push(comment);
			children.set(comment.parentId, siblings);
		}
	}

	const placed = new Set<CommentRecord>();
	// Iterative, not recursive: a reply chain is as deep as the data makes it.
	const grow = (root: CommentRecord): Thread => {
		placed.add(root);
		const top: Thread = {comment: root, replies: [], depth: 0};
		const pending: Thread[] = [top];
		for (let next = pending.pop(); next; next = pending.pop()) {
			for (const reply of children.get(next.comment.id) ?? []) {
				if (!placed.has(reply)) {
					placed.add(reply);
					const thread = {comment: reply, replies: [], depth: next.depth + 1};
					next.replies.push(thread);
					pending.push(thread);
				}
			}
		}

		return top;
	};

	const isRoot = (comment: CommentRecord) =>
		comment.parentId === null ||
		comment.parentId === comment.id ||
		!ids.has(comment.parentId);
	const threads = sorted
		.filter((comment) => isRoot(comment))
		.map((comment) => grow(comment));

	// Whatever is left sits in a loop of parents: start a thread at its oldest comment.
	for (const comment of sorted) {
		if (!placed.has(comment)) {
			threads.push(grow(comment));
		}
	}

	return threads.sort((a, b) => byCreation(a.comment, b.comment));
}

/** Every comment of the threads in display order: each comment, then its replies. */
export function flattenThreads(threads: readonly Thread[]): ThreadEntry[] {
	const entries: ThreadEntry[] = [];
	const pending = [...threads].reverse();
	for (let thread = pending.pop(); thread; thread = pending.pop()) {
		entries.push({comment: thread.comment, depth: thread.depth});
		for (let index = thread.replies.length - 1; index >= 0; index--) {
			pending.push(thread.replies[index]);
		}
	}

	return entries;
}

/** The number of comments in a thread, its first comment included. */
export function threadSize(thread: Thread): number {
	let size = 0;
	const pending = [thread];
	for (let next = pending.pop(); next; next = pending.pop()) {
		size++;
		for (const reply of next.replies) {
			pending.push(reply);
		}
	}

	return size;
}

/**
Group one article's threads by what they are about: the whole article first, then the sections in the article's order, then sections that no longer exist.

A thread belongs to its first comment's section, so replies stay with what they answer. Sections without comments are left out.
*/
export function groupBySection(
	comments: readonly CommentRecord[],
	document: ArticleDocument,
): SectionGroup[] {
	const bySection = new Map<CommentRecord['sectionId'], Thread[]>();
	for (const thread of buildThreads(comments)) {
		const {sectionId} = thread.comment;
		const threads = bySection.get(sectionId) ?? [];
		threads.push(thread);
		bySection.set(sectionId, threads);
	}

	const groups: SectionGroup[] = [];
	const wholeArticle = bySection.get(null);
	if (wholeArticle) {
		groups.push({
			sectionId: null,
			title: wholeArticleTitle,
			orphaned: false,
			threads: wholeArticle,
		});
	}

	const known = new Set<string>();
	for (const section of document.sections) {
		known.add(section.id);
		const threads = bySection.get(section.id);
		if (threads) {
			groups.push({
				sectionId: section.id,
				title: section.title || ledeTitle,
				orphaned: false,
				threads,
			});
		}
	}

	// Map order is first-thread order, so the orphaned groups come oldest first.
	for (const [sectionId, threads] of bySection) {
		if (sectionId !== null && !known.has(sectionId)) {
			const title =
				threads.find((thread) => thread.comment.sectionTitle)?.comment
					.sectionTitle ?? sectionId;
			groups.push({
				sectionId,
				title: `Earlier section: ${title}`,
				orphaned: true,
				threads,
			});
		}
	}

	return groups;
}

/** How many comments, replies included, are about each section (null: the whole article), counting replies with their thread. */
export function countBySection(
	comments: readonly CommentRecord[],
): Map<CommentRecord['sectionId'], number> {
	const counts = new Map<CommentRecord['sectionId'], number>();
	for (const thread of buildThreads(comments)) {
		const {sectionId} = thread.comment;
		counts.set(sectionId, (counts.get(sectionId) ?? 0) + threadSize(thread));
	}

	return counts;
}
