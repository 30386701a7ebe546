import {Box, Text, useApp} from 'ink';
import {useCallback, useEffect, useRef, useSyncExternalStore} from 'react';
import type {OpenedArticle} from '../document/opened.js';
import type {Article} from '../library/article.js';
import {
	type ArticleMarks,
	isSortOrder,
	type ListFilter,
	nextSortOrder,
	noFilter,
	sortLabels,
	type SortOrder,
} from '../library/filter.js';
import {asRows, asSource, type LibraryLike} from '../library/list-rows.js';
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
}>;

type Screen =
	| Readonly<{name: 'list'; notice?: string}>
	| Readonly<{name: 'opening'; article: Article}>
	| Readonly<{name: 'reader'; opened: OpenedArticle}>;

/** Read and bookmark marks as they were before a change: what `u` puts back. */
type MarksBefore = ReadonlyArray<
	Readonly<{key: string; read: boolean; bookmarked: boolean}>
>;

const unmarked: ArticleMarks = {
	unread: true,
	bookmarked: false,
	progress: 0,
	comments: 0,
	draft: false,
};

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
	articles,
	store,
	open,
	onSuspend,
	forceFullFrame,
}: AppProps) {
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
	const library = asSource(articles);
	// Redrawn when the index finds files added, changed or removed behind its back.
	useSyncExternalStore(library.subscribe, library.version);
	const [screen, getScreen, setScreen] = useLatestState<Screen>({name: 'list'});
	const [filter, getFilter, setFilter] = useLatestState<ListFilter>(noFilter);
	const lastId = useRef<string | undefined>(undefined);
	const undo = useRef<MarksBefore[]>([]);

	const viewOf = (data: Readonly<StoreData>, current: ListFilter) => {
		const marks = marksOf(data);
		const sort = sortOf(data);
		return {
			rows: library.rows(current, sort, marks, data.articles),
			filter: current,
			marks,
			sort,
		};
	};

	const view = viewOf(snapshot.data, filter);
	const latest = (): ListView => viewOf(store.getSnapshot().data, getFilter());

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
					asRows(library.rows(noFilter, 'newest', () => unmarked, {})).all(),
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
		store.close();
		exit();
	};

	const openArticle = (article: Article) => {
		lastId.current = article.id;
		show({name: 'opening', article});
		void (async () => {
			try {
				const opened = await open(article);
				noteOpened(store, article.key);
				show({name: 'reader', opened});
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
				openArticle(effect.article);
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

		const list = asRows(latest().rows);
		const at = list.indexOfId(current.opened.article.id);
		for (
			let index = at + direction;
			index >= 0 && index < list.length;
			index += direction
		) {
			const article = list.at(index)!;
			if (!article.error) {
				store.flush();
				openArticle(article);
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
					status={snapshot.saving}
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
