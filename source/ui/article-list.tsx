import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import {
	createContext,
	memo,
	useContext,
	useEffect,
	useMemo,
	useRef,
	useState,
} from 'react';
import type {Article} from '../library/article.js';
import {resolveCommand} from '../keys/keymap.js';
import {glyphs, theme} from '../terminal/theme.js';
import {displayWidth, fitLine, fitOneLine} from '../terminal/wrap.js';
import {Help} from './help.js';
import {LineInput} from './line-input.js';
import {usePacedInput} from './paced-stdin.js';
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
	const query = filter.query.trim().toLowerCase();
	return (
		passesMarks(marks, filter) &&
		(query === '' || searchText(article).includes(query))
	);
}

function passesMarks(marks: ArticleMarks, filter: ListFilter): boolean {
	return (
		(!filter.unreadOnly || marks.unread) &&
		(!filter.bookmarkedOnly || marks.bookmarked)
	);
}

/** What the filter searches: title, source and tags, in lower case. */
function searchText(article: Article): string {
	// NUL cannot be typed into the filter: a match never spans two fields.
	return [article.title, article.source, ...article.tags]
		.map((text) => text.toLowerCase())
		.join('\0');
}

// Each list's search texts, made once: a keystroke in the filter only searches them.
const searchTexts = new WeakMap<readonly Article[], string[]>();

function searchTextsOf(articles: readonly Article[]): string[] {
	let texts = searchTexts.get(articles);
	if (!texts) {
		texts = articles.map((article) => searchText(article));
		searchTexts.set(articles, texts);
	}

	return texts;
}

type Filtering = Readonly<{
	marks: (article: Article) => ArticleMarks;
	query: string;
	unreadOnly: boolean;
	bookmarkedOnly: boolean;
	/** Positions in the list of the articles kept. */
	kept: readonly number[];
}>;

// The last filtering of each list: typing on narrows it, so a keystroke searches only the articles the last one kept.
const lastFiltering = new WeakMap<readonly Article[], Filtering>();

/** The articles the filter keeps, in order; an article's marks are looked up only when the filter needs them. */
export function filterArticles(
	articles: readonly Article[],
	marks: (article: Article) => ArticleMarks,
	filter: ListFilter,
): readonly Article[] {
	const query = filter.query.trim().toLowerCase();
	const {unreadOnly, bookmarkedOnly} = filter;
	const byMarks = unreadOnly || bookmarkedOnly;
	if (query === '' && !byMarks) {
		return articles;
	}

	const texts = searchTextsOf(articles);
	const last = lastFiltering.get(articles);
	// Whatever contains the new query contains the old one: only what the old query kept can match.
	const candidates =
		last?.marks === marks &&
		last.unreadOnly === unreadOnly &&
		last.bookmarkedOnly === bookmarkedOnly &&
		query.includes(last.query)
			? last.kept
			: undefined;
	const kept: number[] = [];
	const count = candidates ? candidates.length : articles.length;
	for (let position = 0; position < count; position++) {
		const index = candidates ? candidates[position] : position;
		if (
			(query === '' || texts[index].includes(query)) &&
			(!byMarks || passesMarks(marks(articles[index]), filter))
		) {
			kept.push(index);
		}
	}

	lastFiltering.set(articles, {
		marks,
		query,
		unreadOnly,
		bookmarkedOnly,
		kept,
	});
	return kept.map((index) => articles[index]);
}

// Characters one column wide and one UTF-16 unit long: text made only of them is as wide as it is long, no need to measure it.
const narrowCharacters = [
	glyphs.unread,
	glyphs.bookmark,
	glyphs.draft,
	'·',
	'…',
].filter(
	(character) => character.length === 1 && displayWidth(character) === 1,
);
const narrowText = new RegExp(
	`^[ -~${narrowCharacters.join('').replaceAll(/[\\\]^-]/g, String.raw`\$&`)}]*$`,
);

/** Display width, measured only when the text is not plain ASCII (rows are formatted on every render). */
function textWidth(text: string): number {
	return narrowText.test(text) ? text.length : displayWidth(text);
}

/** `fitOneLine`, cutting plain text without measuring it. */
function fitText(text: string, width: number): string {
	if (!narrowText.test(text)) {
		return fitOneLine(text, width);
	}

	const room = Math.max(1, width);
	return text.length <= room ? text : `${text.slice(0, room - 1)}…`;
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
		width - flags.length - 3 - textWidth(details),
	);
	return fitText(
		`${flags} ${fitText(article.title, titleWidth)}  ${details}`,
		width,
	);
}

type RowSettings = Readonly<{
	marks: (article: Article) => ArticleMarks;
	width: number;
}>;

const RowContext = createContext<RowSettings | undefined>(undefined);

type RowProps = Readonly<{
	isSelected?: boolean;
	label: string;
	value?: Article;
}>;

/** One row of ink-select-input, formatted when drawn: only the rows on the screen are formatted, not the whole library. */
function ArticleRowView({isSelected = false, label, value}: RowProps) {
	const settings = useContext(RowContext);
	const text =
		value && settings
			? formatRow(value, settings.marks(value), settings.width)
			: label;
	// As ink-select-input's own item: the highlighted row in the colour of its pointer.
	return <Text color={isSelected ? 'blue' : undefined}>{text}</Text>;
}

const ArticleRow = memo(ArticleRowView);

type Mode = 'list' | 'filter' | 'help';

/** The article list: ink-select-input for moving and opening, the keymap for everything else. */
export function ArticleList(props: Props) {
	const {articles, marks, columns, rows, warnings, filter} = props;
	usePacedInput();
	const [mode, setMode] = useState<Mode>('list');
	const [highlighted, setHighlighted] = useState<string | undefined>(
		props.initialId,
	);

	const visible = useMemo(
		() => filterArticles(articles, marks, filter),
		[articles, marks, filter],
	);
	// Cheap items: each row formats itself when it is drawn (ArticleRow).
	const items = useMemo(
		() =>
			visible.map((article) => ({
				key: article.id,
				label: article.title,
				value: article,
			})),
		[visible],
	);
	// The filter texts are made once the first frame is out: neither it nor the first keystroke waits for them.
	useEffect(() => {
		const timer = setTimeout(() => {
			searchTextsOf(articles);
		}, 0);
		return () => {
			clearTimeout(timer);
		};
	}, [articles]);
	const rowWidth = Math.max(10, columns - 3);
	const rowSettings = useMemo(
		() => ({marks, width: rowWidth}),
		[marks, rowWidth],
	);
	// The highlighted article if the filter kept it, else the first: one pass over the list at most.
	const initialIndex = Math.max(
		0,
		highlighted === undefined
			? 0
			: visible.findIndex((article) => article.id === highlighted),
	);
	const current: Article | undefined = visible[initialIndex];

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
						<RowContext.Provider value={rowSettings}>
							<SelectInput
								key={`${filter.query}|${scope}`}
								items={items}
								itemComponent={ArticleRow}
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
						</RowContext.Provider>
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
