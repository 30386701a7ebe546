import type {Layout, LayoutLine} from '../document/layout.js';
import {lineOfSpot, type Match} from '../document/navigation.js';
import type {QuoteTarget} from '../document/reader-sections.js';
import {glyphs, theme} from '../terminal/theme.js';
import type {ReaderState} from './reader-state.js';

/** Gutter marks, two columns before each line: the focused heading, the focused quote, the current match. */
const gutters = {
	plain: '  ',
	heading: `${glyphs.focus} `,
	quote: '» ',
	match: '▶ ',
} as const;

function highlightMatches(
	line: LayoutLine,
	matches: readonly Match[],
	current: Match | undefined,
): string {
	let text = '';
	let at = 0;
	for (const match of matches) {
		text +=
			line.plain.slice(at, match.start) +
			(match === current ? theme.currentMatch : theme.match)(
				line.plain.slice(match.start, match.end),
			);
		at = match.end;
	}

	return text + line.plain.slice(at);
}

/**
The lines of the article in view, each with its gutter: a pure function of the layout and the reader's state. Focus is drawn over the cached lines (a highlighted heading, matches), never by rendering again; without colour the gutter still marks the focused heading, the focused quote and the line of the current match.
*/
export function formatBody(
	layout: Layout,
	state: ReaderState,
	quotes: readonly QuoteTarget[],
	height: number,
): string[] {
	const visible = layout.lines.slice(state.top, state.top + height);
	const focusedQuote = quotes.find((quote) => quote.id === state.quote);
	const quoteStart = focusedQuote
		? lineOfSpot(layout, focusedQuote)
		: undefined;
	const currentMatch = state.search.matches[state.search.current];
	const currentLine = currentMatch
		? lineOfSpot(layout, currentMatch)
		: undefined;
	const matchesByLine = new Map<number, Match[]>();
	for (const match of state.search.matches) {
		const line = lineOfSpot(layout, match);
		if (line !== undefined && line >= state.top && line < state.top + height) {
			matchesByLine.set(line, [...(matchesByLine.get(line) ?? []), match]);
		}
	}

	return visible.map((line, index) => {
		const number = state.top + index;
		const focusedHeading =
			line.kind === 'heading' && line.sectionId === state.focus;
		const inQuote =
			quoteStart !== undefined &&
			number >= quoteStart &&
			number < quoteStart + (focusedQuote?.height ?? 1);
		const gutter =
			number === currentLine
				? gutters.match
				: focusedHeading
					? gutters.heading
					: inQuote
						? gutters.quote
						: gutters.plain;
		const matches = matchesByLine.get(number);
		const text = focusedHeading
			? theme.focus(line.plain)
			: matches
				? highlightMatches(line, matches, currentMatch)
				: line.text;
		return gutter + text;
	});
}
