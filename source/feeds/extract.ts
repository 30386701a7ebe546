/**
The readable article of a web page: linkedom parses it, clean-html makes it safe, Readability finds the article, turndown writes it as markdown. Runs in the extraction worker (extract-pool.ts), never in the reader's process.
*/
import {Readability} from '@mozilla/readability';
import {parseHTML} from 'linkedom';
import {cleanDocument, stripRawText, type DomElement} from './clean-html.js';
import {htmlToLine} from './html-text.js';
import {toMarkdown} from './markdown.js';

export type ExtractedArticle = Readonly<{
	title: string;
	byline: string;
	siteName: string;
	excerpt: string;
	/** ISO time, when the page says. */
	publishedTime: string;
	/** The page's lead image (og:image), absolute, or ''. */
	image: string;
	markdown: string;
	/** Characters of text in the article, to compare with what the feed carried. */
	textLength: number;
}>;

/** The parts of linkedom's document used here: its own types lean on the DOM library, which gazette does not load. */
type PageElement = DomElement & {
	readonly nodeType: number;
	prepend(node: PageElement): void;
};

type PageDocument = {
	readonly documentElement: PageElement;
	readonly head: PageElement | null;
	readonly body: PageElement;
	querySelector(selector: string): PageElement | null;
	createElement(tag: string): PageElement;
};

function parsePage(html: string): PageDocument {
	return (parseHTML as (html: string) => {document: PageDocument})(html)
		.document;
}

function pageBase(document: PageDocument, url: string): string {
	const given = document.querySelector('base[href]')?.getAttribute('href');
	if (given) {
		try {
			return new URL(given, url).href;
		} catch {}
	}

	return url;
}

function metaContent(document: PageDocument, ...selectors: string[]): string {
	for (const selector of selectors) {
		const value = document.querySelector(selector)?.getAttribute('content');
		if (value?.trim()) {
			return value.trim();
		}
	}

	return '';
}

function absoluteWeb(address: string, base: string): string {
	if (!address) {
		return '';
	}

	try {
		const url = new URL(address, base);
		return url.protocol === 'http:' || url.protocol === 'https:'
			? url.href
			: '';
	} catch {
		return '';
	}
}

/** Parse and clean a page, with a `<base>` so that what Readability resolves resolves against the page's address. */
function cleanPage(
	html: string,
	url: string,
): {document: PageDocument; base: string} {
	const document = parsePage(stripRawText(html));
	const base = pageBase(document, url);
	cleanDocument(document.documentElement, base);
	const head = document.head ?? document.documentElement;
	const baseElement = document.createElement('base');
	baseElement.setAttribute('href', base);
	head.prepend(baseElement);
	return {document, base};
}

/** Extract the article of a page fetched from `url`, or undefined when Readability finds none. */
export function extractArticle(
	html: string,
	url: string,
): ExtractedArticle | undefined {
	const {document, base} = cleanPage(html, url);
	const image = absoluteWeb(
		metaContent(
			document,
			'meta[property="og:image"]',
			'meta[name="twitter:image"]',
		),
		base,
	);
	// The article as linkedom's element, not serialized: turndown converts it without parsing it again.
	const article = new Readability<PageElement>(document, {
		keepClasses: false,
		serializer: (node: unknown) => node as PageElement,
	}).parse();
	if (!article?.content) {
		return undefined;
	}

	return {
		title: htmlToLine(article.title ?? ''),
		byline: htmlToLine(article.byline ?? ''),
		siteName: htmlToLine(article.siteName ?? ''),
		excerpt: htmlToLine(article.excerpt ?? ''),
		publishedTime: article.publishedTime ?? '',
		image,
		markdown: toMarkdown(article.content),
		textLength: (article.textContent ?? '').replaceAll(/\s+/g, ' ').trim()
			.length,
	};
}

/** Markdown for a fragment of HTML a feed carried, cleaned as a page would be. */
export function fragmentToMarkdown(
	html: string,
	url: string,
): {markdown: string; textLength: number} {
	const {document} = cleanPage(
		`<!DOCTYPE html><html><head></head><body>${html}</body></html>`,
		url,
	);
	const {body} = document;
	return {
		markdown: toMarkdown(body),
		textLength: (body.textContent ?? '').replaceAll(/\s+/g, ' ').trim().length,
	};
}
