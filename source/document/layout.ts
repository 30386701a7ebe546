import {fitOneLine, wrapText} from '../terminal/wrap.js';
import {glyphs, theme} from '../terminal/theme.js';

/** A section as the reader lays it out: the article's own sections and the Comments section alike. */
export type LayoutSection = Readonly<{
	id: string;
	title: string;
	/** 0: no heading line (the lede); 1: a section; 2: a subsection. */
	level: 0 | 1 | 2;
	parentId: string | undefined;
	/** Shown after a folded heading: `3 paragraphs · 1 quote`. */
	summary: string;
	/** Shown after the heading, folded or not: `✎ 2`. */
	badge?: string;
	/** Columns before the heading's fold mark; default 2 for a subsection. Replies nest deeper. */
	indent?: number;
	/** Shown folded until the reader opens it (a `<details>` block). */
	initiallyFolded?: boolean;
	/** The id of the section whose body this one goes on with (after a `<details>` section inside it): drawn without a heading. */
	continues?: string;
	/** Rendered lines at the layout's width; only called for sections that are unfolded. */
	body: () => Readonly<{
		lines: readonly string[];
		plain: readonly string[];
		pending?: boolean;
	}>;
}>;

export type LayoutLine = Readonly<{
	text: string;
	plain: string;
	sectionId: string;
	/** `pending`: a line of a section not rendered yet. */
	kind: 'heading' | 'body' | 'blank' | 'pending';
	/** Position within the section: 0 is the heading (or the lede's first line). */
	lineInSection: number;
}>;

export type Layout = Readonly<{
	lines: readonly LayoutLine[];
	/** Line of each visible section's heading (or first line for the lede). */
	sectionLine: ReadonlyMap<string, number>;
	/** Sections in order, visible or hidden by a folded parent. */
	order: readonly string[];
	width: number;
}>;

/** The sections a section sits in, nearest first (a reply's parents, then the Comments section). */
export function ancestorsOf(
	sections: readonly LayoutSection[],
	sectionId: string,
): string[] {
	const byId = new Map(sections.map((section) => [section.id, section]));
	const ancestors: string[] = [];
	let parent = byId.get(sectionId)?.parentId;
	while (parent !== undefined && !ancestors.includes(parent)) {
		ancestors.push(parent);
		parent = byId.get(parent)?.parentId;
	}

	return ancestors;
}

export function headingText(
	section: LayoutSection,
	folded: boolean,
	width: number,
): {text: string; plain: string} {
	const glyph = folded ? glyphs.collapsed : glyphs.expanded;
	const indent = ' '.repeat(section.indent ?? (section.level === 2 ? 2 : 0));
	const badge = section.badge ? `  ${section.badge}` : '';
	const summary = folded ? `  · ${section.summary}` : '';
	const plain = fitOneLine(
		`${indent}${glyph} ${section.title}${badge}${summary}`,
		width,
	);
	const style =
		section.level === 2 ? theme.text.subheading : theme.text.heading;
	const titleEnd = indent.length + glyph.length + 1 + section.title.length;
	const text =
		plain.length > titleEnd
			? style(plain.slice(0, titleEnd)) + theme.text.dim(plain.slice(titleEnd))
			: style(plain);
	return {text, plain};
}

/** The lines of an open section's heading: its whole title, wrapped under itself, never cut. */
export function headingLines(
	section: LayoutSection,
	width: number,
): Array<{text: string; plain: string}> {
	const indent = ' '.repeat(section.indent ?? (section.level === 2 ? 2 : 0));
	const lead = `${indent}${glyphs.expanded} `;
	const room = width - lead.length;
	const badge = section.badge ? `  ${section.badge}` : '';
	if (room < 8 || lead.length + section.title.length + badge.length <= width) {
		return [headingText(section, false, width)];
	}

	const style =
		section.level === 2 ? theme.text.subheading : theme.text.heading;
	const wrapped = wrapText(section.title, room);
	const last = wrapped.length - 1;
	return wrapped.map((piece, index) => {
		const plainLead = index === 0 ? lead : ' '.repeat(lead.length);
		const tail = index === last && badge ? badge : '';
		const plain = fitOneLine(plainLead + piece + tail, width);
		const text =
			plain.length > plainLead.length + piece.length
				? style(plain.slice(0, plainLead.length + piece.length)) +
					theme.text.dim(plain.slice(plainLead.length + piece.length))
				: style(plain);
		return {text, plain};
	});
}

/** Join the cached pieces of every section: folding only re-joins, it never renders again. */
export function buildLayout(
	sections: readonly LayoutSection[],
	collapsed: ReadonlySet<string>,
	width: number,
): Layout {
	const lines: LayoutLine[] = [];
	const sectionLine = new Map<string, number>();
	// Sections come parents first: a section is hidden when its parent is folded or hidden.
	const hidden = new Set<string>();
	for (const section of sections) {
		if (
			section.parentId !== undefined &&
			(collapsed.has(section.parentId) || hidden.has(section.parentId))
		) {
			hidden.add(section.id);
			continue;
		}

		const folded = section.level > 0 && collapsed.has(section.id);
		// Folded headings stack without blank lines between them, like a table of contents.
		const afterFolded = folded && lines.at(-1)?.kind === 'heading';
		if (lines.length > 0 && !afterFolded) {
			lines.push({
				text: '',
				plain: '',
				sectionId: section.id,
				kind: 'blank',
				lineInSection: -1,
			});
		}

		sectionLine.set(section.id, lines.length);
		let offset = 0;
		if (section.level > 0) {
			const heading = folded
				? [headingText(section, folded, width)]
				: headingLines(section, width);
			for (const line of heading) {
				lines.push({
					...line,
					sectionId: section.id,
					kind: 'heading',
					lineInSection: offset++,
				});
			}

			if (folded) {
				continue;
			}

			lines.push({
				text: '',
				plain: '',
				sectionId: section.id,
				kind: 'blank',
				lineInSection: offset++,
			});
		}

		const body = section.body();
		for (const [index, text] of body.lines.entries()) {
			lines.push({
				text,
				plain: body.plain[index] ?? '',
				sectionId: section.id,
				kind: body.pending ? 'pending' : text === '' ? 'blank' : 'body',
				lineInSection: offset + index,
			});
		}
	}

	return {
		lines,
		sectionLine,
		order: sections.map((section) => section.id),
		width,
	};
}
