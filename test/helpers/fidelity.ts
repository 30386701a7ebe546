import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {type ChildNode, isTag, isText} from 'domhandler';
import {parseDocument as parseHtml} from 'htmlparser2';
import {Marked} from 'marked';
import markedFootnote from 'marked-footnote';
import stripAnsi from 'strip-ansi';

/** A piece of real-world markdown, with the HTML a reference renderer makes of it. */
export type CorpusEntry = Readonly<{
	name: string;
	markdown: string;
	/** The reference HTML: the spec's own for spec examples, marked's HTML renderer for whole documents. */
	html: string;
}>;

const folder = fileURLToPath(new URL('../fixtures/markdown/', import.meta.url));

type SpecExample = {
	example: number;
	section: string;
	markdown: string;
	html: string;
};

function readJson<T>(file: string): T {
	return JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as T;
}

/** The HTML marked's own renderer makes, GFM and footnotes on: what a browser would show of the document. */
export function referenceHtml(markdown: string): string {
	const marked = new Marked({gfm: true});
	marked.use(markedFootnote());
	return marked.parse(markdown, {async: false});
}

export function specExamples(): CorpusEntry[] {
	return [
		...readJson<SpecExample[]>('commonmark-spec-0.31.2.json').map(
			(example) => ({
				name: `CommonMark example ${example.example} (${example.section})`,
				markdown: example.markdown,
				html: example.html,
			}),
		),
		...readJson<SpecExample[]>('gfm-spec-0.29-extensions.json').map(
			(example) => ({
				name: `GFM example ${example.example} (${example.section})`,
				markdown: example.markdown,
				html: example.html,
			}),
		),
	];
}

export function documents(): CorpusEntry[] {
	const entries: CorpusEntry[] = [];
	for (const sub of ['readmes', 'news']) {
		for (const file of fs.readdirSync(path.join(folder, sub)).sort()) {
			if (!file.endsWith('.md')) {
				continue;
			}

			const markdown = fs.readFileSync(path.join(folder, sub, file), 'utf8');
			entries.push({
				name: `${sub}/${file}`,
				markdown,
				html: referenceHtml(markdown),
			});
		}
	}

	return entries;
}

const hidden = new Set(['script', 'style', 'head', 'template', 'title']);
const blockish =
	/^(?:p|div|br|li|ul|ol|tr|td|th|table|h[1-6]|pre|blockquote|section|figure|figcaption|details|summary|hr|dt|dd|dl|caption|img)$/;

/** The text a reader sees of some HTML: text nodes and image alt text, without scripts, styles or comments. Iterative: no recursion on depth. */
export function htmlText(html: string): string {
	const parts: string[] = [];
	// A string on the stack is text to add once an element's children are done: the space after a block.
	const stack: Array<ChildNode | string> = [
		...parseHtml(html).children,
	].reverse();
	while (stack.length > 0) {
		const node = stack.pop()!;
		if (typeof node === 'string') {
			parts.push(node);
		} else if (isText(node)) {
			parts.push(node.data);
		} else if (isTag(node)) {
			const element = node;
			const name = element.name.toLowerCase();
			if (hidden.has(name)) {
				continue;
			}

			if (name === 'img') {
				parts.push(` ${element.attribs.alt ?? ''} `);
				continue;
			}

			const block = blockish.test(name);
			if (block) {
				parts.push(' ');
				stack.push(' ');
			}

			for (let index = element.children.length - 1; index >= 0; index--) {
				stack.push(element.children[index]);
			}
		}
	}

	return parts.join('');
}

const cjk =
	/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Words: runs of letters and digits; CJK characters one by one, since they wrap anywhere. */
export function wordsOf(text: string): string[] {
	const words: string[] = [];
	for (const match of text.normalize('NFC').matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
		let run = '';
		for (const character of match[0]) {
			if (cjk.test(character)) {
				if (run) {
					words.push(run);
				}

				words.push(character);
				run = '';
			} else {
				run += character;
			}
		}

		if (run) {
			words.push(run);
		}
	}

	return words;
}

const tableRow = /^\s*│/;
const tableBorder = /^\s*[┌├└╞╘]/;

/**
The rendered text in reading order with everything but letters and digits removed, so that a word wrapped across lines (or across the lines of one table cell) reads whole again.
*/
export function squeezeOutput(lines: readonly string[]): string {
	const out: string[] = [];
	let cells: string[] | undefined;
	const flushRow = () => {
		if (cells) {
			out.push(cells.join(' '));
			cells = undefined;
		}
	};

	for (const styled of lines) {
		const line = stripAnsi(styled).replaceAll('\u0336', '');
		if (tableRow.test(line)) {
			const parts = line.split('│').slice(1, -1);
			cells ??= parts.map(() => '');
			for (const [index, part] of parts.entries()) {
				cells[index] = (cells[index] ?? '') + part.trim();
			}

			continue;
		}

		if (tableBorder.test(line)) {
			flushRow();
			continue;
		}

		flushRow();
		out.push(line);
	}

	flushRow();
	return out
		.join('')
		.normalize('NFC')
		.replaceAll(/[^\p{L}\p{N}\p{M}]+/gu, '');
}

export type WordCheck = Readonly<{
	words: number;
	lost: string[];
}>;

/** Which words of the reference text are missing from the output. */
export function checkWords(
	reference: string,
	lines: readonly string[],
): WordCheck {
	const words = wordsOf(reference);
	const output = squeezeOutput(lines);
	const lost: string[] = [];
	let cursor = 0;
	for (const word of words) {
		const at = output.indexOf(word, cursor);
		if (at !== -1) {
			cursor = at + word.length;
		} else if (!output.includes(word)) {
			lost.push(word);
		}
	}

	return {words: words.length, lost};
}

export const markupPatterns: ReadonlyArray<readonly [string, RegExp]> = [
	['**', /\*\*/g],
	['<tag>', /<\/?[A-Za-z][\w-]*(?:\s[^<>]*)?\/?>/g],
	['&name;', /&[A-Za-z][A-Za-z\d]*;/g],
	['[^', /\[\^/g],
];

/** Markup in the output that the reference text does not hold: more `**`, tags, entities or footnote marks than the source's own text has. */
export function leakedMarkup(
	reference: string,
	lines: readonly string[],
): string[] {
	const output = lines.map((line) => stripAnsi(line)).join('\n');
	const leaks: string[] = [];
	for (const [name, pattern] of markupPatterns) {
		const inReference = reference.match(pattern)?.length ?? 0;
		const found = output.match(pattern) ?? [];
		if (found.length > inReference) {
			leaks.push(
				`${name}: ${found.length} in the output, ${inReference} in the text (${[...new Set(found)].slice(0, 5).join(' ')})`,
			);
		}
	}

	return leaks;
}
