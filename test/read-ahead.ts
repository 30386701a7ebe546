import {Buffer} from 'node:buffer';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {readFields} from '../source/library/load.js';
import {ReadAhead} from '../source/library/read-ahead.js';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-read-ahead-'));
test.after.always(() => {
	fs.rmSync(folder, {recursive: true, force: true});
});

function write(name: string, content: string): string {
	const file = path.join(folder, name);
	fs.writeFileSync(file, content);
	return file;
}

test('the worker reads each batch as the index would, in the order asked; a file gone or a name that is not UTF-8 is left to the caller', (t) => {
	const good = write('good.md', '---\ntitle: Good\ntags: [a]\n---\n\nBody.\n');
	const broken = write('broken.md', '---\ntitle: [unclosed\n---\nbody');
	const plain = write('plain.md', '# Plain\n\nNo front matter.\n');
	const gone = path.join(folder, 'gone.md');
	const ahead = ReadAhead.start();
	t.truthy(ahead);
	const first = ahead!.request([good, broken, gone]);
	const second = ahead!.request([plain, Buffer.from(good)]);
	const expected = (file: string) => readFields(file, fs.statSync(file));
	t.deepEqual(ahead!.take(first), [
		expected(good),
		expected(broken),
		undefined,
	]);
	t.deepEqual(ahead!.take(second), [expected(plain), undefined]);
	t.is(expected(broken).fields.error?.startsWith('broken front matter'), true);
	ahead!.close();
});

test('once closed, a batch is not waited for: the caller reads it', (t) => {
	const file = write('late.md', '# Late\n');
	const ahead = ReadAhead.start()!;
	const id = ahead.request([file]);
	ahead.close();
	t.is(ahead.take(id), undefined);
});

test('a worker whose module cannot load is not waited for: the caller reads the batch at once', (t) => {
	const file = write('orphan.md', '# Orphan\n');
	// Without word from the failed module, take() would wait its 30 s and give up as for a late batch.
	const ahead = ReadAhead.start('no-such-module');
	t.truthy(ahead);
	const id = ahead!.request([file]);
	t.is(ahead!.take(id), undefined);
	t.is(ahead!.gaveUp, 'failed');
});
