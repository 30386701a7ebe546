/**
 * Draws the whole frame again after another program had the terminal (Ctrl+Z and `fg`, the editor) or after a resize.
 *
 * Ink writes only a frame that differs from its last one, and a frame taller than the screen it writes whole, from a
 * cleared screen, and so the frame after it too. So the frame is drawn one row taller, then at its height. But Ink's
 * frames are throttled: a frame asked for while the last one's throttle window is still open (a frame drawn just before
 * the process was stopped, its timer not yet run when SIGCONT arrives) is merged into the next, and the tall frame and
 * the normal one asked for together came out as the normal frame alone, equal to the last one, so nothing was written
 * and the screen stayed blank. The tall frame is therefore kept until Ink has drawn it (Ink's `onRender`), and only then
 * is the normal frame asked for.
 */
export type FullRedraw = {
	/** Clear the screen and draw everything again. */
	redraw(): void;
	/** Ink has drawn a frame (its `onRender` option). */
	rendered(): void;
};

export type FullRedrawOptions = Readonly<{
	/** Clear the screen and Ink's memory of the last frame. */
	clear: () => void;
	/** Render the tree, one row taller than the screen when `tall`. */
	render: (tall: boolean) => void;
	/** Run after the frame Ink is drawing now is written (default setImmediate). */
	later?: (callback: () => void) => void;
}>;

export function fullRedraw({
	clear,
	render,
	later = setImmediate,
}: FullRedrawOptions): FullRedraw {
	// The tall frame is in Ink's tree and Ink has not drawn it yet. Set before rendering: Ink may draw it at once.
	let tallFramePending = false;
	return {
		redraw() {
			clear();
			tallFramePending = true;
			render(true);
		},
		rendered() {
			if (!tallFramePending) {
				return;
			}

			tallFramePending = false;
			// Ink calls this before it writes the frame: the normal frame is asked for once the tall one is out, unless another redraw began meanwhile (its own tall frame then comes first).
			later(() => {
				if (!tallFramePending) {
					render(false);
				}
			});
		},
	};
}
