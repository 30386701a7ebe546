/**
Drawing the whole frame again, after another program had the terminal (Ctrl+Z and `fg`, the editor) or after a resize: the screen cleared, one frame taller than the screen (which makes Ink draw everything, not the lines it thinks changed), then the frame itself.

The frame itself waits for a later tick. Ink draws at most one frame per `frameIntervalMs` and, within one, only the last asked for: right after a stop its window from before the stop could still be open, so the tall frame and the frame itself were merged into the latter, which Ink found unchanged and did not draw: the screen stayed blank.
*/

/** Ink draws at most a frame per this many milliseconds (its `maxFps` is 1000 / this). */
export const frameIntervalMs = 1;

export type Redrawer = {
	redraw(): void;
	/** Forget a redraw under way (on the way out). */
	cancel(): void;
};

export function createRedrawer(options: {
	/** Clear the screen and put the cursor at its top. */
	clearScreen(): void;
	/** Ink's `clear`: forget what it drew. */
	forget(): void;
	/** Ask Ink for the frame, taller than the screen or not. */
	draw(fullFrame: boolean): void;
}): Redrawer {
	let settle: NodeJS.Timeout | undefined;
	return {
		redraw() {
			clearTimeout(settle);
			options.clearScreen();
			options.forget();
			options.draw(true);
			settle = setTimeout(() => {
				settle = undefined;
				options.draw(false);
			}, frameIntervalMs + 1);
		},
		cancel() {
			clearTimeout(settle);
		},
	};
}
