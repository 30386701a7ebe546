import {Box, Text} from 'ink';
import {Indicator, Item} from 'ink-select-input';
import {fitOneLine} from '../terminal/wrap.js';
import type {MenuState} from './menu-state.js';

export type MenuEntry = Readonly<{key: string; label: string}>;

type Props = Readonly<{
	title: string;
	entries: readonly MenuEntry[];
	state: MenuState;
	width: number;
	/** Rows for the whole menu, its border and title included. */
	height: number;
	footer?: string;
}>;

/** Rows of a menu that fit in `height` (less its border, title and footer). */
export function menuRows(height: number): number {
	return Math.max(1, height - 4);
}

/**
A menu drawn with ink-select-input's own indicator and item, the selection kept by gazette's menu reducer (menu-state.ts), which every key of a burst reaches in order.
*/
export function Menu({title, entries, state, width, height, footer}: Props) {
	const rows = menuRows(height);
	const {index, top} = state.cursor;
	const shown = entries.slice(top, top + rows);
	// The indicator takes two columns, the border and padding four.
	const labelWidth = Math.max(1, width - 6);
	const position =
		entries.length > rows ? ` · ${index + 1}/${entries.length}` : '';
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			borderStyle="round"
			paddingX={1}
		>
			<Text bold wrap="truncate-end">
				{fitOneLine(`${title}${position}`, width - 4)}
			</Text>
			<Box flexDirection="column" height={rows}>
				{shown.map((entry, row) => (
					<Box key={entry.key}>
						<Indicator isSelected={top + row === index} />
						<Item
							isSelected={top + row === index}
							label={fitOneLine(entry.label, labelWidth)}
						/>
					</Box>
				))}
			</Box>
			<Text dimColor wrap="truncate-end">
				{fitOneLine(footer ?? '', width - 4) || ' '}
			</Text>
		</Box>
	);
}
