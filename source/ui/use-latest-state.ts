import {useCallback, useRef, useState} from 'react';

/**
State that a key handler reads and writes synchronously: `get` is always the latest value, even between two keys of one chunk that no render has separated; the component renders what `set` stored.
*/
export function useLatestState<State>(initial: State | (() => State)) {
	const [state, setState] = useState(initial);
	const latest = useRef(state);
	const get = useCallback(() => latest.current, []);
	const set = useCallback((next: State) => {
		if (next !== latest.current) {
			latest.current = next;
			setState(next);
		}
	}, []);
	return [state, get, set] as const;
}
