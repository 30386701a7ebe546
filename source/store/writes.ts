/*
The writes the reader and the CLI share. Each is expressed against the state as the file has it when it is written (another window may have changed it since this one read it), and changes only the fields it is about.
*/
import {
	draftKey,
	type CommentDraft,
	type CommentRecord,
	type DraftTarget,
} from '../comments/comment.js';
import {
	createComment,
	editComment,
	validateComment,
	type CommentErrors,
	type CommentInput,
	type CommentTarget,
} from '../comments/model.js';
import type {ReadingPosition} from '../document/position.js';
import {setOwn} from './migrations.js';
import type {Store} from './store.js';

/** Where a comment goes: a new one about the target, or, with `editingId`, new text for that comment. */
export type SaveTarget = CommentTarget & Readonly<{editingId?: string | null}>;

export type SaveResult =
	| {ok: true; comment: CommentRecord; edited: boolean}
	| {ok: false; errors: CommentErrors};

/**
Save a comment from the composer or the CLI: validate the fields, create the comment (or edit the one being edited), remove the target's draft, and remember the name for the next comment. The email is remembered when the comment has one: an empty email field means "no email on this comment", not "forget my address".

Written at once (`immediate`). Nothing is written when validation fails.
*/
export function saveComment(
	store: Store,
	target: SaveTarget,
	input: CommentInput,
): SaveResult {
	const result = validateComment(input);
	if (!result.ok) {
		return result;
	}

	let comment: CommentRecord;
	const editingId = target.editingId ?? null;
	if (editingId === null) {
		comment = createComment(target, result.value);
	} else {
		const existing = store
			.comments(target.articleId)
			.find((entry) => entry.id === editingId);
		if (!existing) {
			return {
				ok: false,
				errors: {body: 'That comment was deleted meanwhile; copy your text.'},
			};
		}

		comment = editComment(existing, result.value);
	}

	const key = draftKey({...target, editingId});
	store.update(
		(data) => {
			const index = data.comments.findIndex((entry) => entry.id === comment.id);
			if (index === -1) {
				data.comments.push(comment);
			} else {
				// Only what an edit changes: another window may have changed nothing else, but say so in code.
				data.comments[index] = {
					...data.comments[index],
					author: comment.author,
					email: comment.email,
					body: comment.body,
					updatedAt: comment.updatedAt,
				};
			}

			Reflect.deleteProperty(data.drafts, key);
			data.settings.name = comment.author;
			if (comment.email !== '') {
				data.settings.email = comment.email;
			}
		},
		{immediate: true},
	);
	return {ok: true, comment, edited: editingId !== null};
}

/**
Delete a comment; its replies stay (they show as threads of their own).

@returns The deleted comment, for `restoreComment`; undefined when there was none with that id.
*/
export function deleteComment(
	store: Store,
	id: string,
): CommentRecord | undefined {
	const deleted = store.data.comments.find((comment) => comment.id === id);
	if (!deleted) {
		return undefined;
	}

	store.update(
		(data) => {
			data.comments = data.comments.filter((comment) => comment.id !== id);
		},
		{immediate: true},
	);
	return structuredClone(deleted);
}

/** Put a deleted comment back, as it was. Nothing happens if it is there already. */
export function restoreComment(store: Store, comment: CommentRecord): void {
	const restored = structuredClone(comment);
	store.update(
		(data) => {
			if (!data.comments.some((entry) => entry.id === restored.id)) {
				data.comments.push(restored);
			}
		},
		{immediate: true},
	);
}

/** What a draft is about, with the quote it starts from. */
export type DraftSubject = DraftTarget & Readonly<{quote: string | null}>;

/** The composer's fields. */
export type DraftFields = Readonly<{name: string; email: string; body: string}>;

/**
Keep what the composer holds, so that a crash loses at most the last moments of typing. An empty body deletes the draft.

Written after the store's debounce. @returns The draft's key.
*/
export function keepDraft(
	store: Store,
	target: DraftSubject,
	fields: DraftFields,
): string {
	const key = draftKey(target);
	const draft: CommentDraft = {
		articleId: target.articleId,
		sectionId: target.sectionId,
		quote: target.quote,
		parentId: target.parentId,
		editingId: target.editingId ?? null,
		name: fields.name,
		email: fields.email,
		body: fields.body,
		updatedAt: new Date().toISOString(),
	};
	store.update((data) => {
		if (fields.body.trim() === '') {
			Reflect.deleteProperty(data.drafts, key);
		} else {
			setOwn(data.drafts, key, draft);
		}
	});
	return key;
}

/** Mark an article read or unread: the user asked, so it is written at once. */
export function markRead(store: Store, key: string, read: boolean): void {
	store.updateArticle(key, {read}, {immediate: true});
}

/** Bookmark an article or remove its bookmark, written at once. */
export function setBookmarked(
	store: Store,
	key: string,
	bookmarked: boolean,
): void {
	store.updateArticle(key, {bookmarked}, {immediate: true});
}

/** Note when an article was opened. */
export function noteOpened(store: Store, key: string, now = new Date()): void {
	store.updateArticle(key, {lastOpened: now.toISOString()});
}

/** Where the reader is in an article, as the reader reports it. */
export type ReadingProgress = Readonly<{
	position: ReadingPosition;
	/** Ids of the folded sections. */
	collapsed: readonly string[];
	/** Percent read, 0 to 100. */
	progress: number;
}>;

/**
Save where the reader is. Reaching the end (100%) marks the article read; this never unmarks it, so a window scrolling an article does not undo another window's `m`.

Saved after the store's longer debounce for positions: scrolling writes rarely.
*/
export function saveReadingPosition(
	store: Store,
	key: string,
	{position, collapsed, progress}: ReadingProgress,
): void {
	const saved = {
		position: structuredClone(position),
		collapsed: [...collapsed],
	};
	store.updateArticle(
		key,
		(current) => {
			const read = current.read || progress >= 100;
			return {
				...saved,
				progress: read ? 100 : progress,
				...(read ? {read: true} : {}),
			};
		},
		{lazy: true},
	);
}

/** An article as the library names it: its id (what gazette 0.2 kept its state under) and its key (what it is kept under now). */
export type ArticleNames = Readonly<{id: string; key: string}>;

/**
Move state kept under an article's id (gazette 0.2 kept reading state, comments and drafts under the file name) to its key, for each article with nothing under its key yet. Run once the library is loaded and the store open; it writes nothing when there is nothing to move.

@returns How many articles' state moved.
*/
export function adoptLegacyKeys(
	store: Store,
	articles: readonly ArticleNames[],
): number {
	const {data} = store;
	const used = new Set<string>(Object.keys(data.articles));
	for (const comment of data.comments) {
		used.add(comment.articleId);
	}

	for (const draft of Object.values(data.drafts)) {
		used.add(draft.articleId);
	}

	const moves = new Map<string, string>();
	for (const {id, key} of articles) {
		if (id !== key && used.has(id) && !used.has(key)) {
			moves.set(id, key);
		}
	}

	if (moves.size === 0) {
		return 0;
	}

	store.update(
		(fresh) => {
			const taken = new Set<string>(Object.keys(fresh.articles));
			for (const comment of fresh.comments) {
				taken.add(comment.articleId);
			}

			// Another window may have moved it first, or kept new state under the key since.
			const pending = new Map([...moves].filter(([, key]) => !taken.has(key)));
			for (const [id, key] of pending) {
				if (Object.hasOwn(fresh.articles, id)) {
					setOwn(fresh.articles, key, fresh.articles[id]);
					Reflect.deleteProperty(fresh.articles, id);
				}
			}

			fresh.comments = fresh.comments.map((comment) => {
				const key = pending.get(comment.articleId);
				return key === undefined ? comment : {...comment, articleId: key};
			});
			for (const [draftId, draft] of Object.entries(fresh.drafts)) {
				const key = pending.get(draft.articleId);
				if (key !== undefined) {
					const moved = {...draft, articleId: key};
					Reflect.deleteProperty(fresh.drafts, draftId);
					setOwn(fresh.drafts, draftKey(moved), moved);
				}
			}
		},
		{immediate: true},
	);
	return moves.size;
}

/** An article about to be removed: what its comments should keep of it. */
export type ArticleName = Readonly<{key: string; title: string; url: string}>;

/**
Before an article's file is removed (`feeds remove --purge`), give its comments the article's title and web address where they lack them, so that `comments` still names the article. The comments themselves are never removed with their article.

@returns How many comments were given a name.
*/
export function keepArticleNames(
	store: Store,
	names: readonly ArticleName[],
): number {
	const byKey = new Map(names.map((name) => [name.key, name]));
	const needs = (comment: {articleId: string; articleTitle?: string}) =>
		byKey.has(comment.articleId) && !comment.articleTitle;
	const count = store.data.comments.filter((comment) => needs(comment)).length;
	if (count === 0) {
		return 0;
	}

	store.update(
		(data) => {
			data.comments = data.comments.map((comment) => {
				const name = byKey.get(comment.articleId);
				return name && !comment.articleTitle
					? {
							...comment,
							articleTitle: name.title,
							...(name.url && !comment.articleUrl
								? {articleUrl: name.url}
								: {}),
						}
					: comment;
			});
		},
		{immediate: true},
	);
	return count;
}
