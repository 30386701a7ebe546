import {Lexer, type Token, type Tokens, type TokensList} from 'marked';
import {plainInline} from '../library/plain-text.js';

/** A quotation the reader can jump to: a blockquote, or quoted speech inside a paragraph. */
export type Quote = Readonly<{
	/** `<section id>#<n>`: stable while the article does not change. */
	id: string;
	sectionId: string;
	/** Position among the section's quotes. */
	index: number;
	kind: 'block' | 'inline';
	text: string;
	/** Index of the top-level block (in the section's tokens) that holds the quote. */
	block: number;
}>;

export type SectionSummary = Readonly<{
	paragraphs: number;
	quotes: number;
	lists: number;
	tables: number;
	code: number;
	images: number;
	subsections: number;
}>;

export type Section = Readonly<{
	id: string;
	title: string;
	/** 0 for the lede (no heading line), 1 for `##` sections, 2 for `###` subsections. */
	level: 0 | 1 | 2;
	parentId: string | undefined;
	/** The top-level block tokens of the section's body, without its heading. */
	tokens: readonly Token[];
	quotes: readonly Quote[];
	summary: SectionSummary;
}>;

export type ArticleDocument = Readonly<{
	sections: readonly Section[];
	quotes: readonly Quote[];
	/** Reference-style link definitions, which every section's tokens need to render. */
	links: TokensList['links'];
}>;

export const ledeId = 'lede';

/**
Split an article into sections at its `##` and `###` headings, lexing the markdown once.

Everything before the first section heading is the lede. A leading `#` heading equal to the article's title is dropped, since the reader's header shows it.
*/
export function parseDocument(
	markdown: string,
	options: Readonly<{title?: string}> = {},
): ArticleDocument {
	const tokens = lexOrPlain(markdown);
	const slugs = new Map<string, number>();
	const drafts: Array<{
		id: string;
		title: string;
		level: 0 | 1 | 2;
		parentId: string | undefined;
		tokens: Token[];
	}> = [];
	let current = {
		id: ledeId,
		title: '',
		level: 0 as 0 | 1 | 2,
		parentId: undefined as string | undefined,
		tokens: [] as Token[],
	};
	drafts.push(current);
	let parentId: string | undefined;
	let titleSeen = false;

	for (const token of tokens) {
		const depth =
			token.type === 'heading' ? (token as Tokens.Heading).depth : 0;
		// The first `#` heading, in the lede, is the article's own title; later ones start sections like `##`.
		const isTitle = depth === 1 && !titleSeen && current.level === 0;
		titleSeen ||= depth === 1;
		if (depth === 2 || depth === 3 || (depth === 1 && !isTitle)) {
			const heading = token as Tokens.Heading;
			const title = plainInline(heading.text);
			const level = heading.depth === 3 ? 2 : 1;
			const id = uniqueSlug(title, slugs);
			if (level === 1) {
				parentId = id;
			}

			current = {
				id,
				title,
				level,
				parentId: level === 2 ? parentId : undefined,
				tokens: [],
			};
			drafts.push(current);
			continue;
		}

		if (token.type === 'space') {
			continue;
		}

		if (
			token.type === 'heading' &&
			token.depth === 1 &&
			current.level === 0 &&
			options.title !== undefined &&
			plainInline((token as Tokens.Heading).text) === options.title
		) {
			continue;
		}

		current.tokens.push(token);
	}

	// An empty lede (the article starts with a heading) is not a section.
	const kept = drafts.filter(
		(draft) =>
			draft.level > 0 || draft.tokens.length > 0 || drafts.length === 1,
	);
	const sections = kept.map((draft) => {
		const quotes = findQuotes(draft.id, draft.tokens);
		return {
			...draft,
			quotes,
			summary: summarizeTokens(
				draft.tokens,
				quotes.length,
				kept.filter((other) => other.parentId === draft.id && other.level === 2)
					.length,
			),
		};
	});

	return {
		sections,
		quotes: sections.flatMap((section) => section.quotes),
		links: tokens.links,
	};
}

/**
Lex the markdown; when the lexer fails (nesting thousands deep overflows its stack, and some inputs trip it), the article is shown as plain text with a line that says why, rather than not at all.
*/
function lexOrPlain(markdown: string): TokensList {
	try {
		return new Lexer({gfm: true}).lex(markdown);
	} catch (error) {
		const reason =
			error instanceof RangeError
				? 'it is nested too deeply'
				: 'it could not be read as markdown';
		const notice = `[gazette shows this article as plain text: ${reason}.]`;
		const tokens: Token[] = [
			{
				type: 'paragraph',
				raw: notice,
				text: notice,
				tokens: [{type: 'text', raw: notice, text: notice, escaped: false}],
			},
			{type: 'code', raw: markdown, text: markdown, codeBlockStyle: 'indented'},
		];
		return Object.assign(tokens, {links: {}});
	}
}

/** GitHub-style slug, made unique within the article. */
export function uniqueSlug(title: string, seen: Map<string, number>): string {
	const base =
		title
			.toLowerCase()
			.normalize('NFKC')
			.replaceAll(/[^\p{L}\p{N}\s-]/gu, '')
			.trim()
			.replaceAll(/\s+/g, '-') || 'section';
	// `lede` is the opening's id; a suffix never repeats an id already given (`notes-1` after `notes`, `notes`).
	let count = seen.get(base) ?? (base === ledeId ? 1 : 0);
	let slug = count === 0 ? base : `${base}-${count}`;
	while (seen.has(slug) && slug !== base) {
		count++;
		slug = `${base}-${count}`;
	}

	seen.set(base, count + 1);
	if (slug !== base) {
		seen.set(slug, 1);
	}

	return slug;
}

export {plainInline} from '../library/plain-text.js';

/**
Where quoted speech is in a text: curly quotes, and straight quotes paired in order (the first opens, the second closes), around at least two words.
*/
export function inlineQuoteSpans(
	text: string,
): Array<{start: number; end: number}> {
	const spans: Array<{start: number; end: number}> = [];
	for (const match of text.matchAll(/“[^”]{2,}”/g)) {
		spans.push({start: match.index, end: match.index + match[0].length});
	}

	for (const line of text.matchAll(/[^\n]+/g)) {
		const marks = [...line[0].matchAll(/"/g)].map(
			(mark) => line.index + mark.index,
		);
		for (let index = 0; index + 1 < marks.length; index += 2) {
			const start = marks[index];
			const end = marks[index + 1] + 1;
			if (/\S\s+\S/.test(text.slice(start + 1, end - 1))) {
				spans.push({start, end});
			}
		}
	}

	return spans.sort((a, b) => a.start - b.start);
}

export function findInlineQuotes(text: string): string[] {
	return inlineQuoteSpans(text)
		.map(({start, end}) => text.slice(start + 1, end - 1).trim())
		.filter(Boolean);
}

function findQuotes(sectionId: string, tokens: readonly Token[]): Quote[] {
	const quotes: Quote[] = [];
	const add = (kind: Quote['kind'], text: string, block: number) => {
		quotes.push({
			id: `${sectionId}#${quotes.length}`,
			sectionId,
			index: quotes.length,
			kind,
			text,
			block,
		});
	};

	for (const [block, token] of tokens.entries()) {
		if (token.type === 'blockquote') {
			add('block', plainInline((token as Tokens.Blockquote).text), block);
		} else if (token.type === 'paragraph' || token.type === 'list') {
			for (const text of findInlineQuotes(token.raw)) {
				add('inline', plainInline(text), block);
			}
		}
	}

	return quotes;
}

function summarizeTokens(
	tokens: readonly Token[],
	quotes: number,
	subsections: number,
): SectionSummary {
	const count = (type: string) =>
		tokens.filter((token) => token.type === type).length;
	const images = tokens.filter(
		(token) => token.type === 'paragraph' && token.raw.trim().startsWith('!['),
	).length;
	return {
		paragraphs: count('paragraph') - images,
		quotes,
		lists: count('list'),
		tables: count('table'),
		code: count('code'),
		images,
		subsections,
	};
}

const plural = (n: number, one: string, many = `${one}s`) =>
	`${n} ${n === 1 ? one : many}`;

/** A folded section's one-line description: `3 paragraphs · 1 quote`. */
export function describeSummary(summary: SectionSummary): string {
	const parts = [
		summary.paragraphs > 0 && plural(summary.paragraphs, 'paragraph'),
		summary.quotes > 0 && plural(summary.quotes, 'quote'),
		summary.lists > 0 && plural(summary.lists, 'list'),
		summary.tables > 0 && plural(summary.tables, 'table'),
		summary.code > 0 && plural(summary.code, 'code block'),
		summary.images > 0 && plural(summary.images, 'image'),
		summary.subsections > 0 && plural(summary.subsections, 'subsection'),
	].filter(Boolean);
	return parts.length > 0 ? parts.join(' · ') : 'empty';
}
