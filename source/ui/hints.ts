import {displayWidth, fitOneLine} from '../terminal/wrap.js';

/** A key hint in a footer or a status line; lower `priority` goes first when room runs out. `keep` never goes, but shrinks to `short` on a tiny terminal. */
export type Hint = Readonly<{
	text: string;
	priority: number;
	keep?: boolean;
	short?: string;
}>;

const separator = ' · ';

/** The hints that fit in `width`, whole, in their order: the lowest priority ones are dropped first, never cut mid-word. */
export function fitHints(hints: readonly Hint[], width: number): string {
	if (width <= 0) {
		return '';
	}

	let shown = [...hints];
	const widthOf = (list: readonly Hint[]) =>
		displayWidth(list.map((hint) => hint.text).join(separator));
	while (widthOf(shown) > width) {
		const droppable = shown.filter((hint) => !hint.keep);
		if (droppable.length === 0) {
			break;
		}

		let lowest = droppable[0];
		for (const hint of droppable) {
			if (hint.priority < lowest.priority) {
				lowest = hint;
			}
		}

		shown = shown.filter((hint) => hint !== lowest);
	}

	const text = shown.map((hint) => hint.text).join(separator);
	if (displayWidth(text) <= width) {
		return text;
	}

	// Only the kept hints left and still too wide (a tiny terminal): their short forms, or nothing.
	const short = shown.map((hint) => hint.short ?? hint.text).join(' ');
	return displayWidth(short) <= width ? short : '';
}

/** A status line: `left` cut to what room `right` leaves, `right` flush right. Exactly `width` columns. */
export function statusLine(left: string, right: string, width: number): string {
	if (width <= 0) {
		return '';
	}

	const rightWidth = displayWidth(right);
	if (rightWidth >= width) {
		return fitOneLine(right, width);
	}

	const room = width - rightWidth - 1;
	const fitted = room > 0 && left !== '' ? fitOneLine(left, room) : '';
	const gap = width - rightWidth - displayWidth(fitted);
	return fitted + ' '.repeat(Math.max(1, gap)) + right;
}
