import {fileURLToPath} from 'node:url';
import test from 'ava';
import {startGazette} from '../helpers/cli.js';
import {cliPath, closeAll, spawnNode, tempDir} from '../helpers/pty.js';

const fault = fileURLToPath(new URL('../fixtures/fault.js', import.meta.url));

test.after.always(() => {
	closeAll();
});

const leaveAlternateScreen = '\u001B[?1049l';
const showCursor = '\u001B[?25h';

test.serial(
	'an unexpected error gives the terminal back: cursor shown, alternate screen left, exit 1',
	async (t) => {
		// The fault is injected from outside: gazette ships no switch for it.
		const session = spawnNode([
			'--import',
			fault,
			cliPath,
			'--state-dir',
			tempDir('gazette-state-'),
		]);
		t.teardown(() => {
			session.kill('SIGKILL');
		});
		await session.waitFor('articles');
		session.kill('SIGUSR2');
		const {exitCode} = await session.exited();
		t.is(exitCode, 1);
		const raw = session.raw();
		const enteredAt = raw.lastIndexOf('\u001B[?1049h');
		t.true(raw.indexOf(showCursor, enteredAt) > enteredAt);
		t.true(raw.indexOf(leaveAlternateScreen, enteredAt) > enteredAt);
		t.regex(raw, /gazette: unexpected error: injected fault/);
	},
);

test.serial(
	'TERM=dumb and NO_COLOR draw the reader without colour',
	async (t) => {
		for (const env of [{TERM: 'dumb'}, {NO_COLOR: '1'}]) {
			const session = startGazette(t, [], {
				env: {...env, FORCE_COLOR: undefined},
			});
			// eslint-disable-next-line no-await-in-loop
			await session.waitFor('q quit');

			t.notRegex(
				session.raw(),
				/\u001B\[(?:[34]\d|9[0-7]|1|2|3|4|7)(?:;[\d;]*)?m/,
			);
			session.kill('SIGKILL');
		}
	},
);

test.serial(
	"DEV=true, the switch for Ink's devtools, changes nothing: the reader starts and quits with 0",
	async (t) => {
		const session = startGazette(t, [], {env: {DEV: 'true'}});
		await session.waitFor('q quit');
		await session.press('q');
		const {exitCode} = await session.exited();
		t.is(exitCode, 0);
	},
);
