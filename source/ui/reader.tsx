import {Box, Text} from 'ink';
import type {Layout, LayoutSection} from '../document/layout.js';
import type {ArticleLink} from '../document/links.js';
import {percentSeen} from '../document/navigation.js';
import type {QuoteTarget} from '../document/reader-sections.js';
import type {Article} from '../library/article.js';
import {glyphs} from '../terminal/theme.js';
import {displayWidth, fitOneLine} from '../terminal/wrap.js';
import {Composer} from './composer.js';
import {Help} from './help.js';
import {fitHints, statusLine} from './hints.js';
import {LineInput} from './line-input.js';
import {Menu} from './menu.js';
import {formatBody} from './reader-body.js';
import {contentsSections, type ReaderScreenState} from './reader-machine.js';
import type {ReaderContext} from './reader-state.js';

/** The screens whose keys the reader's help lists. */
export const readerHelpScreens = [
	'reader',
	'search',
	'contents',
	'links',
	'composer',
] as const;

export function headerHeight(rows: number): number {
	return rows >= 12 ? 3 : 1;
}

/** Rows the article itself gets: the frame is `rows - 1` tall, less the header and the status line. */
export function bodyHeight(rows: number): number {
	return Math.max(1, rows - 1 - headerHeight(rows) - 1);
}

/** Rows of the link picker, a panel over the lower part of the body: about a third, and room for its frame and two links. */
export function linkPanelHeight(height: number): number {
	return Math.min(height, Math.max(6, Math.ceil(height / 3) + 1));
}

/** The width of the overlays drawn over the article (contents, links, composer). */
export function overlayWidth(columns: number, width: number): number {
	return Math.min(columns - 1, width + 2);
}

type Props = Readonly<{
	article: Article;
	screen: ReaderScreenState;
	context: ReaderContext;
	sections: readonly LayoutSection[];
	quotes: readonly QuoteTarget[];
	links: readonly ArticleLink[];
	/** While the link picker is open: the article laid out with each link's number, and the line at the top of the view there. */
	numbered?: Readonly<{layout: Layout; top: number}>;
	columns: number;
	rows: number;
	marks: Readonly<{read: boolean; bookmarked: boolean}>;
	/** About saving: `⚠ not saving`, a disk full. */
	notice: string | undefined;
}>;

const hints = [
	{text: '? help', priority: 2, keep: true, short: '?'},
	{text: 'q back', priority: 1, keep: true, short: 'q'},
];

/** The reader: a view of the reader screen's state (reader-machine.ts), which every key goes through. */
export function Reader(props: Props) {
	const {article, screen, context, sections, columns, rows, marks} = props;
	const {reader: state, overlay} = screen;
	const {width} = context;
	const height = bodyHeight(rows);
	const layout = context.layout(state.collapsed);
	const total = layout.lines.length;
	const percent = percentSeen(layout, state.top, height);

	const metaLine = [
		article.source,
		article.author,
		article.date,
		`${article.readingMinutes} min read`,
		marks.bookmarked ? glyphs.bookmark : '',
		marks.read ? 'read' : '',
		article.url,
	]
		.filter(Boolean)
		.join(' · ');
	const sectionTitle =
		sections.find((section) => section.id === state.focus)?.title ?? '';
	const position = `${Math.min(total, state.top + 1)}-${Math.min(total, state.top + height)}/${total} ${percent}%`;
	const said = [props.notice, screen.message].filter(Boolean).join(' · ');
	const typed = screen.count === '' ? '' : `${screen.count} `;
	// Which match of a search the view is on: `n` and `N` step through them.
	const {search} = state;
	const searching =
		search.query !== '' && search.current >= 0
			? ` · /${fitOneLine(search.query, 20)} ${search.current + 1}/${search.matches.length}`
			: '';
	// The position is never pushed out: the hints get what it leaves, the message or the section what they leave.
	const fixed = `${typed}${position}${searching}`;
	const right = fitHints(hints, columns - 2 - displayWidth(fixed));
	const status = statusLine(
		`${fixed}${said || sectionTitle ? ` · ${said || sectionTitle}` : ''}`,
		right,
		columns - 1,
	);
	const searchInfo = state.search.query
		? ` ${state.search.matches.length} match${state.search.matches.length === 1 ? '' : 'es'}`
		: '';
	const boxWidth = overlayWidth(columns, width);

	let main;
	switch (overlay.kind) {
		case 'composer': {
			main = (
				<Composer
					title={overlay.composer.title}
					state={overlay.composer.state}
					width={boxWidth}
					height={height}
				/>
			);
			break;
		}

		case 'help': {
			main = (
				<Help
					screens={readerHelpScreens}
					width={columns - 1}
					height={height}
					offset={overlay.offset}
				/>
			);
			break;
		}

		case 'contents': {
			main = (
				<Menu
					title="Contents"
					entries={contentsEntries(sections, state.collapsed)}
					state={overlay.menu}
					width={boxWidth}
					height={height}
					footer="Enter jump · Esc close"
				/>
			);
			break;
		}

		case 'links': {
			// The picker takes the lower part; above it, the article with each link's number, as w3m and lynx show them.
			const panel = linkPanelHeight(height);
			const above = height - panel;
			const numbered = props.numbered ?? {layout, top: state.top};
			main = (
				<>
					{above > 0 ? (
						<Box height={above}>
							<Text wrap="truncate-end">
								{formatBody(
									numbered.layout,
									{
										...state,
										top: numbered.top,
										// Matches are placed in the article without numbers: not drawn here.
										search: {...state.search, matches: []},
									},
									// Nor the focused quote.
									[],
									above,
								).join('\n')}
							</Text>
						</Box>
					) : null}
					<Menu
						title="Links"
						entries={props.links.map((link) => ({
							key: String(link.number),
							label: `[${link.number}] ${link.text}${link.text === link.url ? '' : ` — ${link.url}`}`,
						}))}
						state={overlay.menu}
						width={boxWidth}
						height={panel}
						footer={`Enter open · a number chooses${overlay.menu.typed ? `: ${overlay.menu.typed}` : ''} · Esc close`}
					/>
				</>
			);
			break;
		}

		default: {
			main = (
				// One Text for the whole view: lines are already fitted, and one node is far less for Ink to lay out per key.
				<Text wrap="truncate-end">
					{formatBody(layout, state, props.quotes, height).join('\n')}
				</Text>
			);
		}
	}

	return (
		<Box flexDirection="column" height={rows - 1}>
			<Text bold wrap="truncate-end">
				{fitOneLine(article.title, columns - 1)}
			</Text>
			{headerHeight(rows) === 3 ? (
				<>
					<Text dimColor wrap="truncate-end">
						{fitOneLine(metaLine, columns - 1)}
					</Text>
					<Text dimColor>{'─'.repeat(Math.max(1, boxWidth))}</Text>
				</>
			) : null}
			<Box flexDirection="column" height={height}>
				{main}
			</Box>
			{overlay.kind === 'search' ? (
				<LineInput prompt="/" value={state.search.query} suffix={searchInfo} />
			) : (
				<Text inverse wrap="truncate-end">
					{overlay.kind === 'confirm'
						? fitOneLine(`${overlay.question} (y/n)`, columns - 1).padEnd(
								columns - 1,
							)
						: status}
				</Text>
			)}
		</Box>
	);
}

/** The contents' entries: every section, nested by level, folded ones marked. */
export function contentsEntries(
	sections: readonly LayoutSection[],
	collapsed: ReadonlySet<string>,
) {
	return contentsSections(sections).map((section) => {
		const indent = section.level === 2 ? '  ' : '';
		const mark =
			section.level === 0
				? ' '
				: collapsed.has(section.id)
					? glyphs.collapsed
					: glyphs.expanded;
		const title = section.level === 0 ? '(top of the article)' : section.title;
		return {
			key: section.id,
			label: `${indent}${mark} ${title}${section.badge ? `  ${section.badge}` : ''}`,
		};
	});
}
