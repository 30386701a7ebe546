import {Lexer, type Token, type TokensList} from 'marked';

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
export function parseDocument(markdown: string, options: Readonly<{title?: string}> = {}): ArticleDocument {
	const tokens = new Lexer({gfm: true}).lex(markdown);
	const slugs = new Map<string, number>();
	const drafts: Array<{id: string; title: string; level: 0 | 1 | 2; parentId: string | undefined; tokens: Token[]}> = [];
	let current = {id: ledeId, title: '', level: 0 as 0 | 1 | 2, parentId: undefined as string | undefined, tokens: [] as Token[]};
	drafts.push(current);
	let parentId: string | undefined;

	for (const token of tokens) {
		if (token.type === 'heading' && isSectionHeading(token.depth, drafts.length)) {
			const title = plainInline(token.text);
			const level = token.depth === 3 ? 2 : 1;
			const id = uniqueSlug(title, slugs);
			if (level === 1) {
				parentId = id;
			}

			current = {id, title, level, parentId: level === 2 ? parentId : undefined, tokens: []};
			drafts.push(current);
			continue;
		}

		if (token.type === 'space') {
			continue;
		}

		if (token.type === 'heading' && token.depth === 1 && current.level === 0 && options.title !== undefined && plainInline(token.text) === options.title) {
			continue;
		}

		current.tokens.push(token);
	}

	// An empty lede (the article starts with a heading) is not a section.
	const kept = drafts.filter(draft => draft.level > 0 || draft.tokens.length > 0 || drafts.length === 1);
	const sections = kept.map(draft => {
		const quotes = findQuotes(draft.id, draft.tokens);
		return {
			...draft,
			quotes,
			summary: summarizeTokens(draft.tokens, quotes.length, kept.filter(other => other.parentId === draft.id && other.level === 2).length),
		};
	});

	return {sections, quotes: sections.flatMap(section => section.quotes), links: tokens.links};
}

function isSectionHeading(depth: number, sectionsSoFar: number): boolean {
	// A first `#` heading is the article's own title; later ones start sections like `##`.
	return depth === 2 || depth === 3 || (depth === 1 && sectionsSoFar > 1);
}

/** GitHub-style slug, made unique within the article. */
export function uniqueSlug(title: string, seen: Map<string, number>): string {
	const base = title
		.toLowerCase()
		.normalize('NFKC')
		.replaceAll(/[^\p{L}\p{N}\s-]/gu, '')
		.trim()
		.replaceAll(/\s+/g, '-') || 'section';
	const count = seen.get(base) ?? 0;
	seen.set(base, count + 1);
	const slug = count === 0 && base !== ledeId ? base : `${base}-${count + (base === ledeId ? 1 : 0)}`;
	return slug;
}

/** Text of inline markdown without its markup. */
export function plainInline(markdown: string): string {
	return markdown
		.replaceAll(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replaceAll(/\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replaceAll(/[*_`~]+/g, '')
		.replaceAll(/\s+/g, ' ')
		.trim();
}

// Quoted speech: curly quotes, or straight quotes around at least two words.
const inlineQuote = /“([^”]{2,})”|"([^"\n]*\s[^"\n]*)"/g;

export function findInlineQuotes(text: string): string[] {
	return [...text.matchAll(inlineQuote)].map(match => (match[1] ?? match[2] ?? '').trim()).filter(Boolean);
}

function findQuotes(sectionId: string, tokens: readonly Token[]): Quote[] {
	const quotes: Quote[] = [];
	const add = (kind: Quote['kind'], text: string, block: number) => {
		quotes.push({id: `${sectionId}#${quotes.length}`, sectionId, index: quotes.length, kind, text, block});
	};

	for (const [block, token] of tokens.entries()) {
		if (token.type === 'blockquote') {
			add('block', plainInline(token.text), block);
		} else if (token.type === 'paragraph' || token.type === 'list') {
			for (const text of findInlineQuotes(token.raw)) {
				add('inline', plainInline(text), block);
			}
		}
	}

	return quotes;
}

function summarizeTokens(tokens: readonly Token[], quotes: number, subsections: number): SectionSummary {
	const count = (type: string) => tokens.filter(token => token.type === type).length;
	const images = tokens.filter(token => token.type === 'paragraph' && /^!\[/.test(token.raw.trim())).length;
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

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

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
