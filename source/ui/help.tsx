import {Box, Text} from 'ink';
import type {Screen} from '../keys/keymap.js';
import {fitOneLine} from '../terminal/wrap.js';
import {helpLayout} from './help-layout.js';

type Props = Readonly<{
	screens: readonly Screen[];
	width: number;
	height: number;
	/** Lines scrolled past; the screen's reducer keeps it, from `helpLayout`'s `maxOffset`. */
	offset: number;
}>;

/** The help overlay: every key of the screens, in columns; j and k scroll what doesn't fit, any other key closes it. */
export function Help({screens, width, height, offset}: Props) {
	const layout = helpLayout(screens, width, height);
	const {lines, rows, columns, columnWidth, perPage, maxOffset} = layout;
	const start = Math.min(offset, maxOffset);
	const shown = lines.slice(start, start + perPage);
	const more =
		maxOffset > 0
			? ` · j/k scroll (${start + shown.length} of ${lines.length})`
			: '';
	return (
		<Box flexDirection="column" height={height} overflow="hidden">
			<Text bold wrap="truncate-end">
				{fitOneLine(`Keys${more} · any other key closes this help`, width)}
			</Text>
			<Box flexDirection="row">
				{Array.from({length: columns}, (_, column) => (
					<Box key={column} flexDirection="column" width={columnWidth}>
						{shown
							.slice(column * rows, (column + 1) * rows)
							.map((line, index) => (
								// eslint-disable-next-line react/no-array-index-key
								<Text key={index} bold={line.heading} wrap="truncate-end">
									{fitOneLine(line.text, columnWidth - 1) || ' '}
								</Text>
							))}
					</Box>
				))}
			</Box>
		</Box>
	);
}
