import {performance} from 'node:perf_hooks';
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

test('exited resolves once the output read is on the screen', async (t) => {
	// Much output written just before exiting: xterm is still drawing it when the pty reports the exit.
	const script = String.raw`for (let i = 0; i < 30000; i++) process.stdout.write('line ' + i + ' ' + 'x'.repeat(60) + '\n'); process.stdout.write('the end\n');`;
	const session = spawn(t, ['-e', script]);
	const {exitCode} = await session.exited();
	t.is(exitCode, 0);
	// Linux may drop the last of a pty's output when its program exits, so compare with the last line that did arrive.
	const last = session.raw().trimEnd().split('\n').at(-1)!.trim();
	t.true(session.screen().includes(last), last);
});

test('waitForTimed gives the arrival time of the output that drew the match, and onOutput sees each chunk once drawn', async (t) => {
	// Tock comes when the test sends a key, so that it is not on the screen yet when waitForTimed starts (a timer in the child raced a loaded machine).
	const script = String.raw`process.stdin.setRawMode(true); process.stdout.write('tick\n'); process.stdin.once('data', () => { process.stdout.write('tock\n'); setInterval(() => {}, 1000); });`;
	const session = spawn(t, ['-e', script]);
	const chunks: Array<{chunk: string; at: number; drawn: boolean}> = [];
	session.onOutput((chunk, at) => {
		chunks.push({chunk, at, drawn: session.screen().includes(chunk.trim())});
	});
	await session.waitFor('tick');
	const timed = session.waitForTimed('tock');
	session.write('x');
	const found = await timed;
	t.true(found.screen.includes('tock'));
	const tock = chunks.find(({chunk}) => chunk.includes('tock'));
	t.truthy(tock, JSON.stringify(chunks));
	t.is(found.at, tock!.at);
	t.true(tock?.drawn);
	t.true(found.at > session.startedAt);
	// Already on the screen: the time of the check.
	const before = performance.now();
	const again = await session.waitForTimed('tock');
	t.true(again.at >= before);
});

test('a matcher that throws fails the wait with its error', async (t) => {
	const session = spawn(t, ['-e', echoScript]);
	const error = await t.throwsAsync(
		session.waitFor((screen) => {
			if (screen.includes('world')) {
				throw new Error('matcher broke');
			}

			return false;
		}),
	);
	t.is(error?.message, 'matcher broke');
});

test('write sends a whole sequence in one write; isInverse reads a cell', async (t) => {
	const script = String.raw`process.stdout.write('a\u001B[7mb\u001B[27mc\n'); process.stdin.setRawMode(true); process.stdin.on('data', d => { process.stdout.write('got:' + JSON.stringify(String(d)) + '\n'); });`;
	const session = spawn(t, ['-e', script]);
	await session.waitFor('abc');
	t.false(session.isInverse(0, 0));
	t.true(session.isInverse(1, 0));
	t.false(session.isInverse(2, 0));
	session.write('\u001B[200~pasted\u001B[201~');
	await session.waitFor(String.raw`got:"\u001b[200~pasted\u001b[201~"`);
	t.pass();
});

test('a wait stops when its signal is aborted', async (t) => {
	const session = spawn(t, ['-e', echoScript]);
	await session.waitFor('world');
	const stop = new AbortController();
	const waiting = session.waitFor('never shown', {
		timeout: 60_000,
		signal: stop.signal,
	});
	stop.abort(new Error('no longer wanted'));
	const error = await t.throwsAsync(waiting);
	t.is(error?.message, 'no longer wanted');
});

test('a wait never matches a half-drawn frame: inside the synchronized-output marks it waits for the frame’s end', async (t) => {
	// The frame's first half at once, its second half (and its end mark) 300 ms later.
	const script = String.raw`process.stdout.write('\u001B[?2026hTOP'); setTimeout(() => { process.stdout.write(' BOTTOM\u001B[?2026l'); setTimeout(() => {}, 5000); }, 300);`;
	const session = spawn(t, ['-e', script]);
	const screen = await session.waitFor('TOP');
	t.true(screen.includes('TOP BOTTOM'), screen);
});
