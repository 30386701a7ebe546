import {existsSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import meow from 'meow';
import {
	fetchedArticleFolders,
	resolveDataDir,
} from './source/feeds/data-dir.js';
import {LibraryError} from './source/library/errors.js';
import {CommandError, UsageError} from './source/print/errors.js';
import {mainUsage, usageOf} from './source/print/usage.js';
import {applyColorLevel} from './source/terminal/color.js';
import {indexProgress} from './source/terminal/index-progress.js';
import {sanitizeLine} from './source/terminal/sanitize.js';

/** Flags that take a value: like getopt, each takes the next argument even when it starts with "-" (`--text "- an item"`). */
const valueFlags = new Set([
	'--dir',
	'--state-dir',
	'--data-dir',
	'--progress',
	'--width',
	'--name',
	'--email',
	'--section',
	'--reply-to',
	'--text',
	'--keep-days',
	'--keep-items',
	'--limit',
]);

function bindFlagValues(argv: readonly string[]): string[] {
	const bound: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index];
		if (argument === '--') {
			bound.push(...argv.slice(index));
			break;
		}

		if (valueFlags.has(argument) && index + 1 < argv.length) {
			bound.push(`${argument}=${argv[index + 1]}`);
			index++;
		} else {
			bound.push(argument);
		}
	}

	return bound;
}

const flags = {
	dir: {type: 'string', isMultiple: true},
	stateDir: {type: 'string'},
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
	mouse: {type: 'boolean', default: true},
	keepDays: {type: 'string'},
	keepItems: {type: 'string'},
	default: {type: 'boolean', default: false},
	dryRun: {type: 'boolean', default: false},
	limit: {type: 'string'},
	help: {type: 'boolean', shortFlag: 'h', default: false},
} as const;

// Its URL is all meow reads of `import.meta` (to find package.json), and all that dist/'s CommonJS bundle has of it.
const importMetaUrl: Pick<ImportMeta, 'url'> = {url: import.meta.url};

const cli = meow(mainUsage, {
	importMeta: importMetaUrl as ImportMeta,
	argv: bindFlagValues(process.argv.slice(2)),
	// Gazette reports unknown flags itself: meow would print them raw, escape sequences and all.
	allowUnknownFlags: true,
	autoHelp: false,
	flags,
});

/** Flags gazette doesn't know, as typed (meow keeps them when unknown flags are allowed). */
function unknownFlags(): string[] {
	const known = new Set<string>([
		...Object.keys(flags),
		'h',
		'version',
		'state-dir',
		'data-dir',
		'include-email',
		'reply-to',
		'keep-days',
		'keep-items',
		'dry-run',
	]);
	return Object.keys(cli.unnormalizedFlags).filter((name) => !known.has(name));
}

function bundledArticles(): string {
	const here = path.dirname(fileURLToPath(import.meta.url));
	return (
		[path.join(here, 'articles'), path.join(here, '..', 'articles')].find(
			(folder) => existsSync(folder),
		) ?? path.join(here, 'articles')
	);
}

/** The chosen folders, then the fetched articles'. */
function articleFolders(): string[] {
	return [
		...chosenFolders(),
		...fetchedArticleFolders(resolveDataDir(cli.flags.dataDir)),
	];
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

/*
The article index (SQLite), the article loader and the printers load with the command that needs them: `--help`, `--version`, `feeds`, `comments` and the others start without them.
*/

/** Every article, newest first, from the article index brought up to date with every file. */
async function libraryArticles() {
	const [{openLibraryIndex}, {noFilter}] = await Promise.all([
		import('./source/library/article-index.js'),
		import('./source/library/filter.js'),
	]);
	const index = openLibraryIndex(articleFolders(), {
		onProgress: indexProgress(),
	});
	try {
		return index.rowsAt(noFilter, 'newest', 0, Number.POSITIVE_INFINITY);
	} finally {
		index.close();
	}
}

/** The article a command names by its id, from the article index (the file itself is read when shown). */
async function indexedArticle(id: string | undefined) {
	if (!id) {
		throw new UsageError('which article? Give its id (see `gazette list`).');
	}

	const {openLibraryIndex} = await import('./source/library/article-index.js');
	const index = openLibraryIndex(articleFolders(), {
		check: 'quick',
		onProgress: indexProgress(),
	});
	try {
		const article = index.article(id);
		if (!article) {
			throw new CommandError(
				`no article with the id "${id}" (see \`gazette list\`).`,
			);
		}

		return article;
	} finally {
		index.close();
	}
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

function printUsage(topic: string | undefined): void {
	const usage = usageOf(topic);
	if (usage === undefined) {
		throw new UsageError(
			`no help for "${topic}": it is not a gazette command.`,
		);
	}

	process.stdout.write(`${usage.replace(/^\n/, '')}\n`);
}

async function main(): Promise<void> {
	const [command, ...rest] = cli.input;
	// --help anywhere: with a command, that command's usage.
	if (cli.flags.help) {
		printUsage(command === 'help' ? rest[0] : command);
		return;
	}

	if (command === 'help') {
		if (rest.length > 1) {
			throw new UsageError('help takes at most one command.');
		}

		printUsage(rest[0]);
		return;
	}

	const unknown = unknownFlags();
	if (unknown.length > 0) {
		throw new UsageError(
			`unknown flag${unknown.length === 1 ? '' : 's'} ${unknown.map((name) => (name.length === 1 ? `-${name}` : `--${name}`)).join(', ')}.`,
		);
	}

	const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
	if (command === undefined && interactive) {
		const {runInteractive} = await import('./source/ui/run.js');
		await runInteractive({
			folders: chosenFolders(),
			dataDir: resolveDataDir(cli.flags.dataDir),
			stateDir: stateDir(),
			mouse: cli.flags.mouse,
		});
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

			const [articles, {formatList, listToJson}] = await Promise.all([
				libraryArticles(),
				import('./source/print/list.js'),
			]);
			if (!cli.flags.json) {
				process.stdout.write(formatList(articles) + '\n');
				return;
			}

			// Read only: the state file is read as it is, never migrated or written.
			const [{Store}, {marksOf}] = await Promise.all([
				import('./source/store/store.js'),
				import('./source/store/marks.js'),
			]);
			const store = Store.open({stateDir: stateDir(), deferOpen: true});
			process.stdout.write(
				listToJson(articles, marksOf(store.getSnapshot().data)) + '\n',
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
			const [article, {openArticle}] = await Promise.all([
				indexedArticle(rest[0]),
				import('./source/library/load.js'),
			]);
			const loaded = openArticle(article);
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

		// Loaded only when one of these runs: the reader's start-up never pays for the feed code.
		case 'feeds':
		case 'refresh':
		case 'prune':
		case 'save': {
			const {runFeedCommand} = await import('./source/print/feeds-command.js');
			await runFeedCommand(command, rest, cli.flags, {
				stateDir: stateDir(),
				dataDir: resolveDataDir(cli.flags.dataDir),
			});
			return;
		}

		case 'search': {
			const {runSearch} = await import('./source/print/search.js');
			runSearch(rest, cli.flags, articleFolders());
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

function reportFailure(error: unknown): void {
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

// Not a top-level await: dist/ runs this file as a CommonJS script (source/launcher/launch.ts).
// eslint-disable-next-line unicorn/prefer-top-level-await
main().catch(reportFailure);
