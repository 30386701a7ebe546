import {setTimeout as delay} from 'node:timers/promises';
import test from 'ava';
import {render} from 'ink-testing-library';
import {Reader} from '../source/ui/reader.js';
import {readArticle} from '../source/library/load.js';
import {parseDocument} from '../source/document/sections.js';
import {SectionRenderer} from '../source/document/render.js';
import {articleSections, quoteTargets} from '../source/document/reader-sections.js';

const article = readArticle('articles/miami-summit.md');
const doc = parseDocument(article.body, {title: article.title});
const renderer = new SectionRenderer({hyperlinks: false});
const sections = articleSections(doc, renderer, 78);
const quotes = quoteTargets(doc, renderer, 78);
test('x', async (t) => {
	const calls: unknown[] = [];
	const r = render(<Reader article={article} sections={sections} quotes={quotes} width={78} columns={80} rows={24} saved={{}} marks={{read: false, bookmarked: false}} notice={undefined} onProgress={(p) => calls.push(p)} onToggleRead={() => {}} onToggleBookmark={() => {}} onBack={() => {}} onQuit={() => {}} />);
	await delay(50);
	const show = (l: string) => { console.log('=== ' + l); console.log(r.lastFrame()); };
	show('start');
	for (const [k, label] of [['j', 'j'], [' ', 'space'], ['G', 'G'], ['g', 'g'], ['\t', 'tab'], ['\r', 'enter'], ['z', 'z'], ['Z', 'Z'], ['>', '>'], ['t', 't'], ['\u001B', 'esc'], ['/', '/'], ['witkoff', 'type'], ['\r', 'enter'], ['?', '?']]) {
		r.stdin.write(k);
		await delay(k === '\u001B' ? 150 : 50);
		show(label);
	}
	console.log(JSON.stringify(calls.slice(-3)));
	t.pass();
});
