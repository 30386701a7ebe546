/** A comment kept locally. `sectionId` null: about the whole article. */
export type CommentRecord = {
	id: string;
	/** The key of the article's state (`Article.key`): what the comment is attached to. */
	articleId: string;
	sectionId: string | null;
	/** The section's title when the comment was written, shown if that section later vanishes. */
	sectionTitle?: string;
	/** The article's title and web address when the comment was written (or before its file was removed): the comment is still named by them when the article is gone. */
	articleTitle?: string;
	articleUrl?: string;
	quote: string | null;
	parentId: string | null;
	author: string;
	email: string;
	body: string;
	createdAt: string;
	updatedAt: string;
};

/** What the composer holds before it is saved, kept so that a crash loses at most a second of typing. */
export type CommentDraft = {
	articleId: string;
	sectionId: string | null;
	quote: string | null;
	parentId: string | null;
	/** Set when editing an existing comment. */
	editingId: string | null;
	name: string;
	email: string;
	body: string;
	updatedAt: string;
};

/** What a draft is about: the article and section, the comment it answers, or the comment it edits. */
export type DraftTarget = Readonly<{
	articleId: string;
	sectionId: string | null;
	parentId: string | null;
	editingId?: string | null;
}>;

/**
The key a draft is kept under: one per article and section, or per reply target, or per edited comment, so that reopening the composer on the same target finds it again.
*/
export function draftKey(target: DraftTarget): string {
	const article = encodeURIComponent(target.articleId);
	if (target.editingId) {
		return `${article}/edit/${encodeURIComponent(target.editingId)}`;
	}

	if (target.parentId !== null) {
		return `${article}/reply/${encodeURIComponent(target.parentId)}`;
	}

	if (target.sectionId !== null) {
		return `${article}/section/${encodeURIComponent(target.sectionId)}`;
	}

	return `${article}/article`;
}
