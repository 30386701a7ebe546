import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

export type TerminalSize = Readonly<{columns: number; rows: number}>;

/** The terminal's size, updated on `resize`. */
export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const read = () => ({columns: stdout.columns || 80, rows: stdout.rows || 24});
	const [size, setSize] = useState<TerminalSize>(read);
	useEffect(() => {
		const onResize = () => {
			setSize((previous) => {
				const next = read();
				return next.columns === previous.columns && next.rows === previous.rows
					? previous
					: next;
			});
		};

		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}

/** Width of the text column: the terminal less the focus gutter, at most the reader's `maxWidth`. */
export function textColumnWidth(columns: number, maxWidth: number): number {
	return Math.max(8, Math.min(maxWidth, columns - 2));
}
