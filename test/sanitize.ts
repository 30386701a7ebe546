import test from 'ava';
import {
	hasControlCharacters,
	sanitizeDocument,
	sanitizeLine,
	sanitizeText,
	visibleControl,
} from '../source/terminal/sanitize.js';

// Anything a terminal would act on: C0 (except tab and newline), DEL and C1.
const rawControl = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

test('ESC, BEL, backspace and a lone carriage return become visible stand-ins', (t) => {
	t.is(sanitizeText('a\u001B[31mb'), 'a␛[31mb');
	t.is(sanitizeText('ring\u0007'), 'ring␇');
	t.is(sanitizeText('over\bwrite'), 'over␈write');
	t.is(sanitizeText('hidden\rshown'), 'hidden␍shown');
	t.is(sanitizeText('nul\u0000'), 'nul␀');
	t.is(sanitizeText('del\u007F'), 'del␡');
});

test('C1 controls become their visible code', (t) => {
	t.is(sanitizeText('\u009B2J'), '<9b>2J');
	t.is(sanitizeText('\u009D0;title\u009C'), '<9d>0;title<9c>');
	t.is(visibleControl('\u0085'), '<85>');
});

test('newlines and tabs are kept', (t) => {
	t.is(sanitizeText('one\ttwo\nthree\n'), 'one\ttwo\nthree\n');
});

test('no raw control character survives, whatever the input', (t) => {
	let all = '';
	for (let code = 0; code <= 0xa0; code++) {
		all += String.fromCodePoint(code);
	}

	const clean = sanitizeText(all);
	t.notRegex(clean, rawControl);
	t.false(hasControlCharacters(clean));
	t.true(clean.includes('\t\n'));
	t.true(clean.includes(' !"#'));
});

test('printable text, including non-Latin scripts and emoji, is unchanged', (t) => {
	const text = 'Ünïcödé 新聞 «quotes» “curly” — dash 🎉👩‍💻 \u00A0nbsp';
	t.is(sanitizeText(text), text);
});

test('numeric entities for control characters become visible stand-ins', (t) => {
	t.is(sanitizeText('&#27;[31m'), '␛[31m');
	t.is(sanitizeText('&#x1b;[31m'), '␛[31m');
	t.is(sanitizeText('&#X1B;[31m'), '␛[31m');
	t.is(sanitizeText('&#0000027;'), '␛');
	t.is(sanitizeText('&#155;2J'), '<9b>2J');
	t.is(sanitizeText('&#x9d;'), '<9d>');
	t.is(sanitizeText('&#7;'), '␇');
	t.is(sanitizeText('&#127;'), '␡');
});

test('numeric entities for printable characters, tab and newline stay as written', (t) => {
	for (const entity of [
		'&#65;',
		'&#x41;',
		'&#9;',
		'&#10;',
		'&#160;',
		'&#8212;',
		'&#x1F389;',
	]) {
		t.is(sanitizeText(entity), entity);
	}
});

test('named entities stay as written', (t) => {
	t.is(
		sanitizeText('Fish &amp; chips &lt;3 &quot;ok&quot;'),
		'Fish &amp; chips &lt;3 &quot;ok&quot;',
	);
	t.is(sanitizeText('&amp;#27;'), '&amp;#27;');
});

test('sanitizeDocument turns CRLF and lone CR into LF', (t) => {
	t.is(
		sanitizeDocument('one\r\ntwo\r\n\r\nthree\rfour'),
		'one\ntwo\n\nthree\nfour',
	);
	t.false(sanitizeDocument('a\r\nb\r').includes('\r'));
});

test('sanitizeDocument still neutralises control characters', (t) => {
	t.is(sanitizeDocument('a\u001B[2J\r\nb'), 'a␛[2J\nb');
});

test('sanitizeLine folds newlines and tabs into single spaces and trims', (t) => {
	t.is(sanitizeLine('  A title\n\tacross lines \n'), 'A title across lines');
	t.is(sanitizeLine('a\u001Bb\nc'), 'a␛b c');
});

test('hasControlCharacters tells text with a control character from text without', (t) => {
	t.true(hasControlCharacters('a\u001Bb'));
	t.true(hasControlCharacters('\u009B'));
	t.false(hasControlCharacters('tab\tand newline\n'));
	// The regular expression is global: asking twice must give the same answer.
	t.true(hasControlCharacters('x\u0007'));
	t.true(hasControlCharacters('x\u0007'));
});
