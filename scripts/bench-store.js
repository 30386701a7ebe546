#!/usr/bin/env node
/*
The store's benchmark: saving with a 60 MB state, and 60 `gazette comment` processes at once.

	npm run build && node scripts/bench-store.js [--quick]

Prints a markdown table: each row with its baseline (gazette before issue 13, measured on the same 2-core machine) and the run's number. --quick: a 6 MB state and 20 writers, for a smoke run.

Standalone: it drives dist/cli.js for the CLI rows and the store's source (through tsx, started here) for the in-process rows.
*/
import {execFile, spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
// --cli <path>: another build's CLI, to measure a baseline; the in-process rows are then left out.
const otherCli = process.argv.includes('--cli')
	? path.resolve(process.argv[process.argv.indexOf('--cli') + 1])
	: undefined;
const cli = otherCli ?? path.join(root, 'dist', 'cli.js');

/** Measured with the code before the issue 13 changes (5f7e186: conf, proper-lockfile, one file) on the same 2-core machine, loaded (load average about 20), full run. */
const baselines = {
	commentMs: '11,526 ms',
	commentRssMb: '506 MB',
	positionSaveMs: '2,031 ms',
	draftSaveMs: '2,897 ms',
	writersOk: '22 of 60, 19 saved',
	writersLastMs: '45.3 s',
};

function temporaryDirectory() {
	return fs.mkdtempSync(path.join(os.tmpdir(), 'gazette-bench-store-'));
}

/** A state file of about `megabytes` MB: comments of about 1.2 KB each, spread over 500 articles. */
function writeLargeState(directory, megabytes) {
	const body = 'A comment of some length, as readers write them. '.repeat(22);
	const count = Math.round((megabytes * 1024 * 1024) / 1300);
	const comments = Array.from({length: count}, (_, index) => ({
		id: `c${index}`,
		articleId: `article-${index % 500}`,
		sectionId: null,
		quote: null,
		parentId: null,
		author: 'Reader',
		email: '',
		body: `${index} ${body}`,
		createdAt: '2026-01-01T00:00:00.000Z',
		updatedAt: '2026-01-01T00:00:00.000Z',
	}));
	const articles = Object.fromEntries(
		Array.from({length: 500}, (_, index) => [
			`article-${index}`,
			{read: false, collapsed: [], bookmarked: false, progress: 10},
		]),
	);
	const file = path.join(directory, 'config.json');
	fs.writeFileSync(
		file,
		JSON.stringify(
			{
				__internal__: {migrations: {version: '0.2.0'}},
				articles,
				settings: {name: 'Reader', email: '', theme: 'default', maxWidth: 100},
				comments,
				drafts: {},
			},
			undefined,
			'\t',
		),
	);
	return {file, count, bytes: fs.statSync(file).size};
}

/** Run the CLI; resolves with its exit code, time and peak memory (from /usr/bin/time when there is one). */
async function runCli(args, input) {
	const timed = fs.existsSync('/usr/bin/time');
	const command = timed ? '/usr/bin/time' : process.execPath;
	const commandArgs = timed
		? ['-f', 'maxrss %M', process.execPath, cli, ...args]
		: [cli, ...args];
	const started = performance.now();
	return new Promise((resolve) => {
		const child = execFile(
			command,
			commandArgs,
			{env: {...process.env, NO_COLOR: '1'}, maxBuffer: 64 * 1024 * 1024},
			(error, stdout, stderr) => {
				const rss = /maxrss (\d+)/.exec(stderr)?.[1];
				resolve({
					code: error ? (error.code ?? 1) : 0,
					ms: performance.now() - started,
					rssMb: rss ? Number(rss) / 1024 : undefined,
					stderr,
				});
			},
		);
		if (input !== undefined) {
			child.stdin.end(input);
		}
	});
}

const articlesDir = path.join(root, 'articles');
const articleId = 'miami-summit';

async function main() {
	if (!fs.existsSync(cli)) {
		throw new Error('build first: npm run build');
	}

	const {loadConf, Store} = await import('../source/store/store.js');
	await loadConf();
	const {keepDraft, saveReadingPosition} =
		await import('../source/store/writes.js');
	const megabytes = quick ? 6 : 60;
	const writers = quick ? 20 : 60;
	const rows = [];

	// 1. One `gazette comment` with a large state.
	const directory = temporaryDirectory();
	const state = writeLargeState(directory, megabytes);
	const comment = await runCli(
		[
			'comment',
			articleId,
			'--dir',
			articlesDir,
			'--state-dir',
			directory,
			'--name',
			'Bench',
			'--text',
			'One more comment.',
		],
		undefined,
	);
	if (comment.code !== 0) {
		throw new Error(`comment failed: ${comment.stderr}`);
	}

	rows.push([
		`\`gazette comment\` with a ${(state.bytes / 1024 / 1024).toFixed(0)} MB state (${state.count.toLocaleString('en-US')} comments)`,
		baselines.commentMs,
		`${Math.round(comment.ms)} ms`,
	]);
	if (comment.rssMb !== undefined) {
		rows.push([
			'… its peak memory',
			baselines.commentRssMb,
			`${Math.round(comment.rssMb)} MB`,
		]);
	}

	// 1b. Once more: the first run moved the comments to comments.json (layout 0.3.0, a one-time migration); this is every later run.
	const again = await runCli(
		[
			'comment',
			articleId,
			'--dir',
			articlesDir,
			'--state-dir',
			directory,
			'--name',
			'Bench',
			'--text',
			'And another.',
		],
		undefined,
	);
	if (again.code !== 0) {
		throw new Error(`comment failed: ${again.stderr}`);
	}

	rows.push([
		'… the next `gazette comment` (the comments now in comments.json)',
		'—',
		`${Math.round(again.ms)} ms`,
	]);
	if (again.rssMb !== undefined) {
		rows.push(['… its peak memory', '—', `${Math.round(again.rssMb)} MB`]);
	}

	// 2. The reader's saves with that state: a position, a draft (the store open, as in the reader).
	if (otherCli === undefined) {
		rows.push(
			...inProcessRows(Store, keepDraft, saveReadingPosition, directory),
		);
	}

	fs.rmSync(directory, {recursive: true, force: true});
	rows.push(...(await crowdRows(writers)));
	process.stdout.write(
		[
			'| what | before | now |',
			'| --- | --- | --- |',
			...rows.map((row) => `| ${row.join(' | ')} |`),
		].join('\n') + '\n',
	);
}

function inProcessRows(Store, keepDraft, saveReadingPosition, directory) {
	const rows = [];
	const store = Store.open({stateDir: directory, debounceMs: 60_000});
	const time = (action) => {
		const samples = [];
		for (let index = 0; index < 5; index++) {
			const started = performance.now();
			action(index);
			store.flush();
			samples.push(performance.now() - started);
		}

		samples.sort((a, b) => a - b);
		return samples[2];
	};

	const position = time((index) => {
		saveReadingPosition(store, 'article-1', {
			position: {sectionId: 's', lineInSection: index},
			collapsed: [],
			progress: 20 + index,
		});
	});
	rows.push([
		`a position save with that state (median of 5)`,
		baselines.positionSaveMs,
		`${Math.round(position)} ms`,
	]);
	const draft = time((index) => {
		keepDraft(
			store,
			{articleId: 'article-1', sectionId: null, parentId: null, quote: null},
			{name: 'Bench', email: '', body: `typing ${index}`},
		);
	});
	rows.push([
		`a draft save with that state (median of 5)`,
		baselines.draftSaveMs,
		`${Math.round(draft)} ms`,
	]);
	store.close();
	return rows;
}

/** Many `gazette comment` at once on a small state. */
async function crowdRows(writers) {
	const rows = [];
	const crowded = temporaryDirectory();
	const started = performance.now();
	const results = await Promise.all(
		Array.from({length: writers}, async (_, index) =>
			runCli([
				'comment',
				articleId,
				'--dir',
				articlesDir,
				'--state-dir',
				crowded,
				'--name',
				`Writer ${index}`,
				'--text',
				`Comment ${index}`,
			]),
		),
	);
	const last = performance.now() - started;
	const succeeded = results.filter((result) => result.code === 0).length;
	// Since 0.3 the comments have a file of their own; before, they were in config.json.
	const commentsFile = fs.existsSync(path.join(crowded, 'comments.json'))
		? path.join(crowded, 'comments.json')
		: path.join(crowded, 'config.json');
	const saved = JSON.parse(fs.readFileSync(commentsFile, 'utf8')).comments
		.length;
	rows.push(
		[
			`${writers} \`gazette comment\` at once: succeeded, and saved`,
			baselines.writersOk,
			`${succeeded} of ${writers}, ${saved} saved`,
		],
		[
			`… time until the last one finished`,
			baselines.writersLastMs,
			`${(last / 1000).toFixed(1)} s`,
		],
	);
	fs.rmSync(crowded, {recursive: true, force: true});
	return rows;
}

// Re-run under tsx, which the in-process rows need to import the store's TypeScript.
if (process.execArgv.some((argument) => argument.includes('tsx'))) {
	await main();
} else {
	const child = spawn(
		process.execPath,
		['--import=tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)],
		{stdio: 'inherit', cwd: root},
	);
	child.on('close', (code) => {
		process.exitCode = code ?? 1;
	});
}
