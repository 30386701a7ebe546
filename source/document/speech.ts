/**
Where quoted speech is in a text: curly quotes, and straight quotes paired in order (the first opens, the second closes), around at least two words.
*/
export function inlineQuoteSpans(
	text: string,
): Array<{start: number; end: number}> {
	const spans: Array<{start: number; end: number}> = [];
	if (!text.includes('"') && !text.includes('“')) {
		return spans;
	}

	for (const match of text.matchAll(/“[^“”]{2,}”/g)) {
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
