import {useCallback, useEffect, useRef, useState} from 'react';
import type {Layout} from '../document/layout.js';
import type {ReadingPosition} from '../document/position.js';
import {
	initialReaderState,
	type ReaderAction,
	type ReaderContext,
	type ReaderState,
	reduceReader,
} from './reader-state.js';

/** The reader's state: a pure reducer fed the current layout context; a change of width keeps the reading position. */
export function useReaderState(
	context: ReaderContext,
	saved?: {position?: ReadingPosition; collapsed?: readonly string[]},
) {
	const contextRef = useRef(context);
	const [state, setState] = useState<ReaderState>(() =>
		initialReaderState(context, saved),
	);
	const previousLayout = useRef<Layout | undefined>(undefined);

	if (contextRef.current !== context) {
		previousLayout.current = contextRef.current.layout(state.collapsed);
		contextRef.current = context;
	}

	useEffect(() => {
		const previous = previousLayout.current;
		if (previous) {
			previousLayout.current = undefined;
			setState((current) =>
				reduceReader(current, {type: 'relayout', previous}, contextRef.current),
			);
		}
	}, [context]);

	const dispatch = useCallback((action: ReaderAction) => {
		setState((current) => reduceReader(current, action, contextRef.current));
	}, []);

	return [state, dispatch] as const;
}
