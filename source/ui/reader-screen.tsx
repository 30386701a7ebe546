import {
	useCallback,
	useContext,
	useEffect,
	useMemo,
	useReducer,
	useRef,
	useState,
} from 'react';
import {
	commentBadges,
	commentIdOf,
	commentSectionId,
	commentSections,
	commentsSectionId,
} from '../comments/layout.js';
import {
	createComment,
	editComment,
	quoteAsMarkdown,
	validateComment,
	type CommentErrors,
} from '../comments/model.js';
import {
	draftKey,
	type CommentDraft,
	type CommentRecord,
} from '../comments/comment.js';
import type {Store} from '../store/store.js';
import {editText} from '../terminal/editor.js';
import type {OpenedArticle} from './app.js';
import {Composer} from './composer.js';
import type {ComposerState} from './composer-state.js';
import {type CommentCommand, type ReaderProgress, Reader} from './reader.js';
import {SuspendContext} from './terminal-context.js';
import {textWidth} from './use-terminal-size.js';

type Props = Readonly<{
	opened: OpenedArticle;
	store: Store;
	columns: number;
	rows: number;
	onChanged: () => void;
	onBack: () => void;
	onQuit: () => void;
}>;

type ComposerTarget = Readonly<{
	articleId: string;
	sectionId: string | null;
	sectionTitle?: string;
	quote: string | null;
	parentId: string | null;
	editingId: string | null;
}>;

type OpenComposer = Readonly<{
	target: ComposerTarget;
	key: string;
	title: string;
	initial: ComposerState;
}>;

/** The reader of one article, with its comments: the composer, drafts, replies, edits and deletes, kept in the store. */
export function ReaderScreen({
	opened,
	store,
	columns,
	rows,
	onChanged,
	onBack,
	onQuit,
}: Props) {
	const {article, document} = opened;
	const width = textWidth(columns, store.settings().maxWidth);
	const [commentsVersion, commentsChanged] = useReducer(
		(count: number) => count + 1,
		0,
	);
	const [, rerender] = useReducer((count: number) => count + 1, 0);
	const comments = useMemo(
		() => store.comments(article.id),
		// `commentsVersion` says when the store's comments changed.
		// eslint-disable-next-line react-hooks/exhaustive-deps
		[store, article.id, commentsVersion],
	);
	const saved = useRef(store.article(article.id)).current;
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
		// (sections that come into view before then are rendered at once, by `renderNow`).
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
			// New objects: a new layout, now that more sections have their lines.
			...base.sections.map((section) => ({
				...section,
				badge: badges.get(section.id) ?? section.badge,
			})),
			...commentSections(comments, document, width, opened.renderMarkdown),
		];
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [base, comments, document, width, opened, rendered]);
	const renderNow = useCallback(
		(sectionIds: Iterable<string> | 'all') => {
			if (sectionIds === 'all') {
				while (opened.renderSome(width, Number.POSITIVE_INFINITY)) {
					// Renders every section.
				}
			} else {
				opened.renderSections(width, sectionIds);
			}

			// Not during the reducer that asked: lay out again once it is done.
			queueMicrotask(renderedMore);
		},
		[opened, width],
	);

	const [composer, setComposer] = useState<OpenComposer | undefined>();
	const [confirm, setConfirm] = useState<
		{question: string; onAnswer: (yes: boolean) => void} | undefined
	>();
	const [message, setMessage] = useState<string | undefined>();
	const [focusRequest, setFocusRequest] = useState<
		{sectionId: string; nonce: number} | undefined
	>();
	// Deleted comments, newest last, for `u` while gazette is open.
	const deleted = useRef<CommentRecord[]>([]);
	const suspend = useContext(SuspendContext);
	const state = store.article(article.id);

	const onProgress = useCallback(
		({position, collapsed, progress}: ReaderProgress) => {
			const previous = store.article(article.id);
			// Reaching the end marks the article read; scrolling back up does not unmark it.
			store.updateArticle(article.id, {
				position,
				collapsed,
				progress: Math.max(progress, previous.read ? 100 : 0),
				read: previous.read || progress >= 100,
			});
		},
		[store, article.id],
	);

	const commentsUpdated = (focus?: string) => {
		commentsChanged();
		onChanged();
		if (focus) {
			setFocusRequest({sectionId: focus, nonce: Date.now()});
		}
	};

	const openComposer = (
		target: ComposerTarget,
		title: string,
		prefill: {name?: string; email?: string; body?: string} = {},
	) => {
		const key = draftKey(target);
		const draft = store.draft(key);
		const settings = store.settings();
		const name = draft?.name ?? prefill.name ?? settings.name;
		// With the name known (remembered, or from the draft), the cursor starts in the comment itself.
		const initial: ComposerState = {
			field: name.trim() === '' ? 'name' : 'body',
			name,
			email: draft?.email ?? prefill.email ?? settings.email,
			body: draft?.body ?? prefill.body ?? '',
			errors: {},
		};
		setMessage(undefined);
		setComposer({target, key, title, initial});
	};

	const keepDraft = (open: OpenComposer, next: ComposerState) => {
		const {target} = open;
		const draft: CommentDraft = {
			articleId: target.articleId,
			sectionId: target.sectionId,
			quote: target.quote,
			parentId: target.parentId,
			editingId: target.editingId,
			name: next.name,
			email: next.email,
			body: next.body,
			updatedAt: new Date().toISOString(),
		};
		// Debounced by the store: a crash loses at most the last moments of typing.
		store.update((data) => {
			if (next.body.trim() === '') {
				Reflect.deleteProperty(data.drafts, open.key);
			} else {
				data.drafts[open.key] = draft;
			}
		});
	};

	const save = (
		open: OpenComposer,
		next: ComposerState,
	): CommentErrors | undefined => {
		const result = validateComment({
			name: next.name,
			email: next.email,
			body: next.body,
		});
		if (!result.ok) {
			return result.errors;
		}

		const {target} = open;
		const existing = target.editingId
			? comments.find((comment) => comment.id === target.editingId)
			: undefined;
		const comment = existing
			? editComment(existing, result.value)
			: createComment(
					{
						articleId: target.articleId,
						sectionId: target.sectionId,
						quote: target.quote,
						parentId: target.parentId,
						...(target.sectionTitle ? {sectionTitle: target.sectionTitle} : {}),
					},
					result.value,
				);
		store.update(
			(data) => {
				const index = data.comments.findIndex(
					(entry) => entry.id === comment.id,
				);
				if (index === -1) {
					data.comments.push(comment);
				} else {
					data.comments[index] = comment;
				}

				Reflect.deleteProperty(data.drafts, open.key);
				data.settings = {
					...data.settings,
					name: comment.author,
					email: comment.email,
				};
			},
			{immediate: true},
		);
		setComposer(undefined);
		setMessage(
			existing
				? 'Comment saved.'
				: 'Comment saved on this machine; gazette comments --markdown exports it.',
		);
		commentsUpdated(commentSectionId(comment.id));
		return undefined;
	};

	// The lede has no title of its own.
	const titleOf = (sectionId: string) => {
		const title =
			base.sections.find((section) => section.id === sectionId)?.title ?? '';
		return title === '' ? 'the opening' : title;
	};

	const onCommentCommand = (
		command: CommentCommand,
		focus: {sectionId: string; quoteId: string | undefined},
	): boolean => {
		const focusedComment = comments.find(
			(comment) => comment.id === commentIdOf(focus.sectionId),
		);
		const onComments =
			commentIdOf(focus.sectionId) !== undefined ||
			focus.sectionId === commentsSectionId;
		switch (command) {
			case 'comment.new': {
				const quote = base.quotes.find((entry) => entry.id === focus.quoteId);
				if (onComments) {
					openComposer(
						{
							articleId: article.id,
							sectionId: null,
							quote: null,
							parentId: null,
							editingId: null,
						},
						'Leave a Reply — on the whole article',
					);
				} else {
					const sectionId = quote?.sectionId ?? focus.sectionId;
					openComposer(
						{
							articleId: article.id,
							sectionId,
							sectionTitle: titleOf(sectionId),
							quote: quote?.text ?? null,
							parentId: null,
							editingId: null,
						},
						`Leave a Reply — on “${titleOf(sectionId)}”`,
						quote ? {body: quoteAsMarkdown(quote.text)} : {},
					);
				}

				return true;
			}

			case 'comment.reply':
			case 'comment.edit': {
				if (!focusedComment) {
					setMessage(
						'Focus a comment first: Tab and ] move through the comments at the end.',
					);
					return false;
				}

				if (command === 'comment.reply') {
					openComposer(
						{
							articleId: article.id,
							sectionId: focusedComment.sectionId,
							...(focusedComment.sectionTitle
								? {sectionTitle: focusedComment.sectionTitle}
								: {}),
							quote: null,
							parentId: focusedComment.id,
							editingId: null,
						},
						`Reply to ${focusedComment.author}`,
					);
				} else {
					openComposer(
						{
							articleId: article.id,
							sectionId: focusedComment.sectionId,
							quote: focusedComment.quote,
							parentId: focusedComment.parentId,
							editingId: focusedComment.id,
						},
						'Edit your comment',
						{
							name: focusedComment.author,
							email: focusedComment.email,
							body: focusedComment.body,
						},
					);
				}

				return true;
			}

			case 'comment.delete': {
				if (!focusedComment) {
					setMessage(
						'Focus a comment first: Tab and ] move through the comments at the end.',
					);
					return false;
				}

				setConfirm({
					question: `Delete the comment by ${focusedComment.author}?`,
					onAnswer(yes) {
						setConfirm(undefined);
						if (!yes) {
							setMessage('Kept.');
							return;
						}

						store.update(
							(data) => {
								data.comments = data.comments.filter(
									(comment) => comment.id !== focusedComment.id,
								);
							},
							{immediate: true},
						);
						deleted.current.push(focusedComment);
						setMessage('Comment deleted. Press u to undo.');
						commentsUpdated();
					},
				});
				return false;
			}

			case 'comment.undo': {
				const restored = deleted.current.pop();
				if (!restored) {
					setMessage('Nothing to undo.');
					return false;
				}

				store.update(
					(data) => {
						if (!data.comments.some((comment) => comment.id === restored.id)) {
							data.comments.push(restored);
						}
					},
					{immediate: true},
				);
				setMessage('Comment restored.');
				commentsUpdated(commentSectionId(restored.id));
				return false;
			}
		}
	};

	const toggle = (patch: 'read' | 'bookmarked') => {
		store.updateArticle(
			article.id,
			{[patch]: !store.article(article.id)[patch]},
			{immediate: true},
		);
		rerender();
		onChanged();
	};

	const notice =
		[store.writable ? undefined : '⚠ not saving', message]
			.filter(Boolean)
			.join(' · ') || undefined;
	return (
		<Reader
			article={article}
			sections={sections}
			quotes={base.quotes}
			width={width}
			columns={columns}
			rows={rows}
			saved={saved}
			marks={{read: state.read, bookmarked: state.bookmarked}}
			notice={notice}
			confirm={confirm}
			focusRequest={focusRequest}
			overlay={
				composer ? (
					<Composer
						key={composer.key}
						title={composer.title}
						initial={composer.initial}
						width={Math.min(columns - 1, width + 2)}
						height={Math.max(4, rows - 1 - (rows >= 12 ? 3 : 1) - 1)}
						onChange={(next) => {
							keepDraft(composer, next);
						}}
						onSave={(next) => save(composer, next)}
						onClose={() => {
							setComposer(undefined);
							setMessage(
								store.draft(composer.key)
									? 'Draft kept: c at the same place brings it back.'
									: undefined,
							);
							onChanged();
						}}
						onEditor={(body) => {
							const result = suspend(() => editText(body));
							return 'text' in result
								? {body: result.text}
								: {message: result.error};
						}}
					/>
				) : undefined
			}
			onProgress={onProgress}
			onToggleRead={() => {
				toggle('read');
			}}
			onToggleBookmark={() => {
				toggle('bookmarked');
			}}
			onCommentCommand={onCommentCommand}
			onNeedSections={renderNow}
			onBack={onBack}
			onQuit={onQuit}
		/>
	);
}
