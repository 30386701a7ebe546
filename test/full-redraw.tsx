import process from 'node:process';
import {Writable} from 'node:stream';
import {setTimeout as delay} from 'node:timers/promises';
import xterm from '@xterm/headless';
import test, {type ExecutionContext} from 'ava';
import {fullRedraw} from '../source/ui/full-redraw.js';

// Ink writes nothing but the last frame when it sees CI, and decides so when it loads: it is loaded once these are gone.
for (const key of Object.keys(process.env)) {
	if (
		key === 'CI' ||
		key === 'CONTINUOUS_INTEGRATION' ||
		key.startsWith('CI_')
	) {
		Reflect.deleteProperty(process.env, key);
	}
}

const {Box, Text, render} = await import('ink');

const columns = 40;
const rows = 10;

/** A terminal's output stream as Ink sees it, drawn into a headless xterm. */
class TerminalOutput extends Writable {
	isTTY = true;
	columns = columns;
	rows = rows;
	readonly terminal = new xterm.Terminal({
		cols: columns,
		rows,
		allowProposedApi: true,
		// As a pty does (onlcr): a line feed also returns the carriage.
		convertEol: true,
	});

	override _write(
		chunk: Uint8Array | string,
		_encoding: BufferEncoding,
		callback: (error?: Error) => void,
	): void {
		this.terminal.write(String(chunk), () => {
			callback();
		});
	}

	/** The screen's lines, trailing blanks trimmed, once everything written so far is drawn. */
	async screen(): Promise<string[]> {
		await new Promise<void>((resolve) => {
			this.terminal.write('', resolve);
		});
		const buffer = this.terminal.buffer.active;
		return Array.from({length: rows}, (_, row) =>
			(
				buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? ''
			).trimEnd(),
		);
	}
}

/** A full-screen frame as gazette draws it: `rows - 1` lines, a status line at the bottom; one line more when tall. */
function Frame({text, tall}: Readonly<{text: string; tall: boolean}>) {
	return (
		<Box flexDirection="column">
			<Box
				height={rows - 1}
				flexDirection="column"
				justifyContent="space-between"
			>
				<Text>{text}</Text>
				<Text>status line</Text>
			</Box>
			{tall ? <Text>{'\n'}</Text> : null}
		</Box>
	);
}

/** The whole frame showing `text`, as the screen should read once drawn. */
function wholeFrame(text: string): string[] {
	return [text, ...Array.from({length: rows - 3}, () => ''), 'status line', ''];
}

/** A real Ink render of `Frame` into a headless terminal, with gazette's redraw wired as in source/ui/run.tsx. */
function inkTerminal(
	t: ExecutionContext,
	later?: (callback: () => void) => void,
) {
	const stdout = new TerminalOutput();
	let text = 'first frame';
	let drawn = 0;
	const redrawer = fullRedraw({
		clear() {
			stdout.write('\u001B[2J\u001B[H');
			instance.clear();
		},
		render(tall) {
			instance.rerender(<Frame text={text} tall={tall} />);
		},
		...(later ? {later} : {}),
	});
	const instance = render(<Frame text={text} tall={false} />, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		patchConsole: false,
		exitOnCtrlC: false,
		maxFps: 1000,
		incrementalRendering: false,
		onRender() {
			drawn++;
			redrawer.rendered();
		},
	});
	t.teardown(() => {
		instance.unmount();
	});
	return {
		redrawer,
		drawn: () => drawn,
		/** Change the frame's text, drawn as a key would. */
		show(next: string) {
			text = next;
			instance.rerender(<Frame text={text} tall={false} />);
		},
		/** Wait (2 s at most) until the screen reads `expected`; the screen as it is then. */
		async screenOnceIt(expected: string[]): Promise<string[]> {
			let screen: string[] = [];
			for (let tries = 0; tries < 200; tries++) {
				// eslint-disable-next-line no-await-in-loop
				screen = await stdout.screen();
				if (screen.join('\n') === expected.join('\n')) {
					break;
				}

				// eslint-disable-next-line no-await-in-loop
				await delay(10);
			}

			return screen;
		},
	};
}

test('a redraw asked for while Ink still holds back a frame draws the whole frame again', async (t) => {
	const terminal = inkTerminal(t);
	t.deepEqual(
		await terminal.screenOnceIt(wholeFrame('first frame')),
		wholeFrame('first frame'),
	);
	// Past Ink's frame window, so that the next frame is drawn at once and opens a new window (as a key pressed just before Ctrl+Z does).
	await delay(20);
	const before = terminal.drawn();
	terminal.show('second frame');
	t.is(terminal.drawn(), before + 1, 'the second frame is drawn at once');
	// The screen is cleared (as after SIGCONT) while that window is still open.
	terminal.redrawer.redraw();
	t.deepEqual(
		await terminal.screenOnceIt(wholeFrame('second frame')),
		wholeFrame('second frame'),
	);
});

test('a redraw while the last one still has its normal frame to ask for ends on the whole frame', async (t) => {
	const waiting: Array<() => void> = [];
	const terminal = inkTerminal(t, (callback) => {
		waiting.push(callback);
	});
	await terminal.screenOnceIt(wholeFrame('first frame'));
	await delay(20);
	terminal.redrawer.redraw();
	// The tall frame is drawn at once (no frame window open), and the normal one waits to be asked for.
	t.is(waiting.length, 1);
	// A resize now, in between.
	terminal.redrawer.redraw();
	for (let rounds = 0; rounds < 100 && waiting.length > 0; rounds++) {
		for (const callback of waiting.splice(0)) {
			callback();
		}

		// eslint-disable-next-line no-await-in-loop
		await delay(10);
	}

	t.deepEqual(
		await terminal.screenOnceIt(wholeFrame('first frame')),
		wholeFrame('first frame'),
	);
});
