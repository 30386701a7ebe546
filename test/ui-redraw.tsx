import test from 'ava';
import {Box, render, Text} from 'ink';
import {createRedrawer, frameIntervalMs} from '../source/ui/redraw.js';

const rows = 6;

/** A terminal of 40 × 6 that keeps what is written to it (Ink asks no more of its stdout here). */
function terminal() {
	const chunks: string[] = [];
	const stream = {
		isTTY: true,
		columns: 40,
		rows,
		write(data: string) {
			chunks.push(String(data));
			return true;
		},
		on: () => stream,
		off: () => stream,
		removeListener: () => stream,
	};
	return {chunks, stream: stream as unknown as NodeJS.WriteStream};
}

const clearScreen = '\u001B[2J\u001B[H';

/** A frame a row shorter than the screen, or (as gazette's) one taller than it. */
function Frame({
	isTall,
	label,
}: {
	readonly isTall: boolean;
	readonly label: string;
}) {
	return (
		<Box flexDirection="column" height={isTall ? rows + 1 : rows - 1}>
			<Text>{label}</Text>
		</Box>
	);
}

async function until(check: () => boolean): Promise<boolean> {
	for (let wait = 0; wait < 200; wait++) {
		if (check()) {
			return true;
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise((resolve) => {
			setTimeout(resolve, 10);
		});
	}

	return check();
}

test('a redraw right after a frame (as after Ctrl+Z and fg) draws the frame again on the cleared screen', async (t) => {
	const {chunks, stream} = terminal();
	let fullFrame = false;
	const tree = () => <Frame isTall={fullFrame} label="THE FRAME" />;
	const instance = render(tree(), {
		stdout: stream,
		exitOnCtrlC: false,
		patchConsole: false,
		maxFps: 1000 / frameIntervalMs,
		incrementalRendering: false,
	});
	t.teardown(() => {
		instance.unmount();
	});
	t.true(await until(() => chunks.join('').includes('THE FRAME')));
	const redrawer = createRedrawer({
		clearScreen() {
			stream.write(clearScreen);
		},
		forget() {
			instance.clear();
		},
		draw(full) {
			fullFrame = full;
			instance.rerender(tree());
		},
	});
	// Ink's window after the first frame closes; then a frame asked for just before the redraw opens the next one, as a key read just before Ctrl+Z does.
	await new Promise((resolve) => {
		setTimeout(resolve, 20);
	});
	instance.rerender(tree());
	redrawer.redraw();
	const afterClear = () => {
		const written = chunks.join('');
		return written.slice(written.lastIndexOf(clearScreen));
	};

	t.true(
		await until(() => afterClear().includes('THE FRAME')),
		'the screen stays blank after the redraw',
	);
	// The frame drawn last is the frame itself, not the tall one.
	t.true(await until(() => !fullFrame));
});
