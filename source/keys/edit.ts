import {isNamedKey, type Keypress} from './keymap.js';

// What never goes into a text field: C0 and C1 controls (a line break and a tab are handled apart).
const controls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

function isText(key: Keypress): boolean {
	return !isNamedKey(key) && key.mouse === undefined;
}

/** One edit of a one-line field (filter, search, name): typing and pasting append, Backspace deletes, Ctrl+U erases it. */
export function editLine(value: string, key: Keypress): string {
	if (key.backspace === true || key.delete === true) {
		return dropLastCharacter(value);
	}

	if (key.ctrl && key.input === 'u') {
		return '';
	}

	if (key.paste) {
		return (
			value + key.input.replaceAll(/[\r\n\t]+/g, ' ').replaceAll(controls, '')
		);
	}

	return isText(key)
		? value + key.input.replaceAll(controls, '').replaceAll(/[\n\t]/g, '')
		: value;
}

/** One edit of a multi-line field (the comment): Enter starts a line, a paste goes in whole, Ctrl+U erases back to the line's start. */
export function editText(value: string, key: Keypress): string {
	if (key.paste) {
		return (
			value + key.input.replaceAll(/\r\n?/g, '\n').replaceAll(controls, '')
		);
	}

	if (key.return) {
		return `${value}\n`;
	}

	if (key.ctrl && key.input === 'u') {
		return value.slice(0, value.lastIndexOf('\n') + 1);
	}

	return editLine(value, key);
}

/** The text less its last character: one user-perceived character, so an emoji or an accent goes whole. */
function dropLastCharacter(value: string): string {
	if (value === '') {
		return value;
	}

	// Only the end is looked at: deleting is as fast in a long comment as in a short one.
	const tail = value.slice(-16);
	const segments = [...new Intl.Segmenter().segment(tail)];
	const last = segments.at(-1)!;
	return value.slice(0, value.length - tail.length + last.index);
}
