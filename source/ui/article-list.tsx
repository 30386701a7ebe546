import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import {useMemo, useRef, useState} from 'react';
import type {Article} from '../library/article.js';
import {resolveCommand} from '../keys/keymap.js';
import {glyphs, theme} from '../terminal/theme.js';
import {displayWidth, fitLine, fitOneLine} from '../terminal/wrap.js';
import {Help} from './help.js';
import {LineInput} from './line-input.js';
import {editLine, useKeys} from './use-keys.js';

export type ArticleMarks = Readonly<{
	unread: boolean;
	bookmarked: boolean;
	/** Percent read, shown while started and not finished. */
	progress: number;
	comments: number;
	draft: boolean;
}>;

export type ListFilter = Readonly<{
	query: string;
	unreadOnly: boolean;
	bookmarkedOnly: boolean;
}>;

type Props = Readonly<{
	articles: readonly Article[];
	marks: (article: Article) => ArticleMarks;
	columns: number;
	rows: number;
	warnings: readonly string[];
	initialId: string | undefined;
	filter: ListFilter;
	onFilter: (filter: ListFilter) => void;
	onOpen: (article: Article) => void;
	onToggleRead: (article: Article) => void;
	onToggleBookmark: (article: Article) => void;
	onQuit: () => void;
}>;

export function matchesFilter(
	article: Article,
	marks: ArticleMarks,
	filter: ListFilter,
): boolean {
	if (
		(filter.unreadOnly && !marks.unread) ||
		(filter.bookmarkedOnly && !marks.bookmarked)
	) {
		return false;
	}

	const query = filter.query.trim().toLowerCase();
	if (query === '') {
		return true;
	}

	return [article.title, article.source, ...article.tags].some((text) =>
		text.toLowerCase().includes(query),
	);
}

export function formatRow(
	article: Article,
	marks: ArticleMarks,
	width: number,
): string {
	const flags = `${marks.unread ? glyphs.unread : ' '}${marks.bookmarked ? glyphs.bookmark : ' '}${marks.draft ? glyphs.draft : ' '}`;
	const details = article.error
		? `unreadable: ${article.error}`
		: [
				article.source,
				article.date,
				`${article.readingMinutes} min`,
				marks.progress > 0 && marks.progress < 100 ? `${marks.progress}%` : '',
				marks.comments > 0
					? `${marks.comments} comment${marks.comments === 1 ? '' : 's'}`
					: '',
			]
				.filter(Boolean)
				.join(' · ');
	// The title gives way first, so that source, date and reading time stay visible.
	const titleWidth = Math.max(
		12,
		width - flags.length - 3 - displayWidth(details),
	);
	return fitOneLine(
		`${flags} ${fitOneLine(article.title, titleWidth)}  ${details}`,
		width,
	);
}

type Mode = 'list' | 'filter' | 'help';

/** The article list: ink-select-input for moving and opening, the keymap for everything else. */
export function ArticleList(props: Props) {
	const {articles, marks, columns, rows, warnings, filter} = props;
	const [mode, setMode] = useState<Mode>('list');
	const [highlighted, setHighlighted] = useState<string | undefined>(
		props.initialId,
	);

	const visible = useMemo(
		() =>
			articles.filter((article) =>
				matchesFilter(article, marks(article), filter),
			),
		[articles, marks, filter],
	);
	const rowWidth = Math.max(10, columns - 3);
	const items = visible.map((article) => ({
		key: article.id,
		label: formatRow(article, marks(article), rowWidth),
		value: article,
	}));
	const current =
		visible.find((article) => article.id === highlighted) ?? visible[0];
	const initialIndex = Math.max(
		0,
		visible.findIndex((article) => article.id === current?.id),
	);

	// Within a burst of keys the view has not rendered again: read the mode and query from refs, not from the last render.
	const modeRef = useRef<Mode>(mode);
	const filterRef = useRef(filter);
	filterRef.current = filter;
	const switchMode = (next: Mode) => {
		modeRef.current = next;
		setMode(next);
	};

	const changeFilter = (change: Partial<ListFilter>) => {
		filterRef.current = {...filterRef.current, ...change};
		props.onFilter(filterRef.current);
	};

	useKeys((key) => {
		if (modeRef.current === 'help') {
			// The help overlay takes its own keys.
			return;
		}

		if (modeRef.current === 'filter') {
			const command = resolveCommand('filter', key);
			if (command === 'filter.keep') {
				switchMode('list');
			} else if (command === 'filter.clear') {
				changeFilter({query: ''});
				switchMode('list');
			} else {
				const query = editLine(filterRef.current.query, key);
				if (query !== filterRef.current.query) {
					changeFilter({query});
				}
			}

			return;
		}

		switch (resolveCommand('list', key)) {
			case 'list.filter': {
				switchMode('filter');
				break;
			}

			case 'list.unread': {
				changeFilter({unreadOnly: !filterRef.current.unreadOnly});
				break;
			}

			case 'list.bookmarked': {
				changeFilter({bookmarkedOnly: !filterRef.current.bookmarkedOnly});
				break;
			}

			case 'list.read': {
				if (current) {
					props.onToggleRead(current);
				}

				break;
			}

			case 'list.bookmark': {
				if (current) {
					props.onToggleBookmark(current);
				}

				break;
			}

			case 'list.help': {
				switchMode('help');
				break;
			}

			case 'list.quit': {
				props.onQuit();
				break;
			}

			default:
		}
	});

	const scope = [
		filter.unreadOnly && 'unread',
		filter.bookmarkedOnly && 'bookmarked',
	]
		.filter(Boolean)
		.join(', ');
	const title = `gazette · ${visible.length === articles.length ? `${articles.length} articles` : `${visible.length} of ${articles.length} articles`}${scope ? ` · only ${scope}` : ''}${filter.query && mode !== 'filter' ? ` · filter: ${filter.query}` : ''}`;
	// Warnings wrap (a backup's path must be readable), within a third of the screen.
	const shownWarnings = warnings
		.flatMap((warning) => fitLine(`⚠ ${warning}`, columns - 1))
		.slice(0, Math.max(1, Math.floor(rows / 3)));
	const footerLines = 2;
	const listHeight = Math.max(
		1,
		rows - 1 - 1 - shownWarnings.length - footerLines,
	);

	const footer = current?.error
		? theme.text.error(`Cannot show this article: ${current.error}`)
		: (current?.summary ?? '');
	return (
		<Box flexDirection="column" height={rows - 1}>
			<Text bold wrap="truncate-end">
				{fitOneLine(title, columns - 1)}
			</Text>
			{shownWarnings.map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} wrap="truncate-end">
					{theme.text.warning(line)}
				</Text>
			))}
			{mode === 'help' ? (
				<Help
					screens={['list', 'filter']}
					width={columns - 1}
					height={listHeight}
					onClose={() => {
						switchMode('list');
					}}
				/>
			) : (
				<Box flexDirection="column" height={listHeight}>
					{items.length === 0 ? (
						<Text dimColor>
							{articles.length === 0
								? 'No articles in this folder.'
								: 'No article matches.'}
						</Text>
					) : (
						<SelectInput
							key={`${filter.query}|${scope}`}
							items={items}
							limit={listHeight}
							initialIndex={initialIndex}
							isFocused={mode === 'list'}
							onHighlight={(item) => {
								setHighlighted(item.value.id);
							}}
							onSelect={(item) => {
								props.onOpen(item.value);
							}}
						/>
					)}
				</Box>
			)}
			<Box flexDirection="column" height={footerLines}>
				<Text wrap="truncate-end">
					{footer ? fitOneLine(footer, columns - 1) : ' '}
				</Text>
				{mode === 'filter' ? (
					<LineInput prompt="/" value={filter.query} />
				) : (
					<Text dimColor wrap="truncate-end">
						{fitOneLine(
							'Enter open · / filter · u unread · B bookmarked · m read · s bookmark · ? help · q quit',
							columns - 1,
						)}
					</Text>
				)}
			</Box>
		</Box>
	);
}
