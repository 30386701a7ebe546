import {Box, Text, useApp} from 'ink';
import {useCallback, useEffect, useMemo, useState} from 'react';
import type {LayoutSection} from '../document/layout.js';
import type {QuoteTarget} from '../document/reader-sections.js';
import type {Article, LoadedArticle} from '../library/article.js';
import type {ArticleDocument} from '../document/sections.js';
import type {Store} from '../store/store.js';
import {
	type ArticleMarks,
	ArticleList,
	type ListFilter,
} from './article-list.js';
import {ReaderScreen} from './reader-screen.js';
import {useTerminalSize} from './use-terminal-size.js';

/** What the reader needs of an opened article; built outside the UI so that the renderer loads only when an article opens. */
export type OpenedArticle = Readonly<{
	article: LoadedArticle;
	document: ArticleDocument;
	/** A comment's body as lines at a width. */
	renderMarkdown: (markdown: string, width: number) => string[];
	/** Render the sections about to be seen: from a section on, about `lines` lines. */
	prepare: (
		width: number,
		sectionId: string | undefined,
		lines: number,
	) => void;
	/** Render more sections in the background, for about `milliseconds`; false once all are ready. */
	renderSome: (width: number, milliseconds: number) => boolean;
	/** Render these sections now (they came into view). */
	renderSections: (width: number, sectionIds: Iterable<string>) => void;
	sectionsAt: (width: number) => {
		sections: LayoutSection[];
		quotes: QuoteTarget[];
	};
}>;

export type AppProps = Readonly<{
	articles: readonly Article[];
	store: Store;
	open: (article: Article) => Promise<OpenedArticle>;
	initialId?: string;
}>;

type Screen =
	| {name: 'list'; notice?: string}
	| {name: 'opening'; article: Article}
	| {name: 'reader'; opened: OpenedArticle};

export function App({articles, store, open, initialId}: AppProps) {
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const [screen, setScreen] = useState<Screen>({name: 'list'});
	const [lastId, setLastId] = useState<string | undefined>(initialId);
	const [filter, setFilter] = useState<ListFilter>({
		query: '',
		unreadOnly: false,
		bookmarkedOnly: false,
	});
	const [version, setVersion] = useState(0);
	const changed = useCallback(() => {
		setVersion((v) => v + 1);
	}, []);

	const marks = useMemo(() => {
		const cache = new Map<string, ArticleMarks>();
		// Counted once per change of the store, not per row: the unread filter asks for every article's marks.
		const {comments, drafts} = store.data;
		const commentCounts = new Map<string, number>();
		for (const comment of comments) {
			commentCounts.set(
				comment.articleId,
				(commentCounts.get(comment.articleId) ?? 0) + 1,
			);
		}

		const withDraft = new Set(
			Object.values(drafts)
				.filter((draft) => draft.body.trim() !== '')
				.map((draft) => draft.articleId),
		);
		return (article: Article): ArticleMarks => {
			let entry = cache.get(article.id);
			if (!entry) {
				const state = store.article(article.id);
				entry = {
					unread: !state.read,
					bookmarked: state.bookmarked,
					progress: state.progress,
					comments: commentCounts.get(article.id) ?? 0,
					draft: withDraft.has(article.id),
				};
				cache.set(article.id, entry);
			}

			return entry;
		};
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [store, version]);

	// The store was read plainly for the first frame; open it properly now (warnings about the file show then).
	useEffect(() => {
		let mounted = true;
		const timer = setTimeout(async () => {
			await store.completeOpen();
			if (mounted) {
				changed();
			}
		}, 0);
		return () => {
			mounted = false;
			clearTimeout(timer);
		};
	}, [store, changed]);

	const quit = useCallback(() => {
		store.close();
		exit();
	}, [store, exit]);

	const toggleRead = useCallback(
		(article: Article) => {
			store.updateArticle(
				article.id,
				{read: !store.article(article.id).read},
				{immediate: true},
			);
			changed();
		},
		[store, changed],
	);

	const toggleBookmark = useCallback(
		(article: Article) => {
			store.updateArticle(
				article.id,
				{bookmarked: !store.article(article.id).bookmarked},
				{immediate: true},
			);
			changed();
		},
		[store, changed],
	);

	const openArticle = useCallback(
		(article: Article) => {
			if (article.error) {
				return;
			}

			setLastId(article.id);
			setScreen({name: 'opening', article});
			const load = async () => {
				try {
					const opened = await open(article);
					store.updateArticle(article.id, {
						lastOpened: new Date().toISOString(),
					});
					setScreen({name: 'reader', opened});
				} catch (error) {
					setScreen({
						name: 'list',
						notice: `Cannot open ${article.title}: ${error instanceof Error ? error.message : String(error)}`,
					});
				}
			};

			void load();
		},
		[open, store],
	);

	if (screen.name === 'reader') {
		return (
			<ReaderScreen
				opened={screen.opened}
				store={store}
				columns={columns}
				rows={rows}
				onChanged={changed}
				onBack={() => {
					store.flush();
					changed();
					setScreen({name: 'list'});
				}}
				onQuit={quit}
			/>
		);
	}

	if (screen.name === 'opening') {
		return (
			<Box height={rows - 1}>
				<Text dimColor>Opening {screen.article.title}…</Text>
			</Box>
		);
	}

	return (
		<ArticleList
			articles={articles}
			marks={marks}
			columns={columns}
			rows={rows}
			warnings={
				screen.notice ? [screen.notice, ...store.warnings] : store.warnings
			}
			initialId={lastId}
			filter={filter}
			onFilter={setFilter}
			onOpen={openArticle}
			onToggleRead={toggleRead}
			onToggleBookmark={toggleBookmark}
			onQuit={quit}
		/>
	);
}
