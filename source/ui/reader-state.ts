import {
	ancestorsOf,
	buildLayout,
	type Layout,
	type LayoutSection,
} from '../document/layout.js';
import {
	clampTop,
	findMatches,
	lineOf,
	lineOfSpot,
	type Match,
	maxTop,
	nextHeading,
	positionAt,
	sectionAt,
	type Spot,
	topFor,
} from '../document/navigation.js';
import type {QuoteTarget} from '../document/reader-sections.js';
import type {ReadingPosition} from '../document/position.js';

/** What the reader shows, apart from the article itself. Pure: no Ink, so it is tested without rendering. */
export type ReaderState = Readonly<{
	top: number;
	/** The focused section. */
	focus: string;
	collapsed: ReadonlySet<string>;
	/** The focused quote, if the last move was to a quote. */
	quote: string | undefined;
	search: Readonly<{query: string; matches: readonly Match[]; current: number}>;
}>;

export type ReaderContext = Readonly<{
	sections: readonly LayoutSection[];
	quotes: readonly QuoteTarget[];
	width: number;
	height: number;
	layout: (collapsed: ReadonlySet<string>) => Layout;
	/** Every section unfolded, for search. */
	fullLayout: () => Layout;
}>;

export type ReaderAction =
	| {type: 'scroll'; lines: number}
	| {type: 'page'; direction: 1 | -1}
	| {type: 'top'}
	| {type: 'bottom'}
	| {type: 'line'; line: number}
	| {type: 'section'; direction: 1 | -1}
	| {type: 'toggle'}
	| {type: 'collapseAll'}
	| {type: 'expandAll'}
	| {type: 'jump'; sectionId: string}
	| {type: 'quote'; direction: 1 | -1}
	| {type: 'search'; query: string}
	| {type: 'searchStep'; direction: 1 | -1 | 0}
	| {type: 'clearSearch'}
	| {type: 'relayout'; previous: Layout};

export function initialReaderState(
	context: ReaderContext,
	saved?: {position?: ReadingPosition; collapsed?: readonly string[]},
): ReaderState {
	const known = new Set(context.sections.map((section) => section.id));
	const collapsed = new Set(
		(saved?.collapsed ?? []).filter((id) => known.has(id)),
	);
	// An article read before keeps its folds as the reader left them; a new one starts with its `<details>` folded.
	if (saved?.position === undefined) {
		for (const section of context.sections) {
			if (section.initiallyFolded) {
				collapsed.add(section.id);
			}
		}
	}

	const layout = context.layout(collapsed);
	const top = saved?.position
		? topFor(lineOf(layout, saved.position), layout, context.height)
		: 0;
	return {
		top,
		focus:
			saved?.position && known.has(saved.position.sectionId)
				? saved.position.sectionId
				: (sectionAt(layout, top) ?? ''),
		collapsed,
		quote: undefined,
		search: {query: '', matches: [], current: -1},
	};
}

/** Move the view; the focus follows the section at the top, as it does when reading by line or page. */
function scrollTo(
	state: ReaderState,
	layout: Layout,
	top: number,
): ReaderState {
	return {
		...state,
		top,
		focus: sectionAt(layout, top) ?? state.focus,
		quote: undefined,
	};
}

/** Fold or unfold, keeping the focused heading on the same screen row. */
function refold(
	state: ReaderState,
	context: ReaderContext,
	collapsed: ReadonlySet<string>,
	anchor = state.focus,
): ReaderState {
	const before = context.layout(state.collapsed);
	const after = context.layout(collapsed);
	const oldLine = before.sectionLine.get(anchor);
	const newLine = after.sectionLine.get(anchor);
	let top = clampTop(state.top, after, context.height);
	if (oldLine !== undefined && newLine !== undefined) {
		const row = oldLine - state.top;
		top =
			row >= 0 && row < context.height
				? Math.max(0, newLine - row)
				: clampTop(newLine, after, context.height);
	}

	return {...state, collapsed, top};
}

function withExpanded(
	collapsed: ReadonlySet<string>,
	context: ReaderContext,
	sectionId: string,
): ReadonlySet<string> {
	const unfold = [sectionId, ...ancestorsOf(context.sections, sectionId)];
	if (!unfold.some((id) => collapsed.has(id))) {
		return collapsed;
	}

	const next = new Set(collapsed);
	for (const id of unfold) {
		next.delete(id);
	}

	return next;
}

/** Bring a spot into view, unfolding its section if needed; a spot already on screen does not scroll. */
function reveal(
	state: ReaderState,
	context: ReaderContext,
	spot: Spot,
	height = 1,
): ReaderState {
	const collapsed = withExpanded(state.collapsed, context, spot.sectionId);
	const layout = context.layout(collapsed);
	const line =
		lineOfSpot(layout, spot) ?? layout.sectionLine.get(spot.sectionId) ?? 0;
	const visible =
		line >= state.top &&
		line + Math.min(height, context.height) <= state.top + context.height;
	const top =
		visible && collapsed === state.collapsed
			? state.top
			: topFor(
					Math.max(0, line - Math.floor(context.height / 3)),
					layout,
					context.height,
				);
	return {...state, collapsed, top, focus: spot.sectionId};
}

export function reduceReader(
	state: ReaderState,
	action: ReaderAction,
	context: ReaderContext,
): ReaderState {
	const layout = context.layout(state.collapsed);
	const page = Math.max(1, context.height - 1);
	switch (action.type) {
		case 'scroll': {
			const limit = maxTop(layout, context.height);
			// A jump may have left the top past the last full page: scrolling down from there stays put.
			const top =
				action.lines > 0
					? Math.max(state.top, Math.min(state.top + action.lines, limit))
					: Math.max(0, state.top + action.lines);
			return top === state.top ? state : scrollTo(state, layout, top);
		}

		case 'page': {
			return reduceReader(
				state,
				{type: 'scroll', lines: action.direction * page},
				context,
			);
		}

		case 'top': {
			return scrollTo(state, layout, 0);
		}

		case 'bottom': {
			return scrollTo(state, layout, maxTop(layout, context.height));
		}

		case 'line': {
			return scrollTo(
				state,
				layout,
				topFor(action.line, layout, context.height),
			);
		}

		case 'section': {
			// Back from inside a section whose heading is above the view: to that heading first.
			const ownHeading = layout.sectionLine.get(state.focus);
			if (
				action.direction === -1 &&
				ownHeading !== undefined &&
				ownHeading < state.top &&
				layout.lines[ownHeading]?.kind === 'heading'
			) {
				return {
					...state,
					quote: undefined,
					top: topFor(ownHeading, layout, context.height),
				};
			}

			const next = nextHeading(layout, state.focus, action.direction);
			if (next === undefined) {
				return action.direction === -1 ? scrollTo(state, layout, 0) : state;
			}

			return {
				...state,
				focus: next,
				quote: undefined,
				top: topFor(layout.sectionLine.get(next)!, layout, context.height),
			};
		}

		case 'toggle': {
			const focused = context.sections.find(
				(entry) => entry.id === state.focus,
			);
			// The rest of a section after a `<details>` folds with that section.
			const section = focused?.continues
				? context.sections.find((entry) => entry.id === focused.continues)
				: focused;
			if (!section || section.level === 0) {
				return state;
			}

			const collapsed = new Set(state.collapsed);
			if (collapsed.has(section.id)) {
				collapsed.delete(section.id);
			} else {
				collapsed.add(section.id);
			}

			return refold(state, context, collapsed);
		}

		case 'collapseAll': {
			const collapsed = new Set(
				context.sections
					.filter((section) => section.level > 0)
					.map((section) => section.id),
			);
			// The focus moves to the top-level section that holds it, which stays visible.
			const focused = context.sections.find(
				(section) => section.id === state.focus,
			);
			const anchor = focused?.parentId ?? state.focus;
			return {
				...refold({...state, focus: anchor}, context, collapsed, anchor),
				quote: undefined,
			};
		}

		case 'expandAll': {
			return refold(state, context, new Set());
		}

		case 'jump': {
			const collapsed = withExpanded(
				state.collapsed,
				context,
				action.sectionId,
			);
			const next = context.layout(collapsed);
			const line = next.sectionLine.get(action.sectionId) ?? 0;
			return {
				...state,
				collapsed,
				focus: action.sectionId,
				quote: undefined,
				top: topFor(line, next, context.height),
			};
		}

		case 'quote': {
			if (context.quotes.length === 0) {
				return state;
			}

			const current = context.quotes.findIndex(
				(quote) => quote.id === state.quote,
			);
			let index: number;
			if (current === -1) {
				// From the view: the first quote from the top line on going forward, the last one above it going back.
				// Sections are compared by order first, so only the top section's quotes need their lines.
				const order = new Map(
					context.sections.map((section, position) => [section.id, position]),
				);
				const top = positionAt(layout, state.top) ?? {
					sectionId: '',
					lineInSection: 0,
				};
				const topOrder = order.get(top.sectionId) ?? 0;
				const after = (quote: QuoteTarget) => {
					const quoteOrder = order.get(quote.sectionId) ?? 0;
					return quoteOrder === topOrder
						? quote.lineInSection >= top.lineInSection
						: quoteOrder > topOrder;
				};

				index =
					action.direction === 1
						? context.quotes.findIndex((quote) => after(quote))
						: context.quotes.findLastIndex((quote) => !after(quote));
			} else {
				index = current + action.direction;
			}

			const target = context.quotes[index];
			if (!target) {
				return state;
			}

			return {
				...reveal(state, context, target, target.height),
				quote: target.id,
			};
		}

		case 'search': {
			const matches = findMatches(context.fullLayout(), action.query);
			return {...state, search: {query: action.query, matches, current: -1}};
		}

		case 'searchStep': {
			const {matches} = state.search;
			if (matches.length === 0) {
				return state;
			}

			// Nothing chosen yet: forward starts at the first match, backward at the last.
			const from =
				state.search.current === -1 && action.direction === -1
					? 0
					: state.search.current;
			const current =
				action.direction === 0
					? 0
					: (from + action.direction + matches.length) % matches.length;
			const match = matches[current];
			return {
				...reveal(state, context, match),
				quote: undefined,
				search: {...state.search, current},
			};
		}

		case 'clearSearch': {
			return {...state, search: {query: '', matches: [], current: -1}};
		}

		case 'relayout': {
			const position = positionAt(action.previous, state.top, {exact: true});
			// At the end of the article before, at the end after: the end is a place too.
			const atEnd =
				state.top > 0 && state.top >= maxTop(action.previous, context.height);
			const top = atEnd
				? maxTop(layout, context.height)
				: position
					? topFor(lineOf(layout, position), layout, context.height)
					: clampTop(state.top, layout, context.height);
			// A focus that followed the top line (a scroll, G) still follows it; one chosen (], a quote) stays.
			const followedTop = state.focus === sectionAt(action.previous, state.top);
			const focus = followedTop
				? (sectionAt(layout, top) ?? state.focus)
				: state.focus;
			// Matches are counted in lines at a width: find them again at the new one.
			if (state.search.query === '') {
				return top === state.top && focus === state.focus
					? state
					: {...state, top, focus};
			}

			const matches = findMatches(context.fullLayout(), state.search.query);
			return {
				...state,
				top,
				focus,
				search: {
					...state.search,
					matches,
					current: Math.min(state.search.current, matches.length - 1),
				},
			};
		}
	}
}

/** Whether the focused section's heading is on screen: Enter folds only a heading the reader can see. */
export function focusedHeadingInView(
	state: ReaderState,
	context: ReaderContext,
): boolean {
	const line = context.layout(state.collapsed).sectionLine.get(state.focus);
	return (
		line !== undefined && line >= state.top && line < state.top + context.height
	);
}

export function layoutCache(
	sections: readonly LayoutSection[],
	width: number,
): ReaderContext['layout'] {
	// Folding alternates between a few sets: keep the layouts of the last ones.
	const cache = new Map<string, Layout>();
	return (collapsed) => {
		const key = [...collapsed].sort().join('\n');
		let layout = cache.get(key);
		if (!layout) {
			layout = buildLayout(sections, collapsed, width);
			if (cache.size >= 2) {
				cache.delete(cache.keys().next().value!);
			}

			cache.set(key, layout);
		}

		return layout;
	};
}

/** Build the reader's context: the sections at a width, laid out on demand, with every section rendered for a search. */
export function createReaderContext(
	sections: ReaderContext['sections'],
	quotes: ReaderContext['quotes'],
	width: number,
	height: number,
	onNeedAll?: () => void,
): ReaderContext {
	const layout = layoutCache(sections, width);
	const expanded = new Set<string>();
	return {
		sections,
		quotes,
		width,
		height,
		layout,
		fullLayout() {
			// Search reads every section's text: render what is still pending first.
			const full = layout(expanded);
			if (onNeedAll && full.lines.some((line) => line.kind === 'pending')) {
				onNeedAll();
				return buildLayout(sections, expanded, width);
			}

			return full;
		},
	};
}
