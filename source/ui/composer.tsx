import {Box, Text} from 'ink';
import {sanitizeText} from '../terminal/sanitize.js';
import {glyphs, theme} from '../terminal/theme.js';
import {fitLine, fitOneLine} from '../terminal/wrap.js';
import type {ComposerField, ComposerState} from './composer-state.js';

type Props = Readonly<{
	title: string;
	state: ComposerState;
	width: number;
	height: number;
}>;

const labels: Record<ComposerField, string> = {
	name: 'Name *',
	email: 'Email',
	body: 'Comment *',
};

/** Lines the form always takes besides the comment: title, notice, name, email, the comment's label, hints. */
const fixedLines = 6;
/** The body's frame: `  │ ` before each line. */
const bodyIndent = 4;
/** The name and email labels' column. */
const labelWidth = 12;

/** The last `rows` lines of the comment wrapped at `width`, and how many lines it has in all. Only the end is wrapped: typing stays as fast in a long comment as in a short one. */
export function lastBodyLines(
	body: string,
	width: number,
	rows: number,
): {lines: string[]; total: number | undefined} {
	const shown: string[] = [];
	let end = body.length;
	// Whole lines from the end, until the rows are filled.
	while (shown.length < rows) {
		// At the very start, the line is empty (a comment that begins with a line break).
		const start = end === 0 ? 0 : body.lastIndexOf('\n', end - 1) + 1;
		// A very long line: only its end can be on screen, so only its end is wrapped.
		const from = Math.max(start, end - rows * (width + 1) * 2);
		const wrapped = fitLine(sanitizeText(body.slice(from, end)), width);
		shown.unshift(...(from > start ? wrapped.slice(1) : wrapped));
		if (from > start) {
			return {lines: shown.slice(-rows), total: undefined};
		}

		if (start === 0) {
			return {lines: shown.slice(-rows), total: shown.length};
		}

		end = start - 1;
	}

	// More above: counted only when cheap (a short comment), else just said to be there.
	return {lines: shown.slice(-rows), total: undefined};
}

/** The comment form, as under an article on the web, drawn in place of the article. A view: the reader screen owns its state and keys. */
export function Composer({title, state, width, height}: Props) {
	// The focused field is marked by a glyph too, so it shows without colour (NO_COLOR, TERM=dumb).
	const label = (name: ComposerField, pad = 0) => {
		const focused = state.field === name;
		const text = `${focused ? glyphs.focus : ' '} ${labels[name]}`.padEnd(pad);
		return focused ? theme.text.strong(text) : text;
	};

	const field = (name: 'name' | 'email') => {
		const focused = state.field === name;
		const value = fitOneLine(
			sanitizeText(state[name]),
			Math.max(4, width - labelWidth),
		);
		return (
			<Box flexDirection="column">
				<Text wrap="truncate-end">
					{label(name, labelWidth)}
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

	const optional = [
		state.errors.name,
		state.errors.email,
		state.errors.body,
		state.message,
	].filter(Boolean).length;
	const bodyRows = Math.max(1, height - fixedLines - optional);
	const bodyWidth = Math.max(4, width - bodyIndent);
	const {lines: shown, total} = lastBodyLines(state.body, bodyWidth, bodyRows);
	const bodyFocused = state.field === 'body';
	const above =
		total === undefined
			? '  (more lines above)'
			: total > bodyRows
				? `  (${total - bodyRows} more lines above)`
				: '';
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
				{label('body')}
				{above ? theme.text.dim(above) : ''}
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
					'Tab next field · Enter new line · ^S save · ^E $EDITOR · Esc close (the draft is kept)',
					width,
				)}
			</Text>
		</Box>
	);
}
