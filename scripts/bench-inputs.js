// Inputs for scripts/bench.ts, generated into a temporary folder (nothing is committed).
// Everything is deterministic (seeded), so two runs of the benchmark read the same text.
import {Buffer} from 'node:buffer';
import {copyFileSync, mkdirSync, readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';

/** A small seeded PRNG (Park–Miller), exact in floating point. */
export function random(seed) {
	let state = (Math.abs(Math.floor(seed)) % 2_147_483_646) + 1;
	return () => {
		state = (state * 48_271) % 2_147_483_647;
		return (state - 1) / 2_147_483_646;
	};
}

const words =
	`the a of to and in on for with at by from council harbour ferry market budget
minister mayor port trade weather storm election vote court ruling talks summit
union strike rail bridge river city village school hospital clinic farmers harvest
prices energy grid solar wind coal oil gas exports imports shipping container
museum library festival theatre music film novel poet archive letters records
police inquiry report audit review plan scheme project funding grant loan debt
bank rates inflation wages jobs workers factory plant mill mine quarry forest
coast island mountain valley road tunnel airport station tram bus cycle lane
parliament senate assembly committee hearing witness evidence verdict appeal
doctors nurses teachers students parents residents neighbours visitors tourists
drought flood rainfall heatwave frost snow season spring summer autumn winter
quiet busy early late new old first last major minor local national regional`
		.split(/\s+/)
		.filter(Boolean);

const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);

function pick(next, list) {
	return list[Math.floor(next() * list.length)];
}

function sentence(next, min = 8, max = 20) {
	const count = min + Math.floor(next() * (max - min + 1));
	const parts = [];
	for (let index = 0; index < count; index++) {
		parts.push(pick(next, words));
	}

	return capitalised(parts.join(' ')) + '.';
}

function paragraph(next, sentences = 4) {
	const parts = [];
	for (let index = 0; index < sentences; index++) {
		let text = sentence(next);
		const roll = next();
		if (roll < 0.15) {
			text = text.replace(
				/ (\w+ \w+ \w+)\./,
				(_, phrase) => ` “${phrase},” one resident said.`,
			);
		} else if (roll < 0.25) {
			text = text.replace(/ (\w+) (\w+) /, ' **$1** _$2_ ');
		} else if (roll < 0.3) {
			text = text.replace(/ (\w+) /, ' `$1` ');
		}

		parts.push(text);
	}

	return parts.join(' ');
}

function codeBlock(next, index) {
	const name = `section${index}`;
	return [
		'```js',
		`// Figures for section ${index}`,
		`export function ${name}(rows) {`,
		`\tconst total = rows.reduce((sum, row) => sum + row.value * ${(next() * 10).toFixed(2)}, 0);`,
		`\tconst label = "${pick(next, words)} ${pick(next, words)}";`,
		'\tif (total > 1000) {',
		`\t\treturn {label, total, note: 'over ${Math.floor(next() * 1000)}'};`,
		'\t}',
		'',
		'\treturn {label, total};',
		'}',
		'```',
	].join('\n');
}

/**
One large article: `sections` `##` sections, each with paragraphs, a bullet list, a blockquote with “quotes” and a fenced code block, about `bytes` in all.
*/
export function largeArticle({
	sections = 200,
	bytes = 1024 * 1024,
	seed = 1,
	date = '2030-01-01',
} = {}) {
	const next = random(seed);
	const header = [
		'---',
		'title: "Benchmark: the one-megabyte edition"',
		'source: "Bench Desk"',
		'author: "gazette bench"',
		`date: ${date}`,
		'tags: [bench, large]',
		'summary: "A generated article of about a megabyte, for timing the reader."',
		'---',
		'',
		'# Benchmark: the one-megabyte edition',
		'',
		paragraph(next, 5),
		'',
	].join('\n');
	const perSection = Math.floor((bytes - header.length) / sections);
	const parts = [header];
	for (let index = 1; index <= sections; index++) {
		const title = `Section ${index}: ${capitalised(pick(next, words))} ${pick(next, words)} ${pick(next, words)}`;
		const head = [`## ${title}`, '', paragraph(next, 5), ''];
		const tail = [
			'',
			...Array.from(
				{length: 4 + Math.floor(next() * 3)},
				() => `- ${sentence(next, 5, 12)}`,
			),
			'',
			`> “${sentence(next, 10, 24)}” said a ${pick(next, words)} ${pick(next, words)} spokesperson. “${sentence(next, 6, 14)}”`,
			'',
			codeBlock(next, index),
			'',
			paragraph(next, 3),
			'',
		];
		let section = head.join('\n') + tail.join('\n');
		const middle = [];
		while (Buffer.byteLength(section) + 250 < perSection) {
			const text = paragraph(next, 4);
			middle.push(text, '');
			section = [...head, ...middle, ...tail].join('\n');
		}

		parts.push(section);
	}

	return parts.join('\n');
}

/** The query typed in the 10,000-article filter test, and titles that make each added character narrow the list. */
export const filterQuery = 'zanzibar ferry strik';

// The n-th phrase contains the query's first n characters, followed by a character that is not the query's next one.
const plantedPhrases = [
	'zebra crossing',
	'zagreb',
	'zander',
	'zanzara',
	'zanzini',
	'zanzibo',
	'zanzibal',
	'zanzibari',
	'zanzibar port',
	'zanzibar football',
	'zanzibar festival',
	'zanzibar fern',
	'zanzibar ferris wheel',
	'zanzibar ferrymen',
	'zanzibar ferry fares',
	'zanzibar ferry schedule',
	'zanzibar ferry staff',
	'zanzibar ferry strands',
	'zanzibar ferry stripped',
	'zanzibar ferry strike',
];

const sources = [
	'World Desk',
	'Harbour Post',
	'Valley Courier',
	'Evening Ledger',
	'Coastal Times',
	'Metro Wire',
	'Rural Gazette',
	'Market Journal',
];

/**
Write `count` small articles into `folder` and return what the list should show: each article's title, source and tags, to compute the expected filter counts.
*/
export function writeManyArticles(folder, {count = 10_000, seed = 7} = {}) {
	mkdirSync(folder, {recursive: true});
	const next = random(seed);
	const perPhrase = Math.max(1, Math.floor(count / 250));
	const entries = [];
	for (let index = 0; index < count; index++) {
		const phraseIndex = Math.floor(index / perPhrase);
		const planted =
			phraseIndex < plantedPhrases.length ? plantedPhrases[phraseIndex] : '';
		const base = `${capitalised(pick(next, words))} ${pick(next, words)} ${pick(next, words)} ${pick(next, words)}`;
		const title = planted
			? `${base}: ${planted} ${pick(next, words)}`
			: `${base} ${pick(next, words)} ${pick(next, words)}`;
		const source = pick(next, sources);
		const tags = [pick(next, words), pick(next, words)];
		const year = 2015 + Math.floor(next() * 10);
		const month = 1 + Math.floor(next() * 12);
		const day = 1 + Math.floor(next() * 28);
		const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
		const text = [
			'---',
			`title: ${JSON.stringify(title)}`,
			`source: ${JSON.stringify(source)}`,
			`date: ${date}`,
			`tags: [${tags.join(', ')}]`,
			`summary: ${JSON.stringify(sentence(next, 8, 14))}`,
			'---',
			'',
			paragraph(next, 3),
			'',
			paragraph(next, 4),
			'',
			paragraph(next, 2),
			'',
		].join('\n');
		writeFileSync(
			path.join(folder, `a${String(index).padStart(5, '0')}.md`),
			text,
		);
		entries.push({title, source, tags});
	}

	return entries;
}

/** How many articles gazette's list filter keeps for `query` (the same rule as matchesFilter in source/ui/article-list.tsx). */
export function expectedMatches(entries, query) {
	const needle = query.trim().toLowerCase();
	if (needle === '') {
		return entries.length;
	}

	let count = 0;
	for (const {title, source, tags} of entries) {
		if (
			[title, source, ...tags].some((text) =>
				text.toLowerCase().includes(needle),
			)
		) {
			count++;
		}
	}

	return count;
}

/** Copy the bundled articles (*.md) into `folder`. */
export function copyBundledArticles(from, folder) {
	mkdirSync(folder, {recursive: true});
	for (const name of readdirSync(from)) {
		if (name.endsWith('.md')) {
			copyFileSync(path.join(from, name), path.join(folder, name));
		}
	}
}

/** Text of about `bytes` bytes to paste into the composer: paragraphs of prose, one a line, then `lastLine`. */
export function pastedText(bytes, lastLine, seed = 11) {
	const next = random(seed);
	const lines = [];
	let size = Buffer.byteLength(lastLine);
	while (size < bytes) {
		const line = paragraph(next, 2);
		lines.push(line);
		size += Buffer.byteLength(line) + 1;
	}

	lines.push(lastLine);
	return lines.join('\n');
}
