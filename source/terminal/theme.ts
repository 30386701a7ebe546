import chalk from 'chalk';

/** Semantic styles: components and the renderer name what a thing is, never a colour. */
export const theme = {
	text: {
		title: (text: string) => chalk.bold(text),
		heading: (text: string) => chalk.bold.cyan(text),
		subheading: (text: string) => chalk.cyan(text),
		dim: (text: string) => chalk.dim(text),
		strong: (text: string) => chalk.bold(text),
		emphasis: (text: string) => chalk.italic(text),
		// Without colour a terminal shows no SGR at all: strike each character through instead.
		strike: (text: string) =>
			chalk.level > 0
				? chalk.strikethrough(text)
				: text.replaceAll(/(\P{M}\p{M}*)/gu, (grapheme: string) =>
						grapheme.trim() === '' ? grapheme : `${grapheme}\u0336`,
					),
		code: (text: string) => chalk.yellow(text),
		link: (text: string) => chalk.underline.blue(text),
		url: (text: string) => chalk.dim(text),
		error: (text: string) => chalk.red(text),
		warning: (text: string) => chalk.yellow(text),
	},
	quote: {
		bar: (text: string) => chalk.magenta(text),
		body: (text: string) => chalk.italic.magenta(text),
		inline: (text: string) => chalk.magenta(text),
		attribution: (text: string) => chalk.dim.italic(text),
	},
	focus: (text: string) => chalk.inverse(text),
	/** The row under the cursor in a list, as ink-select-input draws its own. */
	selection: (text: string) => chalk.blue(text),
	match: (text: string) => chalk.bgYellow.black(text),
	currentMatch: (text: string) => chalk.bgRed.white(text),
} as const;

export const glyphs = {
	quoteBar: '┃',
	expanded: '▾',
	collapsed: '▸',
	focus: '›',
	image: '▣',
	unread: '●',
	bookmark: '★',
	draft: '✎',
	/** Marks a code line continued from the one above. */
	continuation: '↪',
	/** The mark before a heading inside a section, by its markdown level: each level looks different without colour. */
	headingMarks: ['■', '□', '◆', '◇', '▪', '▫'],
} as const;

const superscriptDigits = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** A footnote's number as the reader sees it in the text: `¹²`. */
export function noteMark(number: number): string {
	return [...String(number)]
		.map((digit) => superscriptDigits[Number(digit)])
		.join('');
}
