/**
Extraction runs in worker threads, so that one pathological page can neither hang nor crash a refresh: a job that takes longer than its time limit has its worker terminated and fails on its own; the pool starts a new worker for the next job.

The workers run extract-worker.ts, an entry of its own in the build (dist/extract-worker.js), so that a worker loads the extractor and nothing of the CLI.
*/
import os from 'node:os';
import type {Worker} from 'node:worker_threads';
import {startModuleWorker} from '../library/module-worker.js';
import type {ExtractedArticle} from './extract.js';

export type ExtractionJob =
	| Readonly<{kind: 'page'; html: string; url: string}>
	| Readonly<{kind: 'fragment'; html: string; url: string}>;

export type FragmentMarkdown = Readonly<{markdown: string; textLength: number}>;

export type Answer =
	| {id: 0; ready: true}
	| {id: number; article: ExtractedArticle | undefined}
	| {id: number; fragment: FragmentMarkdown}
	| {id: number; error: string};

export type Request = {id: number; job: ExtractionJob};

/** What a job failed with: a time-out, a crash, an error in the extractor. */
export class ExtractionError extends Error {
	override name = 'ExtractionError';
}

export const defaultExtractionTimeoutMs = 5000;

/** When another worker is worth starting: this many jobs done per running worker, and this many waiting. */
const longWork = {done: 16, waiting: 4};

type Pending = {
	request: Request;
	timeoutMs: number;
	resolve: (answer: Answer) => void;
	reject: (error: Error) => void;
};

type Slot = {
	worker: Worker;
	/** The worker has loaded the extractor. */
	ready: boolean;
	job?: Pending;
	timer?: NodeJS.Timeout;
};

export class ExtractionPool {
	readonly #size: number;
	readonly #timeoutMs: number;
	readonly #slots: Slot[] = [];
	readonly #queue: Pending[] = [];
	#nextId = 1;
	#completed = 0;
	#closed = false;
	/** Why workers cannot start at all; every job then fails with it. */
	#broken: string | undefined;

	constructor(options: {size?: number; timeoutMs?: number} = {}) {
		this.#size = Math.max(
			1,
			options.size ?? Math.min(2, os.availableParallelism()),
		);
		this.#timeoutMs = options.timeoutMs ?? defaultExtractionTimeoutMs;
	}

	/** The article of a page, or undefined when the page has none. */
	async extractPage(
		html: string,
		url: string,
		timeoutMs?: number,
	): Promise<ExtractedArticle | undefined> {
		const answer = await this.#run({kind: 'page', html, url}, timeoutMs);
		if ('article' in answer) {
			return answer.article;
		}

		throw new ExtractionError('unexpected answer from the extraction worker');
	}

	/** Markdown for HTML a feed carried. */
	async convertFragment(
		html: string,
		url: string,
		timeoutMs?: number,
	): Promise<FragmentMarkdown> {
		const answer = await this.#run({kind: 'fragment', html, url}, timeoutMs);
		if ('fragment' in answer) {
			return answer.fragment;
		}

		throw new ExtractionError('unexpected answer from the extraction worker');
	}

	/** Start a worker now, if none is running, so that loading the extractor overlaps with fetching the pages it will be given. */
	warm(): void {
		if (!this.#closed && !this.#broken && this.#slots.length === 0) {
			this.#startWorker();
		}
	}

	/** Stop every worker; jobs still waiting fail. */
	async close(): Promise<void> {
		this.#closed = true;
		for (const pending of this.#queue.splice(0)) {
			pending.reject(new ExtractionError('stopped'));
		}

		await Promise.all(
			this.#slots.splice(0).map(async (slot) => {
				clearTimeout(slot.timer);
				slot.job?.reject(new ExtractionError('stopped'));
				await slot.worker.terminate();
			}),
		);
	}

	async #run(job: ExtractionJob, timeoutMs = this.#timeoutMs): Promise<Answer> {
		if (this.#closed || this.#broken) {
			throw new ExtractionError(this.#broken ?? 'stopped');
		}

		const answer = await new Promise<Answer>((resolve, reject) => {
			this.#queue.push({
				request: {id: this.#nextId++, job},
				timeoutMs,
				resolve,
				reject,
			});
			this.#dispatch();
		});
		if ('error' in answer) {
			throw new ExtractionError(answer.error);
		}

		return answer;
	}

	#dispatch(): void {
		while (this.#queue.length > 0) {
			const slot = this.#slots.find(
				(candidate) => candidate.ready && candidate.job === undefined,
			);
			if (!slot) {
				if (this.#wantsAnotherWorker()) {
					this.#startWorker();
					continue;
				}

				return;
			}

			const pending = this.#queue.shift()!;
			slot.job = pending;
			slot.timer = setTimeout(() => {
				this.#fail(slot, `took longer than ${pending.timeoutMs / 1000} s`);
			}, pending.timeoutMs);
			slot.worker.postMessage(pending.request);
		}
	}

	/**
	The first job starts a worker; another starts only once the work has proved long (jobs done, and more waiting). A worker's first pages run before the JIT has warmed up, several times slower, so a few pages go faster through one worker, and the other core stays with the refresh.
	*/
	#wantsAnotherWorker(): boolean {
		if (this.#slots.length >= this.#size) {
			return false;
		}

		if (this.#slots.length === 0) {
			return true;
		}

		const starting = this.#slots.some((candidate) => !candidate.ready);
		return (
			!starting &&
			this.#completed >= longWork.done * this.#slots.length &&
			this.#queue.length >= longWork.waiting
		);
	}

	#startWorker(): void {
		const worker = startModuleWorker('extract-worker', import.meta.url, {
			// A runaway page fails its own job instead of taking the whole process's memory.
			resourceLimits: {maxOldGenerationSizeMb: 256, stackSizeMb: 8},
		});
		// A pool at rest must not keep gazette running.
		worker.unref();
		const slot: Slot = {worker, ready: false};
		worker.on('message', (answer: Answer) => {
			if ('ready' in answer) {
				// The clock of a job starts here at the earliest: loading the extractor is not the page's fault.
				slot.ready = true;
				this.#dispatch();
				return;
			}

			const {job} = slot;
			if (job?.request.id !== answer.id) {
				return;
			}

			clearTimeout(slot.timer);
			slot.job = undefined;
			this.#completed++;
			job.resolve(answer);
			this.#dispatch();
		});
		worker.on('error', (error) => {
			this.#fail(
				slot,
				`the extractor crashed (${error.message.split('\n', 1)[0]})`,
			);
		});
		worker.on('exit', () => {
			this.#fail(slot, 'the extractor stopped');
		});
		this.#slots.push(slot);
	}

	/** Fail the slot's job, end its worker and let the next job start a new one. */
	#fail(slot: Slot, reason: string): void {
		const index = this.#slots.indexOf(slot);
		if (index === -1) {
			return;
		}

		this.#slots.splice(index, 1);
		clearTimeout(slot.timer);
		const {job} = slot;
		slot.job = undefined;
		void slot.worker.terminate();
		job?.reject(new ExtractionError(reason));
		if (!slot.ready) {
			// A worker that dies before it is ready will die again: fail what waits rather than loop.
			this.#broken = `extraction is not available: ${reason}`;
			for (const pending of this.#queue.splice(0)) {
				pending.reject(new ExtractionError(this.#broken));
			}

			return;
		}

		if (!this.#closed) {
			this.#dispatch();
		}
	}
}
