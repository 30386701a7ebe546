import {useInput} from 'ink';
import {
	createContext,
	type ReactNode,
	useCallback,
	useContext,
	useLayoutEffect,
	useRef,
} from 'react';
import type {Keypress} from '../keys/keymap.js';
import {createKeyParser} from '../keys/parse.js';

/** Handles a key; returns true when it took it, so that no handler below sees it. */
export type KeyHandler = (key: Keypress) => boolean | void;

/** Who takes a key first: the app's own keys (suspend), then the router that holds keys for a screen still opening, then the screen. */
export const keyPriority = {
	app: 100,
	router: 50,
	screen: 0,
} as const;

type Entry = {
	readonly priority: number;
	readonly order: number;
	readonly handle: KeyHandler;
	readonly isActive: () => boolean;
};

/**
The one owner of input. It receives every chunk Ink reads, splits it into keys and hands each key, in order, to the registered handlers by priority until one takes it.

Handlers decide from the latest state (refs, or a state machine updated as each key is handled), never from what the last render saw: every key of a chunk is handled before React renders again.
*/
export class KeyRouter {
	#entries: Entry[] = [];
	#order = 0;

	register(
		handle: KeyHandler,
		priority: number,
		isActive: () => boolean,
	): () => void {
		const entry: Entry = {priority, order: this.#order++, handle, isActive};
		// Higher priority first; among equals, the one registered last (the screen mounted last) first.
		this.#entries = [...this.#entries, entry].sort(
			(a, b) => b.priority - a.priority || b.order - a.order,
		);
		return () => {
			this.#entries = this.#entries.filter((other) => other !== entry);
		};
	}

	dispatch(key: Keypress): void {
		for (const entry of this.#entries) {
			if (entry.isActive() && entry.handle(key) === true) {
				return;
			}
		}
	}
}

const RouterContext = createContext<KeyRouter | undefined>(undefined);

/** Reads the keys (one Ink input listener for the whole app) and gives them to the handlers registered below it. */
export function KeypressProvider({
	children,
	router,
}: Readonly<{children: ReactNode; router?: KeyRouter}>) {
	const owned = useRef<KeyRouter | undefined>(undefined);
	owned.current ??= router ?? new KeyRouter();
	const parser = useRef(createKeyParser());
	const {current} = owned;
	const listener = useCallback(
		(input: string, key: Parameters<Parameters<typeof useInput>[0]>[1]) => {
			for (const keypress of parser.current.push(input, key)) {
				current.dispatch(keypress);
			}
		},
		[current],
	);
	useInput(listener);
	return (
		<RouterContext.Provider value={current}>{children}</RouterContext.Provider>
	);
}

export function useKeyRouter(): KeyRouter {
	const router = useContext(RouterContext);
	if (!router) {
		throw new Error('useKeypress needs a KeypressProvider above it');
	}

	return router;
}

export type KeypressOptions = Readonly<{
	priority?: number;
	/** Whether the handler takes keys now; a function is asked at each key, so it can read the latest state. */
	isActive?: boolean | (() => boolean);
}>;

/**
Take keys at a priority. The handler registered is stable (it calls the latest one passed), so a component re-rendering keeps its place. It registers in a layout effect: in place before the next chunk of input is read.
*/
export function useKeypress(
	handler: KeyHandler,
	{priority = keyPriority.screen, isActive = true}: KeypressOptions = {},
): void {
	const router = useKeyRouter();
	const latest = useRef(handler);
	latest.current = handler;
	const active = useRef(isActive);
	active.current = isActive;
	useLayoutEffect(
		() =>
			router.register(
				(key) => latest.current(key),
				priority,
				() =>
					typeof active.current === 'function'
						? active.current()
						: active.current,
			),
		[router, priority],
	);
}
