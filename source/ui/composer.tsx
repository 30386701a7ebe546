import {Box, Text} from 'ink';
import {useRef, useState} from 'react';
import type {CommentErrors} from '../comments/model.js';
import {theme} from '../terminal/theme.js';
import {sanitizeText} from '../terminal/sanitize.js';
import {fitLine, fitOneLine} from '../terminal/wrap.js';
import {
	type ComposerField,
	type ComposerState,
	reduceComposer,
} from './composer-state.js';
import {useKeys} from './use-keys.js';

type Props = Readonly<{
	title: string;
	initial: ComposerState;
	width: number;
	height: number;
	/** Every change, to keep the draft. */
	onChange: (state: ComposerState) => void;
	/** Validate and save; the errors to show when the comment can't be saved. */
	onSave: (state: ComposerState) => CommentErrors | undefined;
	onClose: () => void;
	/** Edit the body in $VISUAL / $EDITOR; the new body, or a message saying why not. */
	onEditor: (body: string) => {body: string} | {message: string};
}>;

const labels: Record<ComposerField, string> = {
	name: 'Name *',
	email: 'Email',
	body: 'Comment *',
};

/** The comment form, as under an article on the web, drawn in place of the article. */
export function Composer({
	title,
	initial,
	width,
	height,
	onChange,
	onSave,
	onClose,
	onEditor,
}: Props) {
	const [state, setState] = useState(initial);
	// Keys of one burst are applied one after another to the latest state, not to the last render's.
	const latest = useRef(initial);
	const commit = (next: ComposerState) => {
		if (next !== latest.current) {
			latest.current = next;
			setState(next);
			onChange(next);
		}
	};

	useKeys((key) => {
		const {state: next, effect} = reduceComposer(latest.current, key);
		commit(next);
		switch (effect) {
			case 'save': {
				const errors = onSave(latest.current);
				if (errors) {
					const field =
						(['name', 'email', 'body'] as const).find((name) => errors[name]) ??
						latest.current.field;
					commit({...latest.current, errors, field});
				}

				break;
			}

			case 'close': {
				onClose();
				break;
			}

			case 'editor': {
				const result = onEditor(latest.current.body);
				commit(
					'body' in result
						? {
								...latest.current,
								body: result.body,
								field: 'body',
								message: undefined,
							}
						: {...latest.current, message: result.message},
				);
				break;
			}

			default:
		}
	});

	const field = (name: 'name' | 'email') => {
		const focused = state.field === name;
		const label = labels[name].padEnd(10);
		const value = fitOneLine(
			sanitizeText(state[name]),
			Math.max(4, width - 13),
		);
		return (
			<Box flexDirection="column">
				<Text wrap="truncate-end">
					{focused ? theme.text.strong(label) : label}
					{value}
					{focused ? theme.focus(' ') : ''}
				</Text>
				{state.errors[name] ? (
					<Text wrap="truncate-end">
						{theme.text.error(`  ${state.errors[name]}`)}
					</Text>
				) : null}
			</Box>
		);
	};

	const fixed =
		7 +
		(state.errors.name ? 1 : 0) +
		(state.errors.email ? 1 : 0) +
		(state.errors.body ? 1 : 0) +
		(state.message ? 1 : 0);
	const bodyRows = Math.max(1, height - fixed);
	const bodyLines = sanitizeText(state.body)
		.split('\n')
		.flatMap((line) => fitLine(line, Math.max(4, width - 4)));
	// Long comments scroll: the end, where typing happens, stays in view.
	const shown = bodyLines.slice(-bodyRows);
	const bodyFocused = state.field === 'body';
	return (
		<Box flexDirection="column" height={height} overflow="hidden">
			<Text bold wrap="truncate-end">
				{fitOneLine(title, width)}
			</Text>
			<Text dimColor wrap="truncate-end">
				{fitOneLine(
					'Your email address will not be published. Required fields are marked *',
					width,
				)}
			</Text>
			{field('name')}
			{field('email')}
			<Text wrap="truncate-end">
				{bodyFocused ? theme.text.strong(labels.body) : labels.body}
				{bodyLines.length > bodyRows
					? theme.text.dim(
							`  (${bodyLines.length - bodyRows} more lines above)`,
						)
					: ''}
			</Text>
			<Box flexDirection="column" height={bodyRows}>
				{shown.map((line, index) => (
					// eslint-disable-next-line react/no-array-index-key
					<Text key={index} wrap="truncate-end">
						{'  │ '}
						{line}
						{bodyFocused && index === shown.length - 1 ? theme.focus(' ') : ''}
					</Text>
				))}
			</Box>
			{state.errors.body ? (
				<Text wrap="truncate-end">
					{theme.text.error(`  ${state.errors.body}`)}
				</Text>
			) : null}
			{state.message ? (
				<Text wrap="truncate-end">
					{theme.text.warning(fitOneLine(state.message, width))}
				</Text>
			) : null}
			<Text dimColor wrap="truncate-end">
				{fitOneLine(
					'Tab next field · Enter new line · Ctrl+S save · Ctrl+E $EDITOR · Esc close (the draft is kept)',
					width,
				)}
			</Text>
		</Box>
	);
}
