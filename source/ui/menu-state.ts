import {type Keypress, resolveCommand} from '../keys/keymap.js';
import {type Cursor, cursorAt, cursorByPage} from './cursor.js';

/** A menu on screen (the contents, the links): the cursor, and a number being typed to choose an entry. */
export type MenuState = Readonly<{cursor: Cursor; typed: string}>;

export type MenuEffect = 'choose' | 'close' | undefined;

export function initialMenu(
	index: number,
	count: number,
	height: number,
): MenuState {
	return {
		cursor: cursorAt({index: 0, top: 0}, index, count, height),
		typed: '',
	};
}

/** One key in a menu of `count` entries, `height` rows tall. Pure; keys the menu doesn't know are ignored. */
export function reduceMenu(
	state: MenuState,
	key: Keypress,
	screen: 'contents' | 'links',
	count: number,
	height: number,
): {state: MenuState; effect: MenuEffect} {
	const command = resolveCommand(screen, key);
	const to = (index: number) => ({
		state: {cursor: cursorAt(state.cursor, index, count, height), typed: ''},
		effect: undefined,
	});
	const page = (pages: number) => ({
		state: {
			cursor: cursorByPage(state.cursor, pages, count, height),
			typed: '',
		},
		effect: undefined,
	});
	switch (command) {
		case 'contents.down':
		case 'links.down': {
			return to(state.cursor.index + 1);
		}

		case 'contents.up':
		case 'links.up': {
			return to(state.cursor.index - 1);
		}

		case 'contents.pageDown':
		case 'links.pageDown': {
			return page(1);
		}

		case 'contents.pageUp':
		case 'links.pageUp': {
			return page(-1);
		}

		case 'contents.top':
		case 'links.top': {
			return to(0);
		}

		case 'contents.bottom':
		case 'links.bottom': {
			return to(count - 1);
		}

		case 'links.number': {
			// Typing 1 then 2 chooses entry 12, as in w3m; a number past the end starts again from this digit.
			const typed =
				Number(state.typed + key.input) <= count
					? state.typed + key.input
					: key.input;
			const number = Number(typed);
			return number >= 1 && number <= count
				? {
						state: {
							cursor: cursorAt(state.cursor, number - 1, count, height),
							typed,
						},
						effect: undefined,
					}
				: {state: {...state, typed: ''}, effect: undefined};
		}

		case 'contents.jump':
		case 'links.follow': {
			return {state, effect: count > 0 ? 'choose' : undefined};
		}

		case 'contents.close':
		case 'links.close': {
			return {state, effect: 'close'};
		}

		default: {
			return {state, effect: undefined};
		}
	}
}
