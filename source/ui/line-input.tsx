import {Text} from 'ink';
import {theme} from '../terminal/theme.js';

type Props = Readonly<{
	prompt: string;
	value: string;
	suffix?: string;
}>;

/** A one-line prompt (filter, search): only the view; the screen's key handler edits the value with `editLine`. */
export function LineInput({prompt, value, suffix = ''}: Props) {
	return (
		<Text wrap="truncate-start">
			{prompt}
			{value}
			{theme.focus(' ')}
			{suffix ? theme.text.dim(suffix) : ''}
		</Text>
	);
}
