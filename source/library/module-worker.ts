/**
Start a worker thread on a module that sits beside the caller's: under the same name in the bundle's chunks (dist/chunks/, where scripts/build.js puts the workers' entries) and in the compiled tests alike. Run from TypeScript source (tsx), the worker registers tsx first: Node 20 gives workers no loader hooks of the parent's.
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
	const script = fromSource
		? `import('tsx/esm/api').then(({register}) => { register(); return import(${url}); })`
		: `import(${url})`;
	return new Worker(script, {...options, eval: true});
}
