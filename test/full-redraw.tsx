import process from 'node:process';
import {Writable} from 'node:stream';
import {setTimeout as delay} from 'node:timers/promises';
import xterm from '@xterm/headless';
import test from 'ava';
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

test('a redraw asked for while Ink still holds back a frame draws the whole frame again', async (t) => {
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
	const [firstLine] = await stdout.screen();
	t.is(firstLine, 'first frame');
	// Past Ink's frame window, so that the next frame is drawn at once and opens a new window (as a key pressed just before Ctrl+Z does).
	await delay(20);
	text = 'second frame';
	instance.rerender(<Frame text={text} tall={false} />);
	t.is(drawn, 2, 'the second frame is drawn at once');
	// The screen is cleared (as after SIGCONT) while that window is still open.
	redrawer.redraw();

	const expected = [
		'second frame',
		...Array.from({length: rows - 3}, () => ''),
		'status line',
		'',
	];
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

	t.deepEqual(screen, expected);
});
