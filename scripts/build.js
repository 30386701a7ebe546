// Bundles gazette into dist/ with esbuild: the CLI as one CommonJS script (gazette.cjs) run by a launcher (cli.js) with
// V8's code cache, and the workers as ES modules beside it.
import {existsSync, readdirSync, rmSync, statSync} from 'node:fs';
import {readFile, writeFile} from 'node:fs/promises';
import {createHash} from 'node:crypto';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const output = path.join(root, 'dist', 'cli.js');

function newestSource(folder) {
	let newest = 0;
	for (const entry of readdirSync(folder, {withFileTypes: true})) {
		const full = path.join(folder, entry.name);
		newest = Math.max(
			newest,
			entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs,
		);
	}

	return newest;
}

if (process.argv.includes('--if-stale') && existsSync(output)) {
	const built = statSync(output).mtimeMs;
	const sources = Math.max(
		newestSource(path.join(root, 'source')),
		statSync(path.join(root, 'cli.tsx')).mtimeMs,
		statSync(path.join(root, 'package-lock.json')).mtimeMs,
	);
	if (built >= sources) {
		process.exit(0);
	}
}

const stringWidthWrapper = path.join(
	root,
	'source',
	'terminal',
	'string-width.ts',
);

/** Ink and its helpers import string-width; give them gazette's wrapper, which skips its costly emoji pattern for text that doesn't need it (about 20 ms of the first frame). CommonJS requires (cli-table3's older string-width) are left alone. */
const fastStringWidth = {
	name: 'fast-string-width',
	setup(build) {
		build.onResolve({filter: /^string-width$/}, (arguments_) =>
			arguments_.kind === 'import-statement' &&
			arguments_.importer !== stringWidthWrapper
				? {path: stringWidthWrapper}
				: undefined,
		);
	},
};

/**
Change the text of the package files that match `filter` as they are bundled: each `[before, after]` in `changes`, once.
The build fails when a `before` is not in the file (a new version of the package), rather than quietly losing the change.
*/
function patchFile(name, filter, changes) {
	return {
		name,
		setup(build) {
			build.onLoad({filter}, async (arguments_) => {
				let source = await readFile(arguments_.path, 'utf8');
				for (const [before, after] of changes) {
					if (!source.includes(before)) {
						throw new Error(
							`${arguments_.path}: no \`${before.split('\n')[0].trim()}\` to change (${name})`,
						);
					}

					source = source.replace(before, after);
				}

				return {contents: source, loader: 'js'};
			});
		},
	};
}

/**
Yoga, Ink's layout engine, loads its WebAssembly (inlined as base64) through `fetch` when there is one, and the first use of `fetch` makes Node load its HTTP client, undici: about 85 ms of CPU at every start of the reader, for bytes already in memory. Without it Yoga decodes them itself, as it does where there is no `fetch`. The build fails if the check is no longer there (a new Yoga), rather than quietly losing this.
*/
const yogaWithoutFetch = patchFile(
	'yoga-without-fetch',
	/yoga-wasm-base64-esm\.js$/,
	[['"function"!=typeof fetch', 'true']],
);

/**
The meow package bundles normalize-package-data and sets it up as it loads (spdx licence tables sorted and all): about 16 ms at every start, for a function meow calls only when `cli.pkg` is read, which gazette never does. Set it up at its first call instead. The build fails if meow no longer has the line this changes.
*/
const meowLazyNormalize = patchFile(
	'meow-lazy-normalize',
	/meow[\\/]build[\\/]dependencies\.js$/,
	[
		[
			'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);',
			'const normalizePackageData = (...arguments_) => getDefaultExportFromCjs(requireNormalize())(...arguments_);',
		],
	],
);

/**
Give the imports that match `filter` (made by a module whose path matches `importer`, when given) the file `replacement`
in scripts/ instead. An alias can't name a package's subpath, nor only some importers: hence plugins.
*/
function replaceImport(name, filter, replacement, importer) {
	return {
		name,
		setup(build) {
			build.onResolve({filter}, (arguments_) =>
				importer === undefined ||
				(importer.test(arguments_.importer) &&
					arguments_.kind === 'import-statement')
					? {path: path.join(root, 'scripts', replacement)}
					: undefined,
			);
		},
	};
}

/** Linkedom's CSS parser, for the style sheets gazette never reads: see scripts/cssomnom-stub.js. */
const linkedomWithoutCss = replaceImport(
	'linkedom-without-css',
	/^cssomnom\/parse$/,
	'cssomnom-stub.js',
);

/** Conf imports ajv (and ajv-formats) for the schema gazette never gives it: see scripts/ajv-stub.js. */
const confWithoutAjv = replaceImport(
	'conf-without-ajv',
	/^(ajv\/dist\/2020\.js|ajv-formats)$/,
	'ajv-stub.js',
);

/**
Linkedom gives every node, as it is made, an empty map of event listeners in a WeakMap: a page of a few thousand nodes
was about 10% of extracting it, and more of the collector's work (a WeakMap's entries are costly to collect). Nothing in
the extraction listens to events. The map is made when a listener is first added, as jsdom and happy-dom do. The build
fails if linkedom no longer has the code this changes.
*/
const linkedomLazyListeners = patchFile(
	'linkedom-lazy-listeners',
	/linkedom[\\/]esm[\\/]interface[\\/]event-target\.js$/,
	[
		[
			'  constructor() {\n    wm.set(this, new Map);\n  }',
			'  constructor() {}',
		],
		[
			'  addEventListener(type, listener, options) {\n    const map = wm.get(this);',
			'  addEventListener(type, listener, options) {\n    let map = wm.get(this);\n    if (!map) wm.set(this, map = new Map);',
		],
		[
			'  removeEventListener(type, listener) {\n    const map = wm.get(this);\n    if (map.has(type)) {',
			'  removeEventListener(type, listener) {\n    const map = wm.get(this);\n    if (map && map.has(type)) {',
		],
	],
);

/**
Ink draws each frame by cutting every line of text into styled characters (@alcalzone/ansi-tokenize), and keeps them
for that frame only. Scrolling the reader by a line draws a frame whose lines are nearly all the last frame's: cutting
them up again was about a third of a keystroke's time in the 1 MB article (npm run bench), and much of the collector's.
The characters are kept across frames, in two generations of at most 256 lines (a screen of up to 256 rows is kept whole;
512 lines took peak memory with that article from 153 to 176 MB, 256 to 165 MB). Ink never changes them once made, and
reads them only to copy them into its grid. Scroll p95 went from 26–29 ms to 10–17 ms. The build fails if Ink's output
no longer has the code this changes.
*/
const inkKeepsStyledLines = patchFile(
	'ink-keeps-styled-lines',
	/ink[\\/]build[\\/]output\.js$/,
	[
		[
			'class OutputCaches {\n    widths = new Map();\n    blockWidths = new Map();\n    styledChars = new Map();',
			`const keptStyledChars = (() => {
    let current = new Map();
    let previous = new Map();
    return {
        get(line) {
            let chars = current.get(line);
            if (chars === undefined) {
                chars = previous.get(line);
                if (chars !== undefined) {
                    this.set(line, chars);
                }
            }
            return chars;
        },
        set(line, chars) {
            if (current.size >= 256) {
                previous = current;
                current = new Map();
            }
            current.set(line, chars);
        },
    };
})();
class OutputCaches {
    widths = new Map();
    blockWidths = new Map();
    styledChars = keptStyledChars;`,
		],
	],
);

/** Conf's semver, loaded at its first use: see scripts/semver-lazy.js (whose own `require('semver')` is left alone). */
const confLazySemver = replaceImport(
	'conf-lazy-semver',
	/^semver$/,
	'semver-lazy.js',
	/[\\/]conf[\\/]/,
);

/**
Ink's reconciler waits at its top level for its devtools and for its package.json, both only when DEV is set. A CommonJS
module can't wait at its top level, and gazette bundles no devtools (scripts/devtools-stub.js): with DEV=true in the
environment, loading them made gazette fail to start. The bundle does without both, whatever DEV is.
*/
const inkWithoutDevtools = patchFile(
	'ink-without-devtools',
	/ink[\\/]build[\\/]reconciler\.js$/,
	[
		["await import('./devtools.js');", '// Gazette bundles no devtools.'],
		['? await loadPackageJson()', '? {name: undefined, version: undefined}'],
	],
);

/** Yoga's entry waits at its top level for its WebAssembly: the bundle gets scripts/yoga-cjs.js instead. */
const yogaInBackground = replaceImport(
	'yoga-in-background',
	/^yoga-layout$/,
	'yoga-cjs.js',
);

/** What every part of dist/ is built with. */
const common = {
	bundle: true,
	platform: 'node',
	target: 'node20',
	jsx: 'automatic',
	// Less for Node to parse at start-up: 348 → 306 ms to the list's first frame in npm run bench.
	minify: true,
	sourcemap: false,
	legalComments: 'none',
	logLevel: 'warning',
	// A native module: loaded from node_modules as it is, never bundled.
	external: ['better-sqlite3'],
	// Ink imports its devtools only when DEV is set; the package is not installed.
	alias: {
		'react-devtools-core': path.join(root, 'scripts', 'devtools-stub.js'),
		// Marked-terminal imports cli-highlight for code blocks, which gazette draws itself: see the stub.
		'cli-highlight': path.join(root, 'scripts', 'cli-highlight-stub.js'),
		// Turndown's HTML parser: gazette gives it parsed elements; see the stub.
		'@mixmark-io/domino': path.join(root, 'scripts', 'domino-stub.js'),
	},
	define: {'process.env.NODE_ENV': '"production"'},
	plugins: [
		fastStringWidth,
		yogaWithoutFetch,
		meowLazyNormalize,
		confWithoutAjv,
		linkedomLazyListeners,
		confLazySemver,
		linkedomWithoutCss,
	],
};

// Chunk names change with their content: start from an empty dist/ so old chunks don't pile up.
rmSync(path.join(root, 'dist'), {recursive: true, force: true});

/*
The workers, as ES modules beside the bundle (source/library/module-worker.ts starts them by name beside their caller):
each loads what it runs and nothing of the CLI.
*/
await build({
	...common,
	entryPoints: {
		'extract-worker': path.join(root, 'source', 'feeds', 'extract-worker.ts'),
		'index-reader': path.join(root, 'source', 'library', 'index-reader.ts'),
	},
	outdir: path.join(root, 'dist'),
	splitting: true,
	format: 'esm',
	chunkNames: 'chunks/[name]-[hash]',
	banner: {
		js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);",
	},
});

/*
The CLI, as one CommonJS script: V8 can keep the code it compiled of a script for the next run, and not of an ES module
(source/launcher/code-cache.ts). Strict, as the ES modules it is made of are. Each module's `import.meta.url` is the
bundle's, as in one chunk of an ES bundle.
*/
const bundled = await build({
	...common,
	entryPoints: [path.join(root, 'cli.tsx')],
	outfile: path.join(root, 'dist', 'gazette.cjs'),
	format: 'cjs',
	write: false,
	define: {...common.define, 'import.meta.url': '__importMetaUrl'},
	banner: {
		js: "'use strict';\nconst __importMetaUrl = require('node:url').pathToFileURL(__filename).href;",
	},
	plugins: [
		...common.plugins,
		inkWithoutDevtools,
		inkKeepsStyledLines,
		yogaInBackground,
	],
});
const bundle = bundled.outputFiles[0].contents;
await writeFile(path.join(root, 'dist', 'gazette.cjs'), bundle);

// The launcher, dist/cli.js, with the name of the bundle's text: a code cache is only ever given the text it was made of.
await build({
	...common,
	entryPoints: [path.join(root, 'source', 'launcher', 'launch.ts')],
	outfile: output,
	format: 'esm',
	define: {
		...common.define,
		gazetteBuildId: JSON.stringify(
			createHash('sha256').update(bundle).digest('hex').slice(0, 20),
		),
	},
	plugins: [],
});

for (const worker of ['extract-worker', 'index-reader']) {
	if (!existsSync(path.join(root, 'dist', `${worker}.js`))) {
		throw new Error(`dist/${worker}.js was not built`);
	}
}

// A conf that imports ajv under another name would bring it back quietly: the stub must be what conf got.
if (!new TextDecoder().decode(bundle).includes('gazette bundles no ajv')) {
	throw new Error(
		'conf no longer imports ajv/dist/2020.js and ajv-formats: update the conf-without-ajv plugin',
	);
}
