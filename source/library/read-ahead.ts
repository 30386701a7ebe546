/**
Reading many article files on the second core while the index writes those read before. Building the index of a large library is half reading and parsing the files, half SQLite: a worker reads a batch or two ahead, and the index takes each batch when it gets to it.

The index's sync is synchronous (a generator run in steps between keys), so a batch is taken synchronously: the worker bumps a shared counter and wakes the index (`Atomics.wait`), which receives the answer with `receiveMessageOnPort`. Any trouble (no worker, a batch late) and the caller reads the files itself, as it does without read-ahead.
*/
import {
	MessageChannel,
	receiveMessageOnPort,
	type MessagePort,
	type Worker,
} from 'node:worker_threads';
import type {FilePath, ReadFields} from './load.js';
import {startModuleWorker} from './module-worker.js';

export type ReadAheadRequest = {id: number; paths: Array<string | null>};
export type ReadAheadAnswer = {
	id: number;
	reads: Array<ReadFields | undefined>;
};

/** How long the index waits for a batch before reading it itself. */
const lateMs = 30_000;

export class ReadAhead {
	/** A read-ahead worker, or undefined when none can start (the caller then reads the files itself). `worker` names another module, for tests. */
	static start(worker = 'index-reader'): ReadAhead | undefined {
		try {
			return new ReadAhead(worker);
		} catch {
			return undefined;
		}
	}

	readonly #worker: Worker;
	readonly #port: MessagePort;
	readonly #signal: Int32Array;
	readonly #answers = new Map<number, ReadAheadAnswer['reads']>();
	#nextId = 0;
	#closed = false;
	#gaveUp: 'late' | 'failed' | undefined;

	private constructor(worker: string) {
		const {port1, port2} = new MessageChannel();
		this.#port = port1;
		// Answers posted, and whether the worker's module failed to load (see module-worker.ts).
		this.#signal = new Int32Array(new SharedArrayBuffer(8));
		this.#worker = startModuleWorker(worker, import.meta.url, {
			workerData: {port: port2, signal: this.#signal},
			transferList: [port2],
		});
		// Never what keeps gazette running.
		this.#worker.unref();
		this.#worker.on('error', () => {
			this.close();
		});
	}

	/** Ask for a batch to be read; its id, for `take`. Names that are not UTF-8 (Buffers) are left to the caller. */
	request(paths: readonly FilePath[]): number {
		const id = this.#nextId++;
		if (!this.#closed) {
			this.#port.postMessage({
				id,
				paths: paths.map((filePath) =>
					typeof filePath === 'string' ? filePath : null,
				),
			} satisfies ReadAheadRequest);
		}

		return id;
	}

	/** The batch's reads, in the order asked (undefined for a file to read again), waiting for them; undefined when they don't come in time. */
	take(id: number): ReadAheadAnswer['reads'] | undefined {
		const deadline = Date.now() + lateMs;
		while (!this.#closed) {
			const ready = this.#answers.get(id);
			if (ready) {
				this.#answers.delete(id);
				return ready;
			}

			// The counter before the port: an answer posted in between changes it, and the wait returns at once.
			const seen = Atomics.load(this.#signal, 0);
			const received = receiveMessageOnPort(this.#port);
			if (received) {
				const answer = received.message as ReadAheadAnswer;
				this.#answers.set(answer.id, answer.reads);
				continue;
			}

			const left = deadline - Date.now();
			const failed = Atomics.load(this.#signal, 1) === 1;
			if (failed || left <= 0) {
				this.#gaveUp = failed ? 'failed' : 'late';
				this.close();
				break;
			}

			Atomics.wait(this.#signal, 0, seen, left);
		}

		return undefined;
	}

	/** Why `take` stopped waiting: the worker's module failed to load, or a batch was late. */
	get gaveUp(): 'late' | 'failed' | undefined {
		return this.#gaveUp;
	}

	close(): void {
		if (this.#closed) {
			return;
		}

		this.#closed = true;
		this.#answers.clear();
		this.#port.close();
		void this.#worker.terminate();
	}
}
