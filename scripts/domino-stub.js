// Turndown parses HTML strings with domino, a second DOM implementation, which it requires as it loads. gazette never
// gives turndown a string: the extractor hands it the elements linkedom already parsed (source/feeds/markdown.ts). This
// stub keeps domino (about 200 KB) out of the extraction worker's bundle; if a string ever reached turndown, it says so.
export function createDocument() {
	throw new Error('gazette gives turndown parsed elements, not HTML strings');
}
