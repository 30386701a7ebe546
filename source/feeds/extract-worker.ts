/**
The extraction worker (started by extract-pool.ts): load the extractor once, then answer jobs one at a time.
*/
import {parentPort} from 'node:worker_threads';
import type {Answer, Request} from './extract-pool.js';
import {extractArticle, fragmentToMarkdown} from './extract.js';

const port = parentPort;
if (port) {
	port.postMessage({id: 0, ready: true} satisfies Answer);
	port.on('message', ({id, job}: Request) => {
		let answer: Answer;
		try {
			answer =
				job.kind === 'page'
					? {id, article: extractArticle(job.html, job.url)}
					: {id, fragment: fragmentToMarkdown(job.html, job.url)};
		} catch (error) {
			answer = {
				id,
				error:
					error instanceof Error
						? error.message.split('\n', 1)[0]
						: String(error),
			};
		}

		port.postMessage(answer);
	});
}
