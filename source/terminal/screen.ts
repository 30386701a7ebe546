import process from 'node:process';

const enterAlternateScreen = '\u001B[?1049h';
const leaveAlternateScreen = '\u001B[?1049l';
const showCursor = '\u001B[?25h';
// Wheel and button reports (1000) in SGR form (1006), which has no limit on the column.
const mouseOn = '\u001B[?1000h\u001B[?1006h';
const mouseOff = '\u001B[?1006l\u001B[?1000l';
// Bracketed paste: the terminal marks a paste, so that it is one edit, never a run of commands.
const pasteOn = '\u001B[?2004h';
const pasteOff = '\u001B[?2004l';

let active = false;
let mouse = false;

export type FullScreenOptions = Readonly<{mouse?: boolean}>;

/** Use the alternate screen, as less and vim do: the shell's scrollback is left as it was. With `mouse`, the wheel is reported. */
export function enterFullScreen(
	stream: NodeJS.WriteStream = process.stdout,
	options: FullScreenOptions = {},
): void {
	if (!active && stream.isTTY) {
		mouse = options.mouse ?? false;
		stream.write(enterAlternateScreen + pasteOn + (mouse ? mouseOn : ''));
		active = true;
	}
}

/** Leave the alternate screen, stop mouse reports, show the cursor and turn raw mode off: safe to call more than once, from any exit path. */
export function restoreTerminal(
	stream: NodeJS.WriteStream = process.stdout,
): void {
	if (process.stdin.isTTY && process.stdin.isRaw) {
		try {
			process.stdin.setRawMode(false);
		} catch {}
	}

	if (stream.isTTY) {
		stream.write(
			(active ? (mouse ? mouseOff : '') + pasteOff : '') +
				showCursor +
				(active ? leaveAlternateScreen : ''),
		);
	}

	active = false;
}

/** The largest screen gazette draws: a terminal that says it is larger (`stty rows 65535`) gets this much. */
export const maxScreen = {columns: 1000, rows: 300} as const;

const subscriptions = new Set<string | symbol>([
	'on',
	'addListener',
	'once',
	'prependListener',
	'prependOnceListener',
	'off',
	'removeListener',
]);

/**
The terminal as Ink should see it: its size clamped to what gazette draws, everything else the terminal's own.

With `ownResizes`, Ink is not told of a resize: the caller reads the new size and draws. Ink on its own draws the frame it has, laid out for the size before, at the new width, and Yoga then shrinks what no longer fits: after a storm of resizes the reader's title was seen shrunk to nothing, and it stayed so in the frames after.
*/
export function clampedStdout(
	stream: NodeJS.WriteStream = process.stdout,
	options: Readonly<{ownResizes?: boolean}> = {},
): NodeJS.WriteStream {
	return new Proxy(stream, {
		get(target, property) {
			if (options.ownResizes && subscriptions.has(property)) {
				return (event: string | symbol, ...rest: unknown[]) => {
					if (event !== 'resize') {
						Reflect.apply(target[property as 'on'], target, [event, ...rest]);
					}

					return target;
				};
			}

			if (property === 'columns') {
				return Math.min(maxScreen.columns, target.columns || 0) || undefined;
			}

			if (property === 'rows') {
				return Math.min(maxScreen.rows, target.rows || 0) || undefined;
			}

			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function'
				? (value as (...arguments_: unknown[]) => unknown).bind(target)
				: value;
		},
	});
}
