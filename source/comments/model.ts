import {randomUUID} from 'node:crypto';
import type {CommentRecord} from './comment.js';

export const maxNameLength = 100;
export const maxBodyLength = 1_000_000;

/** What the composer's fields hold once they pass validation. */
export type CommentValue = Readonly<{
	author: string;
	email: string;
	body: string;
}>;

export type CommentInput = Readonly<{
	name: string;
	email: string;
	body: string;
}>;

export type CommentErrors = {name?: string; email?: string; body?: string};

export type ValidationResult =
	{ok: true; value: CommentValue} | {ok: false; errors: CommentErrors};

/** Where a new comment points: the article, one of its sections (null: the whole article), a quote, the comment it answers. */
export type CommentTarget = Readonly<
	Pick<
		CommentRecord,
		'articleId' | 'sectionId' | 'sectionTitle' | 'quote' | 'parentId'
	>
>;

// Something@something.something, with no spaces or control characters anywhere.
const emailPattern = /^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+\.[^\s@\p{Cc}]+$/u;

/**
Check the composer's fields and normalise them for storage.

Control characters are kept as typed: they are made visible where comments are shown, not here.
*/
export function validateComment(input: CommentInput): ValidationResult {
	const errors: CommentErrors = {};

	// A name is one line: newlines (pasted or typed) become single spaces.
	const author = input.name.replaceAll(/\s*[\r\n]+\s*/g, ' ').trim();
	if (author === '') {
		errors.name = 'Name is required.';
	} else if ([...author].length > maxNameLength) {
		errors.name = `Name must be at most ${maxNameLength} characters.`;
	}

	const email = input.email.trim();
	if (email !== '' && !emailPattern.test(email)) {
		errors.email = 'That does not look like an email address.';
	}

	const body = input.body.trimEnd();
	if (body.trim() === '') {
		errors.body = 'Comment is required.';
	} else if (body.length > maxBodyLength) {
		errors.body = `Comment must be at most ${maxBodyLength.toLocaleString('en-US')} characters.`;
	}

	if (
		errors.name !== undefined ||
		errors.email !== undefined ||
		errors.body !== undefined
	) {
		return {ok: false, errors};
	}

	return {ok: true, value: {author, email, body}};
}

export function createComment(
	target: CommentTarget,
	value: CommentValue,
	now = new Date(),
): CommentRecord {
	const time = now.toISOString();
	return {
		id: randomUUID(),
		articleId: target.articleId,
		sectionId: target.sectionId,
		// Left out rather than stored as undefined, so the record round-trips through JSON unchanged.
		...(target.sectionTitle === undefined
			? {}
			: {sectionTitle: target.sectionTitle}),
		quote: target.quote,
		parentId: target.parentId,
		author: value.author,
		email: value.email,
		body: value.body,
		createdAt: time,
		updatedAt: time,
	};
}

/** The comment with new text: what it is about and when it was first written stay. */
export function editComment(
	comment: CommentRecord,
	value: CommentValue,
	now = new Date(),
): CommentRecord {
	return {
		...comment,
		author: value.author,
		email: value.email,
		body: value.body,
		updatedAt: now.toISOString(),
	};
}

export function isEdited(comment: CommentRecord): boolean {
	const created = Date.parse(comment.createdAt);
	const updated = Date.parse(comment.updatedAt);
	if (Number.isNaN(created) || Number.isNaN(updated)) {
		return comment.updatedAt !== comment.createdAt;
	}

	return updated > created;
}

/** The quote as a markdown blockquote and a blank line, to start a comment's body with. */
export function quoteAsMarkdown(quote: string): string {
	const lines = quote.replaceAll(/\r\n?/g, '\n').trim().split('\n');
	return `${lines.map((line) => (line.trim() === '' ? '>' : `> ${line}`)).join('\n')}\n\n`;
}
