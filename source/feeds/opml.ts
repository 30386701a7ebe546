/**
OPML 2.0, the format feed readers exchange subscriptions in: outlines with an `xmlUrl` are feeds, outlines around them are folders. Import then export gives back the same feeds in the same folders.
*/
import {generateOpml, parseOpml, type Opml} from 'feedsmith';
import {htmlToLine, nestingDepth} from './html-text.js';
import {absoluteUrl} from './parse-feed.js';
import type {Subscription} from './subscriptions.js';

export type OpmlFeed = Readonly<{
	url: string;
	title: string;
	folder: readonly string[];
	siteUrl: string;
}>;

export class OpmlError extends Error {
	override name = 'OpmlError';
}

const maxOpmlDepth = 50;

type Outline = Opml.Outline<string>;

/** The feeds of an OPML document, each with the folders around it. Outlines without a usable address are skipped and counted. */
export function readOpml(text: string): {feeds: OpmlFeed[]; skipped: number} {
	if (nestingDepth(text, maxOpmlDepth + 3) > maxOpmlDepth + 3) {
		throw new OpmlError(`folders nested more than ${maxOpmlDepth} deep`);
	}

	let document;
	try {
		document = parseOpml(text.replace(/^\uFEFF/, ''));
	} catch (error) {
		throw new OpmlError(
			`not an OPML file (${error instanceof Error ? error.message.split('\n', 1)[0].toLowerCase() : String(error)})`,
		);
	}

	const feeds: OpmlFeed[] = [];
	let skipped = 0;
	// Depth-first and iterative, in document order.
	const stack: Array<{outline: Outline; folder: string[]}> = (
		document.body?.outlines ?? []
	)
		.map((outline) => ({outline, folder: []}))
		.reverse();
	while (stack.length > 0) {
		const {outline, folder} = stack.pop()!;
		const name = htmlToLine(outline.title ?? outline.text ?? '');
		if (outline.xmlUrl !== undefined) {
			const url = absoluteUrl(outline.xmlUrl, undefined);
			if (url) {
				feeds.push({
					url,
					title: name,
					folder,
					siteUrl: absoluteUrl(outline.htmlUrl, undefined),
				});
			} else {
				skipped++;
			}
		}

		const children = outline.outlines ?? [];
		const inner =
			outline.xmlUrl === undefined && name ? [...folder, name] : folder;
		for (let index = children.length - 1; index >= 0; index--) {
			stack.push({outline: children[index], folder: inner});
		}
	}

	return {feeds, skipped};
}

/** OPML 2.0 for the subscriptions, each inside the outlines of its folders. */
export function writeOpml(
	subscriptions: readonly Subscription[],
	now = new Date(),
): string {
	const root: Outline[] = [];
	const folders = new Map<string, Outline[]>();
	const childrenOf = (path: readonly string[]): Outline[] => {
		let list = root;
		for (let depth = 1; depth <= path.length; depth++) {
			const key = JSON.stringify(path.slice(0, depth));
			let children = folders.get(key);
			if (!children) {
				children = [];
				folders.set(key, children);
				list.push({text: path[depth - 1], outlines: children});
			}

			list = children;
		}

		return list;
	};

	for (const subscription of subscriptions) {
		childrenOf(subscription.folder).push({
			text: subscription.title || subscription.url,
			title: subscription.title || subscription.url,
			type: 'rss',
			xmlUrl: subscription.url,
			...(subscription.siteUrl ? {htmlUrl: subscription.siteUrl} : {}),
		});
	}

	return generateOpml({
		head: {title: 'gazette subscriptions', dateCreated: now},
		body: {outlines: root},
	});
}
