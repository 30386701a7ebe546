/** The commands' usage, one text each: `gazette help <command>`, `gazette <command> --help`. */
export const commandUsage: Readonly<Record<string, string>> = {
	list: `
  Usage
    $ gazette list [--json]

  One line per article: id, date, source and title. With --json, every field,
  and the reading state: read, progress, bookmarked, comments, draft.

  Options
    --json               print JSON
    --dir <path>         article folder; repeatable (or $GAZETTE_DIR)
    --state-dir <path>   where reading state is kept (or $GAZETTE_STATE_DIR)
`,
	read: `
  Usage
    $ gazette read <id> [--width <n>]

  Print an article, rendered: colour on a terminal or with FORCE_COLOR,
  plain text with NO_COLOR, TERM=dumb or in a pipe.

  Options
    --width <n>          width of the text, 10 to 1000 (default: the terminal's, at most 100)
    --dir <path>         article folder; repeatable (or $GAZETTE_DIR)
`,
	comments: `
  Usage
    $ gazette comments [<id>] [--json | --markdown] [--include-email]

  The comments kept on this machine, for every article or for one.

  Options
    --json               print JSON
    --markdown           print markdown, ready to paste under the article on the web
    --include-email      include the email addresses (never by default)
    --state-dir <path>   where comments are kept (or $GAZETTE_STATE_DIR)
`,
	comment: `
  Usage
    $ gazette comment <id> --name <name> [--text <text>]

  Add a comment to an article. The text comes from --text, or from stdin.
  A text that starts with "-": --text="- a list item", or after --.

  Options
    --name <name>        your name (required)
    --email <email>      your email (kept on this machine, never published)
    --section <id>       about this section (default: the whole article)
    --reply-to <id>      reply to this comment
    --text <text>        the comment (default: read from stdin)
    --state-dir <path>   where comments are kept (or $GAZETTE_STATE_DIR)
`,
	help: `
  Usage
    $ gazette help [<command>]

  Show the usage of gazette, or of one command.
`,
};

export const mainUsage = `
  Usage
    $ gazette                      read interactively (prints the list when not on a terminal)
    $ gazette list [--json]        list the articles
    $ gazette read <id>            print an article
    $ gazette comments [<id>]      print the comments kept locally
    $ gazette comment <id>         add a comment (text from --text or stdin)
    $ gazette help [<command>]     this help, or a command's

  Options
    --dir <path>         article folder; repeatable (default: the bundled articles, or $GAZETTE_DIR)
    --state-dir <path>   where reading state and comments are kept (default: per-user, or $GAZETTE_STATE_DIR)
    --no-mouse           leave the mouse to the terminal (selecting text); the wheel then does not scroll
    --help, -h           show this help, or with a command, the command's
    --version            show the version

  Keys: press ? in the reader. Colour follows NO_COLOR, FORCE_COLOR and TERM=dumb.
  Exit codes: 0 ok, 1 failure, 2 usage.
`;

/** The usage to print for `help <topic>` or `<command> --help`; undefined for a command gazette doesn't have. */
export function usageOf(topic: string | undefined): string | undefined {
	if (topic === undefined) {
		return mainUsage;
	}

	return Object.hasOwn(commandUsage, topic) ? commandUsage[topic] : undefined;
}
