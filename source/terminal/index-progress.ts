import process from 'node:process';

/** Progress while the index reads files, on a terminal's stderr: a first run over a large library takes seconds. */
export function indexProgress(
	stream: NodeJS.WriteStream = process.stderr,
): ((progress: Readonly<{done: number; total: number}>) => void) | undefined {
	if (!stream.isTTY) {
		return undefined;
	}

	let shown = false;
	return ({done, total}) => {
		if (total < 1000 && !shown) {
			return;
		}

		shown = true;
		stream.write(
			`\r\u001B[KIndexing articles: ${done.toLocaleString('en')} of ${total.toLocaleString('en')}${done === total ? '\n' : ''}`,
		);
	};
}
