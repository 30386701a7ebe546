import {EventEmitter} from 'node:events';
import {createContext, useContext, useEffect} from 'react';

/** The part of a terminal's stdin that Ink uses. */
export type InputStream = EventEmitter &
	Pick<
		NodeJS.ReadStream,
		'isTTY' | 'setRawMode' | 'setEncoding' | 'ref' | 'unref'
	> & {read(): string | Uint8Array | null};

// Longer runs of plain text are pastes: they go to Ink whole, as they came.
const maxPacedKeys = 32;
// A key the screen ignored draws nothing and signals nothing: the next one goes after this long.
const unansweredKeyMs = 30;

/**
Ink's stdin, fed one key at a time while a list from ink-select-input is on screen.

Ink hands a run of characters that arrive together (`jm`, keys sent by a script, typing faster than a frame is drawn) to its input listeners as one string. gazette's own handlers split it into keys (`useKeys`), but ink-select-input compares the whole string with `j`, `k` and Enter, so it ignores the run. Splitting alone would not do: ink-select-input's handler sees the selection of its last render, and is replaced only in an effect after React commits.

So while a screen asks for pacing (`usePacedInput`), a short run of plain characters is split into keys, and each key (or escape sequence, or paste) goes to Ink only after the screen has rendered for the one before and run its effects (which come after those of the ink-select-input inside it), or after a short wait if that key changed nothing. Keys typed quickly one by one are paced the same way. Escape sequences (arrows) and long runs (pastes) are not split; with pacing off, input passes as it came.
*/
// Ink listens with EventEmitter methods (`addListener`), as on a stream.
// eslint-disable-next-line unicorn/prefer-event-target
export class PacedStdin extends EventEmitter {
	readonly #source: InputStream;
	readonly #queue: string[] = [];
	readonly #onSourceReadable: () => void;
	#pacing = 0;
	/** Set while a paced key waits for the screen: Ink's read loop gets null until then. */
	#waiting: NodeJS.Timeout | undefined;

	constructor(source: InputStream) {
		super();
		this.#source = source;
		this.#onSourceReadable = () => {
			this.#pull();
		};

		// Read the terminal only while Ink listens, as Ink would with the terminal's own stdin.
		this.on('newListener', (event: string) => {
			if (event === 'readable' && this.listenerCount('readable') === 0) {
				source.on('readable', this.#onSourceReadable);
			}
		});
		this.on('removeListener', (event: string) => {
			if (event === 'readable' && this.listenerCount('readable') === 0) {
				source.removeListener('readable', this.#onSourceReadable);
			}
		});
	}

	get isTTY(): boolean {
		return this.#source.isTTY;
	}

	/** Pace input while at least one caller asks for it. Returns the call that stops asking. */
	pace(): () => void {
		this.#pacing++;
		let stopped = false;
		return () => {
			if (!stopped) {
				stopped = true;
				this.#pacing--;
				this.#release();
			}
		};
	}

	/** The pacing screen has rendered and run its effects: the next key may go. */
	settled(): void {
		if (this.#waiting !== undefined) {
			// After the rest of this round of effects.
			setImmediate(() => {
				this.#release();
			});
		}
	}

	setRawMode(mode: boolean): this {
		this.#source.setRawMode(mode);
		return this;
	}

	setEncoding(encoding: BufferEncoding): this {
		this.#source.setEncoding(encoding);
		return this;
	}

	ref(): this {
		this.#source.ref();
		return this;
	}

	unref(): this {
		this.#source.unref();
		return this;
	}

	/** The next input for Ink: one paced key, or a chunk as it came; null when there is none for now. */
	read(): string | null {
		if (this.#waiting !== undefined) {
			return null;
		}

		const next = this.#queue.shift();
		if (next === undefined) {
			return null;
		}

		if (this.#pacing > 0) {
			// Whatever comes next, in this run or in the next read from the terminal, waits for the screen.
			this.#waiting = setTimeout(() => {
				this.#release();
			}, unansweredKeyMs);
		}

		return next;
	}

	#release(): void {
		if (this.#waiting === undefined) {
			return;
		}

		clearTimeout(this.#waiting);
		this.#waiting = undefined;
		if (this.#queue.length > 0) {
			this.emit('readable');
		}
	}

	/** Take what the terminal sent, and tell Ink unless a paced key is waiting for the screen. */
	#pull(): void {
		let chunk: string | Uint8Array | null;
		while ((chunk = this.#source.read()) !== null) {
			// Ink sets the encoding (utf8), so chunks are strings.
			this.#queue.push(
				...this.#split(
					typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk),
				),
			);
		}

		if (this.#waiting === undefined && this.#queue.length > 0) {
			this.emit('readable');
		}
	}

	#split(chunk: string): string[] {
		const characters = [...chunk];
		return this.#pacing === 0 ||
			characters.length > maxPacedKeys ||
			chunk.includes('\u001B')
			? [chunk]
			: characters;
	}
}

/** The PacedStdin Ink reads from; undefined where Ink reads another stdin (component tests). */
export const PacedStdinContext = createContext<PacedStdin | undefined>(
	undefined,
);

/**
Ask for paced input while the calling component is mounted: a screen that shows ink-select-input.

Its effects run after every render, after those of the ink-select-input inside it (React runs a child's effects first), and tell the stdin that the next key may go.
*/
export function usePacedInput(): void {
	const stdin = useContext(PacedStdinContext);
	useEffect(() => stdin?.pace(), [stdin]);
	useEffect(() => {
		stdin?.settled();
	});
}
