import {Box, Text, useInput} from 'ink';
import SelectInput from 'ink-select-input';
import type {LayoutSection} from '../document/layout.js';
import {resolveCommand} from '../keys/keymap.js';
import {glyphs} from '../terminal/theme.js';
import {fitOneLine} from '../terminal/wrap.js';
import {usePacedInput} from './paced-stdin.js';

type Props = Readonly<{
	sections: readonly LayoutSection[];
	collapsed: ReadonlySet<string>;
	focus: string;
	width: number;
	height: number;
	onJump: (sectionId: string) => void;
	onClose: () => void;
}>;

/** The contents overlay: every section, nested by level, folded ones marked. */
export function Contents({
	sections,
	collapsed,
	focus,
	width,
	height,
	onJump,
	onClose,
}: Props) {
	usePacedInput();
	useInput((input, key) => {
		if (resolveCommand('contents', {input, ...key}) === 'contents.close') {
			onClose();
		}
	});

	const items = sections.map((section) => {
		const indent = section.level === 2 ? '    ' : '  ';
		const mark =
			section.level === 0
				? ' '
				: collapsed.has(section.id)
					? glyphs.collapsed
					: glyphs.expanded;
		const title = section.level === 0 ? '(top of the article)' : section.title;
		return {
			key: section.id,
			label: fitOneLine(
				`${indent}${mark} ${title}${section.badge ? `  ${section.badge}` : ''}`,
				width - 4,
			),
			value: section.id,
		};
	});
	const initialIndex = Math.max(
		0,
		sections.findIndex((section) => section.id === focus),
	);
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			borderStyle="round"
			paddingX={1}
		>
			<Text bold>Contents</Text>
			<SelectInput
				items={items}
				limit={Math.max(1, height - 3)}
				initialIndex={initialIndex}
				onSelect={(item) => {
					onJump(item.value);
				}}
			/>
		</Box>
	);
}
