import {execFileSync, spawn} from 'node:child_process';
import {once} from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {loadConf, Store} from '../source/store/store.js';

test.before(async () => {
	await loadConf();
});

function temporaryDirectory(): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-odd-'));
}

const migrated = {__internal__: {migrations: {version: '0.2.0'}}};

test('a UTF-8 byte order mark is not part of the state: the file is read, not set aside', (t) => {
	const directory = temporaryDirectory();
	const file = path.join(directory, 'config.json');
	fs.writeFileSync(
		file,
		'\uFEFF' +
			JSON.stringify({
				...migrated,
				articles: {kept: {read: true, bookmarked: true}},
			}),
	);
	const store = Store.open({stateDir: directory});
	t.deepEqual(store.warnings, []);
	t.true(store.article('kept').bookmarked);
	t.deepEqual(
		fs.readdirSync(directory).filter((name) => name.includes('corrupt')),
		[],
	);
	store.updateArticle('other', {read: true}, {immediate: true});
	t.true(store.article('kept').bookmarked);
	store.close();
});

test('a file a newer gazette wrote is shown, never written: read-only with a message', (t) => {
	const directory = temporaryDirectory();
	const file = path.join(directory, 'config.json');
	const original = JSON.stringify({
		__internal__: {migrations: {version: '9.0.0'}},
		articles: {kept: {read: true}},
		futureKey: {anything: 1},
	});
	fs.writeFileSync(file, original);
	const store = Store.open({stateDir: directory});
	t.false(store.writable);
	t.false(store.getSnapshot().writable);
	t.regex(
		store.warnings.join('\n'),
		/a newer gazette \(state version 9\.0\.0\)/i,
	);
	t.true(store.article('kept').read);
	store.updateArticle('other', {read: true}, {immediate: true});
	store.close();
	t.is(fs.readFileSync(file, 'utf8'), original);
});

test('a dangling config.json link stays a link: the state is written to the file it names', (t) => {
	const directory = temporaryDirectory();
	const dotfiles = path.join(directory, 'dotfiles');
	fs.mkdirSync(dotfiles);
	const stateDir = path.join(directory, 'state');
	fs.mkdirSync(stateDir);
	const link = path.join(stateDir, 'config.json');
	fs.symlinkSync(path.join(dotfiles, 'gazette.json'), link);
	const store = Store.open({stateDir});
	store.updateArticle('a', {bookmarked: true}, {immediate: true});
	t.true(store.writable);
	t.true(fs.lstatSync(link).isSymbolicLink());
	const written = JSON.parse(
		fs.readFileSync(path.join(dotfiles, 'gazette.json'), 'utf8'),
	) as {articles: Record<string, {bookmarked: boolean}>};
	t.true(written.articles.a.bookmarked);
	store.close();
});

// Compiled beside the tests (scripts/build-tests.js).
const fixture = fileURLToPath(
	new URL('fixtures/store-writer.js', import.meta.url),
);

/** Run the writer fixture on `stateDir`; resolves with its exit code and output, or rejects if it hangs. */
async function runWriter(stateDir: string) {
	const child = spawn(process.execPath, [fixture, stateDir, 'odd', '1'], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.on('data', (chunk: Uint8Array) => {
		output += String(chunk);
	});
	const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
	const [code, signal] = (await once(child, 'close')) as [
		number | null,
		string | null,
	];
	clearTimeout(killer);
	return {code, signal, output};
}

test('a named pipe as config.json is refused at once, not read forever', async (t) => {
	if (process.platform === 'win32') {
		t.pass();
		return;
	}

	const directory = temporaryDirectory();
	execFileSync('mkfifo', [path.join(directory, 'config.json')]);
	const {code, signal, output} = await runWriter(directory);
	t.is(signal, null, 'the writer hung on the pipe');
	t.is(code, 0);
	const result = JSON.parse(output) as {writable: boolean; warnings: string[]};
	t.false(result.writable);
	t.regex(result.warnings.join('\n'), /named pipe, not a regular file/);
	t.false(fs.existsSync(path.join(directory, 'config.json.lock')));
	t.true(fs.lstatSync(path.join(directory, 'config.json')).isFIFO());
});

test('a device as config.json is refused', async (t) => {
	const directory = temporaryDirectory();
	fs.symlinkSync('/dev/zero', path.join(directory, 'config.json'));
	const {code, signal, output} = await runWriter(directory);
	t.is(signal, null, 'the writer hung on the device');
	t.is(code, 0);
	const result = JSON.parse(output) as {writable: boolean; warnings: string[]};
	t.false(result.writable);
	t.regex(result.warnings.join('\n'), /a device, not a regular file/);
});
