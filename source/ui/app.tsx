import {Box, Text, useApp} from 'ink';
import {useCallback, useEffect, useRef, useSyncExternalStore} from 'react';
import type {OpenedArticle} from '../document/opened.js';
import type {RefreshEvent, RefreshSummary} from '../feeds/refresh.js';
import type {RefreshChild} from '../feeds/refresh-child.js';
import type {Article} from '../library/article.js';
import {
	isSortOrder,
	type ListFilter,
	nextSortOrder,
	noFilter,
	sortLabels,
	type SortOrder,
	unmarked,
} from '../library/filter.js';
import {asSource, type LibraryLike, listRowsOf} from '../library/list-rows.js';
import {type Keypress, resolveCommand} from '../keys/keymap.js';
import {marksOf, setMarks} from '../store/marks.js';
import type {Store} from '../store/store.js';
import type {StoreData} from '../store/types.js';
import {adoptLegacyKeys, noteOpened} from '../store/writes.js';
import {ArticleList, type ListView} from './article-list.js';
import {keyPriority, useKeypress, useKeyRouter} from './keypress.js';
import type {ListEffect} from './list-state.js';
import {ReaderScreen} from './reader-screen.js';
import {useLatestState} from './use-latest-state.js';
import {useTerminalSize} from './use-terminal-size.js';

export type AppProps = Readonly<{
	/** Every article, or the article index over a library of any size (source/library/list-rows.ts). */
	articles: LibraryLike;
	store: Store;
	open: (article: Article) => Promise<OpenedArticle>;
	/** Ctrl+Z: give the terminal back to the shell and stop until `fg`. */
	onSuspend?: () => void;
	/** Draw one frame taller than the screen, which makes Ink draw everything again (after a suspend). */
	forceFullFrame?: boolean;
	/** R: refresh the feeds in a child process, then read the library again. */
	refresh?: Readonly<{
		start: (onEvent: (event: RefreshEvent) => void) => RefreshChild;
		reload: () => LibraryLike;
	}>;
}>;

type Screen =
	| Readonly<{name: 'list'; notice?: string}>
	| Readonly<{name: 'opening'; article: Article}>
	/** `search`: opened from a full-text search, its words searched in the article. */
	| Readonly<{name: 'reader'; opened: OpenedArticle; search?: string}>;

/** Read and bookmark marks as they were before a change: what `u` puts back. */
type MarksBefore = ReadonlyArray<
	Readonly<{key: string; read: boolean; bookmarked: boolean}>
>;

/** What a refresh brought, in a line: `12 new articles from 5 feeds; 1 feed failed`. */
function refreshSummary(summary: RefreshSummary): string {
	const plural = (count: number, word: string) =>
		`${count} ${word}${count === 1 ? '' : 's'}`;
	const failed =
		summary.failed > 0 ? `; ${plural(summary.failed, 'feed')} failed` : '';
	return summary.feeds === 0
		? 'No feeds yet: gazette feeds add <url> subscribes to one.'
		: `${plural(summary.newItems, 'new article')} from ${plural(summary.feeds, 'feed')}${failed}.`;
}

/** Whether the state has anything kept under an article's file name, as gazette 0.2 kept it (keys now start `guid:`, `url:` or `file:`). */
function hasLegacyKeys(data: Readonly<StoreData>): boolean {
	const legacy = (key: string) => !/^(guid|url|file):/.test(key);
	return (
		Object.keys(data.articles).some((key) => legacy(key)) ||
		data.comments.some((comment) => legacy(comment.articleId)) ||
		Object.values(data.drafts).some((draft) => legacy(draft.articleId))
	);
}

function sortOf(data: Readonly<StoreData>): SortOrder {
	const {listSort} = data.settings;
	return isSortOrder(listSort) ? listSort : 'newest';
}

/**
The app: the list and the reader, the one store they share, and the router that holds keys for a screen still opening, so that keys typed ahead (Enter, then j before the article is drawn) reach it in order.
*/
export function App({
	articles: firstArticles,
	store,
	open,
	onSuspend,
	forceFullFrame,
	refresh,
}: AppProps) {
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
	const [screen, getScreen, setScreen] = useLatestState<Screen>({name: 'list'});
	const [filter, getFilter, setFilter] = useLatestState<ListFilter>(noFilter);
	// The library, read again after a refresh brings new articles.
	const [articles, getArticles, setArticles] =
		useLatestState<LibraryLike>(firstArticles);
	const library = asSource(articles);
	// Redrawn when the index finds files added, changed or removed behind its back.
	useSyncExternalStore(library.subscribe, library.version);
	// Sources folded to their heading, in the list sorted by source.
	const [folded, getFolded, setFolded] = useLatestState<ReadonlySet<string>>(
		new Set(),
	);
	const [refreshing, , setRefreshing] = useLatestState<string | undefined>(
		undefined,
	);
	const running = useRef<RefreshChild | undefined>(undefined);
	const refreshDone = useRef(false);
	const lastId = useRef<string | undefined>(undefined);
	const undo = useRef<MarksBefore[]>([]);

	const viewOf = (
		from: LibraryLike,
		data: Readonly<StoreData>,
		current: ListFilter,
		sourcesFolded: ReadonlySet<string>,
	) => {
		const marks = marksOf(data);
		const sort = sortOf(data);
		return {
			rows: listRowsOf(
				asSource(from),
				current,
				sort,
				marks,
				data.articles,
				sourcesFolded,
			),
			filter: current,
			marks,
			sort,
		};
	};

	const view = viewOf(articles, snapshot.data, filter, folded);
	const latest = (): ListView =>
		viewOf(getArticles(), store.getSnapshot().data, getFilter(), getFolded());

	// Keys wait here while no screen takes them (an article opening, a screen not yet mounted), then go to it in order.
	const router = useKeyRouter();
	const ready = useRef(false);
	const waiting = useRef<Keypress[]>([]);
	useKeypress(
		(key) => {
			if (resolveCommand('list', key) === 'app.suspend') {
				onSuspend?.();
				return true;
			}

			// A refresh's summary stays until the next key, as a message does.
			if (refreshDone.current) {
				refreshDone.current = false;
				setRefreshing(undefined);
			}

			if (!ready.current) {
				waiting.current.push(key);
				return true;
			}

			return false;
		},
		{priority: keyPriority.router},
	);
	const screenReady = useCallback(() => {
		ready.current = true;
		while (ready.current && waiting.current.length > 0) {
			router.dispatch(waiting.current.shift()!);
		}
	}, [router]);
	// Each screen shown is a new one, mounted again even when it is of the same kind (list, then list after a failed open): its mount is what says it takes keys.
	const shown = useRef(0);
	const show = (next: Screen) => {
		ready.current = false;
		shown.current++;
		setScreen(next);
	};

	// The store was read plainly for the first frame; open it properly now (warnings about the file show then).
	useEffect(() => {
		const timer = setTimeout(async () => {
			await store.completeOpen();
			// State kept under file names by gazette 0.2 moves to the articles' keys, once.
			if (hasLegacyKeys(store.data)) {
				adoptLegacyKeys(
					store,
					library.rows(noFilter, 'newest', () => unmarked, {}).all(),
				);
			}

			// The first frame came from a quick look at the folders: now every file, between keys.
			library.checkInBackground();
		}, 0);
		return () => {
			clearTimeout(timer);
		};
	}, [store, library]);

	const quit = () => {
		// A refresh stopped now carries on at the next one: what it wrote stays.
		running.current?.stop();
		store.close();
		exit();
	};

	const startRefresh = (): string | undefined => {
		if (!refresh) {
			return 'Refreshing is not available here.';
		}

		if (running.current) {
			return 'A refresh is already running.';
		}

		setRefreshing('Refreshing…');
		const child = refresh.start((event) => {
			if (event.type === 'start') {
				setRefreshing(`Refreshing 0/${event.feeds}`);
			} else if (event.type === 'feed') {
				setRefreshing(
					`Refreshing ${event.index}/${event.total} · ${event.title}${event.newSoFar > 0 ? ` · ${event.newSoFar} new` : ''}`,
				);
			}
		});
		running.current = child;
		void (async () => {
			const {summary, errors} = await child.done;
			running.current = undefined;
			// New articles arrive unread; the cursor stays on the article it was on.
			setArticles(refresh.reload());
			setRefreshing(
				summary
					? refreshSummary(summary)
					: (errors.at(-1) ?? 'The refresh stopped.'),
			);
			refreshDone.current = true;
		})();

		return undefined;
	};

	const openArticle = (article: Article, search?: string) => {
		lastId.current = article.id;
		show({name: 'opening', article});
		void (async () => {
			try {
				const opened = await open(article);
				noteOpened(store, article.key);
				show({name: 'reader', opened, search});
			} catch (error) {
				show({
					name: 'list',
					notice: `Cannot open ${article.title}: ${error instanceof Error ? error.message : String(error)}`,
				});
			}
		})();
	};

	const mark = (
		previous: MarksBefore,
		patch: {read?: boolean; bookmarked?: boolean},
	) => {
		undo.current.push(previous);
		setMarks(
			store,
			previous.map(({key}) => ({key, ...patch})),
		);
	};

	const before = (article: Article) => {
		const state = store.article(article.key);
		return {key: article.key, read: state.read, bookmarked: state.bookmarked};
	};

	const onListEffect = (effect: ListEffect): string | undefined => {
		switch (effect.type) {
			case 'open': {
				openArticle(effect.article, effect.search);
				return undefined;
			}

			case 'filter': {
				setFilter(effect.filter);
				return undefined;
			}

			case 'toggleRead': {
				const previous = before(effect.article);
				mark([previous], {read: !previous.read});
				return undefined;
			}

			case 'toggleBookmark': {
				const previous = before(effect.article);
				mark([previous], {bookmarked: !previous.bookmarked});
				return undefined;
			}

			case 'markAllRead': {
				mark(
					effect.articles.map((article) => before(article)),
					{read: true},
				);
				const count = effect.articles.length;
				return `Marked ${count} article${count === 1 ? '' : 's'} read · u undoes.`;
			}

			case 'undo': {
				const changes = undo.current.pop();
				if (!changes) {
					return 'Nothing to undo.';
				}

				setMarks(store, changes);
				return changes.length === 1
					? 'Undone.'
					: `Undone for ${changes.length} articles.`;
			}

			case 'fold': {
				const next = new Set(getFolded());
				for (const source of effect.sources) {
					if (effect.folded) {
						next.add(source);
					} else {
						next.delete(source);
					}
				}

				setFolded(next);
				return undefined;
			}

			case 'refresh': {
				return startRefresh();
			}

			case 'sort': {
				const next = nextSortOrder(sortOf(store.getSnapshot().data));
				store.update((data) => {
					data.settings = {...data.settings, listSort: next};
				});
				return `Sorted ${sortLabels[next]}.`;
			}

			case 'quit': {
				quit();
				return undefined;
			}
		}
	};

	const openSibling = (direction: 1 | -1): string | undefined => {
		const current = getScreen();
		if (current.name !== 'reader') {
			return undefined;
		}

		const list = latest().rows;
		const at = list.indexOfId(current.opened.article.id);
		for (
			let index = at + direction;
			index >= 0 && index < list.length;
			index += direction
		) {
			const row = list.at(index);
			if (row?.kind === 'article' && !row.article.error) {
				store.flush();
				openArticle(row.article);
				return undefined;
			}
		}

		return direction === 1
			? 'This is the last article in the list.'
			: 'This is the first article in the list.';
	};

	let main;
	switch (screen.name) {
		case 'reader': {
			main = (
				<ReaderScreen
					key={shown.current}
					opened={screen.opened}
					search={screen.search}
					store={store}
					columns={columns}
					rows={rows}
					onBack={() => {
						store.flush();
						show({name: 'list'});
					}}
					onQuit={quit}
					onSibling={openSibling}
					onReady={screenReady}
				/>
			);
			break;
		}

		case 'opening': {
			main = (
				<Box height={rows - 1}>
					<Text dimColor>Opening {screen.article.title}…</Text>
				</Box>
			);
			break;
		}

		case 'list': {
			main = (
				<ArticleList
					key={shown.current}
					articles={articles}
					view={view}
					latest={latest}
					columns={columns}
					rows={rows}
					warnings={
						screen.notice
							? [screen.notice, ...snapshot.warnings]
							: snapshot.warnings
					}
					status={
						[refreshing, snapshot.saving].filter(Boolean).join(' · ') ||
						undefined
					}
					initialId={lastId.current}
					onEffect={onListEffect}
					onReady={screenReady}
				/>
			);
			break;
		}
	}

	// The same root either way: the screens keep their state across a forced full frame.
	return (
		<Box flexDirection="column">
			{main}
			{forceFullFrame ? <Text>{'\n'}</Text> : null}
		</Box>
	);
}
