import {helpGroups, type Screen} from '../keys/keymap.js';

export type HelpLine = Readonly<{text: string; heading: boolean}>;

/** Width of the key labels' column in the help. */
const labelColumn = 16;

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
				text: `  ${command.label.padEnd(labelColumn)} ${command.help}`,
				heading: false,
			});
		}
	}

	return lines;
}

/** How the help is laid out in a box: as many columns as fit, each as wide as the longest line, so that no help text is cut. */
export function helpLayout(
	screens: readonly Screen[],
	width: number,
	height: number,
) {
	const lines = helpLines(screens);
	const columnWidth = Math.max(...lines.map((line) => line.text.length)) + 2;
	const rows = Math.max(1, height - 1);
	const columns = Math.max(
		1,
		Math.min(Math.floor(width / columnWidth), Math.ceil(lines.length / rows)),
	);
	const perPage = rows * columns;
	return {
		lines,
		rows,
		columns,
		columnWidth: Math.floor(width / columns),
		perPage,
		maxOffset: Math.max(0, lines.length - perPage),
	};
}

/** A help overlay's scroll after a key, or undefined when the key closes it. Pure, for the screens' reducers. */
export function scrollHelp(
	offset: number,
	command: string | undefined,
	layout: Readonly<{rows: number; maxOffset: number}>,
): number | undefined {
	const steps: Record<string, number> = {
		'help.down': 1,
		'help.up': -1,
		'help.pageDown': layout.rows,
		'help.pageUp': -layout.rows,
	};
	const step = command === undefined ? undefined : steps[command];
	return step === undefined
		? undefined
		: Math.max(0, Math.min(layout.maxOffset, offset + step));
}
