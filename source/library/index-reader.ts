/**
The read-ahead worker (started by read-ahead.ts): reads and parses the article files of each batch it is sent, and wakes the index, which waits for the batch without an event loop.
*/
import {statSync} from 'node:fs';
import {parentPort, workerData, type MessagePort} from 'node:worker_threads';
import {readFields} from './load.js';
import type {ReadAheadAnswer, ReadAheadRequest} from './read-ahead.js';

const shared = workerData as {port?: MessagePort; signal?: Int32Array} | null;
if (parentPort && shared?.port && shared.signal) {
	const {port, signal} = shared;
	port.on('message', ({id, paths}: ReadAheadRequest) => {
		const reads = paths.map((filePath) => {
			if (filePath === null) {
				return undefined;
			}

			try {
				return readFields(filePath, statSync(filePath));
			} catch {
				// Gone since it was listed: the index reads it itself and says so.
				return undefined;
			}
		});
		port.postMessage({id, reads} satisfies ReadAheadAnswer);
		Atomics.add(signal, 0, 1);
		Atomics.notify(signal, 0);
	});
}
