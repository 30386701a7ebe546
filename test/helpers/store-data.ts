import type {CommentRecord} from '../../source/comments/comment.js';

/** A stored comment on article `a`, about the whole article, with `overrides`. */
export function sampleComment(
	overrides: Partial<CommentRecord> = {},
): CommentRecord {
	return {
		id: 'c1',
		articleId: 'a',
		sectionId: null,
		quote: null,
		parentId: null,
		author: 'Ada',
		email: '',
		body: 'Hi',
		createdAt: '2026-11-26T10:00:00.000Z',
		updatedAt: '2026-11-26T10:00:00.000Z',
		...overrides,
	};
}
