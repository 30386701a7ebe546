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
	feeds: `
  Usage
    $ gazette feeds add <url>       subscribe to a feed, or to the feed a web page links to
    $ gazette feeds list [--json]   the feeds: address, title, folder, last refresh, unread and total, what is kept, last error
    $ gazette feeds set <feed> [--keep-days <n>] [--keep-items <n>]
                                    keep the feed's articles n days and/or the newest n ("none": all; "default": as the default)
    $ gazette feeds set --default [--keep-days <n>] [--keep-items <n>]
                                    what feeds without their own setting keep (default: everything)
    $ gazette feeds remove <feed>   unsubscribe, by address or title; its articles stay unless --purge
    $ gazette feeds import <file>   subscribe to the feeds of an OPML file, folders kept
    $ gazette feeds export          the feeds as OPML 2.0 on standard output

  Options
    --json               feeds list: print JSON
    --purge              feeds remove: delete the feed's articles too (their comments stay)
    --keep-days <n>      feeds set: keep articles dated within the last n days
    --keep-items <n>     feeds set: keep the newest n articles
    --state-dir <path>   where subscriptions are kept (or $GAZETTE_STATE_DIR)
    --data-dir <path>    where fetched articles are kept (or $GAZETTE_DATA_DIR)
`,
	refresh: `
  Usage
    $ gazette refresh [<feed>…]

  Fetch new articles from every feed, or from those named (by address or title),
  with their full text, to read offline. Progress on a terminal, one summary
  line otherwise. Exit 0 when every feed refreshed, 1 when any failed.
  Then prunes what those feeds keep no longer (see gazette help prune).

  Options
    --progress json      one JSON object per line on stdout, for programs
    --state-dir <path>   where subscriptions are kept (or $GAZETTE_STATE_DIR)
    --data-dir <path>    where fetched articles are kept (or $GAZETTE_DATA_DIR)
`,
	search: `
  Usage
    $ gazette search <words> [--json] [--limit <n>]

  Search the full text of every article (title, source, tags and text), best
  matches first: each article with every word, its id, date, source and title,
  and the line that matches. "Quoted words" match as a phrase; word* matches
  the start of a word.

  Options
    --json               print JSON: id, title, source, date, url, snippet, line, score
    --limit <n>          at most n articles (default 20)
    --dir <path>         article folder; repeatable (or $GAZETTE_DIR)
    --data-dir <path>    where fetched articles are kept (or $GAZETTE_DATA_DIR)
`,
	prune: `
  Usage
    $ gazette prune [--dry-run] [--json]

  Remove the fetched articles past their feed's limits (gazette feeds set):
  older than the days kept, or beyond the newest items kept. Unread,
  bookmarked and commented articles, and those with a draft, are always kept;
  a pruned item is not fetched again while its feed still lists it.
  Refresh does this for the feeds it refreshed.

  Options
    --dry-run            print what would be removed; remove nothing
    --json               print JSON
    --state-dir <path>   where subscriptions and reading state are kept (or $GAZETTE_STATE_DIR)
    --data-dir <path>    where fetched articles are kept (or $GAZETTE_DATA_DIR)
`,
	save: `
  Usage
    $ gazette save <url|file.html>

  Keep one web page, or a saved HTML file, as an article to read later;
  prints its id.

  Options
    --data-dir <path>    where fetched articles are kept (or $GAZETTE_DATA_DIR)
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
    $ gazette feeds add <url>      subscribe to a feed (feeds list, remove, import, export: gazette help feeds)
    $ gazette refresh [<feed>…]    fetch new articles from every feed (or those named), to read offline
    $ gazette save <url|file>      keep one web page (or saved HTML file) as an article
    $ gazette prune [--dry-run]    remove old fetched articles, as each feed's retention says
    $ gazette search <query>       search the full text of every article, best matches first
    $ gazette help [<command>]     this help, or a command's

  Options
    --dir <path>         article folder; repeatable (default: the bundled articles, or $GAZETTE_DIR)
    --state-dir <path>   where reading state and comments are kept (default: per-user, or $GAZETTE_STATE_DIR)
    --data-dir <path>    where fetched articles are kept (default: per-user, or $GAZETTE_DATA_DIR)
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
