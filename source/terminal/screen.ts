import process from 'node:process';

const enterAlternateScreen = '\u001B[?1049h';
const leaveAlternateScreen = '\u001B[?1049l';
const showCursor = '\u001B[?25h';

let active = false;

/** Use the alternate screen, as less and vim do: the shell's scrollback is left as it was. */
export function enterFullScreen(
	stream: NodeJS.WriteStream = process.stdout,
): void {
	if (!active && stream.isTTY) {
		stream.write(enterAlternateScreen);
		active = true;
	}
}

/** Leave the alternate screen, show the cursor and turn raw mode off: safe to call more than once, from any exit path. */
export function restoreTerminal(
	stream: NodeJS.WriteStream = process.stdout,
): void {
	if (process.stdin.isTTY && process.stdin.isRaw) {
		try {
			process.stdin.setRawMode(false);
		} catch {}
	}

	if (stream.isTTY) {
		stream.write(showCursor + (active ? leaveAlternateScreen : ''));
	}

	active = false;
}
