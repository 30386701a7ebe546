import {chmodSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import test from 'ava';
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
	t.regex('error' in result ? result.error : '', /exited with 3/);
});
