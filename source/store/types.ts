import type {CommentDraft, CommentRecord} from '../comments/comment.js';
import type {ReadingPosition} from '../document/position.js';
import type {FeedsState} from '../feeds/subscriptions.js';

// Re-exported while the UI moves its imports to the modules that own these types.
export type {CommentDraft, CommentRecord} from '../comments/comment.js';
export type {ReadingPosition} from '../document/position.js';

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
	/** The list's order, as `S` last left it. */
	listSort?: string;
	/** False: no mouse reporting, so that the terminal's own selection works. */
	mouse?: boolean;
	/** Retention for feeds without their own (`gazette feeds set --default`): days, and newest items, kept. */
	keepDays?: number;
	keepItems?: number;
};

export type StoreData = {
	articles: Record<string, ArticleState>;
	settings: Settings;
	comments: CommentRecord[];
	drafts: Record<string, CommentDraft>;
	/** Subscriptions and what each feed's last fetch left (validators, failures). */
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
