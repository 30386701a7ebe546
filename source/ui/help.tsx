import {Box, Text} from 'ink';
import {useRef, useState} from 'react';
import {helpGroups, type Screen} from '../keys/keymap.js';
import {fitOneLine} from '../terminal/wrap.js';
import {useKeys} from './use-keys.js';

type Props = Readonly<{
	screens: readonly Screen[];
	width: number;
	height: number;
	onClose: () => void;
}>;

type HelpLine = Readonly<{text: string; heading: boolean}>;

/** Every key of the screens, grouped, from the keymap the handlers read. */
export function helpLines(screens: readonly Screen[]): HelpLine[] {
	const lines: HelpLine[] = [];
	for (const {group, commands} of helpGroups(screens)) {
		if (lines.length > 0) {
			lines.push({text: '', heading: false});
		}

		lines.push({text: group, heading: true});
		for (const command of commands) {
			lines.push({
				text: `  ${command.label.padEnd(14)} ${command.help}`,
				heading: false,
			});
		}
	}

	return lines;
}

/** The help overlay: as many columns as fit; j and k scroll what still doesn't; any other key closes it. */
export function Help({screens, width, height, onClose}: Props) {
	const lines = helpLines(screens);
	// Columns as wide as the longest line, so that no help text is cut.
	const columnWidth = Math.max(...lines.map((line) => line.text.length)) + 2;
	const rows = Math.max(1, height - 1);
	const columns = Math.max(
		1,
		Math.min(Math.floor(width / columnWidth), Math.ceil(lines.length / rows)),
	);
	const perPage = rows * columns;
	const maxOffset = Math.max(0, lines.length - perPage);
	const [offset, setOffset] = useState(0);
	const latest = useRef(0);
	useKeys((key) => {
		const step =
			key.input === 'j' || key.downArrow
				? 1
				: key.input === 'k' || key.upArrow
					? -1
					: key.input === ' ' || key.pageDown
						? rows
						: key.input === 'b' || key.pageUp
							? -rows
							: 0;
		if (step === 0) {
			onClose();
			return;
		}

		latest.current = Math.max(0, Math.min(maxOffset, latest.current + step));
		setOffset(latest.current);
	});

	const shown = lines.slice(offset, offset + perPage);
	const more =
		maxOffset > 0
			? ` · j/k scroll (${offset + shown.length} of ${lines.length})`
			: '';
	const width1 = Math.floor(width / columns);
	return (
		<Box flexDirection="column" height={height} overflow="hidden">
			<Text bold wrap="truncate-end">
				{fitOneLine(`Keys${more} · any other key closes this help`, width)}
			</Text>
			<Box flexDirection="row">
				{Array.from({length: columns}, (_, column) => (
					<Box key={column} flexDirection="column" width={width1}>
						{shown
							.slice(column * rows, (column + 1) * rows)
							.map((line, index) => (
								// eslint-disable-next-line react/no-array-index-key
								<Text key={index} bold={line.heading} wrap="truncate-end">
									{fitOneLine(line.text, width1 - 1) || ' '}
								</Text>
							))}
					</Box>
				))}
			</Box>
		</Box>
	);
}
