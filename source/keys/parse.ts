import {isNamedKey, type Keypress} from './keymap.js';

/** The parts of Ink's `Key` that a keypress is built from. */
export type InkKey = Readonly<{
	upArrow: boolean;
	downArrow: boolean;
	leftArrow: boolean;
	rightArrow: boolean;
	pageDown: boolean;
	pageUp: boolean;
	home: boolean;
	end: boolean;
	return: boolean;
	escape: boolean;
	ctrl: boolean;
	shift: boolean;
	tab: boolean;
	backspace: boolean;
	delete: boolean;
	meta: boolean;
}>;

const pasteStart = '[200~';
const pasteEnd = '[201~';
// SGR mouse report, as Ink hands it over (the ESC stripped): button;column;row, then M (press) or m (release).
const mouseReport = /^\[<(\d+);\d+;\d+[Mm]$/;

/** One character of a run of plain text, as the key a terminal sends for it. */
function characterKey(character: string): Keypress {
	switch (character) {
		case '\r':
		case '\n': {
			return {input: '', return: true};
		}

		case '\t': {
			return {input: '', tab: true};
		}

		case '\u007F':
		case '\b': {
			return {input: '', backspace: true};
		}

		default: {
			// Ctrl+A … Ctrl+Z arrive as the control codes 1 … 26.
			const code = character.codePointAt(0)!;
			if (code >= 1 && code <= 26) {
				return {input: String.fromCodePoint(code + 96), ctrl: true};
			}

			return {input: character};
		}
	}
}

/** The text an Ink event stands for, to rebuild what was pasted. */
function eventText(input: string, key: InkKey): string {
	if (key.return) {
		return '\n';
	}

	if (key.tab) {
		return '\t';
	}

	return input;
}

/**
Turns Ink's input events into keypresses, one per key, in order.

Ink hands over a run of plain characters that arrive together (fast typing, keys sent by a script, a laggy link) as one string (`jj\r`); each character is a key of its own. Escape sequences arrive one per event. A bracketed paste (the terminal wraps it in `ESC [200~ … ESC [201~`) becomes one keypress holding the whole text, so a paste is one edit however long it is. The mouse wheel (SGR reports) becomes a keypress with `mouse` set; other mouse reports are dropped.

Stateful only across a paste that spans events; create one per input stream.
*/
export function createKeyParser() {
	let paste: string[] | undefined;
	return {
		push(input: string, key: InkKey): Keypress[] {
			if (paste !== undefined) {
				if (input === pasteEnd) {
					const text = paste.join('');
					paste = undefined;
					return text === '' ? [] : [{input: text, paste: true}];
				}

				paste.push(eventText(input, key));
				return [];
			}

			if (input === pasteStart) {
				paste = [];
				return [];
			}

			const mouse = mouseReport.exec(input);
			if (mouse) {
				const button = Number(mouse[1]);
				// 64 and 65: the wheel, up and down; Shift, Meta and Ctrl add 4, 8 and 16.
				const wheel = button - (button % 32) + (button % 4);
				if (wheel === 64) {
					return [{input: '', mouse: 'wheelUp'}];
				}

				if (wheel === 65) {
					return [{input: '', mouse: 'wheelDown'}];
				}

				return [];
			}

			const named = isNamedKey(key);
			const characters = [...input];
			if (named || characters.length <= 1) {
				return [{...key, input}];
			}

			return characters.map((character) => characterKey(character));
		},
	};
}
