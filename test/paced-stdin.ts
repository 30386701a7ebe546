import {EventEmitter} from 'node:events';
import {
	setImmediate as nextTurn,
	setTimeout as delay,
} from 'node:timers/promises';
import test from 'ava';
import {type InputStream, PacedStdin} from '../source/ui/paced-stdin.js';

/** A terminal's stdin, as far as Ink uses it: `send` makes data readable. */
// eslint-disable-next-line unicorn/prefer-event-target
class FakeTerminal extends EventEmitter {
	isTTY = true;
	rawMode = false;
	#buffered: string[] = [];

	send(text: string): void {
		this.#buffered.push(text);
		this.emit('readable');
	}

	read(): string | null {
		// A stream hands over everything buffered at once.
		const text = this.#buffered.join('');
		this.#buffered = [];
		return text === '' ? null : text;
	}

	setRawMode(mode: boolean): this {
		this.rawMode = mode;
		return this;
	}

	setEncoding(): this {
		return this;
	}

	ref(): this {
		return this;
	}

	unref(): this {
		return this;
	}
}

/** Ink's read loop: on 'readable', read until null. */
function listen(stdin: PacedStdin): string[] {
	const received: string[] = [];
	stdin.on('readable', () => {
		let chunk: string | null;
		while ((chunk = stdin.read()) !== null) {
			received.push(chunk);
		}
	});
	return received;
}

function setup() {
	const terminal = new FakeTerminal();
	const stdin = new PacedStdin(terminal as unknown as InputStream);
	return {terminal, stdin, received: listen(stdin)};
}

test('without pacing, input passes as it came', (t) => {
	const {terminal, received} = setup();
	terminal.send('jm');
	terminal.send('\u001B[B');
	t.deepEqual(received, ['jm', '\u001B[B']);
});

test('with pacing, a run of keys goes one key at a time, each once the screen has settled', async (t) => {
	const {terminal, stdin, received} = setup();
	stdin.pace();
	terminal.send('jm\r');
	t.deepEqual(received, ['j']);
	// Nothing more until the screen says it has rendered for j.
	await nextTurn();
	t.deepEqual(received, ['j']);
	stdin.settled();
	await nextTurn();
	t.deepEqual(received, ['j', 'm']);
	stdin.settled();
	await nextTurn();
	t.deepEqual(received, ['j', 'm', '\r']);
});

test('keys that arrive while one waits queue behind it, in order', async (t) => {
	const {terminal, stdin, received} = setup();
	stdin.pace();
	terminal.send('ab');
	terminal.send('c');
	t.deepEqual(received, ['a']);
	for (let turn = 0; turn < 2; turn++) {
		stdin.settled();
		// eslint-disable-next-line no-await-in-loop
		await nextTurn();
	}

	t.deepEqual(received, ['a', 'b', 'c']);
});

test('a key the screen never answers lets the next one go after a short wait', async (t) => {
	const {terminal, stdin, received} = setup();
	stdin.pace();
	terminal.send('kk');
	t.deepEqual(received, ['k']);
	await delay(100);
	t.deepEqual(received, ['k', 'k']);
});

test('escape sequences and pastes are not split, even with pacing', async (t) => {
	const {terminal, stdin, received} = setup();
	stdin.pace();
	const paste = 'a pasted paragraph, longer than anyone types in one go';
	terminal.send('\u001B[Bj');
	terminal.send(paste);
	t.deepEqual(received, ['\u001B[Bj']);
	stdin.settled();
	await nextTurn();
	t.deepEqual(received, ['\u001B[Bj', paste]);
});

test('with pacing, a key typed on its own also waits for the screen to settle after the one before', async (t) => {
	const {terminal, stdin, received} = setup();
	stdin.pace();
	terminal.send('\r');
	terminal.send('\r');
	t.deepEqual(received, ['\r']);
	stdin.settled();
	await nextTurn();
	t.deepEqual(received, ['\r', '\r']);
});

test('when the screen stops asking for pacing, waiting keys go at once', (t) => {
	const {terminal, stdin, received} = setup();
	const stop = stdin.pace();
	terminal.send('xyz');
	t.deepEqual(received, ['x']);
	stop();
	t.deepEqual(received, ['x', 'y', 'z']);
});

test('the terminal is read only while someone listens', (t) => {
	const terminal = new FakeTerminal();
	const stdin = new PacedStdin(terminal as unknown as InputStream);
	t.is(terminal.listenerCount('readable'), 0);
	const listener = () => {
		stdin.read();
	};

	stdin.on('readable', listener);
	t.is(terminal.listenerCount('readable'), 1);
	stdin.removeListener('readable', listener);
	t.is(terminal.listenerCount('readable'), 0);
	stdin.setRawMode(true);
	t.true(terminal.rawMode);
	t.true(stdin.isTTY);
});
