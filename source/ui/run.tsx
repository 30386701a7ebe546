import process from 'node:process';
import {render} from 'ink';
import supportsHyperlinks from 'supports-hyperlinks';
import * as yogaLayout from 'yoga-layout';
import type {Article} from '../library/article.js';
import {openLibraryIndex} from '../library/article-index.js';
import {indexSource} from '../library/list-rows.js';
import {openArticle as readLibraryArticle} from '../library/load.js';
import {indexProgress} from '../terminal/index-progress.js';
import {Store} from '../store/store.js';
import {applyColorLevel} from '../terminal/color.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {
	clampedStdout,
	enterFullScreen,
	restoreTerminal,
} from '../terminal/screen.js';
import type {OpenedArticle} from '../document/opened.js';
import {fetchedArticleFolders} from '../feeds/data-dir.js';
import type {RefreshEvent} from '../feeds/refresh.js';
import {startRefreshChild} from '../feeds/refresh-child.js';
import {markWarm} from '../launcher/code-cache.js';
import {App} from './app.js';
import {fullRedraw} from './full-redraw.js';
import {KeypressProvider} from './keypress.js';
import {type Suspend, SuspendContext} from './terminal-context.js';
import {TerminalSizeContext, terminalSizeSource} from './use-terminal-size.js';

type Options = Readonly<{
	/** The article folders chosen (`--dir`, or the bundled ones); the fetched articles' folders are added, and found again after a refresh. */
	folders: readonly string[];
	/** Where fetched articles live. */
	dataDir: string;
	stateDir: string | undefined;
	/** False: leave the mouse to the terminal (selecting text), with `--no-mouse`. */
	mouse?: boolean;
}>;

/** Open an article: the renderer (source/document, marked-terminal, node-emoji) loads here, not at start-up; the list needs only marked and htmlparser2, for titles. */
async function openArticle(
	article: Article,
	hyperlinks: boolean,
): Promise<OpenedArticle> {
	const loaded = readLibraryArticle(article);
	if (loaded.error) {
		throw new Error(loaded.error);
	}

	const {openDocument} = await import('../document/opened.js');
	return openDocument(loaded, {hyperlinks});
}

export async function runInteractive({
	folders,
	dataDir,
	stateDir,
	mouse: mouseFlag,
}: Options): Promise<void> {
	// The first frame from a quick look at the folders (a new file is seen, one edited in place at the check that follows); a first run reads every file, with progress.
	let index = openLibraryIndex(
		[...folders, ...fetchedArticleFolders(dataDir)],
		{
			check: 'quick',
			onProgress: indexProgress(process.stderr),
		},
	);
	const articles = indexSource(index);
	// After a refresh: the folders again (a new feed has a new one), the new files seen by a quick look.
	const library = () => {
		index.close();
		index = openLibraryIndex([...folders, ...fetchedArticleFolders(dataDir)], {
			check: 'quick',
		});
		return indexSource(index);
	};

	// R runs `gazette refresh` as a child, with the same state and data folders: the keys never wait for the network.
	const refresh = {
		start: (onEvent: (event: RefreshEvent) => void) =>
			startRefreshChild({
				cliPath: process.argv[1],
				globalArgs: [
					...(stateDir === undefined ? [] : ['--state-dir', stateDir]),
					'--data-dir',
					dataDir,
				],
				onEvent,
			}),
		reload: library,
	};
	// Conf loads and opens right after the first frame (App does it): it costs start-up time.
	// In the background: a write that finds the lock taken waits for it without stopping the keys.
	const store = Store.open({stateDir, deferOpen: true, background: true});
	const colors = applyColorLevel(true);
	const hyperlinks = colors > 0 && supportsHyperlinks.stdout;
	// The wheel, unless turned off; a dumb terminal gets no escape sequences it doesn't know.
	const mouse =
		mouseFlag !== false &&
		store.settings().mouse !== false &&
		process.env.TERM !== 'dumb';
	const takeTerminal = () => {
		enterFullScreen(process.stdout, {mouse});
		process.stdin.setRawMode?.(true);
	};

	let finished = false;
	const finish = async (code: number) => {
		if (finished) {
			return;
		}

		finished = true;
		// Conf may still be loading (a signal in the first few ms): the changes wait for it rather than be lost.
		await store.completeOpen();
		const saved = store.close();
		instance.unmount();
		restoreTerminal();
		reportUnsaved(saved);
		process.exit(code);
	};

	// What could not be written is said on the way out, where the shell keeps it.
	const reportUnsaved = (saved: boolean) => {
		if (!saved) {
			process.stderr.write(
				`gazette: ${store.getSnapshot().saving ?? 'some changes were not saved'}\n`,
			);
			process.exitCode = 1;
		}
	};

	// Ink is not told of a resize (see clampedStdout): the size is read first, then the whole frame drawn for it.
	const stdout = clampedStdout(process.stdout, {ownResizes: true});
	const size = terminalSizeSource(stdout);
	let forceFullFrame = false;
	const tree = () => (
		<KeypressProvider>
			<TerminalSizeContext.Provider value={size}>
				<SuspendContext.Provider value={suspend}>
					<App
						articles={articles}
						store={store}
						open={async (article) => openArticle(article, hyperlinks)}
						forceFullFrame={forceFullFrame}
						refresh={refresh}
						onSuspend={stopForShell}
					/>
				</SuspendContext.Provider>
			</TerminalSizeContext.Provider>
		</KeypressProvider>
	);

	/** Draw the whole frame again, after another program had the terminal: one frame taller than the screen makes Ink redraw it all (see full-redraw.ts). */
	const {redraw, rendered} = fullRedraw({
		clear() {
			process.stdout.write('\u001B[2J\u001B[H');
			instance.clear();
		},
		render(tall) {
			if (!finished) {
				forceFullFrame = tall;
				instance.rerender(tree());
			}
		},
	});

	// The editor gets the real terminal: out of raw mode and the alternate screen, then everything is drawn again.
	const suspend: Suspend = (run) => {
		restoreTerminal();
		try {
			return run();
		} finally {
			takeTerminal();
			redraw();
		}
	};

	/** Ctrl+Z: give the terminal back as it was, and stop until the shell says `fg` (SIGCONT). */
	function stopForShell() {
		store.flush();
		restoreTerminal();
		process.kill(process.pid, 'SIGSTOP');
	}

	process.on('SIGCONT', () => {
		if (!finished) {
			takeTerminal();
			redraw();
		}
	});
	// A stop from outside (kill -TSTP): the terminal is given back first, as for Ctrl+Z.
	process.on('SIGTSTP', stopForShell);

	// The CommonJS bundle in dist/ loads Yoga's WebAssembly in the background (scripts/yoga-cjs.js); Ink lays out every frame with it. Elsewhere Yoga has loaded before this module ran.
	await (yogaLayout as {ready?: Promise<void>}).ready;
	// Raw mode before the first frame, not after it (Ink sets it in an effect, once the frame is out): a key typed as soon as the list shows would otherwise meet a terminal in line mode, which echoes Enter as a new line and hands it over as a line feed.
	takeTerminal();
	const instance = render(tree(), {
		stdout,
		exitOnCtrlC: false,
		patchConsole: false,
		// Ink's frame throttle (30 fps by default) was most of a keystroke's latency: draw as soon as state changes.
		maxFps: 1000,
		incrementalRendering: false,
		onRender: rendered,
	});
	// Up and waiting for keys: what a start compiles is compiled, and the code cache can be made (source/launcher/code-cache.ts).
	setTimeout(markWarm, 1000).unref();

	// A resize: the new size, then the whole frame again from the top of the screen. Ink moves the cursor relative to the frame before, and a frame drawn for the size before a resize (still on its way when the terminal changed) scrolls the screen by rows Ink does not know of: after a storm of resizes the frame was seen one row off.
	process.stdout.on('resize', () => {
		size.update();
		redraw();
	});

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

	try {
		await instance.waitUntilExit();
	} finally {
		await store.completeOpen();
		const saved = store.close();
		restoreTerminal();
		reportUnsaved(saved);
	}
}
