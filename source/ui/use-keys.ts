import {type Key, useInput} from 'ink';
import {useCallback, useRef} from 'react';
import type {Keypress} from '../keys/keymap.js';

/**
Ink hands over a burst of typed characters (fast typing, a paste, keys sent by a script) as one string: `ami\r`. Split it into one keypress per character so that every key counts, Enter included.
*/
export function splitKeys(input: string, key: Key): Keypress[] {
	const named = [
		key.return,
		key.escape,
		key.tab,
		key.backspace,
		key.delete,
		key.upArrow,
		key.downArrow,
		key.leftArrow,
		key.rightArrow,
		key.pageUp,
		key.pageDown,
		key.home,
		key.end,
		key.ctrl,
		key.meta,
	].some(Boolean);
	const characters = [...input];
	if (named || characters.length <= 1) {
		return [{...key, input}];
	}

	return characters.map((character) => {
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
	});
}

/** UseInput, one call per key; the handler is always the latest one, so state kept in refs is never stale within a burst. */
export function useKeys(
	handler: (key: Keypress) => void,
	options: {isActive?: boolean} = {},
): void {
	const latest = useRef(handler);
	latest.current = handler;
	// A stable listener keeps its place among Ink's input listeners: a screen subscribed before the overlay
	// opened on it hears each key first, sees the overlay, and leaves the key to it. A new listener on every
	// render would move behind the overlay's and act on the key that just closed it.
	const listener = useCallback((input: string, key: Key) => {
		for (const keypress of splitKeys(input, key)) {
			latest.current(keypress);
		}
	}, []);
	useInput(listener, options);
}

/** One edit of a one-line text field: typing appends, Backspace deletes, Ctrl+U clears. */
export function editLine(value: string, key: Keypress): string {
	if (key.backspace === true || key.delete === true) {
		return [...value].slice(0, -1).join('');
	}

	if (key.ctrl && key.input === 'u') {
		return '';
	}

	const notText = [
		key.ctrl,
		key.meta,
		key.return,
		key.escape,
		key.tab,
		key.upArrow,
		key.downArrow,
		key.leftArrow,
		key.rightArrow,
	];
	if (notText.some(Boolean)) {
		return value;
	}

	return value + key.input.replaceAll(/[\u0000-\u001F\u007F-\u009F]/g, '');
}
