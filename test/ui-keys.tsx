import test from 'ava';
import {Text} from 'ink';
import {useRef, useState} from 'react';
import type {Keypress} from '../source/keys/keymap.js';
import {
	type KeyHandler,
	KeypressProvider,
	KeyRouter,
	keyPriority,
	useKeypress,
} from '../source/ui/keypress.js';
import {ctrl, keys, paste, renderTerminal, until, wheel} from './helpers/ui.js';

/** What a keypress says, without the flags that are off. */
function short(key: Keypress): Record<string, unknown> {
	return Object.fromEntries(
		Object.entries(key).filter(
			([name, value]) =>
				value !== false &&
				value !== undefined &&
				// Ink's own extras, not part of a keypress.
				!['super', 'hyper', 'capsLock', 'numLock', 'eventType'].includes(name),
		),
	);
}

function Recorder({onKey}: Readonly<{onKey: (key: Keypress) => void}>) {
	useKeypress((key) => {
		onKey(key);
		return true;
	});
	return <Text>ready</Text>;
}

/** Keys as the app's one listener receives them from a terminal, through Ink. */
async function throughInk() {
	const received: Array<Record<string, unknown>> = [];
	const screen = renderTerminal(
		<KeypressProvider>
			<Recorder
				onKey={(key) => {
					received.push(short(key));
				}}
			/>
		</KeypressProvider>,
	);
	await screen.readsKeys();
	return {
		screen,
		received,
		/** Send one chunk; resolve with the keys it made. */
		async send(chunk: string, count: number) {
			const from = received.length;
			screen.write(chunk);
			await until(
				() => received.length >= from + count,
				`${count} keys from ${JSON.stringify(chunk)}`,
			);
			return received.slice(from);
		},
	};
}

test.serial(
	'keys sent together in one chunk reach the handler one by one, in order',
	async (t) => {
		const ink = await throughInk();
		t.teardown(ink.screen.unmount);
		t.deepEqual(await ink.send('jj\r', 3), [
			{input: 'j'},
			{input: 'j'},
			{input: '', return: true},
		]);
		const filter = await ink.send('/miami\r\r', 8);
		t.deepEqual(
			filter.map((key) => (key.return ? 'Enter' : key.input)),
			['/', 'm', 'i', 'a', 'm', 'i', 'Enter', 'Enter'],
		);
		t.like(await ink.send(`${keys.down}${keys.down}${keys.enter}`, 3), [
			{downArrow: true},
			{downArrow: true},
			{return: true},
		]);
		t.like(await ink.send(`ab${ctrl('s')}`, 3), [
			{input: 'a'},
			{input: 'b'},
			{input: 's', ctrl: true},
		]);
	},
);

test.serial('named keys arrive as Ink names them', async (t) => {
	const ink = await throughInk();
	t.teardown(ink.screen.unmount);
	t.like(await ink.send(keys['shift-tab'], 1), [{tab: true, shift: true}]);
	t.like(await ink.send(keys.tab, 1), [{tab: true}]);
	t.like(await ink.send(keys.pagedown, 1), [{pageDown: true}]);
	t.like(await ink.send(keys.home + keys.end, 2), [{home: true}, {end: true}]);
	t.like(await ink.send(ctrl('d'), 1), [{input: 'd', ctrl: true}]);
	t.like(await ink.send(' ', 1), [{input: ' '}]);
	t.like(await ink.send(keys.backspace, 1), [{input: ''}]);
	// A lone Esc, once Ink has seen nothing follows it.
	t.like(await ink.send(keys.escape, 1), [{escape: true}]);
});

test.serial('a bracketed paste is one keypress with its lines', async (t) => {
	const ink = await throughInk();
	t.teardown(ink.screen.unmount);
	t.deepEqual(await ink.send(paste('one\rtwo q'), 1), [
		{input: 'one\rtwo q', paste: true},
	]);
	// Keys after it in the same chunk are keys again.
	t.like(await ink.send(`${paste('x')}j`, 2), [
		{input: 'x', paste: true},
		{input: 'j'},
	]);
});

test.serial(
	'the mouse wheel is one keypress a turn, several turns in one chunk too',
	async (t) => {
		const ink = await throughInk();
		t.teardown(ink.screen.unmount);
		t.deepEqual(await ink.send(wheel.down, 1), [
			{input: '', mouse: 'wheelDown'},
		]);
		t.deepEqual(await ink.send(wheel.up, 1), [{input: '', mouse: 'wheelUp'}]);
		t.deepEqual(await ink.send(wheel.down + wheel.down, 2), [
			{input: '', mouse: 'wheelDown'},
			{input: '', mouse: 'wheelDown'},
		]);
		// A click is no key: the next key is the first one seen.
		t.deepEqual(await ink.send('\u001B[<0;10;5Mq', 1), [{input: 'q'}]);
	},
);

// The router

test('the router gives a key to the highest priority first; a handler that takes it stops it there', (t) => {
	const router = new KeyRouter();
	const seen: string[] = [];
	const handler =
		(name: string, takes: boolean): KeyHandler =>
		() => {
			seen.push(name);
			return takes;
		};

	router.register(handler('screen', true), keyPriority.screen, () => true);
	router.register(handler('app', false), keyPriority.app, () => true);
	router.register(handler('router', false), keyPriority.router, () => true);
	router.dispatch({input: 'j'});
	t.deepEqual(seen, ['app', 'router', 'screen']);

	seen.length = 0;
	const unregister = router.register(
		handler('overlay', true),
		keyPriority.router,
		() => true,
	);
	router.dispatch({input: 'j'});
	t.deepEqual(seen, ['app', 'overlay']);
	unregister();
	seen.length = 0;
	router.dispatch({input: 'j'});
	t.deepEqual(seen, ['app', 'router', 'screen']);
});

test('among handlers of one priority the one registered last goes first, and an inactive one is skipped, asked at each key', (t) => {
	const router = new KeyRouter();
	const seen: string[] = [];
	let active = false;
	router.register(
		() => {
			seen.push('first');
			return true;
		},
		0,
		() => true,
	);
	router.register(
		() => {
			seen.push('second');
			return true;
		},
		0,
		() => active,
	);
	router.dispatch({input: 'a'});
	active = true;
	router.dispatch({input: 'b'});
	t.deepEqual(seen, ['first', 'second']);
});

test.serial(
	'useKeypress: a handler made active by a key gets the very next key of the same chunk',
	async (t) => {
		const seen: string[] = [];
		function Layers() {
			const [open, setOpen] = useState(false);
			// The overlay's state as a handler reads it, changed as the key is handled.
			const box = useRef({open: false}).current;
			useKeypress(
				(key) => {
					seen.push(`overlay ${key.input}`);
					if (key.input === 'x') {
						box.open = false;
						setOpen(false);
					}

					return true;
				},
				{priority: keyPriority.router, isActive: () => box.open},
			);
			useKeypress((key) => {
				seen.push(`screen ${key.input}`);
				if (key.input === 'o') {
					box.open = true;
					setOpen(true);
				}

				return true;
			});
			return <Text>{open ? 'overlay' : 'screen'}</Text>;
		}

		const screen = renderTerminal(
			<KeypressProvider>
				<Layers />
			</KeypressProvider>,
		);
		t.teardown(screen.unmount);
		await screen.readsKeys();
		screen.write('aojxb');
		t.deepEqual(seen, [
			'screen a',
			'screen o',
			'overlay j',
			'overlay x',
			'screen b',
		]);
		await screen.waitFor('screen');
	},
);
