import process from 'node:process';
import test, {type ExecutionContext} from 'ava';
import {
	closeAll,
	runNode,
	type Session,
	type SpawnOptions,
	spawnNode,
} from './helpers/pty.js';

// Tests in this file run concurrently, so each test kills only its own
// session; closeAll() (which kills every live session) runs once at the end.
test.after.always(() => {
	closeAll();
});

function spawn(
	t: ExecutionContext,
	args: string[],
	options?: SpawnOptions,
): Session {
	const session = spawnNode(args, options);
	t.teardown(() => {
		session.kill('SIGKILL');
	});
	return session;
}

const echoScript = [
	String.raw`process.stdout.write('hello\nworld\n');`,
	'process.stdin.setRawMode(true);',
	String.raw`process.stdin.on('data', d => { if (String(d)==='q') process.exit(3); process.stdout.write('got:'+JSON.stringify(String(d))+'\n'); });`,
].join(' ');

test('screen, press and exit code', async (t) => {
	const session = spawn(t, ['-e', echoScript]);
	await session.waitFor('world');
	const screen = session.screen();
	t.true(screen.includes('hello'));
	t.true(screen.includes('world'));
	t.is(session.lines().length, 30);
	t.is(session.row('world'), 1);
	t.is(session.row(/nope/), -1);

	await session.press('x');
	await session.waitFor('got:"x"');

	await session.press('up', 'enter');
	await session.waitFor(String.raw`got:"\u001b[A"`);
	await session.waitFor(String.raw`got:"\r"`);

	await session.type('ab');
	await session.waitFor(
		(screen) => screen.includes('got:"a"') && screen.includes('got:"b"'),
	);
	t.true(session.raw().includes('hello'));

	await session.press('q');
	const {exitCode} = await session.exited();
	t.is(exitCode, 3);
});

test('waitFor times out with the screen in the message', async (t) => {
	const session = spawn(t, ['-e', echoScript]);
	await session.waitFor('world');
	const error = await t.throwsAsync(
		session.waitFor('never shown', {timeout: 200}),
	);
	t.true(error?.message.includes('"never shown"'));
	t.true(error?.message.includes('hello'));
	await session.waitForGone('never shown', {timeout: 200});
	await session.settle();
	session.kill();
	const info = await session.exited();
	t.truthy(info.signal);
});

test('resize reaches the child and the headless terminal', async (t) => {
	const script = [
		String.raw`process.stdout.write('cols='+process.stdout.columns+'\n');`,
		String.raw`process.stdout.on('resize', () => process.stdout.write('cols='+process.stdout.columns+'x'+process.stdout.rows+'\n'));`,
		'setInterval(() => {}, 1000);',
	].join(' ');
	const session = spawn(t, ['-e', script], {columns: 80, rows: 24});
	await session.waitFor('cols=80');
	t.is(session.lines().length, 24);

	session.resize(60, 20);
	await session.waitFor('cols=60x20');
	t.is(session.lines().length, 20);
});

// Serial: it changes process.env, which concurrent tests would also see.
test.serial('CI variables are not passed to the child', async (t) => {
	const originalCi = process.env.CI;
	const originalCiJobId = process.env.CI_JOB_ID;
	process.env.CI = 'true';
	process.env.CI_JOB_ID = '42';
	try {
		const script = String.raw`console.log('ci='+JSON.stringify(process.env.CI)+' job='+JSON.stringify(process.env.CI_JOB_ID)+' term='+process.env.TERM+' extra='+process.env.extraValue)`;
		const session = spawn(t, ['-e', script], {env: {extraValue: 'yes'}});
		await session.waitFor('extra=yes');
		t.true(
			session
				.screen()
				.includes('ci=undefined job=undefined term=xterm-256color extra=yes'),
		);
		const {exitCode} = await session.exited();
		t.is(exitCode, 0);
	} finally {
		restore('CI', originalCi);
		restore('CI_JOB_ID', originalCiJobId);
	}
});

function restore(key: string, value: string | undefined): void {
	if (value === undefined) {
		Reflect.deleteProperty(process.env, key);
	} else {
		process.env[key] = value;
	}
}

test('runNode uses pipes and passes input', async (t) => {
	const script = [
		"let s = '';",
		"process.stdin.on('data', d => { s += d; });",
		"process.stdin.on('end', () => { console.log('tty='+Boolean(process.stdout.isTTY)+' in='+s); console.error('err'); process.exitCode = 4; });",
	].join(' ');
	const withInput = await runNode(['-e', script], {input: 'abc'});
	t.deepEqual(withInput, {
		stdout: 'tty=false in=abc\n',
		stderr: 'err\n',
		exitCode: 4,
	});
	const withoutInput = await runNode(['-e', script]);
	t.is(withoutInput.stdout, 'tty=false in=\n');
});
