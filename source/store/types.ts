import type {FeedsState} from '../feeds/subscriptions.js';
/** Where the reader was in an article, independent of the terminal's width. */
export type ReadingPosition = {
	sectionId: string;
	lineInSection: number;
	/** How many lines the section had at the width the position was saved: at another width the line is scaled by it. */
	sectionLines?: number;
};

export type ArticleState = {
	/** Opened to the end, or marked read. */
	read: boolean;
	/** ISO time. */
	lastOpened?: string;
	position?: ReadingPosition;
	/** Ids of the folded sections. */
	collapsed: string[];
	bookmarked: boolean;
	/** Percent read, 0 to 100. */
	progress: number;
};

export type Settings = {
	/** The name last used for a comment. */
	name: string;
	email: string;
	theme: string;
	/** Widest text column, in display columns. */
	maxWidth: number;
};

/** A comment kept locally. `sectionId` null: about the whole article. */
export type CommentRecord = {
	id: string;
	articleId: string;
	sectionId: string | null;
	/** The section's title when the comment was written, shown if that section later vanishes. */
	sectionTitle?: string;
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

export type StoreData = {
	articles: Record<string, ArticleState>;
	settings: Settings;
	comments: CommentRecord[];
	drafts: Record<string, CommentDraft>;
	/** Subscriptions and fetch state (issue 14; store/feeds-schema.ts). */
	feeds: FeedsState;
};

export const defaultSettings: Settings = {
	name: '',
	email: '',
	theme: 'default',
	maxWidth: 100,
};

export const defaultArticleState = (): ArticleState => ({
	read: false,
	collapsed: [],
	bookmarked: false,
	progress: 0,
});
