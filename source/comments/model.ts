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
		| 'articleId'
		| 'sectionId'
		| 'sectionTitle'
		| 'quote'
		| 'parentId'
		| 'articleTitle'
		| 'articleUrl'
	>
>;

// An address as people write them: dot-separated atoms of letters, digits and RFC 5322's symbols before the @; dot-separated labels of letters, digits and inner hyphens after it, the last of two letters or more. No quotes, brackets, spaces or controls: nothing that markup could use.
const localAtom = "[\\p{L}\\p{N}!#$%'*+/=?^_`{|}~-]+";
const label = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?`;
const emailPattern = new RegExp(
	String.raw`^${localAtom}(?:\.${localAtom})*@(?:${label}\.)+\p{L}{2,}$`,
	'u',
);

/** Whether `text` is an email address that is safe to show as one. */
export function isEmail(text: string): boolean {
	return text.length <= 254 && emailPattern.test(text);
}

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
	if (email !== '' && !isEmail(email)) {
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
		...(target.articleTitle ? {articleTitle: target.articleTitle} : {}),
		...(target.articleUrl ? {articleUrl: target.articleUrl} : {}),
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
