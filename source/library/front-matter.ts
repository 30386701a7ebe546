import {load} from 'js-yaml';
import {sanitizeLine} from '../terminal/sanitize.js';

export type FrontMatter = {
	title?: string;
	source?: string;
	author?: string;
	date?: string;
	url?: string;
	/** A feed's id for the item: with `url`, what keeps the article's state when its file moves. */
	guid?: string;
	tags?: string[];
	summary?: string;
	/** Feeds: the feed's address and the item's lead image. */
	feed?: string;
	image?: string;
};

export type ParsedFrontMatter =
	{data: FrontMatter; body: string; warnings: string[]} | {error: string};

const opening = '---';
const closing = '\n---';

/** Languages a front matter block may name after its opening `---` that are code: never run for an article from anywhere. */
const codeLanguages = new Set([
	'js',
	'javascript',
	'coffee',
	'coffeescript',
	'cson',
	'json',
]);

type Block = {language: string; block: string; body: string};

/**
Split a file into its front matter block and its body, by the rules of gray-matter (which gazette used before, and which the files people have were written for): the file opens with `---` not followed by another `-`; a language may follow on that line (`---yaml`); the block ends at the next line that starts with `---`, or at the end of the file; the line break after it is not the body's. Undefined when the file has no front matter.
*/
export function splitFrontMatter(text: string): Block | undefined {
	const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
	if (!input.startsWith(opening) || input.charAt(opening.length) === '-') {
		return undefined;
	}

	let rest = input.slice(opening.length);
	const lineEnd = rest.search(/\r?\n/);
	const firstLine = lineEnd === -1 ? rest : rest.slice(0, lineEnd);
	const language = firstLine.trim();
	if (language) {
		rest = rest.slice(firstLine.length);
	}

	const end = rest.indexOf(closing);
	if (end === -1) {
		return {language, block: rest, body: ''};
	}

	let body = rest.slice(end + closing.length);
	if (body.startsWith('\r')) {
		body = body.slice(1);
	}

	if (body.startsWith('\n')) {
		body = body.slice(1);
	}

	return {language, block: rest.slice(0, end), body};
}

/** The block's fields: YAML (js-yaml's default schema, which makes no code or functions); a block of comments only is no fields, whatever its language. */
function parseBlock({language, block}: Block): unknown {
	// Gray-matter's pattern began `^\s*#`, which can span lines: quadratic on a block of blank lines (16,000 of them took 0.6 s). The space before a comment stays within its line.
	if (block.replaceAll(/^[^\S\n]*#[^\n]+/gm, '').trim() === '') {
		return {};
	}

	const name = language.toLowerCase();
	if (name !== '' && name !== 'yaml' && name !== 'yml') {
		throw new Error(
			codeLanguages.has(name)
				? 'only YAML front matter is supported'
				: `front matter in ${JSON.stringify(language)} is not supported (only YAML)`,
		);
	}

	return load(block);
}

/** Split front matter from the body and coerce each field to its type, keeping what can be kept. */
export function parseFrontMatter(text: string): ParsedFrontMatter {
	const split = splitFrontMatter(text);
	let raw: unknown;
	try {
		raw = split ? parseBlock(split) : {};
	} catch (error) {
		const reason =
			error instanceof Error ? error.message.split('\n')[0] : String(error);
		return {error: `broken front matter: ${sanitizeLine(reason)}`};
	}

	const file = {
		matter: split?.block ?? '',
		content: split
			? split.body
			: text.startsWith('\uFEFF')
				? text.slice(1)
				: text,
	};
	const warnings: string[] = [];
	const data: FrontMatter = {};
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
		if (raw !== null && raw !== undefined) {
			warnings.push('front matter is not a set of fields');
		}

		return {data, body: file.content, warnings};
	}

	const fields = raw as Record<string, unknown>;
	for (const key of [
		'title',
		'source',
		'author',
		'url',
		'guid',
		'summary',
		'feed',
		'image',
	] as const) {
		const value = fields[key];
		if (value === undefined || value === null) {
			continue;
		}

		if (
			typeof value === 'string' ||
			typeof value === 'number' ||
			typeof value === 'boolean'
		) {
			const line = sanitizeLine(String(value));
			if (line) {
				data[key] = line;
			}
		} else {
			warnings.push(`${key} is not text`);
		}
	}

	const written = /^date:\s*["']?([^"'\n]*)/m.exec(file.matter)?.[1]?.trim();
	const date = toIsoDate(fields.date, written);
	if (date) {
		data.date = date;
	} else if (fields.date !== undefined && fields.date !== null) {
		warnings.push(
			`date ${sanitizeLine(JSON.stringify(fields.date) ?? '')} is not a date`,
		);
	}

	const {tags} = fields;
	if (Array.isArray(tags)) {
		data.tags = tags
			.filter((tag) => typeof tag === 'string' || typeof tag === 'number')
			.map((tag) => sanitizeLine(String(tag)))
			.filter(Boolean);
	} else if (typeof tags === 'string') {
		data.tags = tags
			.split(',')
			.map((tag) => sanitizeLine(tag))
			.filter(Boolean);
	} else if (tags !== undefined && tags !== null) {
		warnings.push('tags is not a list');
	}

	return {data, body: file.content, warnings};
}

/** A `YYYY-MM-DD` that names a real day (not 30 February), or undefined. */
export function calendarDate(text: string): string | undefined {
	const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
	if (!match) {
		return undefined;
	}

	const [, year, month, day] = match.map(Number) as [
		number,
		number,
		number,
		number,
	];
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year &&
		date.getUTCMonth() === month - 1 &&
		date.getUTCDate() === day
		? match[0]
		: undefined;
}

/**
The article's day. The written text decides when there is one: YAML turns `2024-03-05T01:00+05:00` into a UTC instant (the day before) and `2024-02-30` into 1 March.
*/
export function toIsoDate(
	value: unknown,
	written?: string,
): string | undefined {
	if (written !== undefined && /^\d{4}-\d{2}-\d{2}/.test(written)) {
		return calendarDate(written);
	}

	if (value instanceof Date) {
		return Number.isNaN(value.getTime())
			? undefined
			: value.toISOString().slice(0, 10);
	}

	return typeof value === 'string' ? calendarDate(value) : undefined;
}

/** The local calendar day of a time, as the reader's clock shows it. */
export function localDate(time: Date): string {
	return `${time.getFullYear()}-${String(time.getMonth() + 1).padStart(2, '0')}-${String(time.getDate()).padStart(2, '0')}`;
}
