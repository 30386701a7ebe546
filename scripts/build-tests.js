// Compiles the tests and the source they import to JavaScript in .test-build/, file for file, for AVA to run (through
// @ava/typescript, which maps test/x.ts to .test-build/test/x.js). Loading TypeScript through tsx in each of AVA's worker
// processes took about 0.5 s of CPU per test file, a third of `npm test` on two cores; compiling once takes under a second.
//
// The tree keeps the repository's shape, so that paths a test builds from import.meta.url (articles/, dist/, fixtures)
// still resolve: articles/ and dist/ are links to the real folders, and every fixture is linked too, with its TypeScript
// also compiled beside it (the tests import, or run as a program, the compiled .js).
import {mkdirSync, readdirSync, rmSync, symlinkSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {build} from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const output = path.join(root, '.test-build');
const fixtures = path.join('test', 'fixtures');

/** Every file under `folder` (relative to the root), depth first. */
function files(folder) {
	return readdirSync(path.join(root, folder), {withFileTypes: true}).flatMap(
		(entry) => {
			const relative = path.join(folder, entry.name);
			return entry.isDirectory() ? files(relative) : [relative];
		},
	);
}

const typescript = (file) => /\.tsx?$/.test(file) && !file.endsWith('.d.ts');

rmSync(output, {recursive: true, force: true});

const fixtureFiles = files(fixtures);
await build({
	entryPoints: [
		'cli.tsx',
		...files('source'),
		...files('test').filter((file) => !file.startsWith(fixtures)),
		...fixtureFiles,
	].filter((file) => typescript(file)),
	absWorkingDir: root,
	outdir: output,
	outbase: root,
	bundle: false,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	jsx: 'automatic',
	sourcemap: 'inline',
	logLevel: 'error',
});

for (const folder of ['articles', 'dist']) {
	symlinkSync(path.join('..', folder), path.join(output, folder));
}

for (const file of fixtureFiles) {
	const link = path.join(output, file);
	mkdirSync(path.dirname(link), {recursive: true});
	symlinkSync(path.relative(path.dirname(link), path.join(root, file)), link);
}

/*
Then each test file again, bundled with what it imports (its helpers, the source, the packages) into the one file AVA
loads. Loading Ink, React, marked and their dependencies as hundreds of separate modules cost a test file up to 1 s of CPU
before its first test; bundled, about a third of that. The file-for-file tree above stays: workers, fixtures and the
programs the tests start are loaded from it by path. Each module keeps its own `import.meta.url` (its file in that tree),
so paths built from it resolve as before.
*/
const ownUrl = {
	name: 'own-import-meta-url',
	setup(build) {
		build.onLoad({filter: /\.tsx?$/}, async (arguments_) => {
			const relative = path.relative(root, arguments_.path);
			if (relative.startsWith('..') || relative.startsWith('node_modules')) {
				return undefined;
			}

			const compiled = path.join(output, relative.replace(/\.tsx?$/, '.js'));
			const source = await readFile(arguments_.path, 'utf8');
			return {
				contents: source.replaceAll(
					'import.meta.url',
					JSON.stringify(pathToFileURL(compiled).href),
				),
				loader: arguments_.path.endsWith('x') ? 'tsx' : 'ts',
			};
		});
	},
};

await build({
	entryPoints: files('test').filter(
		(file) =>
			typescript(file) &&
			!file.startsWith(fixtures) &&
			!file.startsWith(path.join('test', 'helpers')),
	),
	absWorkingDir: root,
	outdir: output,
	outbase: root,
	allowOverwrite: true,
	bundle: true,
	// What several test files share (Ink, React, marked, the source) is written once, in chunks they import.
	splitting: true,
	chunkNames: 'test/chunks/[name]-[hash]',
	format: 'esm',
	platform: 'node',
	target: 'node20',
	jsx: 'automatic',
	// Beside the file, and without the sources (they are on disk): inline, the map of a bundle would be most of it.
	sourcemap: 'linked',
	sourcesContent: false,
	logLevel: 'error',
	// The same AVA as the worker's; native modules as they are installed.
	external: ['ava', 'better-sqlite3', 'node-pty'],
	// Ink imports its devtools only when DEV is set; the package is not installed (as in scripts/build.js).
	alias: {
		'react-devtools-core': path.join(root, 'scripts', 'devtools-stub.js'),
	},
	plugins: [ownUrl],
	banner: {
		js: "import {createRequire as __bundleRequire} from 'node:module'; const require = __bundleRequire(import.meta.url);",
	},
});
