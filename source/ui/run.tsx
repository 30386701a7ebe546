import process from 'node:process';
import {render} from 'ink';
import supportsHyperlinks from 'supports-hyperlinks';
import type {Article} from '../library/article.js';
import {
	loadLibrary,
	openArticle as readLibraryArticle,
} from '../library/load.js';
import {Store} from '../store/store.js';
import {applyColorLevel} from '../terminal/color.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {enterFullScreen, restoreTerminal} from '../terminal/screen.js';
import {App, type OpenedArticle} from './app.js';
import {PacedStdin, PacedStdinContext} from './paced-stdin.js';
import {type Suspend, SuspendContext} from './terminal-context.js';

type Options = Readonly<{
	folders: readonly string[];
	stateDir: string | undefined;
}>;

/** Open an article: the renderer (marked-terminal and its highlighter) loads here, not at start-up. */
async function openArticle(
	article: Article,
	hyperlinks: boolean,
): Promise<OpenedArticle> {
	const loaded = readLibraryArticle(article);
	if (loaded.error) {
		throw new Error(loaded.error);
	}

	const [
		{parseDocument},
		{SectionRenderer, renderMarkdown},
		{articleSections, quoteTargets, renderFrom, renderSections, renderSome},
	] = await Promise.all([
		import('../document/sections.js'),
		import('../document/render.js'),
		import('../document/reader-sections.js'),
	]);
	const document = parseDocument(loaded.body, {title: loaded.title});
	const renderer = new SectionRenderer({hyperlinks});
	const byWidth = new Map<number, ReturnType<OpenedArticle['sectionsAt']>>();
	return {
		article: {...loaded, id: article.id},
		document,
		renderMarkdown: (markdown, width) =>
			renderMarkdown(renderer, markdown, width),
		prepare(width, sectionId, lines) {
			renderFrom(document, renderer, width, sectionId, lines);
		},
		renderSome: (width, milliseconds) =>
			renderSome(document, renderer, width, milliseconds),
		renderSections(width, sectionIds) {
			renderSections(document, renderer, width, sectionIds);
		},
		sectionsAt(width) {
			let entry = byWidth.get(width);
			if (!entry) {
				entry = {
					sections: articleSections(document, renderer, width),
					quotes: quoteTargets(document, renderer, width),
				};
				byWidth.set(width, entry);
			}

			return entry;
		},
	};
}

export async function runInteractive({
	folders,
	stateDir,
}: Options): Promise<void> {
	const articles = loadLibrary(folders);
	// Conf loads and opens right after the first frame (App does it): it costs start-up time.
	const store = Store.open({stateDir, deferOpen: true});
	const colors = applyColorLevel(true);
	const hyperlinks = colors > 0 && supportsHyperlinks.stdout;

	let finished = false;
	const finish = async (code: number) => {
		if (finished) {
			return;
		}

		finished = true;
		// Conf may still be loading (a signal in the first few ms): the changes wait for it rather than be lost.
		await store.completeOpen();
		store.close();
		instance.unmount();
		restoreTerminal();
		process.exit(code);
	};

	// The editor gets the real terminal: out of raw mode and the alternate screen, then everything is drawn again.
	const suspend: Suspend = (run) => {
		process.stdin.setRawMode?.(false);
		restoreTerminal();
		try {
			return run();
		} finally {
			enterFullScreen();
			process.stdin.setRawMode?.(true);
			process.stdout.write('\u001B[2J\u001B[H');
			instance.clear();
		}
	};

	enterFullScreen();
	const stdin = new PacedStdin(process.stdin);
	const instance = render(
		<PacedStdinContext.Provider value={stdin}>
			<SuspendContext.Provider value={suspend}>
				<App
					articles={articles}
					store={store}
					open={async (article) => openArticle(article, hyperlinks)}
				/>
			</SuspendContext.Provider>
		</PacedStdinContext.Provider>,
		{
			// The list's keys reach ink-select-input one at a time, even when they arrive together.
			stdin: stdin as unknown as NodeJS.ReadStream,
			exitOnCtrlC: false,
			patchConsole: false,
			// Ink's frame throttle (30 fps by default) was most of a keystroke's latency: draw as soon as state changes.
			maxFps: 1000,
			incrementalRendering: false,
		},
	);

	// Every way out saves the reading position and gives the terminal back as it was.
	process.on('SIGTERM', () => {
		void finish(143);
	});
	process.on('SIGHUP', () => {
		void finish(129);
	});
	process.on('SIGINT', () => {
		void finish(130);
	});
	process.on('uncaughtException', (error) => {
		store.close();
		instance.unmount();
		restoreTerminal();
		process.stderr.write(
			`gazette: unexpected error: ${sanitizeLine(error.message)}\n`,
		);
		process.exit(1);
	});

	// Fault injection, for the test that an unexpected error still gives the terminal back.
	if (process.env.GAZETTE_FAULT === 'timer') {
		setTimeout(() => {
			throw new Error('injected fault');
		}, 500);
	}

	try {
		await instance.waitUntilExit();
	} finally {
		await store.completeOpen();
		store.close();
		restoreTerminal();
	}
}
