import test from 'ava';
import {marked} from 'marked';
import {parseDocument} from '../source/document/sections.js';
import {hasControlCharacters} from '../source/terminal/sanitize.js';
import type {CommentRecord} from '../source/comments/comment.js';
import {commentSectionId, commentSections} from '../source/comments/layout.js';
import {
	commentsToJson,
	commentsToMarkdown,
	commentsToText,
	formatTime,
} from '../source/comments/export.js';
import {
	createComment,
	editComment,
	isEdited,
	quoteAsMarkdown,
	validateComment,
	type CommentValue,
} from '../source/comments/model.js';
import {
	buildThreads,
	countBySection,
	flattenThreads,
	groupBySection,
} from '../source/comments/threads.js';

const value: CommentValue = {
	author: 'Ada',
	email: 'ada@example.com',
	body: 'A fine point.',
};

let clock = Date.parse('2026-11-26T14:05:00.000Z');
/** Each call a minute later than the last, so creation order is the order of the calls. */
const nextMinute = () => {
	clock += 60_000;
	return new Date(clock);
};

function comment(
	overrides: Partial<CommentRecord> = {},
	body = value.body,
): CommentRecord {
	return {
		...createComment(
			{
				articleId: 'article',
				sectionId: null,
				quote: null,
				parentId: null,
			},
			{...value, body},
			nextMinute(),
		),
		...overrides,
	};
}

function reply(parent: CommentRecord, body: string): CommentRecord {
	return createComment(
		{
			articleId: parent.articleId,
			sectionId: parent.sectionId,
			quote: null,
			parentId: parent.id,
		},
		{...value, body},
		nextMinute(),
	);
}

function validValue(input: {
	name: string;
	email: string;
	body: string;
}): CommentValue {
	const result = validateComment(input);
	if (!result.ok) {
		throw new Error(
			`expected valid input, got ${JSON.stringify(result.errors)}`,
		);
	}

	return result.value;
}

// Validation

test('a missing name is refused', (t) => {
	const result = validateComment({name: '   ', email: '', body: 'Hello'});
	t.false(result.ok);
	t.deepEqual(result.ok ? undefined : result.errors, {
		name: 'Name is required.',
	});
});

test('a whitespace-only body is refused', (t) => {
	const result = validateComment({name: 'Ada', email: '', body: ' \n\t \n'});
	t.false(result.ok);
	t.deepEqual(result.ok ? undefined : result.errors, {
		body: 'Comment is required.',
	});
});

test('a name over 100 characters is refused, and exactly 100 is accepted', (t) => {
	const result = validateComment({
		name: 'a'.repeat(101),
		email: '',
		body: 'Hello',
	});
	t.is(
		result.ok ? undefined : result.errors.name,
		'Name must be at most 100 characters.',
	);
	t.is(
		validValue({name: ` ${'a'.repeat(100)} `, email: '', body: 'Hello'}).author,
		'a'.repeat(100),
	);
});

test('an email that does not look like one is refused; an empty one is fine', (t) => {
	for (const email of [
		'ada',
		'ada@example',
		'ada @example.com',
		'@example.com',
	]) {
		const result = validateComment({name: 'Ada', email, body: 'Hello'});
		t.is(
			result.ok ? undefined : result.errors.email,
			'That does not look like an email address.',
			`email: ${email}`,
		);
	}

	t.is(validValue({name: 'Ada', email: '  ', body: 'Hello'}).email, '');
	t.is(
		validValue({name: 'Ada', email: ' ada@example.com ', body: 'Hello'}).email,
		'ada@example.com',
	);
});

test('every field with a problem gets its own message', (t) => {
	const result = validateComment({name: '', email: 'nope', body: ''});
	t.deepEqual(result.ok ? undefined : Object.keys(result.errors).sort(), [
		'body',
		'email',
		'name',
	]);
});

test('a 100,000-character body is accepted whole', (t) => {
	const body = 'x'.repeat(100_000);
	t.is(validValue({name: 'Ada', email: '', body}).body, body);
});

test('a body over a million characters is refused', (t) => {
	const result = validateComment({
		name: 'Ada',
		email: '',
		body: 'x'.repeat(1_000_001),
	});
	t.is(
		result.ok ? undefined : result.errors.body,
		'Comment must be at most 1,000,000 characters.',
	);
});

test('the body keeps its inner newlines and loses only trailing whitespace', (t) => {
	t.is(
		validValue({name: 'Ada', email: '', body: '  indented\n\nsecond  \n\n'})
			.body,
		'  indented\n\nsecond',
	);
});

test('control characters are kept in the record as typed', (t) => {
	const typed = validValue({
		name: 'Ada\u001B[31m',
		email: '',
		body: 'red \u001B[31mtext\u0007',
	});
	t.is(typed.author, 'Ada\u001B[31m');
	t.is(typed.body, 'red \u001B[31mtext\u0007');
});

test('newlines in a name collapse to single spaces', (t) => {
	t.is(
		validValue({name: ' Ada\r\n  Lovelace\n', email: '', body: 'Hello'}).author,
		'Ada Lovelace',
	);
});

// Records

test('a new comment records its target and the same creation and update time', (t) => {
	const now = new Date('2026-11-26T14:05:00.000Z');
	const record = createComment(
		{
			articleId: 'a1',
			sectionId: 's1',
			sectionTitle: 'Start',
			quote: 'q',
			parentId: null,
		},
		value,
		now,
	);
	t.regex(
		record.id,
		/^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[\da-f]{4}-[\da-f]{12}$/,
	);
	t.like(record, {
		articleId: 'a1',
		sectionId: 's1',
		sectionTitle: 'Start',
		quote: 'q',
		parentId: null,
		author: 'Ada',
		body: 'A fine point.',
	});
	t.is(record.createdAt, now.toISOString());
	t.is(record.updatedAt, now.toISOString());
	t.false(isEdited(record));
	t.not(
		createComment(
			{
				articleId: 'a1',
				sectionId: null,
				quote: null,
				parentId: null,
			},
			value,
			now,
		).id,
		record.id,
	);
});

test('editing keeps the creation time and moves the update time', (t) => {
	const original = createComment(
		{
			articleId: 'a1',
			sectionId: null,
			quote: null,
			parentId: null,
		},
		value,
		new Date('2026-11-26T14:05:00.000Z'),
	);
	const edited = editComment(
		original,
		{...value, body: 'Second thoughts.'},
		new Date('2026-11-26T15:00:00.000Z'),
	);
	t.is(edited.id, original.id);
	t.is(edited.createdAt, original.createdAt);
	t.is(edited.updatedAt, '2026-11-26T15:00:00.000Z');
	t.is(edited.body, 'Second thoughts.');
	t.true(isEdited(edited));
	t.false(isEdited(original));
});

test('a quote becomes a markdown blockquote followed by a blank line', (t) => {
	t.is(
		quoteAsMarkdown('first line\n\nsecond line'),
		'> first line\n>\n> second line\n\n',
	);
});

// Threads

test('replies nest under their parents at increasing depth', (t) => {
	const root = comment();
	const child = reply(root, 'child');
	const grandchild = reply(child, 'grandchild');
	const threads = buildThreads([grandchild, root, child]);
	t.is(threads.length, 1);
	t.is(threads[0].comment.id, root.id);
	t.is(threads[0].replies[0].comment.id, child.id);
	t.is(threads[0].replies[0].depth, 1);
	t.is(threads[0].replies[0].replies[0].comment.id, grandchild.id);
	t.is(threads[0].replies[0].replies[0].depth, 2);
});

test('threads and replies are ordered by creation time, whatever order they are stored in', (t) => {
	const first = comment({}, 'first');
	const second = comment({}, 'second');
	const earlyReply = reply(first, 'early reply');
	const lateReply = reply(first, 'late reply');
	const flat = flattenThreads(
		buildThreads([lateReply, second, earlyReply, first]),
	);
	t.deepEqual(
		flat.map((entry) => [entry.comment.body, entry.depth]),
		[
			['first', 0],
			['early reply', 1],
			['late reply', 1],
			['second', 0],
		],
	);
});

test('a reply whose parent was deleted becomes a thread of its own', (t) => {
	const root = comment({}, 'deleted');
	const orphan = reply(root, 'orphan');
	const threads = buildThreads([orphan]);
	t.is(threads.length, 1);
	t.is(threads[0].comment.id, orphan.id);
	t.is(threads[0].depth, 0);
});

test('comments caught in a loop of parents are still shown', (t) => {
	const a = comment({id: 'a', parentId: 'b'});
	const b = comment({id: 'b', parentId: 'a'});
	const flat = flattenThreads(buildThreads([a, b]));
	t.deepEqual(
		flat.map((entry) => [entry.comment.id, entry.depth]),
		[
			['a', 0],
			['b', 1],
		],
	);
});

// Grouping

test('comments on a section that no longer exists are grouped last as an earlier section', (t) => {
	const document = parseDocument('## A\n\ntext\n\n## B\n\ntext');
	const gone = comment(
		{sectionId: 'gone', sectionTitle: 'Old title'},
		'about the old section',
	);
	const onA = comment({sectionId: 'a', sectionTitle: 'A'}, 'about A');
	const whole = comment({sectionId: null}, 'about everything');
	const groups = groupBySection([gone, onA, whole], document);
	t.deepEqual(
		groups.map((group) => [group.sectionId, group.title, group.orphaned]),
		[
			[null, 'The whole article', false],
			['a', 'A', false],
			['gone', 'Earlier section: Old title', true],
		],
	);
	t.is(groups[2].threads[0].comment.id, gone.id);
});

test('an orphaned section without a recorded title is named by its id', (t) => {
	const document = parseDocument('## A\n\ntext');
	const groups = groupBySection([comment({sectionId: 'gone'})], document);
	t.is(groups[0].title, 'Earlier section: gone');
});

test("a reply is grouped with its thread's section", (t) => {
	const document = parseDocument('## A\n\ntext\n\n## B\n\ntext');
	const root = comment({sectionId: 'a'});
	const answer = {...reply(root, 'answer'), sectionId: 'b'};
	const groups = groupBySection([root, answer], document);
	t.is(groups.length, 1);
	t.is(groups[0].sectionId, 'a');
	t.is(groups[0].threads[0].replies[0].comment.id, answer.id);
	t.deepEqual([...countBySection([root, answer])], [['a', 2]]);
});

test("sections are grouped in the article's order, not the comments'", (t) => {
	const document = parseDocument('## A\n\ntext\n\n## B\n\ntext');
	const onB = comment({sectionId: 'b'});
	const onA = comment({sectionId: 'a'});
	t.deepEqual(
		groupBySection([onB, onA], document).map((group) => group.sectionId),
		['a', 'b'],
	);
});

test('counts by section include replies and whole-article comments', (t) => {
	const onA = comment({sectionId: 'a'});
	const counts = countBySection([
		onA,
		reply(onA, 'r'),
		comment(),
		comment({sectionId: 'b'}),
	]);
	t.is(counts.get('a'), 2);
	t.is(counts.get(null), 1);
	t.is(counts.get('b'), 1);
});

// Exports

test('time is printed in UTC as YYYY-MM-DD HH:MM', (t) => {
	t.is(formatTime('2026-11-26T14:05:59.999Z'), '2026-11-26 14:05');
	t.is(formatTime('2026-11-26T16:05:00+02:00'), '2026-11-26 14:05');
	t.is(formatTime('not a time'), 'not a time');
});

test('markdown holds the author, body and quote, and never the email', (t) => {
	const record = comment(
		{sectionId: 'a', sectionTitle: 'Section A', quote: 'the quoted words'},
		'What I think.',
	);
	const markdown = commentsToMarkdown([record], {
		articles: new Map([['article', {title: 'The Article'}]]),
	});
	t.true(markdown.startsWith('## The Article\n'));
	t.true(markdown.includes('**Ada** · '));
	t.true(markdown.includes('_On "Section A"_'));
	t.true(markdown.includes('> the quoted words'));
	t.true(markdown.includes('What I think.'));
	t.false(markdown.includes('ada@example.com'));
	t.false(markdown.includes('example'));
});

test('markdown shows the email after the name only when asked', (t) => {
	const markdown = commentsToMarkdown([comment()], {includeEmail: true});
	t.true(markdown.includes('**Ada** <ada@example.com> · '));
});

test('markdown marks an edited comment with both times', (t) => {
	const original = createComment(
		{
			articleId: 'article',
			sectionId: null,
			quote: null,
			parentId: null,
		},
		value,
		new Date('2026-11-26T14:05:00.000Z'),
	);
	const edited = editComment(
		original,
		value,
		new Date('2026-11-26T15:00:00.000Z'),
	);
	t.true(
		commentsToMarkdown([edited]).includes(
			'**Ada** · 2026-11-26 14:05 (edited 2026-11-26 15:00)',
		),
	);
	t.false(commentsToMarkdown([original]).includes('edited'));
});

test('markdown puts replies in blockquotes nested by depth', (t) => {
	const root = comment({}, 'root body');
	const child = reply(root, 'child body');
	const grandchild = reply(child, 'grandchild body');
	const lines = commentsToMarkdown([root, child, grandchild]).split('\n');
	t.true(lines.includes('root body'));
	t.true(lines.includes('> child body'));
	t.true(lines.includes('> > grandchild body'));
});

test('markdown escapes markup in names and shows control characters visibly', (t) => {
	const markdown = commentsToMarkdown([
		comment({author: 'a*b\u001B'}, 'bell\u0007'),
	]);
	t.true(markdown.includes(String.raw`**a\*b␛**`));
	t.true(markdown.includes('bell␇'));
	t.false(markdown.includes('\u001B'));
});

test('JSON has no email key unless asked, and includes it when asked', (t) => {
	const record = comment();
	const [withoutEmail] = JSON.parse(commentsToJson([record])) as Array<
		Record<string, unknown>
	>;
	t.false('email' in withoutEmail);
	t.false(commentsToJson([record]).includes('ada@example.com'));
	const [withEmail] = JSON.parse(
		commentsToJson([record], {includeEmail: true}),
	) as Array<Record<string, unknown>>;
	t.is(withEmail.email, 'ada@example.com');
});

test("JSON gives a reply its root's id as threadId, in thread order", (t) => {
	const root = comment({sectionId: 'a', sectionTitle: 'A'}, 'root');
	const child = reply(root, 'child');
	const grandchild = reply(child, 'grandchild');
	const other = comment({}, 'other');
	const objects = JSON.parse(
		commentsToJson([other, grandchild, child, root], {
			articles: new Map([['article', {title: 'T'}]]),
		}),
	) as Array<Record<string, unknown>>;
	t.deepEqual(
		objects.map((object) => [object.body, object.threadId]),
		[
			['root', root.id],
			['child', root.id],
			['grandchild', root.id],
			['other', other.id],
		],
	);
	t.like(objects[0], {articleTitle: 'T', sectionTitle: 'A', parentId: null});
	t.deepEqual(Object.keys(objects[0]), [
		'id',
		'articleId',
		'articleKey',
		'articleTitle',
		'articleUrl',
		'sectionId',
		'sectionTitle',
		'quote',
		'parentId',
		'threadId',
		'author',
		'body',
		'createdAt',
		'updatedAt',
	]);
});

test('JSON keeps control characters but never prints them raw', (t) => {
	const json = commentsToJson([comment({}, 'esc \u001B csi \u009B')]);
	t.false(hasControlCharacters(json));
	const [object] = JSON.parse(json) as Array<Record<string, unknown>>;
	t.is(object.body, 'esc \u001B csi \u009B');
});

test('exports list articles apart, ordered by article id', (t) => {
	const second = comment({articleId: 'zebra'}, 'in zebra');
	const first = comment({articleId: 'apple'}, 'in apple');
	const markdown = commentsToMarkdown([second, first]);
	t.true(markdown.indexOf('## apple') < markdown.indexOf('## zebra'));
	t.true(markdown.indexOf('in apple') < markdown.indexOf('## zebra'));
});

test('the text listing shows article, section and author, indents the body, and sanitizes', (t) => {
	const record = comment(
		{sectionId: 'a', sectionTitle: 'Section A', author: 'Ada\u001B[2J'},
		'line one\nline \u001B[31mtwo',
	);
	const text = commentsToText([record]);
	const lines = text.split('\n');
	t.regex(
		lines[0],
		/^article · Section A · Ada␛\[2J · 2026-\d\d-\d\d \d\d:\d\d$/,
	);
	t.is(lines[1], '    line one');
	t.is(lines[2], '    line ␛[31mtwo');
	t.false(text.includes('\u001B'));
	t.false(text.includes('ada@example.com'));
});

test('a reply chain 5000 deep: threads, counts and every export work without recursion', (t) => {
	const chain: CommentRecord[] = [];
	for (let index = 0; index < 5000; index++) {
		chain.push({
			id: `c${index}`,
			articleId: 'deep',
			sectionId: null,
			quote: null,
			parentId: index === 0 ? null : `c${index - 1}`,
			author: 'Ada',
			email: '',
			body: `reply ${index}`,
			createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString(),
			updatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString(),
		});
	}

	const threads = buildThreads(chain);
	t.is(threads.length, 1);
	const flat = flattenThreads(threads);
	t.is(flat.length, 5000);
	t.is(flat.at(-1)?.depth, 4999);
	t.deepEqual([...countBySection(chain)], [[null, 5000]]);
	t.is(JSON.parse(commentsToJson(chain)).length, 5000);
	t.true(commentsToText(chain).includes('reply 4999'));
	t.true(commentsToMarkdown(chain).includes('reply 4999'));
	const sections = commentSections(
		chain,
		parseDocument('# Deep\n\nText.'),
		80,
		(markdown) => markdown.split('\n'),
	);
	// The Comments section, then one per comment, each reply under its parent.
	t.is(sections.length, 5001);
	t.is(sections[1].summary, '4999 replies');
	t.is(sections.at(-1)?.parentId, commentSectionId('c4998'));
});

// Exports that can't be broken out of

/** The raw HTML marked finds anywhere in the markdown. */
function htmlIn(markdown: string): string[] {
	const html: string[] = [];
	void marked.walkTokens(marked.lexer(markdown), (token) => {
		if (token.type === 'html') {
			html.push(token.raw);
		}
	});
	return html;
}

/** The markdown's top-level blocks as marked reads them, with the text of each. */
function blocks(markdown: string) {
	return marked.lexer(markdown).map((token) => ({
		type: token.type,
		text: token.raw,
	}));
}

test('markdown: an unclosed fence in one body does not swallow the comments after it', (t) => {
	const first = comment({}, 'Look:\n```\nconst x = 1;');
	const second = comment({}, 'The second comment, in plain text.');
	const markdown = commentsToMarkdown([first, second]);
	const withSecond = blocks(markdown).filter((block) =>
		block.text.includes('The second comment'),
	);
	t.is(withSecond.length, 1);
	t.false(
		blocks(markdown).some(
			(block) =>
				block.text.includes('The second comment') &&
				block.text.includes('const x'),
		),
	);
});

test('markdown: headings, rules and HTML in bodies, quotes and names stay text', (t) => {
	const forged = comment(
		{
			author: '</details><script>alert(1)</script>',
			quote: '## Quoted heading\n<img src=x onerror=alert(1)>',
		},
		'## A forged article heading\n\n</details><script>alert(1)</script>\n\n---\n\n<b>bold</b>',
	);
	const markdown = commentsToMarkdown([forged], {
		articles: new Map([['article', {title: 'The real title'}]]),
	});
	const tokens = marked.lexer(markdown);
	const headings = tokens.filter((token) => token.type === 'heading');
	t.deepEqual(
		headings.map((token) => token.raw.trim()),
		['## The real title'],
	);
	t.deepEqual(htmlIn(markdown), []);
});

test('an email that could carry markup is refused, and one already stored is never printed raw', (t) => {
	for (const email of [
		'c@x.io><img/src=x onerror=alert(1)>',
		'a<b@example.com',
		'a@exa mple.com',
		'a@example.c',
		'a@-example.com',
		'"a"@example.com',
	]) {
		t.false(validateComment({name: 'Ada', email, body: 'Hi'}).ok, `${email}`);
	}

	for (const email of [
		'ada@example.com',
		'a.b+c@mail.example.org',
		'zoë@exämple.de',
	]) {
		t.true(validateComment({name: 'Ada', email, body: 'Hi'}).ok, `${email}`);
	}

	const stored = comment({email: 'c@x.io><img/src=x onerror=alert(1)>'});
	const markdown = commentsToMarkdown([stored], {includeEmail: true});
	t.deepEqual(htmlIn(markdown), []);
});

test('bidi overrides and isolates in names and bodies are neutralized in every export', (t) => {
	const bidi = [
		'\u202A',
		'\u202B',
		'\u202C',
		'\u202D',
		'\u202E',
		'\u2066',
		'\u2067',
		'\u2068',
		'\u2069',
	];
	const tricky = comment(
		{author: `Ada\u202Egnp.exe`, quote: 'a\u2066b\u2069'},
		`body \u202Dreversed\u202C ${bidi.join('')}`,
	);
	for (const output of [
		commentsToMarkdown([tricky]),
		commentsToText([tricky]),
		commentsToJson([tricky]),
	]) {
		t.false(bidi.some((character) => output.includes(character)));
	}
});

test('markdown prints a quoted passage once: the composer starts the body with the quote, the export leaves that out of the body', (t) => {
	const quote = 'We are in the war\nand we count on this.';
	const record = comment(
		{sectionId: 'a', quote},
		`${quoteAsMarkdown(quote)}I agree with this.`,
	);
	const markdown = commentsToMarkdown([record]);
	t.is(markdown.split('We are in the war').length - 1, 1);
	t.true(markdown.includes('> We are in the war'));
	t.true(markdown.includes('I agree with this.'));
	// A body that does not start with the quote keeps all of it.
	const other = comment({sectionId: 'a', quote}, 'No quote here.');
	t.true(commentsToMarkdown([other]).includes('No quote here.'));
});

test('markdown heads an article’s comments with its title and web address, ready to post there', (t) => {
	const markdown = commentsToMarkdown([comment()], {
		articles: new Map([
			['article', {title: 'The Article', url: 'https://news.example/a?b=1'}],
		]),
	});
	t.true(
		markdown.startsWith('## The Article\n\n<https://news.example/a?b=1>\n'),
	);
	// An address that is not a web page is not printed.
	const local = commentsToMarkdown([comment()], {
		articles: new Map([['article', {title: 'T', url: 'file:///etc/passwd'}]]),
	});
	t.false(local.includes('file:'));
});

test('comments on an article that is gone are still named by the title and address they kept', (t) => {
	const kept = {
		...comment({}, 'still here'),
		articleTitle: 'Harbour Bridge Reopens',
		articleUrl: 'https://news.example/bridge',
	};
	const json = JSON.parse(commentsToJson([kept])) as Array<
		Record<string, unknown>
	>;
	t.like(json[0], {
		articleTitle: 'Harbour Bridge Reopens',
		articleUrl: 'https://news.example/bridge',
	});
	const markdown = commentsToMarkdown([kept]);
	t.true(
		markdown.startsWith(
			'## Harbour Bridge Reopens\n\n<https://news.example/bridge>\n\n',
		),
		`markdown: ${markdown}`,
	);
	// The library's title wins while the article is there.
	const markdownWithArticle = commentsToMarkdown([kept], {
		articles: new Map([
			['article', {title: 'Now', url: 'https://news.example/now'}],
		]),
	});
	t.true(
		markdownWithArticle.startsWith('## Now\n\n<https://news.example/now>'),
	);
	// An address that is not a web page's is not shown, never as markup.
	const odd = commentsToMarkdown([{...kept, articleUrl: 'mailto:x <b>'}]);
	t.false(odd.includes('<b>'));
	t.false(odd.includes('<mailto'));
});
