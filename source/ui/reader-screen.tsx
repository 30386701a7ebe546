import {
	useCallback,
	useContext,
	useEffect,
	useLayoutEffect,
	useMemo,
	useReducer,
	useRef,
	useSyncExternalStore,
} from 'react';
import {commentBadges, commentSections} from '../comments/layout.js';
import {buildLayout} from '../document/layout.js';
import {lineOf, percentSeen, positionAt} from '../document/navigation.js';
import type {Store} from '../store/store.js';
import type {CommentRecord} from '../comments/comment.js';
import {
	deleteComment,
	keepDraft,
	markRead,
	restoreComment,
	saveComment,
	saveReadingPosition,
	setBookmarked,
} from '../store/writes.js';
import {
	browserCommand,
	openInBrowser,
	runTerminalBrowser,
} from '../terminal/browser.js';
import {editText} from '../terminal/editor.js';
import type {OpenedArticle} from '../document/opened.js';
import {helpLayout} from './help-layout.js';
import {useKeypress} from './keypress.js';
import {menuRows} from './menu.js';
import {
	commentFocus,
	initialScreenState,
	type OpenComposer,
	type ReaderEffect,
	type ReaderEnvironment,
	type ReaderScreenState,
	reduceReaderScreen,
	startSearch,
} from './reader-machine.js';
import {
	bodyHeight,
	linkPanelHeight,
	Reader,
	readerHelpScreens,
} from './reader.js';
import {
	initialReaderState,
	createReaderContext,
	type ReaderContext,
	reduceReader,
} from './reader-state.js';
import {SuspendContext} from './terminal-context.js';
import {useLatestState} from './use-latest-state.js';
import {textColumnWidth} from './use-terminal-size.js';

type Props = Readonly<{
	opened: OpenedArticle;
	store: Store;
	columns: number;
	rows: number;
	onBack: () => void;
	onQuit: () => void;
	/** Open the next or previous article in the list's order; a message when there is none. */
	onSibling: (direction: 1 | -1) => string | undefined;
	/** Called once the reader takes keys. */
	onReady: () => void;
	/** Opened from a full-text search: these words searched, the view on the first match. */
	search?: string;
}>;

/** `previous` when `next` holds the same items in the same order, else `next`. */
function sameItems<Item>(
	previous: readonly Item[],
	next: readonly Item[],
): readonly Item[] {
	return previous.length === next.length &&
		previous.every((item, index) => item === next[index])
		? previous
		: next;
}

/** The state on a new context: the same place in the article on the new layout, and the comment to focus once its section is there. */
function moveToContext(
	screen: ReaderScreenState,
	previous: ReaderContext,
	context: ReaderContext,
	focusWanted: {current: string | undefined},
): ReaderScreenState {
	let reader = reduceReader(
		screen.reader,
		{type: 'relayout', previous: previous.layout(screen.reader.collapsed)},
		context,
	);
	const wanted = focusWanted.current;
	if (wanted && context.sections.some((section) => section.id === wanted)) {
		focusWanted.current = undefined;
		reader = reduceReader(reader, {type: 'jump', sectionId: wanted}, context);
	}

	// Unchanged by the new layout: the same state, so that nothing renders again for it.
	return reader === screen.reader ? screen : {...screen, reader};
}

/** The reader of one article, with its comments: the screen's state machine (reader-machine.ts) and what its effects do. */
export function ReaderScreen({
	opened,
	store,
	columns,
	rows,
	onBack,
	onQuit,
	onSibling,
	onReady,
	search,
}: Props) {
	const {article, document} = opened;
	const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
	const {data} = snapshot;
	const width = textColumnWidth(columns, store.settings().maxWidth);
	const height = bodyHeight(rows);
	// The same list while its comments are the same records: a write elsewhere in the store (a position) copies the list, not them.
	const commentsShown = useRef<readonly CommentRecord[]>([]);
	const comments = sameItems(
		commentsShown.current,
		data.comments.filter((comment) => comment.articleId === article.key),
	);
	commentsShown.current = comments;
	const saved = useRef(store.article(article.key)).current;
	const base = useMemo(() => {
		// Only what the first screen shows is rendered before it is drawn; the rest follows in the background.
		opened.prepare(width, saved.position?.sectionId, rows * 2);
		return opened.sectionsAt(width);
	}, [opened, width, rows, saved]);
	// Counts sections rendered since: each count lays the article out again with their real lines.
	const [rendered, renderedMore] = useReducer((count: number) => count + 1, 0);
	useEffect(() => {
		let timer: NodeJS.Timeout | undefined;
		// Small slices between keys; the layout is redone once at the end, not after each slice
		// (sections that come into view before then are rendered at once).
		const step = () => {
			if (opened.renderSome(width, 8)) {
				timer = setTimeout(step, 0);
			} else {
				renderedMore();
			}
		};

		timer = setTimeout(step, 20);
		return () => {
			clearTimeout(timer);
		};
	}, [opened, width]);
	const sections = useMemo(() => {
		const badges = commentBadges(comments);
		return [
			// New objects (`rendered` counts renders): a new layout, now that more sections have their lines.
			...base.sections.map((section) => ({
				...section,
				badge: badges.get(section.id) ?? section.badge,
				rendered,
			})),
			...commentSections(comments, document, width, opened.renderMarkdown),
		];
	}, [base, comments, document, width, opened, rendered]);
	const renderAll = useCallback(() => {
		while (opened.renderSome(width, Number.POSITIVE_INFINITY)) {
			// Renders every section.
		}

		// Not during the reducer that asked: lay out again once it is done.
		queueMicrotask(renderedMore);
	}, [opened, width]);
	const context = useMemo(
		() => createReaderContext(sections, base.quotes, width, height, renderAll),
		[sections, base.quotes, width, height, renderAll],
	);
	const [stored, getScreen, setScreen] = useLatestState(() => {
		const initial = initialScreenState(initialReaderState(context, saved));
		return search ? startSearch(initial, search, context) : initial;
	});

	// A comment just saved or restored: focus it once its section is in the article.
	const focusWanted = useRef<string | undefined>(undefined);
	// The context the keys act on. A new one (another width, more sections rendered, a comment added) moves the state to its layout
	// in this same render (React's "adjusting state when a prop changes"): no frame draws the old top on the new layout.
	const contextRef = useRef(context);
	let screen = stored;
	if (contextRef.current !== context) {
		const previous = contextRef.current;
		contextRef.current = context;
		screen = moveToContext(getScreen(), previous, context, focusWanted);
		setScreen(screen);
	}

	// Sections in view that are not rendered yet: render them (they show in the next frame).
	const layout = context.layout(screen.reader.collapsed);
	const pendingInView = [
		...new Set(
			layout.lines
				.slice(screen.reader.top, screen.reader.top + height)
				.filter((line) => line.kind === 'pending')
				.map((line) => line.sectionId),
		),
	].join('\n');
	useEffect(() => {
		if (pendingInView !== '') {
			opened.renderSections(width, pendingInView.split('\n'));
			renderedMore();
		}
	}, [pendingInView, opened, width]);

	// While the link picker is open, the article above it shows each link's number, as the picker lists them.
	const picking = screen.overlay.kind === 'links';
	const panel = linkPanelHeight(height);
	const numbered = useMemo(() => {
		if (!picking) {
			return undefined;
		}

		const position = positionAt(layout, screen.reader.top, {exact: true});
		// The lines in view are rendered before the picker is drawn; the rest as they come into view.
		opened.prepare(width, position?.sectionId, rows, {linkNumbers: true});
		const bodies = new Map(
			opened
				.sectionsAt(width, {linkNumbers: true})
				.sections.map((section) => [section.id, section.body]),
		);
		const numberedLayout = buildLayout(
			sections.map((section) => {
				const body = bodies.get(section.id);
				return body ? {...section, body} : section;
			}),
			screen.reader.collapsed,
			width,
		);
		return {
			layout: numberedLayout,
			top: position ? lineOf(numberedLayout, position) : 0,
		};
	}, [
		picking,
		layout,
		screen.reader.top,
		screen.reader.collapsed,
		sections,
		opened,
		width,
		rows,
	]);
	const numberedPending = numbered
		? [
				...new Set(
					numbered.layout.lines
						.slice(numbered.top, numbered.top + height - panel)
						.filter((line) => line.kind === 'pending')
						.map((line) => line.sectionId),
				),
			].join('\n')
		: '';
	useEffect(() => {
		if (numberedPending !== '') {
			opened.renderSections(width, numberedPending.split('\n'), {
				linkNumbers: true,
			});
			renderedMore();
		}
	}, [numberedPending, opened, width]);

	// Where the reader is, kept as they read: written after the store's longer debounce, field by field against the file's fresh content. Handed to the store in the commit that draws it (a layout effect, not a passive one): a SIGTERM right after the frame is out still finds it there.
	const percent = percentSeen(layout, screen.reader.top, height);
	useLayoutEffect(() => {
		const position = positionAt(layout, screen.reader.top);
		// An empty article has no position to keep.
		if (position) {
			saveReadingPosition(store, article.key, {
				position,
				collapsed: [...screen.reader.collapsed],
				progress: percent,
			});
		}
	}, [
		store,
		article.key,
		layout,
		screen.reader.top,
		screen.reader.collapsed,
		percent,
	]);

	const suspend = useContext(SuspendContext);
	const menuHeight = menuRows(height);
	const help = helpLayout(readerHelpScreens, columns - 1, height);

	const save = (composer: OpenComposer) => {
		const result = saveComment(store, composer.target, composer.state);
		if (result.ok) {
			focusWanted.current = commentFocus(result.comment);
			return;
		}

		// Not saved after all (the comment being edited was deleted meanwhile): the form comes back with why.
		setScreen({
			...getScreen(),
			message: undefined,
			overlay: {
				kind: 'composer',
				composer: {
					...composer,
					state: {...composer.state, errors: result.errors},
				},
			},
		});
	};

	const keep = (composer: OpenComposer) => {
		// Debounced by the store: a crash loses at most the last moments of typing.
		keepDraft(store, composer.target, composer.state);
	};

	const say = (message: string) => {
		setScreen({...getScreen(), message});
	};

	const openUrl = (url: string) => {
		if (browserCommand().inTerminal) {
			const result = suspend(() => runTerminalBrowser(url));
			if ('error' in result) {
				say(result.error);
			}

			return;
		}

		const result = openInBrowser(url);
		say('error' in result ? result.error : `Opening ${url} in the browser…`);
	};

	const run = (effect: ReaderEffect) => {
		switch (effect.type) {
			case 'back': {
				onBack();
				break;
			}

			case 'quit': {
				onQuit();
				break;
			}

			case 'toggleRead': {
				markRead(store, article.key, !store.article(article.key).read);
				break;
			}

			case 'toggleBookmark': {
				setBookmarked(
					store,
					article.key,
					!store.article(article.key).bookmarked,
				);
				break;
			}

			case 'sibling': {
				const message = onSibling(effect.direction);
				if (message) {
					say(message);
				}

				break;
			}

			case 'openUrl': {
				openUrl(effect.url);
				break;
			}

			case 'keepDraft':
			case 'dropDraft': {
				keep(effect.composer);
				break;
			}

			case 'saveComment': {
				save(effect.composer);
				break;
			}

			case 'editor': {
				const result = suspend(() => editText(effect.body));
				const current = getScreen();
				if (current.overlay.kind !== 'composer') {
					break;
				}

				const {composer} = current.overlay;
				const next: OpenComposer = {
					...composer,
					state:
						'text' in result
							? {
									...composer.state,
									body: result.text,
									field: 'body',
									message: undefined,
								}
							: {...composer.state, message: result.error},
				};
				setScreen({...current, overlay: {kind: 'composer', composer: next}});
				if ('text' in result) {
					keep(next);
				}

				break;
			}

			case 'deleteComment': {
				deleteComment(store, effect.comment.id);
				break;
			}

			case 'restoreComment': {
				restoreComment(store, effect.comment);
				focusWanted.current = commentFocus(effect.comment);
				break;
			}
		}
	};

	useKeypress((key) => {
		const latest = store.getSnapshot().data;
		const environment: ReaderEnvironment = {
			context: contextRef.current,
			articleId: article.key,
			url: article.url,
			links: opened.links,
			comments: latest.comments.filter(
				(comment) => comment.articleId === article.key,
			),
			draft: (draftKey) =>
				Object.hasOwn(latest.drafts, draftKey)
					? latest.drafts[draftKey]
					: undefined,
			author: {name: latest.settings.name, email: latest.settings.email},
			help,
			menuRows: menuHeight,
			linkRows: menuRows(panel),
		};
		const {state, effects} = reduceReaderScreen(getScreen(), key, environment);
		setScreen(state);
		for (const effect of effects) {
			run(effect);
		}

		return true;
	});
	useLayoutEffect(() => {
		onReady();
	}, [onReady]);

	const state = store.article(article.key);
	const notice =
		[snapshot.writable ? undefined : '⚠ not saving', snapshot.saving]
			.filter(Boolean)
			.join(' · ') || undefined;
	return (
		<Reader
			article={article}
			screen={screen}
			context={context}
			sections={sections}
			quotes={base.quotes}
			links={picking ? opened.links() : []}
			numbered={numbered}
			columns={columns}
			rows={rows}
			marks={{read: state.read, bookmarked: state.bookmarked}}
			notice={notice}
		/>
	);
}
