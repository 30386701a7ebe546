import {spawn} from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import {runInForeground} from './foreground.js';

// Browsers that draw in the terminal: they get the terminal, as the editor does, instead of running beside gazette.
const terminalBrowsers = new Set([
	'w3m',
	'lynx',
	'links',
	'elinks',
	'browsh',
	'carbonyl',
]);

export type BrowserCommand = Readonly<{command: string; inTerminal: boolean}>;

/** The browser to ask: $BROWSER (its first entry, as sensible-browser reads it), else the desktop's opener. */
export function browserCommand(
	env: NodeJS.ProcessEnv = process.env,
	platform: NodeJS.Platform = process.platform,
): BrowserCommand {
	const fromEnvironment = env.BROWSER?.split(':')
		.map((entry) => entry.trim())
		.find((entry) => entry !== '');
	const command =
		fromEnvironment ?? (platform === 'darwin' ? 'open' : 'xdg-open');
	const program = path.basename(command.split(/\s+/, 1)[0] ?? '');
	return {command, inTerminal: terminalBrowsers.has(program)};
}

/**
Open a URL in the browser. A browser with a window of its own starts beside gazette and is left to run: gazette never waits for it. The URL is passed as an argument, never through the shell's parsing.
*/
export function openInBrowser(
	url: string,
	env: NodeJS.ProcessEnv = process.env,
): {ok: true} | {error: string} {
	const {command} = browserCommand(env);
	try {
		const child = spawn('/bin/sh', ['-c', `${command} "$1"`, 'sh', url], {
			detached: true,
			stdio: 'ignore',
			env,
		});
		child.on('error', () => {
			// Reported by the shell's exit status instead; nothing may throw later.
		});
		child.unref();
		return {ok: true};
	} catch (error) {
		return {
			error: `Could not start the browser (${command}): ${error instanceof Error ? error.message : String(error)}`,
		};
	}
}

/** Run a browser that draws in the terminal, in the foreground, as the editor runs. Call with the terminal handed over. */
export function runTerminalBrowser(
	url: string,
	env: NodeJS.ProcessEnv = process.env,
): {ok: true} | {error: string} {
	const {command} = browserCommand(env);
	const run = runInForeground('browser', command, url, env);
	return 'error' in run
		? {error: run.started ? `${run.error}.` : run.error}
		: run;
}
