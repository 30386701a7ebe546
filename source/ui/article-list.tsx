import {Box, Text} from 'ink';
import {Indicator} from 'ink-select-input';
import {memo, useLayoutEffect, useRef} from 'react';
import type {Article} from '../library/article.js';
import {
	type ArticleMarks,
	fullTextQuery,
	type ListFilter,
	type SortOrder,
	sortLabels,
} from '../library/filter.js';
import {
	asSource,
	fullTextLimit,
	type LibraryLike,
	type ListRows,
} from '../library/list-rows.js';
import {theme} from '../terminal/theme.js';
import {fitLine, fitOneLine} from '../terminal/wrap.js';
import {Help} from './help.js';
import {helpLayout} from './help-layout.js';
import {fitHints, type Hint} from './hints.js';
import {useKeypress} from './keypress.js';
import {LineInput} from './line-input.js';
import {
	columnWidths,
	formatGroupRow,
	formatRow,
	planRow,
	type RowPlan,
	statusText,
} from './list-row.js';
import {
	followSelection,
	initialListState,
	type ListEffect,
	reduceList,
} from './list-state.js';
import {useLatestState} from './use-latest-state.js';

/** The list as it is now: read at every key, so that keys in one burst see what the keys before them changed. */
export type ListView = Readonly<{
	rows: ListRows;
	filter: ListFilter;
	marks: (article: Article) => ArticleMarks;
}>;

type Props = Readonly<{
	/** The library (every article, or the index over them), for the counts and the columns' widths. */
	articles: LibraryLike;
	/** What this render shows; sorted by source, headings among the rows. */
	view: ListView & Readonly<{sort: SortOrder}>;
	/** The same, as it is at this very moment. */
	latest: () => ListView;
	columns: number;
	rows: number;
	warnings: readonly string[];
	/** A line under the header: a refresh under way, a notice. */
	status?: string;
	initialId: string | undefined;
	/** Carry out what a key asked for, as the key is handled, so the next key sees the result; a message to show, if any. */
	onEffect: (effect: ListEffect) => string | undefined;
	/** Called once the list takes keys. */
	onReady: () => void;
}>;

const footerLines = 2;

const hints: readonly Hint[] = [
	{text: 'Enter open', priority: 9},
	{text: '/ filter', priority: 8},
	{text: 'n next unread', priority: 5},
	{text: 'm read', priority: 6},
	{text: 's bookmark', priority: 4},
	{text: 'U unread', priority: 3},
	{text: 'S sort', priority: 2},
	{text: '? help', priority: 10, keep: true, short: '?'},
	{text: 'q quit', priority: 10, keep: true, short: 'q'},
];

type RowProps = Readonly<{
	article: Article;
	marks: ArticleMarks;
	plan: RowPlan;
	selected: boolean;
	/** A full-text search's result: its matching line, dim, on a second line. */
	snippet?: string;
	width?: number;
}>;

/** One row: ink-select-input's indicator, then the row, formatted only when drawn. */
const ArticleRow = memo(
	({article, marks, plan, selected, snippet, width = 0}: RowProps) => {
		const text = formatRow(article, marks, plan);
		return (
			<Box flexDirection="column">
				<Box>
					<Indicator isSelected={selected} />
					<Text wrap="truncate-end">
						{selected ? theme.selection(text) : text}
					</Text>
				</Box>
				{snippet === undefined ? null : (
					<Text wrap="truncate-end">
						{theme.text.dim(`      ${fitOneLine(snippet, width - 6)}`)}
					</Text>
				)}
			</Box>
		);
	},
);

/** A source's heading, as a section heading in an article. */
const GroupRow = memo(
	({text, selected}: Readonly<{text: string; selected: boolean}>) => (
		<Box>
			<Indicator isSelected={selected} />
			<Text wrap="truncate-end">
				{selected ? theme.selection(text) : theme.text.heading(text)}
			</Text>
		</Box>
	),
);

/** The article list: a window of rows over the library, moved by the list's reducer (list-state.ts). */
export function ArticleList(props: Props) {
	const {view, columns, rows, warnings} = props;
	const library = asSource(props.articles);
	const total = library.total();
	const grouped = view.rows.headings.length > 0;
	const {filter} = view;
	// `//`: the ranked results of a full-text search, two lines each (the title, the matching line).
	const fullText = fullTextQuery(filter);
	const linesPerRow = fullText === undefined ? 1 : 2;
	// Warnings wrap (a backup's path must be readable), within a third of the screen.
	const shownWarnings = warnings
		.flatMap((warning) => fitLine(`⚠ ${warning}`, columns - 1))
		.slice(0, Math.max(1, Math.floor(rows / 3)));
	const statusLines = props.status ? 1 : 0;
	const listHeight = Math.max(
		1,
		rows - 1 - 1 - statusLines - shownWarnings.length - footerLines,
	);
	const help = helpLayout(['list', 'filter'], columns - 1, listHeight);

	// Rows that fit on the screen.
	const pageRows = Math.max(1, Math.floor(listHeight / linesPerRow));
	const [state, getState, setState] = useLatestState(() =>
		initialListState(view.rows, props.initialId, pageRows),
	);
	// As last drawn: keys act on the page the user sees.
	const heightRef = useRef(pageRows);
	heightRef.current = pageRows;

	useKeypress((key) => {
		const before = props.latest();
		const height = heightRef.current;
		const {state: next, effects} = reduceList(getState(), key, {
			...before,
			height,
			help,
		});
		setState(next);
		for (const effect of effects) {
			const message = props.onEffect(effect);
			if (message) {
				setState({...getState(), message});
			}
		}

		if (effects.length > 0) {
			// The rows may have changed (a filter, a mark, a sort): the cursor stays on its article.
			const after = props.latest();
			setState(
				followSelection(
					getState(),
					after.rows,
					height,
					after.filter.query === before.filter.query ? 'same' : 'first',
				),
			);
		}

		return true;
	});
	const {onReady} = props;
	useLayoutEffect(() => {
		onReady();
	}, [onReady]);

	// What this render shows: the cursor on its article in these rows.
	const shown = followSelection(state, view.rows, pageRows);
	const {index, top} = shown.cursor;
	const inView = view.rows.slice(top, top + pageRows);
	const rowWidth = Math.max(10, columns - 3);
	const widths = columnWidths(library.columnSample());
	const statusWidth = Math.min(
		10,
		Math.max(
			0,
			...inView.map((row) =>
				row.kind === 'article' ? statusText(view.marks(row.article)).length : 0,
			),
		),
	);
	// Sorted by source, the heading says it: no source column.
	const plan = planRow(rowWidth, {
		...widths,
		status: statusWidth,
		...(grouped ? {source: 0} : {}),
	});

	const filtered =
		filter.query !== '' || filter.unreadOnly || filter.bookmarkedOnly;
	const scope =
		fullText === undefined
			? [
					filter.unreadOnly && 'only unread',
					filter.bookmarkedOnly && 'only bookmarked',
					filter.query && state.mode !== 'filter' && `filter: ${filter.query}`,
					view.sort !== 'newest' && sortLabels[view.sort],
				]
					.filter(Boolean)
					.join(' · ')
			: `search: ${fullText}`;
	// Counted in articles: a source's heading is not one (the cursor on a heading counts the first article of its source).
	const {articleCount} = view.rows;
	const articleIndex = view.rows.articleIndex(index);

	const position =
		articleCount === 0
			? `0 of ${total}`
			: `${Math.min(articleCount, articleIndex + 1)}/${articleCount}`;
	// Filtered: `1/3 of 40`, the filter's count and the library's in one.
	const count = filtered
		? `${position}${articleCount === 0 ? '' : ` of ${total}`}`
		: `${position} articles`;
	// A search counts its results, the most it shows with a `+`.
	const results = `${articleCount === 0 ? 0 : articleIndex + 1}/${articleCount}${articleCount >= fullTextLimit ? '+' : ''} results`;
	const title = `gazette · ${fullText === undefined ? count : results}${scope ? ` · ${scope}` : ''}`;

	const currentRow = view.rows.at(index);
	const current =
		currentRow?.kind === 'article' ? currentRow.article : undefined;
	// An empty prompt says what it does: `//` for the full text, Backspace back to titles.
	const promptHelp =
		state.mode === 'filter' && filter.query === ''
			? "// searches every article's text"
			: state.mode === 'filter' && fullText === ''
				? 'Backspace goes back to the title filter'
				: undefined;
	const footer =
		state.message ??
		promptHelp ??
		(currentRow?.kind === 'group'
			? `${currentRow.source}: Enter ${currentRow.folded ? 'unfolds' : 'folds'} it · Tab and [ move between sources`
			: current?.error
				? theme.text.error(`Cannot show this article: ${current.error}`)
				: (current?.summary ?? ''));
	return (
		<Box flexDirection="column" height={rows - 1}>
			<Text bold wrap="truncate-end">
				{fitOneLine(title, columns - 1)}
			</Text>
			{props.status ? (
				<Text wrap="truncate-end">
					{theme.text.dim(fitOneLine(props.status, columns - 1))}
				</Text>
			) : null}
			{shownWarnings.map((line, number) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={number} wrap="truncate-end">
					{theme.text.warning(line)}
				</Text>
			))}
			{state.mode === 'help' ? (
				<Help
					screens={['list', 'filter']}
					width={columns - 1}
					height={listHeight}
					offset={state.helpOffset}
				/>
			) : (
				<Box flexDirection="column" height={listHeight}>
					{view.rows.length === 0 ? (
						<Text dimColor>
							{total === 0
								? 'No articles in this folder.'
								: fullText?.trim() === ''
									? "Type words to search every article's text."
									: 'No article matches.'}
						</Text>
					) : (
						inView.map((row, number) =>
							row.kind === 'article' ? (
								<ArticleRow
									key={row.id}
									article={row.article}
									marks={view.marks(row.article)}
									plan={plan}
									selected={top + number === index}
									snippet={row.snippet}
									width={rowWidth + 2}
								/>
							) : (
								<GroupRow
									key={row.id}
									text={formatGroupRow(row, rowWidth)}
									selected={top + number === index}
								/>
							),
						)
					)}
				</Box>
			)}
			<Box flexDirection="column" height={footerLines}>
				<Text wrap="truncate-end">
					{footer ? fitOneLine(footer, columns - 1) : ' '}
				</Text>
				{state.mode === 'filter' ? (
					<LineInput
						prompt={fullText === undefined ? '/' : 'search all: '}
						value={fullText ?? filter.query}
					/>
				) : (
					<Text dimColor wrap="truncate-end">
						{fitHints(hints, columns - 1)}
					</Text>
				)}
			</Box>
		</Box>
	);
}
