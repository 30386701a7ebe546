import test from 'ava';
import fc from 'fast-check';
import type {Article} from '../source/library/article.js';
import {
	type ArticleMarks,
	filterArticles,
	isSortOrder,
	type ListFilter,
	nextSortOrder,
	noFilter,
	sortArticles,
	sortOrders,
} from '../source/library/filter.js';

const words = [
	'Miami',
	'summit',
	'Ukraine',
	'EU',
	'funding',
	'drone',
	'café',
	'Ärger',
	'news',
];
const sources = ['World Desk', 'gazette', 'alpha', 'Beta', 'Ëcho'];

/** Articles made from a handful of words, newest first, so that queries match several. */
const articles: readonly Article[] = Array.from({length: 60}, (_, index) => ({
	id: `a${index}`,
	key: `file:/articles/a${index}.md`,
	path: `/articles/a${index}.md`,
	title: `${words[index % words.length]} ${words[(index * 7) % words.length]} ${index}`,
	source: sources[index % sources.length],
	author: 'Staff',
	date: '2025-12-19',
	url: '',
	tags: index % 4 === 0 ? ['diplomacy', 'eu'] : [],
	summary: '',
	readingMinutes: 3,
	warnings: [],
}));

const marksFrom =
	(read: ReadonlySet<string>, bookmarked: ReadonlySet<string>) =>
	(article: Article): ArticleMarks => ({
		unread: !read.has(article.id),
		bookmarked: bookmarked.has(article.id),
		progress: 0,
		comments: 0,
		draft: false,
	});

const noMarks = marksFrom(new Set(), new Set());

/** What the filter should keep, written plainly. */
function expected(
	list: readonly Article[],
	marks: (article: Article) => ArticleMarks,
	filter: ListFilter,
): string[] {
	const query = filter.query.trim().toLowerCase();
	return list
		.filter(
			(article) =>
				(query === '' ||
					[article.title, article.source, ...article.tags].some((field) =>
						field.toLowerCase().includes(query),
					)) &&
				(!filter.unreadOnly || marks(article).unread) &&
				(!filter.bookmarkedOnly || marks(article).bookmarked),
		)
		.map((article) => article.id);
}

const ids = (list: readonly Article[]) => list.map((article) => article.id);

test('the filter matches the title, the source and the tags, whatever the case, the query trimmed', (t) => {
	const list = [...articles];
	t.deepEqual(
		ids(filterArticles(list, noMarks, {...noFilter, query: 'MIAMI'})),
		expected(list, noMarks, {...noFilter, query: 'miami'}),
	);
	t.true(
		filterArticles(list, noMarks, {...noFilter, query: 'miami'}).length > 3,
	);
	t.deepEqual(
		ids(filterArticles(list, noMarks, {...noFilter, query: '  world desk '})),
		list
			.filter((article) => article.source === 'World Desk')
			.map((article) => article.id),
	);
	t.deepEqual(
		ids(filterArticles(list, noMarks, {...noFilter, query: 'diplomacy'})),
		list
			.filter((article) => article.tags.length > 0)
			.map((article) => article.id),
	);
	t.is(
		ids(filterArticles(list, noMarks, {...noFilter, query: 'ärger'})).length >
			0,
		true,
	);
	t.deepEqual(filterArticles(list, noMarks, {...noFilter, query: 'zzqq'}), []);
});

test('a match never spans two fields', (t) => {
	const list: Article[] = [
		{...articles[0], title: 'Summit', source: 'World Desk', tags: ['eu']},
	];
	t.deepEqual(
		filterArticles(list, noMarks, {...noFilter, query: 'summitworld'}),
		[],
	);
	t.deepEqual(
		filterArticles(list, noMarks, {...noFilter, query: 'summit world'}),
		[],
	);
	t.deepEqual(
		filterArticles(list, noMarks, {...noFilter, query: 'deskeu'}),
		[],
	);
	t.is(filterArticles(list, noMarks, {...noFilter, query: 'summit'}).length, 1);
});

test('no filter gives the list itself; the same filter twice gives the same array', (t) => {
	const list = [...articles];
	t.is(filterArticles(list, noMarks, noFilter), list);
	t.is(filterArticles(list, noMarks, {...noFilter, query: '   '}), list);
	const filter = {...noFilter, query: 'drone'};
	t.is(
		filterArticles(list, noMarks, filter),
		filterArticles(list, noMarks, {...filter}),
	);
});

test('only unread and only bookmarked keep what the marks say; the marks are read only then', (t) => {
	const list = [...articles];
	const marks = marksFrom(new Set(['a0', 'a1', 'a2']), new Set(['a1', 'a5']));
	let looked = 0;
	const counted = (article: Article) => {
		looked++;
		return marks(article);
	};

	filterArticles(list, counted, {...noFilter, query: 'miami'});
	t.is(looked, 0);
	t.deepEqual(
		ids(filterArticles(list, counted, {...noFilter, bookmarkedOnly: true})),
		['a1', 'a5'],
	);
	t.deepEqual(
		ids(
			filterArticles(list, counted, {
				...noFilter,
				bookmarkedOnly: true,
				unreadOnly: true,
			}),
		),
		['a5'],
	);
	t.is(
		filterArticles(list, counted, {...noFilter, unreadOnly: true}).length,
		list.length - 3,
	);
});

const step = fc.record({
	query: fc.stringMatching(/^ ?[a-zäëé ]{0,6}$/),
	unreadOnly: fc.boolean(),
	bookmarkedOnly: fc.boolean(),
	// Which of two states the marks come from: a change of marks (a mark set while filtering).
	marks: fc.integer({min: 0, max: 1}),
});

/** Typing into the filter: each step is a query grown, shrunk or changed from the one before. */
const typing = fc.array(step, {minLength: 1, maxLength: 25}).map((steps) => {
	let query = '';
	return steps.map((entry, index) => {
		// Mostly one character more or less, as typed; now and then a new query.
		if (index % 5 === 4) {
			query = entry.query;
		} else if (entry.query.length % 3 === 0 && query !== '') {
			query = query.slice(0, -1);
		} else {
			query += entry.query.slice(0, 1) || 'i';
		}

		return {...entry, query};
	});
});

test('filtering as one types gives what a fresh filter gives, at every keystroke', (t) => {
	const marks = [
		marksFrom(new Set(['a0', 'a3', 'a9', 'a10']), new Set(['a3', 'a4', 'a40'])),
		marksFrom(new Set(['a4', 'a5']), new Set(['a0', 'a3', 'a7', 'a9'])),
	];
	fc.assert(
		fc.property(typing, (steps) => {
			// One list for the whole run: its cache carries from keystroke to keystroke.
			const list = [...articles];
			for (const entry of steps) {
				const filter: ListFilter = {
					query: entry.query,
					unreadOnly: entry.unreadOnly,
					bookmarkedOnly: entry.bookmarkedOnly,
				};
				const typed = ids(filterArticles(list, marks[entry.marks], filter));
				// A fresh list: no cache.
				const fresh = ids(
					filterArticles([...articles], marks[entry.marks], filter),
				);
				if (
					typed.join(',') !== fresh.join(',') ||
					typed.join(',') !==
						expected(articles, marks[entry.marks], filter).join(',')
				) {
					return false;
				}
			}

			return true;
		}),
		{numRuns: 300},
	);
	t.pass();
});

test('narrowing then widening the query comes back to the wider result', (t) => {
	const list = [...articles];
	const wide = ids(filterArticles(list, noMarks, {...noFilter, query: 'mi'}));
	t.deepEqual(
		ids(filterArticles(list, noMarks, {...noFilter, query: 'mia'})),
		expected(list, noMarks, {...noFilter, query: 'mia'}),
	);
	t.deepEqual(
		ids(filterArticles(list, noMarks, {...noFilter, query: 'miaz'})),
		[],
	);
	t.deepEqual(
		ids(filterArticles(list, noMarks, {...noFilter, query: 'mi'})),
		wide,
	);
	t.deepEqual(
		ids(filterArticles(list, noMarks, {...noFilter, query: 'i'})),
		expected(list, noMarks, {...noFilter, query: 'i'}),
	);
});

test('the sort orders cycle: newest, oldest, source, unread first, and back', (t) => {
	t.deepEqual([...sortOrders], ['newest', 'oldest', 'source', 'unread']);
	let order = nextSortOrder('newest');
	const seen = ['newest'];
	while (order !== 'newest') {
		seen.push(order);
		order = nextSortOrder(order);
	}

	t.deepEqual(seen, [...sortOrders]);
	t.true(isSortOrder('source'));
	t.false(isSortOrder('title'));
	t.false(isSortOrder(undefined));
});

test('sorting: newest is the library order, oldest its reverse, each made once per list', (t) => {
	const list = [...articles];
	t.is(sortArticles(list, 'newest', noMarks), list);
	t.deepEqual(
		ids(sortArticles(list, 'oldest', noMarks)),
		ids(list).toReversed(),
	);
	t.is(
		sortArticles(list, 'oldest', noMarks),
		sortArticles(list, 'oldest', noMarks),
	);
});

test('by source: sources in alphabetical order whatever the case and accents, newest first within one', (t) => {
	const list = [...articles];
	const sorted = sortArticles(list, 'source', noMarks);
	const order = [...new Set(sorted.map((article) => article.source))];
	t.deepEqual(order, ['alpha', 'Beta', 'Ëcho', 'gazette', 'World Desk']);
	for (const source of order) {
		const within = sorted.filter((article) => article.source === source);
		t.deepEqual(
			ids(within),
			ids(list.filter((article) => article.source === source)),
		);
	}
});

test('unread first: the unread in library order, then the read; made again when the marks change', (t) => {
	const list = [...articles];
	const marks = marksFrom(new Set(['a0', 'a2']), new Set());
	const sorted = sortArticles(list, 'unread', marks);
	t.deepEqual(ids(sorted).slice(-2), ['a0', 'a2']);
	t.deepEqual(ids(sorted).slice(0, 3), ['a1', 'a3', 'a4']);
	t.is(sortArticles(list, 'unread', marks), sorted);
	const later = marksFrom(new Set(['a1']), new Set());
	t.deepEqual(ids(sortArticles(list, 'unread', later)).slice(-1), ['a1']);
});

test('filtering a sorted list keeps the sort', (t) => {
	const list = [...articles];
	const sorted = sortArticles(list, 'oldest', noMarks);
	const filtered = filterArticles(sorted, noMarks, {
		...noFilter,
		query: 'miami',
	});
	t.deepEqual(
		ids(filtered),
		expected(sorted, noMarks, {...noFilter, query: 'miami'}),
	);
	t.deepEqual(
		ids(filtered),
		ids(
			filterArticles(list, noMarks, {...noFilter, query: 'miami'}),
		).toReversed(),
	);
});
