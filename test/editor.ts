import {chmodSync, writeFileSync, readFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import test from 'ava';
import {runTerminalBrowser} from '../source/terminal/browser.js';
import {editorCommand, editText} from '../source/terminal/editor.js';
import {tempDir} from './helpers/pty.js';

function script(body: string): string {
	const file = path.join(tempDir('gazette-editor-'), 'editor');
	writeFileSync(file, `#!/bin/sh\n${body}\n`);
	chmodSync(file, 0o755);
	return file;
}

test('the editor is $VISUAL, then $EDITOR, then vi; an empty variable counts as unset', (t) => {
	t.is(editorCommand({VISUAL: 'nano', EDITOR: 'ed'}), 'nano');
	t.is(editorCommand({VISUAL: ' ', EDITOR: 'ed'}), 'ed');
	t.is(editorCommand({}), 'vi');
});

test('the text the editor wrote comes back, without its last newline', (t) => {
	const editor = script(String.raw`printf "edited\n" > "$1"`);
	t.deepEqual(editText('draft', {...process.env, EDITOR: editor}), {
		text: 'edited',
	});
});

test('an editor that deletes its file leaves the comment as it was, and says so', (t) => {
	const editor = script('rm "$1"');
	const result = editText('draft', {...process.env, VISUAL: editor});
	t.true('error' in result);
	t.regex('error' in result ? result.error : '', /left no file/);
});

test('an editor that fails says so', (t) => {
	const editor = script('exit 3');
	const result = editText('draft', {...process.env, VISUAL: editor});
	t.deepEqual(result, {
		error: `The editor (${editor}) exited with 3; the comment was not changed.`,
	});
});

// The browser that draws in the terminal runs as the editor does: in the foreground, through the shell.
test('a browser in the terminal gets the address as its one argument, never through the shell', (t) => {
	const seen = path.join(tempDir('gazette-browser-'), 'seen');
	const browser = script(`printf '%s' "$1" > ${JSON.stringify(seen)}`);
	const url = 'https://example.com/?a=1&b=$(touch pwned);c';
	t.deepEqual(runTerminalBrowser(url, {...process.env, BROWSER: browser}), {
		ok: true,
	});
	t.is(readFileSync(seen, 'utf8'), url);
});

test('a browser in the terminal that fails says so', (t) => {
	const browser = script('exit 4');
	t.deepEqual(
		runTerminalBrowser('https://example.com/', {
			...process.env,
			BROWSER: browser,
		}),
		{
			error: `The browser (${browser}) exited with 4.`,
		},
	);
});
