import type {CommentErrors} from '../comments/model.js';
import {type Keypress, resolveCommand} from '../keys/keymap.js';
import {editLine, editText} from '../keys/edit.js';

export type ComposerField = 'name' | 'email' | 'body';

export const composerFields: readonly ComposerField[] = [
	'name',
	'email',
	'body',
];

export type ComposerState = Readonly<{
	field: ComposerField;
	name: string;
	email: string;
	body: string;
	errors: CommentErrors;
	/** A one-line message: why the editor could not start, and the like. */
	message?: string;
}>;

export type ComposerEffect = 'save' | 'close' | 'editor' | undefined;

/** One key in the composer: the state after it, and what the screen must do (save, close, open the editor). Pure. */
export function reduceComposer(
	state: ComposerState,
	key: Keypress,
): {state: ComposerState; effect: ComposerEffect} {
	const move = (step: 1 | -1) => {
		const index = composerFields.indexOf(state.field);
		return composerFields[
			(index + step + composerFields.length) % composerFields.length
		];
	};

	switch (resolveCommand('composer', key)) {
		case 'composer.nextField': {
			return {state: {...state, field: move(1)}, effect: undefined};
		}

		case 'composer.previousField': {
			return {state: {...state, field: move(-1)}, effect: undefined};
		}

		case 'composer.save': {
			return {state, effect: 'save'};
		}

		case 'composer.editor': {
			return {state, effect: 'editor'};
		}

		case 'composer.close': {
			return {state, effect: 'close'};
		}

		default:
	}

	if (state.field === 'body') {
		// The comment is multi-line: Enter starts a new line, a paste goes in whole.
		const body = editText(state.body, key);
		return {
			state:
				body === state.body
					? state
					: {...state, body, errors: {...state.errors, body: undefined}},
			effect: undefined,
		};
	}

	if (key.return) {
		return {state: {...state, field: move(1)}, effect: undefined};
	}

	const value = editLine(state[state.field], key);
	return {
		state:
			value === state[state.field]
				? state
				: {
						...state,
						[state.field]: value,
						errors: {...state.errors, [state.field]: undefined},
					},
		effect: undefined,
	};
}
