import type {CommandId} from '../keys/keymap.js';
import type {ReaderAction} from './reader-state.js';

/** Most repeats a count runs of a move that is not a plain scroll (a section, a quote, a match). */
const maxRepeats = 1000;

/** A move with the count typed before it (1 when none): the action, and how many times to run it. */
type Move = (
	count: number,
	height: number,
) => {action: ReaderAction; times: number};

const once = (action: ReaderAction) => ({action, times: 1});
const repeated = (action: ReaderAction, count: number) => ({
	action,
	times: Math.min(count, maxRepeats),
});
const halfPage = (height: number) => Math.max(1, Math.floor(height / 2));

/** The reader's moves, by command: what each key does to the view, as the pure reducer's actions (reader-state.ts). */
export const readerMoves: Partial<Record<CommandId, Move>> = {
	'scroll.lineDown': (count) => once({type: 'scroll', lines: count}),
	'scroll.lineUp': (count) => once({type: 'scroll', lines: -count}),
	'scroll.wheelDown': (count) => once({type: 'scroll', lines: 3 * count}),
	'scroll.wheelUp': (count) => once({type: 'scroll', lines: -3 * count}),
	'scroll.halfDown': (count, height) =>
		once({type: 'scroll', lines: count * halfPage(height)}),
	'scroll.halfUp': (count, height) =>
		once({type: 'scroll', lines: -count * halfPage(height)}),
	'scroll.pageDown': (count) => repeated({type: 'page', direction: 1}, count),
	'scroll.pageUp': (count) => repeated({type: 'page', direction: -1}, count),
	'section.next': (count) => repeated({type: 'section', direction: 1}, count),
	'section.previous': (count) =>
		repeated({type: 'section', direction: -1}, count),
	'section.collapseAll': () => once({type: 'collapseAll'}),
	'section.expandAll': () => once({type: 'expandAll'}),
	'quote.next': (count) => repeated({type: 'quote', direction: 1}, count),
	'quote.previous': (count) => repeated({type: 'quote', direction: -1}, count),
};

/** G and G: the top and the end, or with a count the line of that number, as in less and vim. */
export function lineMove(
	command: 'scroll.top' | 'scroll.bottom',
	count: number | undefined,
): ReaderAction {
	if (count !== undefined) {
		return {type: 'line', line: count - 1};
	}

	return command === 'scroll.top' ? {type: 'top'} : {type: 'bottom'};
}
