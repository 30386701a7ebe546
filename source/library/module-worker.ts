/**
Start a worker thread on a module that sits beside the caller's: under the same name beside the bundle (dist/, where scripts/build.js puts the workers' entries) and in the compiled tests alike. Run from TypeScript source (tsx), the worker registers tsx first: Node 20 gives workers no loader hooks of the parent's.

A parent that waits for its worker without an event loop (`Atomics.wait`) would not hear of a module that failed to load: given `workerData.signal` (an Int32Array of two), such a worker sets its second number and bumps the first, and wakes the parent.
*/
import {Worker, type WorkerOptions} from 'node:worker_threads';

export function startModuleWorker(
	name: string,
	callerUrl: string,
	options: WorkerOptions = {},
): Worker {
	const fromSource = callerUrl.endsWith('.ts');
	const url = JSON.stringify(
		new URL(`${name}.${fromSource ? 'ts' : 'js'}`, callerUrl).href,
	);
	const load = fromSource
		? `import('tsx/esm/api').then(({register}) => { register(); return import(${url}); })`
		: `import(${url})`;
	const script = `${load}.catch((error) => {
	const signal = require('node:worker_threads').workerData?.signal;
	if (signal instanceof Int32Array && signal.length >= 2) {
		Atomics.store(signal, 1, 1);
		Atomics.add(signal, 0, 1);
		Atomics.notify(signal, 0);
	}

	throw error;
})`;
	return new Worker(script, {...options, eval: true});
}
