import type {Article} from '../library/article.js';
import {
	type ArticleMarks,
	fullTextMark,
	fullTextQuery,
	type ListFilter,
	noFilter,
} from '../library/filter.js';
import type {ListRows} from '../library/list-rows.js';
import {editLine} from '../keys/edit.js';
import {type Keypress, resolveCommand} from '../keys/keymap.js';
import {type Cursor, cursorAt, cursorByPage, startCursor} from './cursor.js';
import {scrollHelp} from './help-layout.js';

export type ListMode = 'list' | 'filter' | 'help';

/** The list screen's own state. Pure data: the reducer below is tested without rendering. */
export type ListState = Readonly<{
	mode: ListMode;
	/** The row under the cursor (an article's id, or a source's heading): the cursor follows it when the list changes (a filter, a mark, a new sort). */
	selectedId: string | undefined;
	cursor: Cursor;
	/** How far the help is scrolled. */
	helpOffset: number;
	/** A one-line message, gone at the next key. */
	message: string | undefined;
}>;

/** What the reducer needs to know, read at each key: the rows shown, in order, and the screen rows they get. */
export type ListContext = Readonly<{
	rows: ListRows;
	height: number;
	filter: ListFilter;
	marks: (article: Article) => ArticleMarks;
	/** The help's rows and how far it scrolls (`helpLayout`). */
	help: Readonly<{rows: number; maxOffset: number}>;
}>;

/** What the screen must do after a key: the reducer only decides. */
export type ListEffect =
	/** `search`: a full-text search's words, for the reader's search, which starts at the first match. */
	| {type: 'open'; article: Article; search?: string}
	| {type: 'filter'; filter: ListFilter}
	| {type: 'toggleRead'; article: Article}
	| {type: 'toggleBookmark'; article: Article}
	| {type: 'markAllRead'; articles: readonly Article[]}
	| {type: 'undo'}
	| {type: 'sort'}
	| {type: 'fold'; sources: readonly string[]; folded: boolean}
	| {type: 'refresh'}
	| {type: 'quit'};

export function initialListState(
	rows: ListRows,
	selectedId: string | undefined,
	height: number,
): ListState {
	const index = Math.max(0, rows.indexOfId(selectedId));
	const cursor = cursorAt(startCursor, index, rows.length, height);
	return {
		mode: 'list',
		selectedId: rows.at(cursor.index)?.id,
		cursor,
		helpOffset: 0,
		message: undefined,
	};
}

function moveTo(state: ListState, cursor: Cursor, rows: ListRows) {
	return {...state, cursor, selectedId: rows.at(cursor.index)?.id};
}

/**
Put the cursor back on the selected article after the rows changed; if it is gone, stay at the same place (`same`) or go to the first row (`first`, after the filter's text changed).
*/
export function followSelection(
	state: ListState,
	rows: ListRows,
	height: number,
	fallback: 'same' | 'first' = 'same',
): ListState {
	const current = rows.at(state.cursor.index);
	if (current !== undefined && current.id === state.selectedId) {
		const cursor = cursorAt(
			state.cursor,
			state.cursor.index,
			rows.length,
			height,
		);
		return cursor === state.cursor ? state : {...state, cursor};
	}

	const found = rows.indexOfId(state.selectedId);
	const index =
		found === -1 ? (fallback === 'first' ? 0 : state.cursor.index) : found;
	return moveTo(
		state,
		cursorAt(state.cursor, index, rows.length, height),
		rows,
	);
}

const none: readonly ListEffect[] = [];

/** One key on the list screen: the state after it and what the screen must do. */
export function reduceList(
	state: ListState,
	key: Keypress,
	context: ListContext,
): {state: ListState; effects: readonly ListEffect[]} {
	const {rows, height, filter} = context;
	// A message lasts until the next key.
	const base: ListState =
		state.message === undefined ? state : {...state, message: undefined};
	const same = {state: base, effects: none};

	if (state.mode === 'help') {
		const helpOffset = scrollHelp(
			state.helpOffset,
			resolveCommand('help', key),
			context.help,
		);
		// Any key but the help's own closes it.
		return {
			state:
				helpOffset === undefined
					? {...base, mode: 'list', helpOffset: 0}
					: {...base, helpOffset},
			effects: none,
		};
	}

	if (state.mode === 'filter') {
		switch (resolveCommand('filter', key)) {
			case 'filter.keep': {
				return {state: {...base, mode: 'list'}, effects: none};
			}

			case 'filter.clear': {
				return {
					state: {...base, mode: 'list'},
					effects: [{type: 'filter', filter: {...filter, query: ''}}],
				};
			}

			// `/` first in the prompt: the full text of every article. Anywhere else it is a character of the filter.
			case 'filter.searchAll': {
				if (filter.query === '') {
					return {
						state: base,
						effects: [
							{type: 'filter', filter: {...filter, query: fullTextMark}},
						],
					};
				}

				break;
			}

			default: {
				break;
			}
		}

		const query = editLine(filter.query, key);
		return query === filter.query
			? same
			: {
					state: base,
					effects: [{type: 'filter', filter: {...filter, query}}],
				};
	}

	const current = rows.at(state.cursor.index);
	const to = (index: number) => ({
		state: moveTo(
			base,
			cursorAt(base.cursor, index, rows.length, height),
			rows,
		),
		effects: none,
	});
	const page = (pages: number) => ({
		state: moveTo(
			base,
			cursorByPage(base.cursor, pages, rows.length, height),
			rows,
		),
		effects: none,
	});
	const currentArticle =
		current?.kind === 'article' ? current.article : undefined;
	const onCurrent = (effect: (article: Article) => ListEffect) =>
		currentArticle ? {state: base, effects: [effect(currentArticle)]} : same;
	// A source's heading to the next or previous one.
	const toGroup = (direction: 1 | -1) => {
		const {index} = state.cursor;
		const heading =
			direction === 1
				? rows.headings.find((heading) => heading.index > index)
				: rows.headings.findLast((heading) => heading.index < index);
		return heading ? to(heading.index) : same;
	};

	const groups = rows.headings.flatMap(({row}) =>
		row.kind === 'group' ? [row] : [],
	);

	switch (resolveCommand('list', key)) {
		case 'list.down': {
			return to(state.cursor.index + 1);
		}

		case 'list.up': {
			return to(state.cursor.index - 1);
		}

		case 'list.pageDown': {
			return page(1);
		}

		case 'list.pageUp': {
			return page(-1);
		}

		case 'list.halfDown': {
			return page(0.5);
		}

		case 'list.halfUp': {
			return page(-0.5);
		}

		case 'list.top': {
			return to(0);
		}

		case 'list.bottom': {
			return to(rows.length - 1);
		}

		case 'list.nextUnread': {
			// After the cursor, then from the top: the next one to read, wherever it is.
			const next =
				rows.length === 0
					? -1
					: rows.findNext(
							(state.cursor.index + 1) % rows.length,
							(article) => context.marks(article).unread && !article.error,
						);
			if (next !== -1) {
				return to(next);
			}

			return {
				state: {...base, message: 'No unread articles here.'},
				effects: none,
			};
		}

		case 'list.open': {
			// On a source's heading, Enter folds or unfolds it, as on a section's in an article.
			if (current?.kind === 'group') {
				return {
					state: base,
					effects: [
						{
							type: 'fold',
							sources: [current.source],
							folded: !current.folded,
						},
					],
				};
			}

			if (currentArticle?.error) {
				return {
					state: {
						...base,
						message: `Cannot open this article: ${currentArticle.error}`,
					},
					effects: none,
				};
			}

			// A full-text search's result opens at the match: the reader searches the same words.
			const words = fullTextQuery(filter)?.trim();
			return onCurrent((article) =>
				words
					? {type: 'open', article, search: words}
					: {type: 'open', article},
			);
		}

		case 'list.nextGroup': {
			return groups.length === 0
				? {
						state: {
							...base,
							message: 'S sorts by source, with a heading for each.',
						},
						effects: none,
					}
				: toGroup(1);
		}

		case 'list.previousGroup': {
			return toGroup(-1);
		}

		case 'list.foldAll':
		case 'list.unfoldAll': {
			return groups.length === 0
				? same
				: {
						state: base,
						effects: [
							{
								type: 'fold',
								sources: groups.map((group) => group.source),
								folded: resolveCommand('list', key) === 'list.foldAll',
							},
						],
					};
		}

		case 'list.refresh': {
			return {state: base, effects: [{type: 'refresh'}]};
		}

		case 'list.filter': {
			return {state: {...base, mode: 'filter'}, effects: none};
		}

		case 'list.clearFilter': {
			return filter.query === '' && !filter.unreadOnly && !filter.bookmarkedOnly
				? same
				: {state: base, effects: [{type: 'filter', filter: noFilter}]};
		}

		case 'list.unread': {
			return {
				state: base,
				effects: [
					{
						type: 'filter',
						filter: {...filter, unreadOnly: !filter.unreadOnly},
					},
				],
			};
		}

		case 'list.bookmarked': {
			return {
				state: base,
				effects: [
					{
						type: 'filter',
						filter: {...filter, bookmarkedOnly: !filter.bookmarkedOnly},
					},
				],
			};
		}

		case 'list.sort': {
			return {state: base, effects: [{type: 'sort'}]};
		}

		case 'list.read': {
			return onCurrent((article) => ({type: 'toggleRead', article}));
		}

		case 'list.bookmark': {
			return onCurrent((article) => ({type: 'toggleBookmark', article}));
		}

		case 'list.allRead': {
			const unread = rows
				.articles()
				.filter((article) => context.marks(article).unread);
			return unread.length === 0
				? {
						state: {...base, message: 'Every article shown is read already.'},
						effects: none,
					}
				: {state: base, effects: [{type: 'markAllRead', articles: unread}]};
		}

		case 'list.undo': {
			return {state: base, effects: [{type: 'undo'}]};
		}

		case 'list.help': {
			return {state: {...base, mode: 'help', helpOffset: 0}, effects: none};
		}

		case 'list.quit': {
			return {state: base, effects: [{type: 'quit'}]};
		}

		default: {
			return same;
		}
	}
}
