/**
`gazette save`: keep one web page, or an HTML file saved from a browser, as an article in `<data-dir>/saved/`, read-it-later style.
*/
import {createHash} from 'node:crypto';
import {readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {
	articleFileName,
	articleFileText,
	ensureFolder,
	FolderContents,
	guidHash,
	writeFileAtomic,
} from './article-file.js';
import {decodeBody} from './charset.js';
import {savedFolder} from './data-dir.js';
import type {ExtractionPool} from './extract-pool.js';
import {
	defaultLimits,
	FetchError,
	fetchResource,
	type ConnectionLimiter,
} from './http.js';

export class SaveError extends Error {
	override name = 'SaveError';
}

export type SavedPage = Readonly<{
	/** The article's id, as `gazette list` and `gazette read` know it. */
	id: string;
	path: string;
	title: string;
	/** False when the page was saved before: the existing article is kept. */
	isNew: boolean;
}>;

/** The address a saved page names for itself (canonical link, og:url), so its links resolve as on the web. */
function declaredAddress(html: string): string | undefined {
	const head = html.slice(0, 256 * 1024);
	const canonical =
		/<link\b[^>]*\brel=["']?canonical["']?[^>]*>/i.exec(head)?.[0] ??
		/<meta\b[^>]*\bproperty=["']og:url["'][^>]*>/i.exec(head)?.[0];
	const address =
		canonical && /\b(?:href|content)=["']([^"']+)["']/i.exec(canonical)?.[1];
	return address && /^https?:\/\//i.test(address) ? address : undefined;
}

async function readInput(
	input: string,
	options: {limiter?: ConnectionLimiter; signal?: AbortSignal},
): Promise<{html: string; url: string; fromFile: boolean}> {
	if (/^https?:\/\//i.test(input)) {
		try {
			const page = await fetchResource({url: input, kind: 'page'}, options);
			if (page.status !== 'ok') {
				throw new SaveError(
					`${input}: the server answered "not modified" to a plain request`,
				);
			}

			return {
				html: decodeBody(page.bytes, page.contentType, 'html').text,
				url: page.url,
				fromFile: false,
			};
		} catch (error) {
			throw error instanceof FetchError
				? new SaveError(`cannot fetch ${input}: ${error.message}`)
				: error;
		}
	}

	if (/^[a-z][\w+.-]*:\/\//i.test(input)) {
		throw new SaveError(
			`only http and https addresses, or a saved HTML file, can be kept (not ${input})`,
		);
	}

	let bytes: Uint8Array;
	try {
		const {size} = statSync(input);
		const limit = defaultLimits.page.maxBytes;
		if (size > limit) {
			throw new SaveError(
				`${input} is too large (${Math.round(size / 1024 / 1024)} MB; the limit is ${limit / 1024 / 1024} MB)`,
			);
		}

		bytes = readFileSync(input);
	} catch (error) {
		if (error instanceof SaveError) {
			throw error;
		}

		const {code} = error as NodeJS.ErrnoException;
		throw new SaveError(
			code === 'ENOENT'
				? `no such file: ${input}`
				: code === 'EISDIR'
					? `${input} is a folder, not a file`
					: `cannot read ${input}: ${code ?? String(error)}`,
		);
	}

	const html = decodeBody(bytes, undefined, 'html').text;
	return {
		html,
		url: declaredAddress(html) ?? pathToFileURL(path.resolve(input)).href,
		fromFile: true,
	};
}

/** Keep a page as an article; throws `SaveError` with a message for the reader. */
export async function savePage(
	input: string,
	options: {
		dataDir: string;
		pool: ExtractionPool;
		limiter?: ConnectionLimiter;
		signal?: AbortSignal;
		now?: Date;
	},
): Promise<SavedPage> {
	const {html, url, fromFile} = await readInput(input, options);
	const article = await options.pool.extractPage(html, url);
	if (!article?.markdown.trim()) {
		throw new SaveError(`no article found in ${input}`);
	}

	const web = /^https?:/.test(url);
	// A file without an address of its own is known by its content.
	const guid = web
		? url
		: `sha1:${createHash('sha1').update(html).digest('hex')}`;
	const folder = savedFolder(options.dataDir);
	ensureFolder(folder);
	const hash = guidHash(guid);
	const existing = FolderContents.read(folder).nameOf(hash);
	if (existing) {
		return {
			id: existing.replace(/\.md$/, ''),
			path: path.join(folder, existing),
			title: article.title,
			isNew: false,
		};
	}

	const published = article.publishedTime
		? new Date(article.publishedTime)
		: undefined;
	const date =
		published && !Number.isNaN(published.getTime())
			? published
			: (options.now ?? new Date());
	const title = article.title || path.basename(input).replace(/\.html?$/i, '');
	let host = '';
	if (web) {
		host = new URL(url).hostname.replace(/^www\./, '');
	}

	const name = articleFileName(date, title, guid);
	const file = path.join(folder, name);
	writeFileAtomic(
		file,
		articleFileText(
			{
				title,
				source: article.siteName || host || (fromFile ? 'Saved pages' : ''),
				author: article.byline,
				date,
				url: web ? url : '',
				tags: [],
				guid,
				feed: '',
				image: article.image,
				summary: article.excerpt,
				content: 'page',
			},
			`# ${title}\n\n${article.markdown}`,
		),
	);
	return {id: name.replace(/\.md$/, ''), path: file, title, isNew: true};
}
