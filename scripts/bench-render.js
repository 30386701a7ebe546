// Measures the renderer on input that was once superlinear, against plain prose of the same size: a 100,000-character unbroken CJK paragraph, and a 20-column table of 1,250, 2,500 and 5,000 rows.
// Standalone: it bundles the renderer from source/ with esbuild into a temporary folder, so it needs no build of the CLI.
//   node scripts/bench-render.js [--runs N] [--json]
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import {random} from './bench-inputs.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const argv = process.argv.slice(2);
if (argv.includes('--help')) {
	process.stdout.write(
		'Usage: node scripts/bench-render.js [--runs N] [--json]\n',
	);
	process.exit(0);
}

const runsAt = argv.indexOf('--runs');
const runs = runsAt === -1 ? 5 : Math.max(1, Number(argv[runsAt + 1]) || 5);
const asJson = argv.includes('--json');
const width = 80;

const folder = mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-render-'));
const entry = path.join(folder, 'entry.ts');
writeFileSync(
	entry,
	`export {renderDocumentLines} from ${JSON.stringify(path.join(root, 'source/document/render.ts'))};\nexport {parseDocument} from ${JSON.stringify(path.join(root, 'source/document/sections.ts'))};\n`,
);
const bundle = path.join(folder, 'renderer.mjs');
await build({
	entryPoints: [entry],
	bundle: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	outfile: bundle,
	logLevel: 'warning',
	// Some dependencies are CommonJS: give the bundle a require.
	banner: {
		js: "import {createRequire as gazetteRequire} from 'node:module'; const require = gazetteRequire(import.meta.url);",
	},
});
const {renderDocumentLines, parseDocument} = await import(
	pathToFileURL(bundle).href
);

const words =
	'the council harbour ferry market budget minister mayor port trade weather storm election vote court ruling talks summit union strike rail bridge river city village school'.split(
		' ',
	);

/** Prose of about `length` characters: words and spaces, a paragraph every few hundred characters. */
function prose(length, seed) {
	const next = random(seed);
	let text = '';
	let paragraph = 0;
	while (text.length < length) {
		const word = words[Math.floor(next() * words.length)];
		text += word;
		paragraph += word.length + 1;
		if (paragraph > 600) {
			text += '.\n\n';
			paragraph = 0;
		} else {
			text += ' ';
		}
	}

	return text.slice(0, length);
}

function cjkParagraph(length) {
	let text = '';
	for (let index = 0; index < length; index++) {
		text += String.fromCodePoint(0x4e_00 + ((index * 7919) % 20_000));
	}

	return text;
}

function table(rows, columns, seed) {
	const next = random(seed);
	const cell = () =>
		Array.from(
			{length: 1 + Math.floor(next() * 3)},
			() => words[Math.floor(next() * words.length)],
		).join(' ');
	const lines = [
		'| ' +
			Array.from({length: columns}, (_, index) => `Column ${index}`).join(
				' | ',
			) +
			' |',
		'|' + Array.from({length: columns}, () => '---').join('|') + '|',
	];
	for (let row = 0; row < rows; row++) {
		lines.push(
			'| ' + Array.from({length: columns}, () => cell()).join(' | ') + ' |',
		);
	}

	return lines.join('\n') + '\n';
}

/** Parse and render a markdown text at the width, `runs` times: the fastest run in milliseconds, the figure least moved by other work on a shared machine. */
function time(markdown) {
	const times = [];
	let lines = 0;
	for (let run = 0; run < runs; run++) {
		const started = performance.now();
		lines = renderDocumentLines(parseDocument(markdown), width, {
			hyperlinks: false,
		}).length;
		times.push(performance.now() - started);
	}

	return {ms: Math.min(...times), lines};
}

const cases = [
	['100,000-character unbroken CJK paragraph', cjkParagraph(100_000)],
	['20-column table, 1,250 rows', table(1250, 20, 1)],
	['20-column table, 2,500 rows', table(2500, 20, 2)],
	['20-column table, 5,000 rows', table(5000, 20, 3)],
];

// Warm up the JIT and the lazy modules on something small.
time(table(50, 20, 9) + cjkParagraph(2000));

const results = [];
for (const [name, markdown] of cases) {
	const measured = time(markdown);
	const baseline = time(prose(markdown.length, markdown.length));
	results.push({
		name,
		characters: markdown.length,
		ms: Number(measured.ms.toFixed(1)),
		lines: measured.lines,
		proseMs: Number(baseline.ms.toFixed(1)),
		ratio: Number((measured.ms / baseline.ms).toFixed(2)),
	});
}

rmSync(folder, {recursive: true, force: true});

if (asJson) {
	process.stdout.write(JSON.stringify(results, null, '\t') + '\n');
} else {
	process.stdout.write(
		`gazette render benchmark: parse and render at ${width} columns, fastest of ${runs} runs, against prose of the same number of characters (target: within 2×)\n\n| Input | Characters | gazette | Prose | Ratio |  |\n| --- | ---: | ---: | ---: | ---: | :-: |\n`,
	);
	for (const result of results) {
		process.stdout.write(
			`| ${result.name} | ${result.characters.toLocaleString('en')} | ${result.ms} ms | ${result.proseMs} ms | ${result.ratio}× | ${result.ratio <= 2 ? '✓' : '✗'} |\n`,
		);
	}
}
