import {useStdout} from 'ink';
import {createContext, useContext, useMemo, useSyncExternalStore} from 'react';

export type TerminalSize = Readonly<{columns: number; rows: number}>;

type Stream = Pick<NodeJS.WriteStream, 'columns' | 'rows' | 'on' | 'off'>;

/** The terminal's size as an external store: `update` reads the stream again and tells the subscribers at once, if it changed. */
export type TerminalSizeSource = Readonly<{
	subscribe: (listener: () => void) => () => void;
	getSnapshot: () => TerminalSize;
	update: () => void;
}>;

export function terminalSizeSource(stream: Stream): TerminalSizeSource {
	const read = () => ({columns: stream.columns || 80, rows: stream.rows || 24});
	let size: TerminalSize = read();
	const listeners = new Set<() => void>();
	return {
		subscribe(listener) {
			listeners.add(listener);
			return () => {
				listeners.delete(listener);
			};
		},
		getSnapshot: () => size,
		update() {
			const next = read();
			if (next.columns === size.columns && next.rows === size.rows) {
				return;
			}

			size = next;
			for (const listener of listeners) {
				listener();
			}
		},
	};
}

/** The size run.tsx keeps: it reads the new size on a resize, then draws, so that no frame is laid out for the size before. */
export const TerminalSizeContext = createContext<
	TerminalSizeSource | undefined
>(undefined);

/** A size that follows the stream's `resize` events itself: for an app drawn without run.tsx (the UI tests). */
function followingResizes(stream: Stream): TerminalSizeSource {
	const source = terminalSizeSource(stream);
	return {
		...source,
		subscribe(listener) {
			const stop = source.subscribe(listener);
			stream.on('resize', source.update);
			return () => {
				stream.off('resize', source.update);
				stop();
			};
		},
	};
}

/** The terminal's size, read again on every resize. */
export function useTerminalSize(): TerminalSize {
	const kept = useContext(TerminalSizeContext);
	const {stdout} = useStdout();
	const source = useMemo(
		() => kept ?? followingResizes(stdout),
		[kept, stdout],
	);
	return useSyncExternalStore(source.subscribe, source.getSnapshot);
}

/** Width of the text column: the terminal less the focus gutter, at most the reader's `maxWidth`. */
export function textColumnWidth(columns: number, maxWidth: number): number {
	return Math.max(8, Math.min(maxWidth, columns - 2));
}
