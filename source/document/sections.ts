import type {Token, Tokens, TokensList} from 'marked';
import {type HtmlNode, parseHtml} from '../library/html-text.js';
import {
	isPassedOver,
	lexMarkdown,
	mayPrecedeTitle,
} from '../library/markdown.js';
import {plainText} from '../library/plain-text.js';
import {htmlBlocks, htmlInline} from './html.js';
import {findInlineQuotes} from './speech.js';

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
	notes: number;
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
	/** A `<details>` block: a section the reader shows folded until it is opened. */
	initiallyFolded?: boolean;
	/** The body of the section with this id goes on here, after a `<details>` section inside it: drawn without a heading, hidden when that section is folded. */
	continues?: string;
	/** The article's notes (GFM footnotes), gathered at its end. */
	notes?: boolean;
}>;

export type ArticleDocument = Readonly<{
	sections: readonly Section[];
	quotes: readonly Quote[];
	/** Reference-style link definitions, which every section's tokens need to render. */
	links: TokensList['links'];
}>;

export const ledeId = 'lede';

type Draft = {
	id: string;
	title: string;
	level: 0 | 1 | 2;
	parentId: string | undefined;
	tokens: Token[];
	initiallyFolded?: boolean;
	continues?: string;
	notes?: boolean;
};

/**
Split an article into sections at its `##` and `###` headings (and `#` ones after the first block), lexing the markdown once.

Everything before the first section heading is the lede. A `#` heading that is the article's first block and equal to its title is dropped, since the reader's header shows it. A `<details>` block at the top of a section is a section of its own, folded at first. GFM footnotes are gathered in a Notes section at the end.
*/
export function parseDocument(
	markdown: string,
	options: Readonly<{title?: string}> = {},
): ArticleDocument {
	const {tokens, links, notes} = lexOrPlain(markdown);
	const slugs = new Map<string, number>();
	const drafts: Draft[] = [];
	let current: Draft = {
		id: ledeId,
		title: '',
		level: 0,
		parentId: undefined,
		tokens: [],
	};
	drafts.push(current);
	let parentId: string | undefined;
	let firstBlock = true;
	// The section a `<details>` section was opened in, while that section's `</details>` has not come.
	let detailsIn: Draft | undefined;

	const start = (draft: Draft) => {
		current = draft;
		drafts.push(draft);
	};

	const closeDetails = () => {
		if (!detailsIn) {
			return;
		}

		const base = detailsIn;
		detailsIn = undefined;
		start({
			id: uniqueSlug(`${base.id} continued`, slugs),
			title: base.title,
			level: 0,
			parentId: base.level > 0 ? base.id : undefined,
			tokens: [],
			continues: base.id,
		});
	};

	// HTML at the top of a section: a `<details>` left open (its body follows as markdown) starts a folded section.
	const addHtml = (nodes: readonly HtmlNode[]): boolean => {
		const index = nodes.findLastIndex(
			(node) => node.kind === 'element' || node.text.trim() !== '',
		);
		const last = nodes[index];
		if (last?.kind !== 'element' || last.name !== 'details' || last.closed) {
			return false;
		}

		current.tokens.push(...htmlBlocks(nodes.slice(0, index)));
		const summary = last.children.find(
			(child) => child.kind === 'element' && child.name === 'summary',
		);
		const title =
			(summary?.kind === 'element'
				? plainText(htmlInline(summary.children))
				: '') || 'Details';
		const base = current;
		start({
			id: uniqueSlug(title, slugs),
			title,
			level: base.level === 0 ? 1 : 2,
			parentId: base.level === 0 ? undefined : base.id,
			tokens: htmlBlocks(last.children.filter((child) => child !== summary)),
			initiallyFolded: true,
		});
		detailsIn = base;
		return true;
	};

	for (const token of tokens) {
		if (isPassedOver(token)) {
			continue;
		}

		// Before the title may come images (a lead photo), link definitions and HTML comments, nothing else.
		const isFirst = firstBlock;
		firstBlock &&= mayPrecedeTitle(token);
		if (token.type === 'html' && (token as Tokens.HTML).block) {
			const {text} = token as Tokens.HTML;
			if (detailsIn) {
				const parsed = parseHtml(text, 'details');
				current.tokens.push(...htmlBlocks(parsed.nodes));
				if (parsed.closed) {
					closeDetails();
					if (!addHtml(parsed.after)) {
						current.tokens.push(...htmlBlocks(parsed.after));
					}
				}

				continue;
			}

			if (!addHtml(parseHtml(text).nodes)) {
				current.tokens.push(token);
			}

			continue;
		}

		const depth =
			token.type === 'heading' ? (token as Tokens.Heading).depth : 0;
		const title = depth > 0 ? plainText((token as Tokens.Heading).tokens) : '';
		if (depth === 1 && isFirst) {
			// The article's first heading before any text: its title, shown by the reader's header, or a headline kept in the lede.
			if (options.title === undefined || title !== options.title) {
				current.tokens.push(token);
			}

			continue;
		}

		if (depth >= 1 && depth <= 3) {
			detailsIn = undefined;
			const level = depth === 3 ? 2 : 1;
			const id = uniqueSlug(title, slugs);
			if (level === 1) {
				parentId = id;
			}

			start({
				id,
				title,
				level,
				parentId: level === 2 ? parentId : undefined,
				tokens: [],
			});
			continue;
		}

		current.tokens.push(token);
	}

	if (notes) {
		drafts.push({
			id: uniqueSlug('Notes', slugs),
			title: 'Notes',
			level: 1,
			parentId: undefined,
			tokens: [notes],
			notes: true,
		});
	}

	// An empty lede (the article starts with a heading) is not a section, nor is an empty continuation.
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
		links,
	};
}

type Lexed = {
	tokens: Token[];
	links: TokensList['links'];
	/** The footnotes the text refers to, in the order it first does. */
	notes: Token | undefined;
};

/**
Lex the markdown, GFM and footnotes on; when the lexer fails (nesting thousands deep overflows its stack, and some inputs trip it), the article is shown as plain text with a line that says why, rather than not at all.
*/
function lexOrPlain(markdown: string): Lexed {
	try {
		const tokens = lexMarkdown(markdown);
		const notes = tokens.find((token) => token.type === 'footnotes');
		const items = (notes as {items?: unknown[]} | undefined)?.items ?? [];
		return {
			tokens: tokens.filter((token) => token.type !== 'footnotes'),
			links: tokens.links,
			notes: items.length > 0 ? notes : undefined,
		};
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
		return {tokens, links: {}, notes: undefined};
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

export {findInlineQuotes, inlineQuoteSpans} from './speech.js';

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
			// A bare `>` draws nothing and is no quote.
			const text = plainText([token]);
			if (text !== '') {
				add('block', text, block);
			}
		} else if (
			(token.type === 'paragraph' || token.type === 'list') &&
			(token.raw.includes('"') || token.raw.includes('“'))
		) {
			for (const text of findInlineQuotes(plainText([token]))) {
				add('inline', text, block);
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
		notes: tokens.reduce(
			(sum, token) =>
				sum +
				(token.type === 'footnotes'
					? ((token as {items?: unknown[]}).items?.length ?? 0)
					: 0),
			0,
		),
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
		summary.notes > 0 && plural(summary.notes, 'note'),
	].filter(Boolean);
	return parts.length > 0 ? parts.join(' · ') : 'empty';
}
