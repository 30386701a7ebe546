import {Box, Text} from 'ink';
import {helpGroups, type Screen} from '../keys/keymap.js';
import {fitOneLine} from '../terminal/wrap.js';

type Props = Readonly<{
	screens: readonly Screen[];
	width: number;
	height: number;
}>;

/** Every key of the screen, grouped, read from the keymap the handlers use. */
export function Help({screens, width, height}: Props) {
	const lines: Array<{text: string; heading: boolean}> = [
		{text: 'Keys (any key closes this help)', heading: true},
	];
	for (const {group, commands} of helpGroups(screens)) {
		lines.push({text: '', heading: false}, {text: group, heading: true});
		for (const command of commands) {
			lines.push({
				text: `  ${command.label.padEnd(14)} ${command.help}`,
				heading: false,
			});
		}
	}

	// Two columns when the terminal is wide enough and one column would not fit.
	const columns = lines.length > height && width >= 100 ? 2 : 1;
	const perColumn = Math.ceil(lines.length / columns);
	const columnWidth = Math.floor(width / columns);
	return (
		<Box flexDirection="row" height={height} overflow="hidden">
			{Array.from({length: columns}, (_, column) => (
				<Box key={column} flexDirection="column" width={columnWidth}>
					{lines
						.slice(column * perColumn, (column + 1) * perColumn)
						.slice(0, height)
						.map((line, index) => (
							// eslint-disable-next-line react/no-array-index-key
							<Text key={index} bold={line.heading} wrap="truncate-end">
								{fitOneLine(line.text, columnWidth - 1) || ' '}
							</Text>
						))}
				</Box>
			))}
		</Box>
	);
}
