// Yoga for dist/'s CommonJS bundle (scripts/build.js). yoga-layout's own entry waits for its WebAssembly at the top
// level, which a CommonJS module can't: this one starts loading it and exports `ready`, which source/ui/run.tsx waits for
// before Ink draws. Until then the default export is undefined; Ink uses it only to draw.
import {loadYoga} from 'yoga-layout/load';

// The default export, set once loaded: a live binding (see below).
// eslint-disable-next-line import-x/no-mutable-exports
let yoga;

async function load() {
	yoga = await loadYoga();
}

// Not awaited here: a CommonJS module can't wait at its top level, which is why this file exists.
// eslint-disable-next-line unicorn/prefer-top-level-await
export const ready = load();
// A live binding, set once loaded (`export default yoga` would export undefined for good).
// eslint-disable-next-line unicorn/no-named-default
export {yoga as default};
export * from 'yoga-layout/load';
