import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {runInForeground} from './foreground.js';

/** The user's editor, as git finds it: $VISUAL, then $EDITOR, then vi. */
export function editorCommand(env: NodeJS.ProcessEnv = process.env): string {
	// An empty variable counts as unset, as it does for git.
	return (
		[env.VISUAL, env.EDITOR]
			.map((value) => value?.trim() ?? '')
			.find((value) => value !== '') ?? 'vi'
	);
}

/**
Edit a text in the user's editor, like `git commit`: write it to a temporary file, run the editor on it (runInForeground), read it back.
*/
export function editText(
	text: string,
	env: NodeJS.ProcessEnv = process.env,
): {text: string} | {error: string} {
	const folder = mkdtempSync(path.join(os.tmpdir(), 'gazette-comment-'));
	const file = path.join(folder, 'COMMENT.md');
	try {
		writeFileSync(file, text);
		const command = editorCommand(env);
		const run = runInForeground('editor', command, file, env);
		if ('error' in run) {
			return {
				error: run.started
					? `${run.error}; the comment was not changed.`
					: run.error,
			};
		}

		try {
			return {text: readFileSync(file, 'utf8').replace(/\n$/, '')};
		} catch (error) {
			// An editor that removed or renamed its file: nothing to take back, the comment stays as it was.
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
				return {
					error: `The editor (${command}) left no file; the comment was not changed.`,
				};
			}

			throw error;
		}
	} finally {
		rmSync(folder, {recursive: true, force: true});
	}
}
