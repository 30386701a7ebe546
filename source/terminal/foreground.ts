import {spawnSync} from 'node:child_process';

/**
Run `command` on one argument in the foreground, with the terminal, as git runs $EDITOR: through the shell, so `EDITOR="code -w"` works, with the argument passed as `$1`, never through the shell's parsing. `what` names the program in the message when it fails: whether it did not start, or ran and exited with an error.
*/
export function runInForeground(
	what: string,
	command: string,
	argument: string,
	env: NodeJS.ProcessEnv,
): {ok: true} | {error: string; started: boolean} {
	const result = spawnSync(
		'/bin/sh',
		['-c', `${command} "$1"`, 'sh', argument],
		{
			stdio: 'inherit',
			env,
		},
	);
	if (result.error) {
		return {
			error: `Could not start the ${what} (${command}): ${result.error.message}`,
			started: false,
		};
	}

	return result.status === 0
		? {ok: true}
		: {
				error: `The ${what} (${command}) exited with ${result.status ?? result.signal}`,
				started: true,
			};
}
