import test from 'ava';
import {runCli, tempDir} from '../helpers/pty.js';

test('--help and -h work anywhere; with a command they print its usage', async (t) => {
	const main = await runCli(['--help']);
	t.is(main.exitCode, 0);
	t.regex(main.stdout, /gazette read <id>/);
	const short = await runCli(['-h']);
	t.is(short.stdout, main.stdout);
	for (const argv of [
		['list', '--help'],
		['--help', 'list'],
		['list', '--json', '-h'],
		['help', 'list'],
		['--dir', '/nonexistent', 'list', '--help'],
	]) {
		// eslint-disable-next-line no-await-in-loop
		const result = await runCli(argv);
		t.is(result.exitCode, 0, `argv: ${argv.join(' ')}`);
		t.regex(
			result.stdout,
			/\$ gazette list \[--json]/,
			`argv: ${argv.join(' ')}`,
		);
		t.notRegex(
			result.stdout,
			/gazette comment <id>/,
			`argv: ${argv.join(' ')}`,
		);
	}

	const comment = await runCli(['comment', '--help']);
	t.regex(comment.stdout, /--reply-to <id>/);
	const help = await runCli(['help']);
	t.is(help.stdout, main.stdout);
});

test('help for a command gazette does not have is a usage error', async (t) => {
	const result = await runCli(['help', 'nope']);
	t.is(result.exitCode, 2);
	t.regex(result.stderr, /no help for "nope"/);
});

test('an unknown flag is a usage error whose message sends no escape sequence', async (t) => {
	const result = await runCli(['list', '--bogus\u001B]2;pwned\u0007']);
	t.is(result.exitCode, 2);
	t.regex(result.stderr, /unknown flag --bogus/);
	t.false(result.stderr.includes('\u001B'));
	t.false(result.stderr.includes('\u0007'));
});

test('a flag value may start with "-": --text "- a list item", --text=-x and after --', async (t) => {
	const stateDir = tempDir('gazette-state-');
	const base = ['--state-dir', stateDir, '--name', 'Ada'];
	const spaced = await runCli([
		'comment',
		'miami-summit',
		...base,
		'--text',
		'- a list item',
	]);
	t.is(spaced.exitCode, 0, `stderr: ${spaced.stderr}`);
	const joined = await runCli([
		'comment',
		'miami-summit',
		...base,
		'--text=--dashes',
	]);
	t.is(joined.exitCode, 0, `stderr: ${joined.stderr}`);
	const hostile = await runCli([
		'comment',
		'miami-summit',
		...base,
		'--text',
		'--\u001B]2;X\u0007',
	]);
	t.is(hostile.exitCode, 0, `stderr: ${hostile.stderr}`);
	const {stdout} = await runCli([
		'comments',
		'miami-summit',
		'--json',
		'--state-dir',
		stateDir,
	]);
	const bodies = new Set(
		(JSON.parse(stdout) as Array<{body: string}>).map(
			(comment) => comment.body,
		),
	);
	t.true(bodies.has('- a list item'));
	t.true(bodies.has('--dashes'));
	t.false(stdout.includes('\u001B'));
});
