import {Buffer} from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';

/** One file of the hostile folder and what gazette should make of it. */
export type HostileFile = Readonly<{
	/** The file name inside the folder, as readdir gives it (it may hold control characters). */
	name: string;
	/** The id the list shows: the name without `.md`, with visible stand-ins for its control characters. */
	id: string;
	/** What the file is, in a test's words. */
	description: string;
	/** Why the list marks it unreadable, or undefined when it should open. */
	error: RegExp | undefined;
	/** The title the list shows (for the readable ones). */
	title?: string | RegExp;
	/** Warnings the library should give (for the readable ones). */
	warnings?: readonly RegExp[];
	/** Text the printed article should contain (for the readable ones). */
	shows?: readonly string[];
}>;

/** Payloads of the hostile article: a terminal would act on each of them if it reached it raw. */
export const payloads = {
	clipboard: '\u001B]52;c;aGVsbG8=\u0007',
	windowTitle: '\u001B]0;pwned\u0007',
	iconTitle: '\u001B]2;pwned\u0007',
	clearScreen: '\u001B[2J\u001B[H',
	deviceStatus: '\u001B[6n',
	reportTitle: '\u001B[21t',
	blink: '\u001B[5m',
	dcs: '\u001BP1$qm\u001B\\',
	c1Csi: '\u009B31m',
	c1Osc: '\u009D0;x\u0007',
	hyperlink: '\u001B]8;;javascript:alert(1)\u0007click\u001B]8;;\u0007',
} as const;

/** A word that is in the hostile article's title and in no other title of the folder. */
export const hostileTitleWord = 'Dispatch';

export const hostileName =
	'hostile-\u001B]0;pwned\u0007-\u001B[31mred\u001B[0m-\u009B2J.md';

export const hostileId = 'hostile-␛]0;pwned␇-␛[31mred␛[0m-<9b>2J';

/** The file names of the deep-nesting articles (marked's lexer recurses once per level). */
export const deepQuotesId = 'deep-quotes';
export const deepListsId = 'deep-lists';

const isRoot = process.getuid?.() === 0;

/** Deterministic bytes (a Park-Miller generator), so that every run writes the same files. */
function pseudoRandomBytes(length: number, seed: number): Buffer {
	const bytes = Buffer.alloc(length);
	let state = seed;
	for (let index = 0; index < length; index++) {
		state = (state * 48_271) % 2_147_483_647;
		bytes[index] = state % 256;
	}

	return bytes;
}

function utf16(text: string, endianness: 'le' | 'be'): Buffer {
	const little = Buffer.from(text, 'utf16le');
	if (endianness === 'le') {
		return Buffer.concat([Buffer.from([0xff, 0xfe]), little]);
	}

	return Buffer.concat([
		Buffer.from([0xfe, 0xff]),
		Buffer.from(little).swap16(),
	]);
}

function words(bytes: number): string {
	const vocabulary = [
		'the',
		'minister',
		'said',
		'talks',
		'would',
		'resume',
		'after',
		'an',
		'extraordinarily',
		'long',
		'weekend',
		'of',
		'negotiations',
	];
	const parts: string[] = [];
	let length = 0;
	for (let index = 0; length < bytes; index++) {
		const word = vocabulary[(index * 7) % vocabulary.length];
		parts.push(word);
		length += word.length + 1;
	}

	return parts.join(' ').slice(0, bytes);
}

/** Every C0 control, DEL and every C1 control, each between two letters. */
function controlSoup(): string {
	let text = '';
	for (let code = 1; code <= 0x9f; code++) {
		if (code < 0x20 || code >= 0x7f) {
			text += `x${String.fromCodePoint(code)}`;
		}
	}

	return text + 'x';
}

const hostileArticle = [
	'---',
	String.raw`title: "Hostile Dispatch \e]0;pwned\a \e[2J\e[H title \x9b31m"`,
	String.raw`source: "Wire \e]52;c;aGVsbG8=\a Desk"`,
	String.raw`author: "Mallory \e[6n \x9d0;x\a"`,
	'date: 2025-12-20',
	String.raw`tags: ["\e[5mblink", "\x9b2J", "plain"]`,
	String.raw`summary: "Summary \e]8;;javascript:alert(1)\aclick\e]8;;\a \e]2;pwned\a"`,
	String.raw`url: "https://example.com/\e]0;pwned\a"`,
	'---',
	`# Hostile Dispatch ${payloads.windowTitle} in the heading`,
	'',
	`Clipboard ${payloads.clipboard} and title ${payloads.windowTitle} and icon ${payloads.iconTitle} and clear ${payloads.clearScreen} and status ${payloads.deviceStatus} and report ${payloads.reportTitle} and blink ${payloads.blink}.`,
	'',
	`Device control ${payloads.dcs}, C1 CSI ${payloads.c1Csi} red, C1 OSC ${payloads.c1Osc}, bell \u0007 and backspace over\b\b\bwritten, a lone carriage return hidden\rshown, and a raw ${payloads.hyperlink}.`,
	'',
	'Entities: &#27;]0;pwned&#7; and &#x1b;[2J and &#155;31m and &#X9D;0;x&#x07; and &#27 and &#0000027; but &amp;#27; is text.',
	'',
	`- a list item ${payloads.blink} blinking`,
	`- another ${payloads.clipboard} item`,
	'',
	`> a quote ${payloads.windowTitle} with "two words" in it`,
	'',
	`Inline \`code ${payloads.clearScreen} span\` here.`,
	'',
	'```',
	`fenced ${payloads.windowTitle} code`,
	'&#27;[31m entity in a fence',
	'```',
	'',
	`| head ${payloads.blink} | col |`,
	'| --- | --- |',
	`| cell ${payloads.c1Csi} | &#27;]52;c;aGVsbG8=&#7; |`,
	'',
	'## Links',
	'',
	'A [javascript link](javascript:alert(1)) and a [data link](data:text/html,x).',
	'',
	`An [OSC link](http://example.com/${payloads.clipboard}) and an [entity link](http://example.com/&#27;]0;pwned&#7;).`,
	'',
	'A [safe link](https://example.com/safe) and [mail](mailto:desk@example.com).',
	'',
	`![image ${payloads.windowTitle}](http://example.com/i.png "${payloads.windowTitle}")`,
	'',
	`<http://example.com/${payloads.clearScreen}>`,
	'',
	`[ref link][ref]`,
	'',
	`[ref]: http://example.com/${payloads.windowTitle}`,
	'',
	`## Section ${payloads.clearScreen} heading`,
	'',
	...Array.from(
		{length: 40},
		(_, index) =>
			`Paragraph ${index + 1} of the long tail ${payloads.iconTitle} so that the reader has to scroll.\n`,
	),
	'The end of the hostile dispatch.',
	'',
].join('\n');

type FileSpec = HostileFile & {
	/** Write the file (or folder, or link) at `file`. */
	write: (file: string) => void;
};

function textFile(content: string | Uint8Array) {
	return (file: string) => {
		fs.writeFileSync(file, content);
	};
}

function specs(): FileSpec[] {
	return [
		{
			name: hostileName,
			id: hostileId,
			description:
				'an article whose body, front matter and file name hold ESC, OSC, CSI, DCS and C1 sequences and entities',
			error: undefined,
			title: /^Hostile Dispatch ␛]0;pwned␇ ␛\[2J␛\[H title <9b>31m$/,
			shows: ['␛]52;c;aGVsbG8=␇', '␛]0;pwned␇', '<9b>31m', '<9d>0;x'],
			write: textFile(hostileArticle),
		},
		{
			name: 'binary.md',
			id: 'binary',
			description: 'random bytes with NULs',
			error: /binary file/,
			write: textFile(
				Buffer.concat([
					Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
					pseudoRandomBytes(4096, 7),
				]),
			),
		},
		{
			name: 'late-nul.md',
			id: 'late-nul',
			description: 'text with a NUL byte after the first 8 KB',
			error: /binary file/,
			write: textFile(
				Buffer.concat([
					Buffer.from(`# Late NUL\n\n${words(10_000)}`),
					Buffer.from([0]),
					Buffer.from('tail\n'),
				]),
			),
		},
		{
			name: 'invalid-utf8.md',
			id: 'invalid-utf8',
			description: 'bytes that are not valid UTF-8',
			error: /not valid UTF-8/,
			write: textFile(
				Buffer.concat([
					Buffer.from('# Invalid\n\nbad '),
					Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xf0, 0x28, 0x8c, 0x28, 0xff]),
					Buffer.from(' bytes\n'),
				]),
			),
		},
		{
			name: 'utf16le-bom.md',
			id: 'utf16le-bom',
			description: 'UTF-16 little endian with a BOM',
			error: undefined,
			title: 'Sixteen Little',
			shows: ['café', '日本語'],
			write: textFile(
				utf16(
					'---\ntitle: Sixteen Little\n---\nBody in UTF-16: café, 日本語.\n',
					'le',
				),
			),
		},
		{
			name: 'utf16be-bom.md',
			id: 'utf16be-bom',
			description: 'UTF-16 big endian with a BOM',
			error: undefined,
			title: 'Sixteen Big',
			shows: ['café', '日本語'],
			write: textFile(
				utf16(
					'---\ntitle: Sixteen Big\n---\nBody in UTF-16: café, 日本語.\n',
					'be',
				),
			),
		},
		{
			name: 'utf16-no-bom.md',
			id: 'utf16-no-bom',
			description: 'UTF-16 without a BOM (NUL bytes between the letters)',
			error: /binary file/,
			write: textFile(Buffer.from('# No BOM\n\nText.\n', 'utf16le')),
		},
		{
			name: 'utf16-broken.md',
			id: 'utf16-broken',
			description: 'UTF-16 with a BOM and a lone surrogate',
			error: /not valid UTF-16/,
			write: textFile(
				Buffer.concat([
					utf16('# Broken\n\nText ', 'le'),
					Buffer.from([0x00, 0xd8, 0x41, 0x00]),
				]),
			),
		},
		{
			name: 'utf8-bom.md',
			id: 'utf8-bom',
			description: 'UTF-8 with a BOM before the front matter',
			error: undefined,
			title: 'Byte Order Mark',
			shows: ['After the mark.'],
			write: textFile(
				Buffer.concat([
					Buffer.from([0xef, 0xbb, 0xbf]),
					Buffer.from(
						'---\ntitle: Byte Order Mark\nsource: Desk\n---\nAfter the mark.\n',
					),
				]),
			),
		},
		{
			name: 'crlf.md',
			id: 'crlf',
			description: 'CRLF line endings',
			error: undefined,
			title: 'Windows Lines',
			shows: ['First paragraph.', 'Second paragraph.'],
			write: textFile(
				'---\r\ntitle: Windows Lines\r\ntags: [a, b]\r\n---\r\n\r\nFirst paragraph.\r\n\r\nSecond paragraph.\r\n',
			),
		},
		{
			name: 'lone-cr.md',
			id: 'lone-cr',
			description: 'old Mac line endings (lone CR)',
			error: undefined,
			title: 'Lone Returns',
			shows: ['hidden', 'shown'],
			write: textFile('# Lone Returns\r\rhidden\rshown\r'),
		},
		{
			name: 'control-soup.md',
			id: 'control-soup',
			description: 'valid UTF-8 holding every C0, DEL and C1 control',
			error: undefined,
			title: /^Soup x␁x␂/,
			shows: ['␛', '␇', '<9b>', '<9d>'],
			write: textFile(`# Soup ${controlSoup()}\n\n${controlSoup()}\n`),
		},
		{
			name: 'empty.md',
			id: 'empty',
			description: 'an empty file',
			error: /empty file/,
			write: textFile(''),
		},
		{
			name: 'blank.md',
			id: 'blank',
			description: 'only whitespace',
			error: /empty file/,
			write: textFile(' \n\t\n\r\n'),
		},
		{
			name: 'broken-yaml.md',
			id: 'broken-yaml',
			description: 'front matter that is not YAML',
			error: /broken front matter/,
			write: textFile('---\ntitle: [unclosed\ndate: : :\n---\nBody.\n'),
		},
		{
			name: 'front-matter-only.md',
			id: 'front-matter-only',
			description: 'front matter and no body',
			error: /no article text/,
			write: textFile('---\ntitle: Nothing Below\n---\n'),
		},
		{
			name: 'wrong-types.md',
			id: 'wrong-types',
			description: 'front matter fields of the wrong types',
			error: undefined,
			title: '123',
			warnings: [/date "yesterday" is not a date/, /tags is not a list/],
			shows: ['Body with odd front matter.'],
			write: textFile(
				'---\ntitle: 123\ndate: yesterday\ntags: 5\nauthor: [a, b]\nsource: {nested: true}\n---\nBody with odd front matter.\n',
			),
		},
		{
			name: 'too-large.md',
			id: 'too-large',
			description: 'a file of 5.5 MB',
			error: /too large to show: 5\.5 MB/,
			write: textFile(
				`# Too Large\n\n${words(Math.round(5.5 * 1024 * 1024) - 13)}`,
			),
		},
		{
			name: 'long-line.md',
			id: 'long-line',
			description: 'a single line of 1 MB',
			error: undefined,
			title: 'long-line',
			shows: ['extraordinarily'],
			write: textFile(words(1024 * 1024)),
		},
		{
			name: 'long-word.md',
			id: 'long-word',
			description: 'a single word of 100 KB',
			error: undefined,
			title: 'Long Word',
			write: textFile(`# Long Word\n\n${'x'.repeat(100 * 1024)}\n`),
		},
		{
			name: 'wide-table.md',
			id: 'wide-table',
			description: 'a table of 200 columns',
			error: undefined,
			title: 'Wide Table',
			write(file) {
				const columns = Array.from({length: 200}, (_, index) => index);
				const row = (cell: (index: number) => string) =>
					`| ${columns.map((index) => cell(index)).join(' | ')} |`;
				fs.writeFileSync(
					file,
					[
						'# Wide Table',
						'',
						row((index) => `h${index}`),
						row(() => '---'),
						row((index) => `cell ${index} 日本`),
						row((index) => `**${index}**`),
						'',
					].join('\n'),
				);
			},
		},
		{
			name: `${deepQuotesId}.md`,
			id: deepQuotesId,
			description: 'blockquotes nested 10,000 deep',
			error: undefined,
			title: 'Deep Quotes',
			write: textFile(`# Deep Quotes\n\n${'> '.repeat(10_000)}bottom\n`),
		},
		{
			name: `${deepListsId}.md`,
			id: deepListsId,
			description: 'lists nested 10,000 deep',
			error: undefined,
			title: 'Deep Lists',
			write: textFile(`# Deep Lists\n\n${'- '.repeat(10_000)}bottom\n`),
		},
		{
			name: 'unreadable.md',
			id: 'unreadable',
			description: isRoot
				? 'a file without read permission (readable anyway: the tests run as root)'
				: 'a file without read permission',
			error: isRoot ? undefined : /permission denied/,
			title: 'Locked',
			write(file) {
				fs.writeFileSync(file, '# Locked\n\nSecret.\n');
				fs.chmodSync(file, 0o000);
			},
		},
		{
			name: 'folder.md',
			id: 'folder',
			description: 'a folder named like an article',
			error: /is a folder/,
			write(file) {
				fs.mkdirSync(file);
				fs.writeFileSync(path.join(file, 'inside.md'), '# Inside\n');
			},
		},
		{
			name: 'loop.md',
			id: 'loop',
			description: 'a symbolic link to itself',
			error: /symbolic link loop/,
			write(file) {
				fs.symlinkSync(path.basename(file), file);
			},
		},
		{
			name: 'loop-a.md',
			id: 'loop-a',
			description: 'two symbolic links pointing at each other',
			error: /symbolic link loop/,
			write(file) {
				fs.symlinkSync('loop-b.md', file);
				fs.symlinkSync('loop-a.md', path.join(path.dirname(file), 'loop-b.md'));
			},
		},
		{
			name: 'loop-b.md',
			id: 'loop-b',
			description: 'the other link of the pair',
			error: /symbolic link loop/,
			write() {
				// Written with loop-a.md.
			},
		},
		{
			name: 'dangling.md',
			id: 'dangling',
			description: 'a symbolic link to nothing',
			error: /file not found/,
			write(file) {
				fs.symlinkSync('no-such-file.md', file);
			},
		},
		{
			name: 'bell\u0007backspace\b\bcr\rdel\u007F.md',
			id: 'bell␇backspace␈␈cr␍del␡',
			description: 'a file name with BEL, backspace, CR and DEL',
			error: undefined,
			title: 'Named With Controls',
			write: textFile('# Named With Controls\n\nText.\n'),
		},
		{
			name: 'newline\nand\ttab.md',
			id: 'newline and tab',
			description: 'a file name with a newline and a tab',
			error: undefined,
			title: 'Named With A Newline',
			write: textFile('# Named With A Newline\n\nText.\n'),
		},
		{
			name: 'c1-\u009D0;x\u0007.md',
			id: 'c1-<9d>0;x␇',
			description: 'a file name with a C1 OSC (as UTF-8)',
			error: undefined,
			title: 'Named With C1',
			write: textFile('# Named With C1\n\nText.\n'),
		},
		{
			name: '.md',
			id: '(unnamed)',
			description: 'a file named only `.md`',
			error: undefined,
			title: 'Nameless',
			write: textFile('# Nameless\n\nText.\n'),
		},
	];
}

/**
Write the hostile folder into `dir`: every kind of file a reader may meet, generated here so that no binary file is committed. Returns what each file should produce.
*/
export function writeHostileFolder(dir: string): HostileFile[] {
	const files = specs();
	for (const {name, write} of files) {
		write(path.join(dir, name));
	}

	return files.map(({write: _write, ...file}) => file);
}

/** File name bytes that are not UTF-8: readdir can only give them back with U+FFFD in place of the byte. */
const nonUtf8Name = Buffer.concat([
	Buffer.from('raw-c1-'),
	Buffer.from([0x9b]),
	Buffer.from('31m.md'),
]);

/** Write an article whose file name is not valid UTF-8 (a lone 0x9b byte) into `dir`; returns the id the list shows. */
export function writeNonUtf8Name(dir: string): string {
	fs.writeFileSync(
		Buffer.concat([Buffer.from(dir + path.sep), nonUtf8Name]),
		'# Raw Byte Name\n\nText.\n',
	);
	return 'raw-c1-\uFFFD31m';
}
