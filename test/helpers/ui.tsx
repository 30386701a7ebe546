import {setTimeout as delay} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {render} from 'ink-testing-library';
import {cloneElement, type ReactElement} from 'react';
import stringWidth from 'string-width';
import stripAnsi from 'strip-ansi';
import {
	articleSections,
	quoteTargets,
	renderSections,
} from '../../source/document/reader-sections.js';
import {SectionRenderer} from '../../source/document/render.js';
import {parseDocument} from '../../source/document/sections.js';
import {readArticle} from '../../source/library/load.js';

/** What a terminal sends for the named keys. */
export const keys = {
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	shiftTab: '\u001B[Z',
	down: '\u001B[B',
	up: '\u001B[A',
	backspace: '\u007F',
} as const;

/** Ink renders asynchronously and subscribes to input in effects: give it a moment after rendering and after each key. */
export async function settle(ms = 50): Promise<void> {
	await delay(ms);
}

/** Wait until no frame has been drawn for `ms`. */
async function quiet(frames: readonly string[], ms = 30): Promise<void> {
	let count = frames.length;
	for (let waited = 0; waited < 2000; waited += ms) {
		// eslint-disable-next-line no-await-in-loop
		await settle(ms);
		if (frames.length === count) {
			return;
		}

		count = frames.length;
	}
}

/** After a key: wait for the frame it draws (a key that only calls back draws none, hence the limit), then for the frames that follow. */
async function afterKey(
	frames: readonly string[],
	before: number,
	limit: number,
) {
	for (
		let waited = 0;
		frames.length === before && waited < limit;
		waited += 5
	) {
		// eslint-disable-next-line no-await-in-loop
		await settle(5);
	}

	await quiet(frames);
}

/** The display width of a frame line, as the terminal would show it. */
export function lineWidth(line: string): number {
	return stringWidth(stripAnsi(line));
}

export type Screen = Awaited<ReturnType<typeof renderAt>>;

/**
Render a component in a terminal `columns` wide. ink-testing-library's stdout always says 100 columns, and Ink lays out (and cuts) the frame at that width, so a component told it has 60 or 120 columns must also get a terminal of that width.

Resolves once the component reads keys (unless `readsKeys` is false) and the frame has settled.
*/
export async function renderAt(
	tree: ReactElement,
	columns: number,
	{readsKeys = true}: {readsKeys?: boolean} = {},
) {
	const instance = render(tree);
	Object.defineProperty(instance.stdout, 'columns', {value: columns});
	// A render after the change lays the frame out at the new width.
	instance.rerender(cloneElement(tree));
	// Ink starts reading stdin when the first `useInput` subscribes, in an effect after the first render.
	const waitingForKeys = () =>
		readsKeys && instance.stdin.listenerCount('readable') === 0;
	for (let waited = 0; waitingForKeys() && waited < 2000; waited += 10) {
		// eslint-disable-next-line no-await-in-loop
		await settle(10);
	}

	await quiet(instance.frames);

	/** The last frame without styling. */
	const frame = () => stripAnsi(instance.lastFrame() ?? '');
	return {
		...instance,
		frame,
		lines: () => frame().split('\n'),
		/** Send keys one at a time, each once the previous one has been drawn. */
		async press(...sequence: string[]) {
			for (const key of sequence) {
				const before = instance.frames.length;
				instance.stdin.write(key);
				// eslint-disable-next-line no-await-in-loop
				await afterKey(instance.frames, before, 250);
			}
		},
		/** Type text one character per write, as a person does; `press('text')` sends it as one burst instead. */
		async type(text: string) {
			for (const character of text) {
				const before = instance.frames.length;
				instance.stdin.write(character);
				// eslint-disable-next-line no-await-in-loop
				await afterKey(instance.frames, before, 100);
			}
		},
	};
}

/** The first frame line that contains `text`, or undefined. */
export function lineWith(lines: readonly string[], text: string) {
	return lines.find((line) => line.includes(text));
}

/** Calls of a callback, kept in order. */
export function recorder<Arguments extends unknown[]>() {
	const calls: Arguments[] = [];
	const record = (...arguments_: Arguments) => {
		calls.push(arguments_);
	};

	return Object.assign(record, {calls});
}

export const articlesFolder = fileURLToPath(
	new URL('../../articles', import.meta.url),
);

/** The seed article, laid out for the reader as the app does when it opens it (source/ui/run.tsx). */
export function openSeed(width: number) {
	const article = readArticle(
		fileURLToPath(new URL('../../articles/miami-summit.md', import.meta.url)),
	);
	if (article.error) {
		throw new Error(`the seed article did not load: ${article.error}`);
	}

	const document = parseDocument(article.body, {title: article.title});
	const renderer = new SectionRenderer({hyperlinks: false});
	// The reader renders in the background; component tests start with every section rendered.
	renderSections(
		document,
		renderer,
		width,
		document.sections.map((section) => section.id),
	);
	return {
		article,
		sections: articleSections(document, renderer, width),
		quotes: quoteTargets(document, renderer, width),
	};
}
