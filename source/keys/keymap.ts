/**
The one keymap: every command, the keys that run it and its help text. The input hooks resolve keys through it and the help screen lists it, so help cannot drift from behaviour.
*/

/** A key as Ink reports it: the typed text and the flags of its `Key` object that matter here. */
export type Keypress = Readonly<{
	input: string;
	upArrow?: boolean;
	downArrow?: boolean;
	leftArrow?: boolean;
	rightArrow?: boolean;
	pageUp?: boolean;
	pageDown?: boolean;
	home?: boolean;
	end?: boolean;
	return?: boolean;
	escape?: boolean;
	tab?: boolean;
	shift?: boolean;
	ctrl?: boolean;
	meta?: boolean;
	backspace?: boolean;
	delete?: boolean;
}>;

type NamedKey =
	| 'upArrow'
	| 'downArrow'
	| 'leftArrow'
	| 'rightArrow'
	| 'pageUp'
	| 'pageDown'
	| 'home'
	| 'end'
	| 'return'
	| 'escape'
	| 'tab';

/** One binding: a printable character, a named key, or ctrl plus a character; `shift` tells Tab from Shift-Tab. */
export type Binding = Readonly<
	{input: string; ctrl?: boolean} | {key: NamedKey; shift?: boolean}
>;

export type Screen =
	'list' | 'reader' | 'composer' | 'contents' | 'search' | 'filter';

export type Command = Readonly<{
	id: string;
	screen: Screen;
	group: string;
	keys: readonly Binding[];
	/** The keys as help shows them. */
	label: string;
	help: string;
}>;

const input = (text: string): Binding => ({input: text});
const named = (key: NamedKey, shift?: boolean): Binding =>
	shift === undefined ? {key} : {key, shift};
const ctrl = (text: string): Binding => ({input: text, ctrl: true});

export const commands = [
	// The article list.
	{
		id: 'list.down',
		screen: 'list',
		group: 'Move',
		keys: [input('j'), named('downArrow')],
		label: 'j ↓',
		help: 'Next article',
	},
	{
		id: 'list.up',
		screen: 'list',
		group: 'Move',
		keys: [input('k'), named('upArrow')],
		label: 'k ↑',
		help: 'Previous article',
	},
	{
		id: 'list.open',
		screen: 'list',
		group: 'Move',
		keys: [named('return')],
		label: 'Enter',
		help: 'Open the article',
	},
	{
		id: 'list.filter',
		screen: 'list',
		group: 'Find',
		keys: [input('/')],
		label: '/',
		help: 'Filter by title, source and tags',
	},
	{
		id: 'list.unread',
		screen: 'list',
		group: 'Find',
		keys: [input('u')],
		label: 'u',
		help: 'Show only unread articles (again: all)',
	},
	{
		id: 'list.bookmarked',
		screen: 'list',
		group: 'Find',
		keys: [input('B')],
		label: 'B',
		help: 'Show only bookmarked articles (again: all)',
	},
	{
		id: 'list.read',
		screen: 'list',
		group: 'Mark',
		keys: [input('m')],
		label: 'm',
		help: 'Mark read / unread',
	},
	{
		id: 'list.bookmark',
		screen: 'list',
		group: 'Mark',
		keys: [input('s')],
		label: 's',
		help: 'Bookmark / unbookmark',
	},
	{
		id: 'list.help',
		screen: 'list',
		group: 'gazette',
		keys: [input('?')],
		label: '?',
		help: 'Show or hide this help',
	},
	{
		id: 'list.quit',
		screen: 'list',
		group: 'gazette',
		keys: [input('q'), ctrl('c')],
		label: 'q',
		help: 'Quit',
	},

	// The filter prompt on the list.
	{
		id: 'filter.keep',
		screen: 'filter',
		group: 'Filter',
		keys: [named('return')],
		label: 'Enter',
		help: 'Keep the filter and go back to the list',
	},
	{
		id: 'filter.clear',
		screen: 'filter',
		group: 'Filter',
		keys: [named('escape')],
		label: 'Esc',
		help: 'Clear the filter',
	},

	// The reader.
	{
		id: 'scroll.lineDown',
		screen: 'reader',
		group: 'Scroll',
		keys: [input('j'), named('downArrow')],
		label: 'j ↓',
		help: 'One line down',
	},
	{
		id: 'scroll.lineUp',
		screen: 'reader',
		group: 'Scroll',
		keys: [input('k'), named('upArrow')],
		label: 'k ↑',
		help: 'One line up',
	},
	{
		id: 'scroll.pageDown',
		screen: 'reader',
		group: 'Scroll',
		keys: [input(' '), input('f'), named('pageDown')],
		label: 'Space f PgDn',
		help: 'One page down',
	},
	{
		id: 'scroll.pageUp',
		screen: 'reader',
		group: 'Scroll',
		keys: [input('b'), named('pageUp')],
		label: 'b PgUp',
		help: 'One page up',
	},
	{
		id: 'scroll.top',
		screen: 'reader',
		group: 'Scroll',
		keys: [input('g'), named('home')],
		label: 'g Home',
		help: 'Top of the article',
	},
	{
		id: 'scroll.bottom',
		screen: 'reader',
		group: 'Scroll',
		keys: [input('G'), named('end')],
		label: 'G End',
		help: 'End of the article',
	},
	{
		id: 'section.next',
		screen: 'reader',
		group: 'Sections',
		keys: [named('tab', false), input(']')],
		label: 'Tab ]',
		help: 'Next section',
	},
	{
		id: 'section.previous',
		screen: 'reader',
		group: 'Sections',
		keys: [named('tab', true), input('[')],
		label: 'Shift-Tab [',
		help: 'Previous section',
	},
	{
		id: 'section.toggle',
		screen: 'reader',
		group: 'Sections',
		keys: [named('return')],
		label: 'Enter',
		help: 'Fold or unfold the focused section',
	},
	{
		id: 'section.collapseAll',
		screen: 'reader',
		group: 'Sections',
		keys: [input('z')],
		label: 'z',
		help: 'Fold every section',
	},
	{
		id: 'section.expandAll',
		screen: 'reader',
		group: 'Sections',
		keys: [input('Z')],
		label: 'Z',
		help: 'Unfold every section',
	},
	{
		id: 'section.contents',
		screen: 'reader',
		group: 'Sections',
		keys: [input('t')],
		label: 't',
		help: 'Contents: jump to a section',
	},
	{
		id: 'quote.next',
		screen: 'reader',
		group: 'Quotes and search',
		keys: [input('>')],
		label: '>',
		help: 'Next quote',
	},
	{
		id: 'quote.previous',
		screen: 'reader',
		group: 'Quotes and search',
		keys: [input('<')],
		label: '<',
		help: 'Previous quote',
	},
	{
		id: 'search.open',
		screen: 'reader',
		group: 'Quotes and search',
		keys: [input('/')],
		label: '/',
		help: 'Search the article',
	},
	{
		id: 'search.next',
		screen: 'reader',
		group: 'Quotes and search',
		keys: [input('n')],
		label: 'n',
		help: 'Next match',
	},
	{
		id: 'search.previous',
		screen: 'reader',
		group: 'Quotes and search',
		keys: [input('N')],
		label: 'N',
		help: 'Previous match',
	},
	{
		id: 'article.read',
		screen: 'reader',
		group: 'Article',
		keys: [input('m')],
		label: 'm',
		help: 'Mark read / unread',
	},
	{
		id: 'article.bookmark',
		screen: 'reader',
		group: 'Article',
		keys: [input('s')],
		label: 's',
		help: 'Bookmark / unbookmark',
	},
	{
		id: 'comment.new',
		screen: 'reader',
		group: 'Comments',
		keys: [input('c')],
		label: 'c',
		help: 'Comment on the focused section or quote',
	},
	{
		id: 'comment.reply',
		screen: 'reader',
		group: 'Comments',
		keys: [input('r')],
		label: 'r',
		help: 'Reply to the focused comment',
	},
	{
		id: 'comment.edit',
		screen: 'reader',
		group: 'Comments',
		keys: [input('e')],
		label: 'e',
		help: 'Edit your focused comment',
	},
	{
		id: 'comment.delete',
		screen: 'reader',
		group: 'Comments',
		keys: [input('d')],
		label: 'd',
		help: 'Delete the focused comment (asks first)',
	},
	{
		id: 'comment.undo',
		screen: 'reader',
		group: 'Comments',
		keys: [input('u')],
		label: 'u',
		help: 'Undo the last delete',
	},
	{
		id: 'reader.help',
		screen: 'reader',
		group: 'gazette',
		keys: [input('?')],
		label: '?',
		help: 'Show or hide this help',
	},
	{
		id: 'reader.back',
		screen: 'reader',
		group: 'gazette',
		keys: [input('q'), named('escape'), named('leftArrow')],
		label: 'q Esc ←',
		help: 'Back to the list',
	},
	{
		id: 'reader.quit',
		screen: 'reader',
		group: 'gazette',
		keys: [ctrl('c')],
		label: 'Ctrl+C',
		help: 'Quit gazette',
	},

	// The search prompt in the reader.
	{
		id: 'search.go',
		screen: 'search',
		group: 'Search',
		keys: [named('return')],
		label: 'Enter',
		help: 'Go to the first match',
	},
	{
		id: 'search.clear',
		screen: 'search',
		group: 'Search',
		keys: [named('escape')],
		label: 'Esc',
		help: 'Clear the search',
	},

	// The contents overlay.
	{
		id: 'contents.down',
		screen: 'contents',
		group: 'Contents',
		keys: [input('j'), named('downArrow')],
		label: 'j ↓',
		help: 'Next section',
	},
	{
		id: 'contents.up',
		screen: 'contents',
		group: 'Contents',
		keys: [input('k'), named('upArrow')],
		label: 'k ↑',
		help: 'Previous section',
	},
	{
		id: 'contents.jump',
		screen: 'contents',
		group: 'Contents',
		keys: [named('return')],
		label: 'Enter',
		help: 'Jump to the section (unfolds it)',
	},
	{
		id: 'contents.close',
		screen: 'contents',
		group: 'Contents',
		keys: [named('escape'), input('t'), input('q')],
		label: 'Esc t q',
		help: 'Close the contents',
	},

	// The comment composer.
	{
		id: 'composer.nextField',
		screen: 'composer',
		group: 'Composer',
		keys: [named('tab', false)],
		label: 'Tab',
		help: 'Next field',
	},
	{
		id: 'composer.previousField',
		screen: 'composer',
		group: 'Composer',
		keys: [named('tab', true)],
		label: 'Shift-Tab',
		help: 'Previous field',
	},
	{
		id: 'composer.save',
		screen: 'composer',
		group: 'Composer',
		keys: [ctrl('s')],
		label: 'Ctrl+S',
		help: 'Save the comment',
	},
	{
		id: 'composer.editor',
		screen: 'composer',
		group: 'Composer',
		keys: [ctrl('e')],
		label: 'Ctrl+E',
		help: 'Write the comment in $VISUAL / $EDITOR',
	},
	{
		id: 'composer.close',
		screen: 'composer',
		group: 'Composer',
		keys: [named('escape')],
		label: 'Esc',
		help: 'Close; the draft is kept',
	},
] as const satisfies readonly Command[];

export type CommandId = (typeof commands)[number]['id'];

function matches(binding: Binding, key: Keypress): boolean {
	if ('key' in binding) {
		return (
			Boolean(key[binding.key]) &&
			(binding.shift === undefined || Boolean(key.shift) === binding.shift)
		);
	}

	if (binding.ctrl) {
		return Boolean(key.ctrl) && key.input === binding.input;
	}

	// A printable key: no ctrl or meta, and not a named key whose text happens to match.
	return (
		!key.ctrl &&
		!key.meta &&
		!key.return &&
		!key.tab &&
		!key.escape &&
		key.input === binding.input
	);
}

/** The command a keypress runs on a screen, if any. */
export function resolveCommand(
	screen: Screen,
	key: Keypress,
): CommandId | undefined {
	for (const command of commands) {
		if (
			command.screen === screen &&
			command.keys.some((binding) => matches(binding, key))
		) {
			return command.id;
		}
	}

	return undefined;
}

export function commandsFor(screen: Screen): readonly Command[] {
	return commands.filter((command) => command.screen === screen);
}

/** The screen's commands grouped for the help overlay, in keymap order. */
export function helpGroups(
	screens: readonly Screen[],
): Array<{group: string; commands: Command[]}> {
	const groups: Array<{group: string; commands: Command[]}> = [];
	for (const command of commands) {
		if (!screens.includes(command.screen)) {
			continue;
		}

		let group = groups.find((entry) => entry.group === command.group);
		if (!group) {
			group = {group: command.group, commands: []};
			groups.push(group);
		}

		group.commands.push(command);
	}

	return groups;
}
