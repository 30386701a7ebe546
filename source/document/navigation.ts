import type {ReadingPosition} from './position.js';
import type {Layout} from './layout.js';

/** The largest top line that still fills the view. */
export function maxTop(layout: Layout, height: number): number {
	return Math.max(0, layout.lines.length - height);
}

export function clampTop(top: number, layout: Layout, height: number): number {
	return Math.max(0, Math.min(top, maxTop(layout, height)));
}

/** Put a line at the top of the view, as far as the article allows (a short last section can't reach the top). */
export function topFor(line: number, layout: Layout, height: number): number {
	return clampTop(line, layout, height);
}

/** The section that owns a line: the reader's focus follows the line at the top of the view. */
export function sectionAt(layout: Layout, line: number): string | undefined {
	const clamped = Math.max(0, Math.min(line, layout.lines.length - 1));
	return layout.lines[clamped]?.sectionId;
}

/** Visible sections with a heading line, in order. */
export function headings(layout: Layout): string[] {
	return layout.order.filter(
		(id) =>
			layout.sectionLine.has(id) &&
			layout.lines[layout.sectionLine.get(id)!]?.kind === 'heading',
	);
}

export function nextHeading(
	layout: Layout,
	focus: string | undefined,
	direction: 1 | -1,
): string | undefined {
	const list = headings(layout);
	if (list.length === 0) {
		return undefined;
	}

	const index = focus === undefined ? -1 : list.indexOf(focus);
	if (index === -1) {
		// Focus on the lede or a hidden section: the first heading forward, the first one before it backward.
		const line = focus === undefined ? 0 : (layout.sectionLine.get(focus) ?? 0);
		return direction === 1
			? list.find((id) => layout.sectionLine.get(id)! > line)
			: list.findLast((id) => layout.sectionLine.get(id)! < line);
	}

	return list[index + direction];
}

/**
Where the reader is, in words that survive a change of width: the section at the top and the line within it.

The blank line above a heading belongs to that heading's section, as line -1: with `exact`, it is kept so (a relayout puts the view back on it); without, it counts as the heading (a saved position never holds a negative line).
*/
export function positionAt(
	layout: Layout,
	top: number,
	options: Readonly<{exact?: boolean}> = {},
): ReadingPosition | undefined {
	const at = Math.max(0, Math.min(top, layout.lines.length - 1));
	const line = layout.lines[at];
	if (!line) {
		return undefined;
	}

	const start = layout.sectionLine.get(line.sectionId) ?? at;
	const counts = textCounts(layout, line.sectionId);
	// Before the section's heading (the blank line above it): nothing of it yet. A line still to render has no count.
	const textBefore =
		at < start
			? 0
			: at - start < counts.length - 1
				? counts[at - start]
				: undefined;

	return {
		sectionId: line.sectionId,
		lineInSection: options.exact
			? line.lineInSection
			: Math.max(0, line.lineInSection),
		sectionLines: sectionLength(layout, line.sectionId),
		...(textBefore === undefined ? {} : {textBefore}),
	};
}

const letterOrDigit = /[\p{L}\p{N}]/gu;

/** The letters and digits of a line: what wrapping at another width does not change (spaces, a quote's bar and a list's bullet do). */
function textLength(plain: string): number {
	return plain.match(letterOrDigit)?.length ?? 0;
}

const countsOfLayouts = new WeakMap<Layout, Map<string, readonly number[]>>();

/**
The letters and digits of a section before each of its lines, up to the first line still to render, and then those of all of them: `counts[i]` is before line `start + i`. Counted once per layout and section: a position is taken at every scroll, and a section of a 1 MB article counted again took 30 ms a key.
*/
function textCounts(layout: Layout, sectionId: string): readonly number[] {
	let sections = countsOfLayouts.get(layout);
	if (!sections) {
		sections = new Map();
		countsOfLayouts.set(layout, sections);
	}

	let counts = sections.get(sectionId);
	if (!counts) {
		const start = layout.sectionLine.get(sectionId);
		let before = 0;
		const built = [before];
		for (
			let line = start ?? layout.lines.length;
			line < layout.lines.length &&
			layout.lines[line].sectionId === sectionId &&
			layout.lines[line].kind !== 'pending';
			line++
		) {
			before += textLength(layout.lines[line].plain);
			built.push(before);
		}

		counts = built;
		sections.set(sectionId, counts);
	}

	return counts;
}

/** Lines a section takes in a layout, its heading included. */
export function sectionLength(layout: Layout, sectionId: string): number {
	const start = layout.sectionLine.get(sectionId);
	if (start === undefined) {
		return 0;
	}

	let end = start;
	while (
		end < layout.lines.length &&
		layout.lines[end].sectionId === sectionId
	) {
		end++;
	}

	return end - start;
}

/** The line of a saved position: the same section, and the same place in it even when the width has changed since. */
export function lineOf(layout: Layout, position: ReadingPosition): number {
	const start = layout.sectionLine.get(position.sectionId);
	if (start === undefined) {
		return 0;
	}

	// The blank line above the heading, when a relayout asks for it.
	if (
		position.lineInSection < 0 &&
		layout.lines[start - 1]?.sectionId === position.sectionId
	) {
		return start - 1;
	}

	// The line that holds the first letter the view began with, at this width; the very line saved when it still begins there (the same width, a blank line).
	if (position.textBefore !== undefined && position.lineInSection > 0) {
		const counts = textCounts(layout, position.sectionId);
		const same = position.lineInSection;
		if (same < counts.length - 1 && counts[same] === position.textBefore) {
			return start + same;
		}

		const after = counts.findIndex((count) => count > position.textBefore!);
		if (after > 0) {
			return start + after - 1;
		}
	}

	const length = sectionLength(layout, position.sectionId);
	// The heading and the blank line under it stay apart; the body scales.
	let fixedLines = 0;
	while (layout.lines[start + fixedLines]?.kind === 'heading') {
		fixedLines++;
	}

	fixedLines += fixedLines > 0 ? 1 : 0;
	let offset = position.lineInSection;
	const saved = position.sectionLines;
	if (
		saved !== undefined &&
		saved > fixedLines &&
		length > fixedLines &&
		saved !== length &&
		offset >= fixedLines
	) {
		offset =
			fixedLines +
			Math.round(
				((offset - fixedLines) * (length - fixedLines)) / (saved - fixedLines),
			);
	}

	let line = start;
	while (
		line + 1 < layout.lines.length &&
		layout.lines[line + 1].sectionId === position.sectionId &&
		layout.lines[line + 1].lineInSection <= offset
	) {
		line++;
	}

	return line;
}

/** A place in the article, by section: it stays valid while other sections fold and unfold. */
export type Spot = Readonly<{sectionId: string; lineInSection: number}>;

export type Match = Spot & Readonly<{start: number; end: number}>;

/** The line of a spot in a layout, if its section is unfolded and visible there. */
export function lineOfSpot(layout: Layout, spot: Spot): number | undefined {
	const start = layout.sectionLine.get(spot.sectionId);
	if (start === undefined) {
		return undefined;
	}

	const line = start + spot.lineInSection;
	return layout.lines[line]?.sectionId === spot.sectionId ? line : undefined;
}

/** Case-insensitive search over the unstyled text; search a layout with every section unfolded to find matches in folded ones too. */
export function findMatches(layout: Layout, query: string): Match[] {
	const needle = query.toLowerCase();
	if (needle === '') {
		return [];
	}

	const matches: Match[] = [];
	for (const entry of layout.lines) {
		const haystack = entry.plain.toLowerCase();
		let start = haystack.indexOf(needle);
		while (start !== -1) {
			matches.push({
				sectionId: entry.sectionId,
				lineInSection: entry.lineInSection,
				start,
				end: start + needle.length,
			});
			start = haystack.indexOf(needle, start + needle.length);
		}
	}

	return matches;
}

/** Percent of the article seen when the view's last line is `top + height`. */
export function percentSeen(
	layout: Layout,
	top: number,
	height: number,
): number {
	const total = layout.lines.length;
	if (total === 0) {
		return 100;
	}

	return Math.min(
		100,
		Math.round((Math.min(total, top + height) / total) * 100),
	);
}
