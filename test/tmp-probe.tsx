import test from 'ava';
import {renderReader, wheel} from './helpers/ui.js';
for (const n of [1,2,3]) test.serial('probe '+n, async (t) => {
	const r = await renderReader(t);
	const frames: string[] = [];
	r.stdout.on('frame', () => frames.push(r.lines().at(-1)!));
	r.write(wheel.down + wheel.down);
	await new Promise((res) => setTimeout(res, 300));
	console.log(n, frames.join(' | '));
	t.pass();
});
