import {Box, Text} from 'ink';
import {type ReactNode, useEffect, useMemo, useRef, useState} from 'react';
import {
	buildLayout,
	type LayoutLine,
	type LayoutSection,
} from '../document/layout.js';
import {
	lineOfSpot,
	type Match,
	percentSeen,
	positionAt,
} from '../document/navigation.js';
import type {QuoteTarget} from '../document/reader-sections.js';
import {resolveCommand} from '../keys/keymap.js';
import type {Article} from '../library/article.js';
import type {ReadingPosition} from '../document/position.js';
import {glyphs, theme} from '../terminal/theme.js';
import {fitOneLine} from '../terminal/wrap.js';
import {Contents} from './contents.js';
import {Help} from './help.js';
import {LineInput} from './line-input.js';
import {editLine, useKeys} from './use-keys.js';
import {
	layoutCache,
	type ReaderAction,
	type ReaderContext,
} from './reader-state.js';
import {useReaderState} from './use-reader-state.js';

export type ReaderProgress = Readonly<{
	position: ReadingPosition | undefined;
	collapsed: string[];
	progress: number;
}>;

type Props = Readonly<{
	article: Article;
	sections: readonly LayoutSection[];
	quotes: readonly QuoteTarget[];
	width: number;
	columns: number;
	rows: number;
	saved: {position?: ReadingPosition; collapsed?: readonly string[]};
	marks: Readonly<{read: boolean; bookmarked: boolean}>;
	notice: string | undefined;
	onProgress: (progress: ReaderProgress) => void;
	onToggleRead: () => void;
	onToggleBookmark: () => void;
	onBack: () => void;
	onQuit: () => void;
	/** Drawn in place of the article (the comment composer); it takes the keys while it is shown. */
	overlay?: ReactNode;
	/** A yes/no question in the status line (deleting a comment). */
	confirm?: Readonly<{question: string; onAnswer: (yes: boolean) => void}>;
	/** C, r, e, d, u: what to do is the screen's business; the reader says where the focus is. Returns true when an overlay opens. */
	onCommentCommand?: (
		command: CommentCommand,
		focus: Readonly<{sectionId: string; quoteId: string | undefined}>,
	) => boolean;
	/** Sections not rendered yet that are in view, or 'all' (search needs every section's text). */
	onNeedSections?: (sectionIds: Iterable<string> | 'all') => void;
	/** Move the focus to a section (a comment just written); a new nonce asks again. */
	focusRequest?: Readonly<{sectionId: string; nonce: number}>;
}>;

export type CommentCommand =
	| 'comment.new'
	| 'comment.reply'
	| 'comment.edit'
	| 'comment.delete'
	| 'comment.undo';

type Overlay = 'none' | 'help' | 'contents' | 'search';

export function headerHeight(rows: number): number {
	return rows >= 12 ? 3 : 1;
}

/** Rows the article itself gets: the frame is `rows - 1` tall, less the header and the status line. */
export function bodyHeight(rows: number): number {
	return Math.max(1, rows - 1 - headerHeight(rows) - 1);
}

function highlightMatches(
	line: LayoutLine,
	matches: readonly Match[],
	current: Match | undefined,
): string {
	let text = '';
	let at = 0;
	for (const match of matches) {
		text +=
			line.plain.slice(at, match.start) +
			(match === current ? theme.currentMatch : theme.match)(
				line.plain.slice(match.start, match.end),
			);
		at = match.end;
	}

	return text + line.plain.slice(at);
}

export function Reader(props: Props) {
	const {article, sections, quotes, width, rows, marks} = props;
	const height = bodyHeight(rows);
	const {onNeedSections} = props;
	const context = useMemo<ReaderContext>(() => {
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
				if (full.lines.some((line) => line.kind === 'pending')) {
					onNeedSections?.('all');
					return buildLayout(sections, expanded, width);
				}

				return full;
			},
		};
	}, [sections, quotes, width, height, onNeedSections]);
	const [state, dispatch] = useReaderState(context, props.saved);
	const [overlay, setOverlay] = useState<Overlay>('none');
	// Set at once when a key opens the composer, so the keys after it in the same burst don't reach the article.
	const composerOpen = useRef(false);
	composerOpen.current = Boolean(props.overlay);
	const confirmRef = useRef(props.confirm);
	confirmRef.current = props.confirm;
	const {focusRequest} = props;
	useEffect(() => {
		if (focusRequest) {
			dispatch({type: 'jump', sectionId: focusRequest.sectionId});
		}
	}, [focusRequest, dispatch]);
	const layout = context.layout(state.collapsed);
	const total = layout.lines.length;
	const percent = percentSeen(layout, state.top, height);

	const {onProgress} = props;
	useEffect(() => {
		onProgress({
			position: positionAt(layout, state.top),
			collapsed: [...state.collapsed],
			progress: percent,
		});
	}, [layout, state.top, state.collapsed, percent, onProgress]);

	const run = (action: ReaderAction) => {
		dispatch(action);
	};

	// Within a burst of keys the view has not rendered again: the overlay and the query are read from refs.
	const overlayRef = useRef<Overlay>(overlay);
	const queryRef = useRef(state.search.query);
	queryRef.current = state.search.query;
	const show = (next: Overlay) => {
		overlayRef.current = next;
		setOverlay(next);
	};

	useKeys((key) => {
		if (composerOpen.current) {
			return;
		}

		if (confirmRef.current) {
			const answer = confirmRef.current.onAnswer;
			confirmRef.current = undefined;
			answer(key.input === 'y' || key.input === 'Y');
			return;
		}

		switch (overlayRef.current) {
			case 'help': {
				// The help overlay takes its own keys.
				return;
			}

			case 'contents': {
				// The contents list takes its own keys.
				return;
			}

			case 'search': {
				const command = resolveCommand('search', key);
				if (command === 'search.go') {
					run({type: 'searchStep', direction: 0});
					show('none');
				} else if (command === 'search.clear') {
					run({type: 'clearSearch'});
					show('none');
				} else {
					const query = editLine(queryRef.current, key);
					if (query !== queryRef.current) {
						queryRef.current = query;
						run({type: 'search', query});
					}
				}

				return;
			}

			case 'none': {
				break;
			}
		}

		switch (resolveCommand('reader', key)) {
			case 'scroll.lineDown': {
				run({type: 'scroll', lines: 1});
				break;
			}

			case 'scroll.lineUp': {
				run({type: 'scroll', lines: -1});
				break;
			}

			case 'scroll.pageDown': {
				run({type: 'page', direction: 1});
				break;
			}

			case 'scroll.pageUp': {
				run({type: 'page', direction: -1});
				break;
			}

			case 'scroll.top': {
				run({type: 'top'});
				break;
			}

			case 'scroll.bottom': {
				run({type: 'bottom'});
				break;
			}

			case 'section.next': {
				run({type: 'section', direction: 1});
				break;
			}

			case 'section.previous': {
				run({type: 'section', direction: -1});
				break;
			}

			case 'section.toggle': {
				run({type: 'toggle'});
				break;
			}

			case 'section.collapseAll': {
				run({type: 'collapseAll'});
				break;
			}

			case 'section.expandAll': {
				run({type: 'expandAll'});
				break;
			}

			case 'section.contents': {
				show('contents');
				break;
			}

			case 'quote.next': {
				run({type: 'quote', direction: 1});
				break;
			}

			case 'quote.previous': {
				run({type: 'quote', direction: -1});
				break;
			}

			case 'search.open': {
				show('search');
				queryRef.current = '';
				run({type: 'clearSearch'});
				break;
			}

			case 'search.next': {
				run({type: 'searchStep', direction: 1});
				break;
			}

			case 'search.previous': {
				run({type: 'searchStep', direction: -1});
				break;
			}

			case 'article.read': {
				props.onToggleRead();
				break;
			}

			case 'article.bookmark': {
				props.onToggleBookmark();
				break;
			}

			case 'reader.help': {
				show('help');
				break;
			}

			case 'reader.back': {
				props.onBack();
				break;
			}

			case 'reader.quit': {
				props.onQuit();
				break;
			}

			case 'comment.new':
			case 'comment.reply':
			case 'comment.edit':
			case 'comment.delete':
			case 'comment.undo': {
				const command = resolveCommand('reader', key) as CommentCommand;
				composerOpen.current =
					props.onCommentCommand?.(command, {
						sectionId: state.focus,
						quoteId: state.quote,
					}) ?? false;
				break;
			}

			default:
		}
	});

	const visible = layout.lines.slice(state.top, state.top + height);
	// Sections in view that are not rendered yet: ask for them (they arrive in the next frame).
	const pendingInView = [
		...new Set(
			visible
				.filter((line) => line.kind === 'pending')
				.map((line) => line.sectionId),
		),
	].join('\n');
	useEffect(() => {
		if (pendingInView !== '') {
			onNeedSections?.(pendingInView.split('\n'));
		}
	}, [pendingInView, onNeedSections]);
	const focusedQuote = quotes.find((quote) => quote.id === state.quote);
	const quoteStart = focusedQuote
		? lineOfSpot(layout, focusedQuote)
		: undefined;
	const matchesByLine = new Map<number, Match[]>();
	const currentMatch = state.search.matches[state.search.current];
	for (const match of state.search.matches) {
		const line = lineOfSpot(layout, match);
		if (line !== undefined && line >= state.top && line < state.top + height) {
			matchesByLine.set(line, [...(matchesByLine.get(line) ?? []), match]);
		}
	}

	const body = visible.map((line, index) => {
		const number = state.top + index;
		const focusedHeading =
			line.kind === 'heading' && line.sectionId === state.focus;
		const inQuote =
			quoteStart !== undefined &&
			number >= quoteStart &&
			number < quoteStart + (focusedQuote?.height ?? 1);
		const gutter = focusedHeading ? `${glyphs.focus} ` : inQuote ? '» ' : '  ';
		const matches = matchesByLine.get(number);
		const text = focusedHeading
			? theme.focus(line.plain)
			: matches
				? highlightMatches(line, matches, currentMatch)
				: line.text;
		return gutter + text;
	});

	const metaLine = [
		article.source,
		article.author,
		article.date,
		`${article.readingMinutes} min read`,
		marks.bookmarked ? glyphs.bookmark : '',
		marks.read ? 'read' : '',
	]
		.filter(Boolean)
		.join(' · ');
	const sectionTitle =
		sections.find((section) => section.id === state.focus)?.title ?? '';
	const position = `${Math.min(total, state.top + 1)}-${Math.min(total, state.top + height)}/${total} ${percent}%`;
	const hints = '? help · q back';
	const statusLeft = `${props.notice ? `${props.notice} · ` : ''}${position}${sectionTitle ? ` · ${sectionTitle}` : ''}`;
	const status = fitOneLine(
		`${statusLeft}`.padEnd(Math.max(0, props.columns - 1 - hints.length - 1)) +
			' ' +
			hints,
		props.columns - 1,
	);
	const searchInfo = state.search.query
		? ` ${state.search.matches.length} match${state.search.matches.length === 1 ? '' : 'es'}`
		: '';

	return (
		<Box flexDirection="column" height={rows - 1}>
			<Text bold wrap="truncate-end">
				{fitOneLine(article.title, props.columns - 1)}
			</Text>
			{headerHeight(rows) === 3 ? (
				<>
					<Text dimColor wrap="truncate-end">
						{fitOneLine(metaLine, props.columns - 1)}
					</Text>
					<Text dimColor>
						{'─'.repeat(Math.max(1, Math.min(props.columns - 1, width + 2)))}
					</Text>
				</>
			) : null}
			{props.overlay ? (
				<Box flexDirection="column" height={height}>
					{props.overlay}
				</Box>
			) : overlay === 'help' ? (
				<Help
					screens={['reader', 'search', 'contents', 'composer']}
					width={props.columns - 1}
					height={height}
					onClose={() => {
						show('none');
					}}
				/>
			) : overlay === 'contents' ? (
				<Contents
					sections={sections}
					collapsed={state.collapsed}
					focus={state.focus}
					width={Math.min(props.columns - 1, width + 2)}
					height={height}
					onJump={(sectionId) => {
						show('none');
						run({type: 'jump', sectionId});
					}}
					onClose={() => {
						show('none');
					}}
				/>
			) : (
				<Box flexDirection="column" height={height}>
					{/* One Text for the whole view: lines are already fitted, and one node is far less for Ink to lay out per key. */}
					<Text wrap="truncate-end">{body.join('\n')}</Text>
				</Box>
			)}
			{overlay === 'search' ? (
				<LineInput prompt="/" value={state.search.query} suffix={searchInfo} />
			) : (
				<Text inverse wrap="truncate-end">
					{props.confirm
						? fitOneLine(
								`${props.confirm.question} (y/n)`,
								props.columns - 1,
							).padEnd(props.columns - 1)
						: status}
				</Text>
			)}
		</Box>
	);
}
