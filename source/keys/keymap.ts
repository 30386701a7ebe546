/**
The one keymap: every command, the keys that run it and its help text. The input hooks resolve keys through it and the help screen lists it, so help cannot drift from behaviour.
*/

/** A key: the typed text and the flags of Ink's `Key` object that matter here, or a wheel turn, or a whole paste. */
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
	/** The mouse wheel (SGR mouse reporting). */
	mouse?: 'wheelUp' | 'wheelDown';
	/** Set when `input` is a whole bracketed paste: text, never a command. */
	paste?: boolean;
}>;

/** Whether a key is a named one (Enter, Esc, an arrow, a page key…) or a chord (Ctrl, Meta), rather than text. */
export function isNamedKey(key: Omit<Keypress, 'input'>): boolean {
	return [
		key.return,
		key.escape,
		key.tab,
		key.backspace,
		key.delete,
		key.upArrow,
		key.downArrow,
		key.leftArrow,
		key.rightArrow,
		key.pageUp,
		key.pageDown,
		key.home,
		key.end,
		key.ctrl,
		key.meta,
	].some(Boolean);
}

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

/** One binding: a printable character, a named key, ctrl plus a character, or the wheel; `shift` tells Tab from Shift-Tab. */
export type Binding = Readonly<
	| {input: string; ctrl?: boolean}
	| {key: NamedKey; shift?: boolean}
	| {mouse: 'wheelUp' | 'wheelDown'}
>;

export type Screen =
	| 'list'
	| 'reader'
	| 'composer'
	| 'contents'
	| 'links'
	| 'search'
	| 'filter'
	| 'help';

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
const wheel = (direction: 'wheelUp' | 'wheelDown'): Binding => ({
	mouse: direction,
});
const digits = (from: number): Binding[] =>
	Array.from({length: 10 - from}, (_, index) => input(String(from + index)));

export const commands = [
	// The article list.
	{
		id: 'list.down',
		screen: 'list',
		group: 'Move',
		keys: [input('j'), named('downArrow'), wheel('wheelDown')],
		label: 'j ↓',
		help: 'Next article',
	},
	{
		id: 'list.up',
		screen: 'list',
		group: 'Move',
		keys: [input('k'), named('upArrow'), wheel('wheelUp')],
		label: 'k ↑',
		help: 'Previous article',
	},
	{
		id: 'list.pageDown',
		screen: 'list',
		group: 'Move',
		keys: [input(' '), named('pageDown'), ctrl('f')],
		label: 'Space PgDn ^F',
		help: 'One page down',
	},
	{
		id: 'list.pageUp',
		screen: 'list',
		group: 'Move',
		keys: [input('b'), named('pageUp'), ctrl('b')],
		label: 'b PgUp ^B',
		help: 'One page up',
	},
	{
		id: 'list.halfDown',
		screen: 'list',
		group: 'Move',
		keys: [ctrl('d')],
		label: '^D',
		help: 'Half a page down',
	},
	{
		id: 'list.halfUp',
		screen: 'list',
		group: 'Move',
		keys: [ctrl('u')],
		label: '^U',
		help: 'Half a page up',
	},
	{
		id: 'list.top',
		screen: 'list',
		group: 'Move',
		keys: [input('g'), named('home')],
		label: 'g Home',
		help: 'First article',
	},
	{
		id: 'list.bottom',
		screen: 'list',
		group: 'Move',
		keys: [input('G'), named('end')],
		label: 'G End',
		help: 'Last article',
	},
	{
		id: 'list.nextUnread',
		screen: 'list',
		group: 'Move',
		keys: [input('n')],
		label: 'n',
		help: 'Next unread article',
	},
	{
		id: 'list.open',
		screen: 'list',
		group: 'Move',
		keys: [named('return'), named('rightArrow')],
		label: 'Enter →',
		help: 'Open the article (on a source: fold or unfold it)',
	},
	{
		id: 'list.nextGroup',
		screen: 'list',
		group: 'Move',
		keys: [named('tab', false), input(']')],
		label: 'Tab ]',
		help: 'Next source (sorted by source)',
	},
	{
		id: 'list.previousGroup',
		screen: 'list',
		group: 'Move',
		keys: [named('tab', true), input('[')],
		label: 'Shift-Tab [',
		help: 'Previous source',
	},
	{
		id: 'list.foldAll',
		screen: 'list',
		group: 'Move',
		keys: [input('z')],
		label: 'z',
		help: 'Fold every source to its heading',
	},
	{
		id: 'list.unfoldAll',
		screen: 'list',
		group: 'Move',
		keys: [input('Z')],
		label: 'Z',
		help: 'Unfold every source',
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
		id: 'list.clearFilter',
		screen: 'list',
		group: 'Find',
		keys: [named('escape')],
		label: 'Esc',
		help: 'Clear the filter and show every article',
	},
	{
		id: 'list.unread',
		screen: 'list',
		group: 'Find',
		keys: [input('U')],
		label: 'U',
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
		id: 'list.sort',
		screen: 'list',
		group: 'Find',
		keys: [input('S')],
		label: 'S',
		help: 'Sort: newest, oldest, source, unread first',
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
		id: 'list.allRead',
		screen: 'list',
		group: 'Mark',
		keys: [input('A')],
		label: 'A',
		help: 'Mark every article shown as read',
	},
	{
		id: 'list.undo',
		screen: 'list',
		group: 'Mark',
		keys: [input('u')],
		label: 'u',
		help: 'Undo the last A, m or s',
	},
	{
		id: 'list.refresh',
		screen: 'list',
		group: 'Feeds',
		keys: [input('R')],
		label: 'R',
		help: 'Refresh every feed in the background',
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
		label: 'q ^C',
		help: 'Quit',
	},
	{
		id: 'app.suspend',
		screen: 'list',
		group: 'gazette',
		keys: [ctrl('z')],
		label: '^Z',
		help: 'Suspend (fg brings gazette back)',
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
		id: 'filter.searchAll',
		screen: 'filter',
		group: 'Filter',
		keys: [input('/')],
		// A `/` typed first, right after the list's `/`: help shows the two together.
		label: '//',
		help: "Search every article's text; Enter opens one at the match",
	},
	{
		id: 'filter.clear',
		screen: 'filter',
		group: 'Filter',
		keys: [named('escape')],
		label: 'Esc',
		help: 'Clear the filter',
	},
	{
		id: 'filter.erase',
		screen: 'filter',
		group: 'Filter',
		keys: [ctrl('u')],
		label: '^U',
		help: 'Erase what is typed',
	},

	// The reader.
	{
		id: 'scroll.lineDown',
		screen: 'reader',
		group: 'Scroll',
		keys: [input('j'), named('downArrow'), ctrl('e'), ctrl('n')],
		label: 'j ↓ ^E',
		help: 'One line down',
	},
	{
		id: 'scroll.lineUp',
		screen: 'reader',
		group: 'Scroll',
		keys: [input('k'), named('upArrow'), ctrl('y'), ctrl('p')],
		label: 'k ↑ ^Y',
		help: 'One line up',
	},
	{
		id: 'scroll.wheelDown',
		screen: 'reader',
		group: 'Scroll',
		keys: [wheel('wheelDown')],
		label: 'wheel',
		help: 'Three lines down or up',
	},
	{
		id: 'scroll.wheelUp',
		screen: 'reader',
		group: 'Scroll',
		keys: [wheel('wheelUp')],
		label: '',
		help: '',
	},
	{
		id: 'scroll.halfDown',
		screen: 'reader',
		group: 'Scroll',
		keys: [ctrl('d')],
		label: '^D',
		help: 'Half a page down',
	},
	{
		id: 'scroll.halfUp',
		screen: 'reader',
		group: 'Scroll',
		keys: [ctrl('u')],
		label: '^U',
		help: 'Half a page up',
	},
	{
		id: 'scroll.pageDown',
		screen: 'reader',
		group: 'Scroll',
		keys: [input(' '), input('f'), named('pageDown'), ctrl('f')],
		label: 'Space f PgDn ^F',
		help: 'One page down',
	},
	{
		id: 'scroll.pageUp',
		screen: 'reader',
		group: 'Scroll',
		keys: [input('b'), named('pageUp'), ctrl('b')],
		label: 'b PgUp ^B',
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
		id: 'reader.count',
		screen: 'reader',
		group: 'Scroll',
		keys: [...digits(1)],
		label: '5j 3]',
		help: 'A count before a move repeats it',
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
		help: 'Fold or unfold the focused section (its heading in view)',
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
		id: 'article.next',
		screen: 'reader',
		group: 'Article',
		keys: [input('J')],
		label: 'J',
		help: 'Next article in the list',
	},
	{
		id: 'article.previous',
		screen: 'reader',
		group: 'Article',
		keys: [input('K')],
		label: 'K',
		help: 'Previous article in the list',
	},
	{
		id: 'article.browser',
		screen: 'reader',
		group: 'Article',
		keys: [input('o')],
		label: 'o',
		help: 'Open the article’s web page in the browser',
	},
	{
		id: 'links.open',
		screen: 'reader',
		group: 'Article',
		keys: [input('L')],
		label: 'L',
		help: 'Links: pick one to open in the browser',
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
		id: 'reader.escape',
		screen: 'reader',
		group: 'gazette',
		keys: [named('escape')],
		label: 'Esc',
		help: 'Clear the search or message; else back to the list',
	},
	{
		id: 'reader.back',
		screen: 'reader',
		group: 'gazette',
		keys: [input('q'), named('leftArrow')],
		label: 'q ←',
		help: 'Back to the list',
	},
	{
		id: 'reader.quit',
		screen: 'reader',
		group: 'gazette',
		keys: [ctrl('c')],
		label: '^C',
		help: 'Quit gazette',
	},
	{
		id: 'app.suspend',
		screen: 'reader',
		group: 'gazette',
		keys: [ctrl('z')],
		label: '^Z',
		help: 'Suspend (fg brings gazette back)',
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
	{
		id: 'search.erase',
		screen: 'search',
		group: 'Search',
		keys: [ctrl('u')],
		label: '^U',
		help: 'Erase what is typed',
	},

	// The contents overlay.
	{
		id: 'contents.down',
		screen: 'contents',
		group: 'Contents',
		keys: [input('j'), named('downArrow'), wheel('wheelDown')],
		label: 'j ↓',
		help: 'Next section',
	},
	{
		id: 'contents.up',
		screen: 'contents',
		group: 'Contents',
		keys: [input('k'), named('upArrow'), wheel('wheelUp')],
		label: 'k ↑',
		help: 'Previous section',
	},
	{
		id: 'contents.pageDown',
		screen: 'contents',
		group: 'Contents',
		keys: [input(' '), named('pageDown'), ctrl('f')],
		label: 'Space PgDn',
		help: 'One page down',
	},
	{
		id: 'contents.pageUp',
		screen: 'contents',
		group: 'Contents',
		keys: [input('b'), named('pageUp'), ctrl('b')],
		label: 'b PgUp',
		help: 'One page up',
	},
	{
		id: 'contents.top',
		screen: 'contents',
		group: 'Contents',
		keys: [input('g'), named('home')],
		label: 'g Home',
		help: 'First section',
	},
	{
		id: 'contents.bottom',
		screen: 'contents',
		group: 'Contents',
		keys: [input('G'), named('end')],
		label: 'G End',
		help: 'Last section',
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

	// The link picker.
	{
		id: 'links.down',
		screen: 'links',
		group: 'Links',
		keys: [input('j'), named('downArrow'), wheel('wheelDown')],
		label: 'j ↓',
		help: 'Next link',
	},
	{
		id: 'links.up',
		screen: 'links',
		group: 'Links',
		keys: [input('k'), named('upArrow'), wheel('wheelUp')],
		label: 'k ↑',
		help: 'Previous link',
	},
	{
		id: 'links.pageDown',
		screen: 'links',
		group: 'Links',
		keys: [input(' '), named('pageDown'), ctrl('f')],
		label: 'Space PgDn',
		help: 'One page down',
	},
	{
		id: 'links.pageUp',
		screen: 'links',
		group: 'Links',
		keys: [input('b'), named('pageUp'), ctrl('b')],
		label: 'b PgUp',
		help: 'One page up',
	},
	{
		id: 'links.top',
		screen: 'links',
		group: 'Links',
		keys: [input('g'), named('home')],
		label: 'g Home',
		help: 'First link',
	},
	{
		id: 'links.bottom',
		screen: 'links',
		group: 'Links',
		keys: [input('G'), named('end')],
		label: 'G End',
		help: 'Last link',
	},
	{
		id: 'links.number',
		screen: 'links',
		group: 'Links',
		keys: [...digits(0)],
		label: '3 12',
		help: 'Type a link’s number to choose it',
	},
	{
		id: 'links.follow',
		screen: 'links',
		group: 'Links',
		keys: [named('return')],
		label: 'Enter',
		help: 'Open the link in the browser',
	},
	{
		id: 'links.close',
		screen: 'links',
		group: 'Links',
		keys: [named('escape'), input('L'), input('q')],
		label: 'Esc L q',
		help: 'Close the links',
	},

	// The help overlay.
	{
		id: 'help.down',
		screen: 'help',
		group: 'Help',
		keys: [input('j'), named('downArrow')],
		label: 'j ↓',
		help: 'Scroll the help down',
	},
	{
		id: 'help.up',
		screen: 'help',
		group: 'Help',
		keys: [input('k'), named('upArrow')],
		label: 'k ↑',
		help: 'Scroll the help up',
	},
	{
		id: 'help.pageDown',
		screen: 'help',
		group: 'Help',
		keys: [input(' '), named('pageDown')],
		label: 'Space PgDn',
		help: 'One page down',
	},
	{
		id: 'help.pageUp',
		screen: 'help',
		group: 'Help',
		keys: [input('b'), named('pageUp')],
		label: 'b PgUp',
		help: 'One page up',
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
		label: '^S',
		help: 'Save the comment',
	},
	{
		id: 'composer.editor',
		screen: 'composer',
		group: 'Composer',
		keys: [ctrl('e')],
		label: '^E',
		help: 'Write the comment in $VISUAL / $EDITOR',
	},
	{
		id: 'composer.erase',
		screen: 'composer',
		group: 'Composer',
		keys: [ctrl('u')],
		label: '^U',
		help: 'Erase back to the start of the line',
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
	// A paste is text to insert, never a command, whatever it holds.
	if (key.paste) {
		return false;
	}

	if ('mouse' in binding) {
		return key.mouse === binding.mouse;
	}

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
		key.mouse === undefined &&
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
		// A command without a label is shown with the one before it (the wheel's two directions).
		if (!screens.includes(command.screen) || command.label === '') {
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
