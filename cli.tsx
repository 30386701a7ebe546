#!/usr/bin/env node
import {existsSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import v8 from 'node:v8';
import meow from 'meow';
import {
	fetchedArticleFolders,
	resolveDataDir,
} from './source/feeds/data-dir.js';
import {LibraryError, loadLibrary, readArticle} from './source/library/load.js';
import {articleById, CommandError, UsageError} from './source/print/errors.js';
import {formatList, listToJson} from './source/print/list.js';
import {applyColorLevel} from './source/terminal/color.js';
import {sanitizeLine} from './source/terminal/sanitize.js';

/*
V8 lets the old generation grow to several times what is live before it collects it. Scrolling the 1 MB article (Ink allocates about 2 MB a frame, and some of it lives long enough to be promoted) took peak RSS past 200 MB with about 30 MB live. Growing it by 20% at a time keeps the peak near 150 MB, with no change in keystroke latency (npm run bench). V8 reads this flag at each collection, so setting it here takes effect.
*/
v8.setFlagsFromString('--heap-growing-percent=20');

const help = `
  Usage
    $ gazette                      read interactively (prints the list when not on a terminal)
    $ gazette list [--json]        list the articles
    $ gazette read <id>            print an article
    $ gazette comments [<id>]      print the comments kept locally
    $ gazette comment <id>         add a comment (body from --text or stdin)
    $ gazette feeds add <url>      subscribe to a feed (or to the feed a page links to)
    $ gazette feeds list [--json]  the feeds, with unread and total counts and the last error
    $ gazette feeds remove <feed>  unsubscribe (by address or title); --purge deletes its articles
    $ gazette feeds import <file>  subscribe to the feeds of an OPML file, folders kept
    $ gazette feeds export         the feeds as OPML on standard output
    $ gazette refresh [<feed>…]    fetch new articles from every feed (or those named)
    $ gazette save <url|file>      keep one web page (or saved HTML file) as an article

  Options
    --dir <path>         article folder; repeatable (default: the bundled articles, or $GAZETTE_DIR)
    --state-dir <path>   where reading state and comments are kept (default: per-user, or $GAZETTE_STATE_DIR)
    --data-dir <path>    where fetched articles are kept (default: per-user, or $GAZETTE_DATA_DIR)
    --progress json      refresh: one JSON object per line on stdout, for programs
    --purge              feeds remove: delete the feed's articles too
    --json               list, comments: print JSON
    --markdown           comments: print markdown, ready to paste under the article
    --include-email      comments: include the email addresses
    --width <n>          read: width of the text (default: the terminal's, at most 100)
    --name <name>        comment: your name (required)
    --email <email>      comment: your email (kept locally, never published)
    --section <id>       comment: about this section (default: the whole article)
    --reply-to <id>      comment: reply to this comment
    --text <text>        comment: the comment (default: read from stdin)
    --help               show this help
    --version            show the version

  Keys: press ? in the reader. Colour follows NO_COLOR, FORCE_COLOR and TERM=dumb.
  Exit codes: 0 ok, 1 failure, 2 usage.
`;

const cli = meow(help, {
	importMeta: import.meta,
	allowUnknownFlags: false,
	flags: {
		dir: {type: 'string', isMultiple: true},
		stateDir: {type: 'string'},
		// Feeds (issue 14).
		dataDir: {type: 'string'},
		progress: {type: 'string'},
		purge: {type: 'boolean', default: false},
		json: {type: 'boolean', default: false},
		markdown: {type: 'boolean', default: false},
		includeEmail: {type: 'boolean', default: false},
		width: {type: 'string'},
		name: {type: 'string'},
		email: {type: 'string'},
		section: {type: 'string'},
		replyTo: {type: 'string'},
		text: {type: 'string'},
	},
});

function bundledArticles(): string {
	const here = path.dirname(fileURLToPath(import.meta.url));
	return (
		[path.join(here, 'articles'), path.join(here, '..', 'articles')].find(
			(folder) => existsSync(folder),
		) ?? path.join(here, 'articles')
	);
}

function chosenFolders(): string[] {
	if (cli.flags.dir && cli.flags.dir.length > 0) {
		return cli.flags.dir;
	}

	const fromEnvironment = process.env.GAZETTE_DIR?.split(path.delimiter).filter(
		Boolean,
	);
	return fromEnvironment && fromEnvironment.length > 0
		? fromEnvironment
		: [bundledArticles()];
}

/** The chosen folders, then the fetched articles' (issue 14). */
function articleFolders(): string[] {
	return [
		...chosenFolders(),
		...fetchedArticleFolders(resolveDataDir(cli.flags.dataDir)),
	];
}

function stateDir(): string | undefined {
	return (
		cli.flags.stateDir ??
		(process.env.GAZETTE_STATE_DIR === ''
			? undefined
			: process.env.GAZETTE_STATE_DIR)
	);
}

function parseWidth(): number | undefined {
	if (cli.flags.width === undefined) {
		return undefined;
	}

	const width = Number(cli.flags.width);
	if (!Number.isInteger(width) || width < 10 || width > 1000) {
		throw new UsageError(
			`--width must be a whole number from 10 to 1000, not "${cli.flags.width}".`,
		);
	}

	return width;
}

async function main(): Promise<void> {
	const [command, ...rest] = cli.input;
	const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
	if (command === undefined && interactive) {
		const {runInteractive} = await import('./source/ui/run.js');
		await runInteractive({folders: articleFolders(), stateDir: stateDir()});
		return;
	}

	applyColorLevel(Boolean(process.stdout.isTTY));
	switch (command) {
		case undefined:
		case 'list': {
			if (rest.length > 0) {
				throw new UsageError(
					`list takes no arguments (got "${rest.join(' ')}").`,
				);
			}

			const articles = loadLibrary(articleFolders());
			process.stdout.write(
				(cli.flags.json ? listToJson(articles) : formatList(articles)) + '\n',
			);
			return;
		}

		case 'read': {
			const width =
				parseWidth() ??
				// A terminal that reports no size (0 columns) reads like a pipe.
				Math.min(
					100,
					process.stdout.isTTY && process.stdout.columns > 10
						? process.stdout.columns - 1
						: 80,
				);
			const article = articleById(loadLibrary(articleFolders()), rest[0]);
			const loaded = readArticle(article.rawPath ?? article.path);
			if (loaded.error) {
				throw new CommandError(`cannot show "${article.id}": ${loaded.error}`);
			}

			const [{formatArticle}, {default: supportsHyperlinks}] =
				await Promise.all([
					import('./source/print/read.js'),
					import('supports-hyperlinks'),
				]);
			process.stdout.write(
				formatArticle(loaded, width, {
					hyperlinks:
						Boolean(process.stdout.isTTY) &&
						supportsHyperlinks.stdout &&
						process.env.TERM !== 'dumb',
				}) + '\n',
			);
			return;
		}

		case 'comments':
		case 'comment': {
			const {runCommentCommand} =
				await import('./source/print/comments-command.js');
			await runCommentCommand(command, rest, cli.flags, {
				folders: articleFolders(),
				stateDir: stateDir(),
			});
			return;
		}

		// Feeds (issue 14): loaded only when one of these runs.
		case 'feeds':
		case 'refresh':
		case 'save': {
			const {runFeedCommand} = await import('./source/print/feeds-command.js');
			await runFeedCommand(command, rest, cli.flags, {
				stateDir: stateDir(),
				dataDir: resolveDataDir(cli.flags.dataDir),
			});
			return;
		}

		default: {
			throw new UsageError(`unknown command "${command}".`);
		}
	}
}

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	// A reader that stops reading (`gazette read x | head`) is not a failure.
	if (error.code === 'EPIPE') {
		process.exit(0);
	}
});

try {
	await main();
} catch (error) {
	if (error instanceof UsageError) {
		process.stderr.write(
			`gazette: ${sanitizeLine(error.message)}\nRun \`gazette --help\` for usage.\n`,
		);
		process.exitCode = 2;
	} else if (error instanceof CommandError || error instanceof LibraryError) {
		process.stderr.write(`gazette: ${sanitizeLine(error.message)}\n`);
		process.exitCode = 1;
	} else {
		process.stderr.write(
			`gazette: unexpected error: ${sanitizeLine(error instanceof Error ? error.message : String(error))}\n`,
		);
		process.exitCode = 1;
	}
}
