/** A reader's search, as words and phrases, and as a query for the full-text index (FTS5). */
export type SearchTerms = Readonly<{
	/** Each word, folded (lower case, no accents); `prefix`: it matches the start of a word too. */
	words: ReadonlyArray<Readonly<{text: string; prefix: boolean}>>;
	/** Each quoted phrase, folded, its words joined by one space. */
	phrases: readonly string[];
}>;

/** Lower case without accents, as the index compares words. */
export function foldText(text: string): string {
	return text.normalize('NFKD').replaceAll(/\p{M}/gu, '').toLowerCase();
}

const wordPattern = /[\p{L}\p{N}]+(\*)?/gu;

function wordsOf(text: string): Array<{text: string; prefix: boolean}> {
	return [...foldText(text).matchAll(wordPattern)].map((match) => ({
		text: match[0].replace(/\*$/, ''),
		prefix: match[1] !== undefined,
	}));
}

/**
The words and phrases of a query: words are runs of letters and digits (anything else separates them, so nothing typed is ever read as the index's own syntax), `"quoted words"` a phrase, `word*` a prefix. With `prefixLast`, the last word is a prefix too (a query still being typed).
*/
export function searchTerms(query: string, prefixLast = false): SearchTerms {
	const words: Array<{text: string; prefix: boolean}> = [];
	const phrases: string[] = [];
	const parts = query.split('"');
	for (const [index, part] of parts.entries()) {
		// Odd parts are inside quotes; an unclosed quote's words count as words.
		const quoted = index % 2 === 1 && index < parts.length - 1;
		const found = wordsOf(part);
		if (quoted && found.length > 1) {
			phrases.push(found.map((word) => word.text).join(' '));
		}

		words.push(
			...found.map((word) => (quoted ? {...word, prefix: false} : word)),
		);
	}

	const last = words.at(-1);
	if (prefixLast && last && !query.trimEnd().endsWith('"')) {
		words[words.length - 1] = {...last, prefix: true};
	}

	return {words, phrases};
}

/** The FTS5 query: every word (and phrase) must be there. Undefined when there is nothing to search for. */
export function ftsQuery(terms: SearchTerms): string | undefined {
	// Words are letters and digits only: quoting them is all the escaping FTS5 needs.
	const parts = [
		...terms.phrases.map((phrase) => `"${phrase}"`),
		...terms.words.map((word) => `"${word.text}"${word.prefix ? '*' : ''}`),
	];
	return parts.length === 0 ? undefined : parts.join(' ');
}
