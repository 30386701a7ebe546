import {
	commentIdOf,
	commentSectionId,
	commentsSectionId,
} from '../comments/layout.js';
import {quoteAsMarkdown, validateComment} from '../comments/model.js';
import type {ArticleLink} from '../document/links.js';
import {editLine} from '../keys/edit.js';
import {type CommandId, type Keypress, resolveCommand} from '../keys/keymap.js';
import {draftKey} from '../store/store.js';
import type {CommentDraft, CommentRecord} from '../store/types.js';
import {type ComposerState, reduceComposer} from './composer-state.js';
import {scrollHelp} from './help-layout.js';
import {initialMenu, type MenuState, reduceMenu} from './menu-state.js';
import {lineMove, readerMoves} from './reader-commands.js';
import {
	focusedHeadingInView,
	type ReaderContext,
	type ReaderState,
	reduceReader,
} from './reader-state.js';

/** Where a comment being written goes: a section or the whole article, a quote, the comment it answers or edits. */
export type ComposerTarget = Readonly<{
	articleId: string;
	sectionId: string | null;
	sectionTitle?: string;
	quote: string | null;
	parentId: string | null;
	editingId: string | null;
}>;

export type OpenComposer = Readonly<{
	target: ComposerTarget;
	/** The draft's key in the store. */
	key: string;
	title: string;
	state: ComposerState;
}>;

/** What is drawn over the article; the one on top takes the keys. */
export type Overlay =
	| Readonly<{kind: 'none'}>
	| Readonly<{kind: 'help'; offset: number}>
	| Readonly<{kind: 'contents'; menu: MenuState}>
	| Readonly<{kind: 'links'; menu: MenuState}>
	| Readonly<{kind: 'search'}>
	| Readonly<{kind: 'composer'; composer: OpenComposer}>
	| Readonly<{kind: 'confirm'; question: string; comment: CommentRecord}>;

/** Everything the reader screen shows besides the article: one state, changed only by `reduceReaderScreen`. */
export type ReaderScreenState = Readonly<{
	reader: ReaderState;
	overlay: Overlay;
	/** A one-line message in the status line, gone at the next key. */
	message: string | undefined;
	/** A count typed before a move (`5j`). */
	count: string;
	/** Comments deleted while the article is open, newest last, for `u`. */
	deleted: readonly CommentRecord[];
}>;

/** What the reducer reads besides its state, as it is at this key. */
export type ReaderEnvironment = Readonly<{
	context: ReaderContext;
	articleId: string;
	url: string;
	/** The article's links, found when first asked for (the picker): lexing a long article again costs time. */
	links: () => readonly ArticleLink[];
	comments: readonly CommentRecord[];
	draft: (key: string) => CommentDraft | undefined;
	/** The name and email last used for a comment. */
	author: Readonly<{name: string; email: string}>;
	/** The help's rows and how far it scrolls. */
	help: Readonly<{rows: number; maxOffset: number}>;
	/** Rows of entries in the contents. */
	menuRows: number;
	/** Rows of entries in the link picker, a panel under the article. */
	linkRows: number;
}>;

/** What the screen must do after a key; the reducer only decides. */
export type ReaderEffect =
	| {type: 'back'}
	| {type: 'quit'}
	| {type: 'toggleRead'}
	| {type: 'toggleBookmark'}
	| {type: 'sibling'; direction: 1 | -1}
	| {type: 'openUrl'; url: string}
	| {type: 'keepDraft'; composer: OpenComposer}
	| {type: 'dropDraft'; composer: OpenComposer}
	| {type: 'saveComment'; composer: OpenComposer}
	| {type: 'editor'; body: string}
	| {type: 'deleteComment'; comment: CommentRecord}
	| {type: 'restoreComment'; comment: CommentRecord};

type Result = {state: ReaderScreenState; effects: readonly ReaderEffect[]};

const focusFirst =
	'Focus a comment first: Tab and ] move through the comments at the end.';

/** The contents' entries: every section but the rest of one after a `<details>`, which belongs to that section. */
export function contentsSections(
	sections: ReaderContext['sections'],
): ReaderContext['sections'] {
	return sections.filter((section) => !section.continues);
}

export function initialScreenState(reader: ReaderState): ReaderScreenState {
	return {
		reader,
		overlay: {kind: 'none'},
		message: undefined,
		count: '',
		deleted: [],
	};
}

/**
The reader opened from a full-text search: its search started with the query's words, the view on the first match, so that `n` and `N` step through the rest. The whole query when the article has it as typed, else its first word that the article has (the index matched the words apart).
*/
export function startSearch(
	state: ReaderScreenState,
	query: string,
	context: ReaderContext,
): ReaderScreenState {
	const whole = query.replaceAll('"', ' ').replaceAll(/\s+/g, ' ').trim();
	const candidates = [whole, ...(whole.match(/[\p{L}\p{N}]+/gu) ?? [])];
	let {reader} = state;
	for (const candidate of candidates) {
		reader = reduceReader(
			state.reader,
			{type: 'search', query: candidate},
			context,
		);
		if (reader.search.matches.length > 0) {
			return {
				...state,
				reader: reduceReader(
					reader,
					{type: 'searchStep', direction: 0},
					context,
				),
			};
		}
	}

	// Only the title, the source or the tags had the words: the search stays, and says so.
	return whole === ''
		? state
		: {
				...state,
				reader: reduceReader(
					state.reader,
					{type: 'search', query: whole},
					context,
				),
				message: `No match for “${whole}” in the text.`,
			};
}

function titleOf(context: ReaderContext, sectionId: string): string {
	const title =
		context.sections.find((section) => section.id === sectionId)?.title ?? '';
	// The lede has no title of its own.
	return title === '' ? 'the opening' : title;
}

function openComposer(
	state: ReaderScreenState,
	environment: ReaderEnvironment,
	target: ComposerTarget,
	title: string,
	prefill: {name?: string; email?: string; body?: string} = {},
): Result {
	const key = draftKey(target);
	const draft = environment.draft(key);
	const name = draft?.name ?? prefill.name ?? environment.author.name;
	const composer: OpenComposer = {
		target,
		key,
		title,
		state: {
			// With the name known (remembered, or from the draft), the cursor starts in the comment itself.
			field: name.trim() === '' ? 'name' : 'body',
			name,
			email: draft?.email ?? prefill.email ?? environment.author.email,
			body: draft?.body ?? prefill.body ?? '',
			errors: {},
		},
	};
	return {
		state: {...state, overlay: {kind: 'composer', composer}},
		effects: [],
	};
}

function commentCommand(
	state: ReaderScreenState,
	command: CommandId,
	environment: ReaderEnvironment,
): Result {
	const {reader} = state;
	const {context, articleId} = environment;
	const focused = environment.comments.find(
		(comment) => comment.id === commentIdOf(reader.focus),
	);
	const onComments =
		commentIdOf(reader.focus) !== undefined ||
		reader.focus === commentsSectionId;
	const say = (message: string): Result => ({
		state: {...state, message},
		effects: [],
	});
	switch (command) {
		case 'comment.new': {
			if (onComments) {
				return openComposer(
					state,
					environment,
					{
						articleId,
						sectionId: null,
						quote: null,
						parentId: null,
						editingId: null,
					},
					'Leave a Reply — on the whole article',
				);
			}

			const quote = context.quotes.find((entry) => entry.id === reader.quote);
			const sectionId = quote?.sectionId ?? reader.focus;
			return openComposer(
				state,
				environment,
				{
					articleId,
					sectionId,
					sectionTitle: titleOf(context, sectionId),
					quote: quote?.text ?? null,
					parentId: null,
					editingId: null,
				},
				`Leave a Reply — on “${titleOf(context, sectionId)}”`,
				quote ? {body: quoteAsMarkdown(quote.text)} : {},
			);
		}

		case 'comment.reply': {
			if (!focused) {
				return say(focusFirst);
			}

			return openComposer(
				state,
				environment,
				{
					articleId,
					sectionId: focused.sectionId,
					...(focused.sectionTitle ? {sectionTitle: focused.sectionTitle} : {}),
					quote: null,
					parentId: focused.id,
					editingId: null,
				},
				`Reply to ${focused.author}`,
			);
		}

		case 'comment.edit': {
			if (!focused) {
				return say(focusFirst);
			}

			return openComposer(
				state,
				environment,
				{
					articleId,
					sectionId: focused.sectionId,
					quote: focused.quote,
					parentId: focused.parentId,
					editingId: focused.id,
				},
				'Edit your comment',
				{name: focused.author, email: focused.email, body: focused.body},
			);
		}

		case 'comment.delete': {
			if (!focused) {
				return say(focusFirst);
			}

			return {
				state: {
					...state,
					overlay: {
						kind: 'confirm',
						question: `Delete the comment by ${focused.author}?`,
						comment: focused,
					},
				},
				effects: [],
			};
		}

		case 'comment.undo': {
			const restored = state.deleted.at(-1);
			if (!restored) {
				return say('Nothing to undo.');
			}

			return {
				state: {
					...state,
					deleted: state.deleted.slice(0, -1),
					message: 'Comment restored.',
				},
				effects: [{type: 'restoreComment', comment: restored}],
			};
		}

		default: {
			return {state, effects: []};
		}
	}
}

function composerKey(
	state: ReaderScreenState,
	composer: OpenComposer,
	key: Keypress,
): Result {
	const {state: fields, effect} = reduceComposer(composer.state, key);
	const next = {...composer, state: fields};
	const withComposer: ReaderScreenState = {
		...state,
		overlay: {kind: 'composer', composer: next},
	};
	const changed =
		fields.name !== composer.state.name ||
		fields.email !== composer.state.email ||
		fields.body !== composer.state.body;
	const kept: ReaderEffect[] = changed
		? [{type: 'keepDraft', composer: next}]
		: [];
	switch (effect) {
		case 'save': {
			const result = validateComment(fields);
			if (!result.ok) {
				const field =
					(['name', 'email', 'body'] as const).find(
						(name) => result.errors[name],
					) ?? fields.field;
				return {
					state: {
						...state,
						overlay: {
							kind: 'composer',
							composer: {
								...next,
								state: {...fields, errors: result.errors, field},
							},
						},
					},
					effects: kept,
				};
			}

			return {
				state: {
					...state,
					overlay: {kind: 'none'},
					message: composer.target.editingId
						? 'Comment saved.'
						: 'Comment saved on this machine; gazette comments --markdown exports it.',
				},
				effects: [...kept, {type: 'saveComment', composer: next}],
			};
		}

		case 'close': {
			const hasDraft = fields.body.trim() !== '';
			return {
				state: {
					...state,
					overlay: {kind: 'none'},
					message: hasDraft
						? 'Draft kept: c at the same place brings it back.'
						: undefined,
				},
				effects: [
					...kept,
					...(hasDraft ? [] : [{type: 'dropDraft', composer: next} as const]),
				],
			};
		}

		case 'editor': {
			return {
				state: withComposer,
				effects: [...kept, {type: 'editor', body: fields.body}],
			};
		}

		default: {
			return {state: withComposer, effects: kept};
		}
	}
}

/** Apply a reader action `times` times. */
function move(
	state: ReaderScreenState,
	action: Parameters<typeof reduceReader>[1],
	times: number,
	context: ReaderContext,
): ReaderScreenState {
	let {reader} = state;
	for (let step = 0; step < times; step++) {
		const next = reduceReader(reader, action, context);
		if (next === reader) {
			break;
		}

		reader = next;
	}

	return reader === state.reader ? state : {...state, reader};
}

function articleKey(
	state: ReaderScreenState,
	key: Keypress,
	environment: ReaderEnvironment,
	/** The message this key clears, if any: Esc clears it rather than going back. */
	shown: string | undefined,
): Result {
	const {context} = environment;
	const command = resolveCommand('reader', key);
	const typed = state.count === '' ? undefined : Number(state.count);
	const count = Math.max(1, Math.min(typed ?? 1, 1_000_000));
	// The count is used by this key, whatever it is.
	const base: ReaderScreenState =
		state.count === '' ? state : {...state, count: ''};
	const none = (next: ReaderScreenState): Result => ({
		state: next,
		effects: [],
	});
	const effect = (...effects: ReaderEffect[]): Result => ({
		state: base,
		effects,
	});

	if (
		command === 'reader.count' ||
		(key.input === '0' && state.count !== '' && !key.ctrl && !key.meta)
	) {
		return none({...state, count: (state.count + key.input).slice(0, 7)});
	}

	const moveCommand = command === undefined ? undefined : readerMoves[command];
	if (moveCommand) {
		const {action, times} = moveCommand(count, context.height);
		return none(move(base, action, times, context));
	}

	switch (command) {
		case 'scroll.top':
		case 'scroll.bottom': {
			return none(move(base, lineMove(command, typed), 1, context));
		}

		case 'section.toggle': {
			if (!focusedHeadingInView(state.reader, context)) {
				return none({
					...base,
					message:
						'The focused heading is off screen: [ brings it back into view to fold it.',
				});
			}

			return none(move(base, {type: 'toggle'}, 1, context));
		}

		case 'section.contents': {
			const entries = contentsSections(context.sections);
			const index = Math.max(
				0,
				entries.findIndex((section) => section.id === state.reader.focus),
			);
			return none({
				...base,
				overlay: {
					kind: 'contents',
					menu: initialMenu(index, entries.length, environment.menuRows),
				},
			});
		}

		case 'links.open': {
			const links = environment.links();
			if (links.length === 0) {
				return none({...base, message: 'This article has no links.'});
			}

			return none({
				...base,
				overlay: {
					kind: 'links',
					menu: initialMenu(0, links.length, environment.linkRows),
				},
			});
		}

		case 'search.open': {
			return none({
				...base,
				overlay: {kind: 'search'},
				reader: reduceReader(base.reader, {type: 'clearSearch'}, context),
			});
		}

		case 'search.next':
		case 'search.previous': {
			if (state.reader.search.query === '') {
				return none({
					...base,
					message: 'No search yet: / searches the article.',
				});
			}

			if (state.reader.search.matches.length === 0) {
				return none({
					...base,
					message: `No match for “${state.reader.search.query}”.`,
				});
			}

			return none(
				move(
					base,
					{type: 'searchStep', direction: command === 'search.next' ? 1 : -1},
					Math.min(count, 1000),
					context,
				),
			);
		}

		case 'article.read': {
			return effect({type: 'toggleRead'});
		}

		case 'article.bookmark': {
			return effect({type: 'toggleBookmark'});
		}

		case 'article.next':
		case 'article.previous': {
			return effect({
				type: 'sibling',
				direction: command === 'article.next' ? 1 : -1,
			});
		}

		case 'article.browser': {
			return environment.url === ''
				? none({...base, message: 'This article has no web address.'})
				: effect({type: 'openUrl', url: environment.url});
		}

		case 'reader.help': {
			return none({...base, overlay: {kind: 'help', offset: 0}});
		}

		case 'reader.escape': {
			// Esc clears what is there to clear, one thing at a time; only then does it go back.
			if (state.count !== '') {
				return none(base);
			}

			if (state.reader.search.query !== '') {
				return none({
					...base,
					message: undefined,
					reader: reduceReader(state.reader, {type: 'clearSearch'}, context),
				});
			}

			if (shown !== undefined) {
				return none(base);
			}

			return effect({type: 'back'});
		}

		case 'reader.back': {
			return effect({type: 'back'});
		}

		case 'reader.quit': {
			return effect({type: 'quit'});
		}

		case 'comment.new':
		case 'comment.reply':
		case 'comment.edit':
		case 'comment.delete':
		case 'comment.undo': {
			return commentCommand(base, command, environment);
		}

		default: {
			return none(base);
		}
	}
}

/**
One key on the reader screen: the overlay on top takes it (the composer, a question, the help, the contents, the links, the search prompt), else the article. Pure: the state after the key and what the screen must do, so that keys arriving together are handled in order on the latest state.
*/
export function reduceReaderScreen(
	state: ReaderScreenState,
	key: Keypress,
	environment: ReaderEnvironment,
): Result {
	const {context} = environment;
	const {overlay} = state;
	// A message lasts until the next key.
	const current: ReaderScreenState =
		state.message === undefined ? state : {...state, message: undefined};
	switch (overlay.kind) {
		case 'composer': {
			return composerKey(current, overlay.composer, key);
		}

		case 'confirm': {
			const yes = key.input === 'y' || key.input === 'Y';
			const closed: ReaderScreenState = {
				...current,
				overlay: {kind: 'none'},
			};
			return yes
				? {
						state: {
							...closed,
							deleted: [...state.deleted, overlay.comment],
							message: 'Comment deleted. Press u to undo.',
						},
						effects: [{type: 'deleteComment', comment: overlay.comment}],
					}
				: {state: {...closed, message: 'Kept.'}, effects: []};
		}

		case 'help': {
			const offset = scrollHelp(
				overlay.offset,
				resolveCommand('help', key),
				environment.help,
			);
			return {
				state: {
					...current,
					overlay:
						offset === undefined ? {kind: 'none'} : {kind: 'help', offset},
				},
				effects: [],
			};
		}

		case 'contents': {
			const {state: menu, effect} = reduceMenu(
				overlay.menu,
				key,
				'contents',
				contentsSections(context.sections).length,
				environment.menuRows,
			);
			if (effect === 'close') {
				return {
					state: {...current, overlay: {kind: 'none'}},
					effects: [],
				};
			}

			if (effect === 'choose') {
				const section = contentsSections(context.sections)[menu.cursor.index];
				return {
					state: {
						...current,
						overlay: {kind: 'none'},
						reader: section
							? reduceReader(
									current.reader,
									{type: 'jump', sectionId: section.id},
									context,
								)
							: current.reader,
					},
					effects: [],
				};
			}

			return {
				state: {...current, overlay: {kind: 'contents', menu}},
				effects: [],
			};
		}

		case 'links': {
			const {state: menu, effect} = reduceMenu(
				overlay.menu,
				key,
				'links',
				environment.links().length,
				environment.linkRows,
			);
			if (effect === 'close') {
				return {
					state: {...current, overlay: {kind: 'none'}},
					effects: [],
				};
			}

			const link = environment.links()[menu.cursor.index];
			if (effect === 'choose' && link) {
				return {
					state: {...current, overlay: {kind: 'none'}},
					effects: [{type: 'openUrl', url: link.url}],
				};
			}

			return {
				state: {...current, overlay: {kind: 'links', menu}},
				effects: [],
			};
		}

		case 'search': {
			return searchKey(current, key, context);
		}

		case 'none': {
			return articleKey(current, key, environment, state.message);
		}
	}
}

function searchKey(
	state: ReaderScreenState,
	key: Keypress,
	context: ReaderContext,
): Result {
	const closed: ReaderScreenState = {...state, overlay: {kind: 'none'}};
	switch (resolveCommand('search', key)) {
		case 'search.go': {
			const {query, matches} = state.reader.search;
			if (query === '') {
				return {state: closed, effects: []};
			}

			if (matches.length === 0) {
				return {
					state: {...closed, message: `No match for “${query}”.`},
					effects: [],
				};
			}

			return {
				state: {
					...closed,
					reader: reduceReader(
						state.reader,
						{type: 'searchStep', direction: 0},
						context,
					),
				},
				effects: [],
			};
		}

		case 'search.clear': {
			return {
				state: {
					...closed,
					reader: reduceReader(state.reader, {type: 'clearSearch'}, context),
				},
				effects: [],
			};
		}

		default: {
			const {query} = state.reader.search;
			const edited = editLine(query, key);
			return edited === query
				? {state, effects: []}
				: {
						state: {
							...state,
							reader: reduceReader(
								state.reader,
								{type: 'search', query: edited},
								context,
							),
						},
						effects: [],
					};
		}
	}
}

/** The section to focus once a comment saved or restored shows in the article. */
export function commentFocus(comment: CommentRecord): string {
	return commentSectionId(comment.id);
}
