/**
Turning a feed's or a page's bytes into text: the charset comes from a byte order mark, the Content-Type header, the XML declaration or the page's `<meta charset>`, in that order.
*/

// Windows-1252's 0x80–0x9F; Node 20's decoder maps them to C1 control characters (as ISO-8859-1 does). 0 marks the five unassigned bytes, kept as their Latin-1 code point as browsers do.
const windows1252High = [
	0x20_ac, 0, 0x20_1a, 0x01_92, 0x20_1e, 0x20_26, 0x20_20, 0x20_21, 0x02_c6,
	0x20_30, 0x01_60, 0x20_39, 0x01_52, 0, 0x01_7d, 0, 0, 0x20_18, 0x20_19,
	0x20_1c, 0x20_1d, 0x20_22, 0x20_13, 0x20_14, 0x02_dc, 0x21_22, 0x01_61,
	0x20_3a, 0x01_53, 0, 0x01_7e, 0x01_78,
];

/** Labels that, as in browsers (WHATWG Encoding), all mean windows-1252. */
const windows1252Labels = new Set([
	'windows-1252',
	'cp1252',
	'x-cp1252',
	'iso-8859-1',
	'iso8859-1',
	'iso_8859-1',
	'latin1',
	'l1',
	'ascii',
	'us-ascii',
	'ansi_x3.4-1968',
	'cp819',
	'ibm819',
	'iso-ir-100',
]);

/** Decode windows-1252 (and so ISO-8859-1 and ASCII) bytes with the full table. */
export function decodeWindows1252(bytes: Uint8Array): string {
	const parts: string[] = [];
	// In slices, so a long body never builds one enormous argument list.
	const slice = 8192;
	for (let start = 0; start < bytes.length; start += slice) {
		const end = Math.min(bytes.length, start + slice);
		const codes: number[] = Array.from({length: end - start});
		for (let index = start; index < end; index++) {
			const byte = bytes[index];
			codes[index - start] =
				byte >= 0x80 && byte <= 0x9f
					? windows1252High[byte - 0x80] || byte
					: byte;
		}

		parts.push(String.fromCodePoint(...codes));
	}

	return parts.join('');
}

export type BodyKind = 'xml' | 'html' | 'json';

/** The charset named by a Content-Type header, lower case, or undefined. */
export function charsetOfContentType(
	contentType: string | undefined,
): string | undefined {
	const match = /;\s*charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '');
	return match?.[1]?.toLowerCase();
}

/** The charset named inside the document: the XML declaration, or an HTML `<meta>` in the first 4 KB. */
export function charsetOfDocument(
	bytes: Uint8Array,
	kind: BodyKind,
): string | undefined {
	// ASCII-compatible encodings only: the names are ASCII.
	const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
	const xml = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
	if (xml) {
		return xml[1].toLowerCase();
	}

	if (kind !== 'html') {
		return undefined;
	}

	const meta =
		/<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head) ?? undefined;
	return meta?.[1]?.toLowerCase();
}

function bomCharset(
	bytes: Uint8Array,
): {charset: string; skip: number} | undefined {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
		return {charset: 'utf-8', skip: 3};
	}

	if (bytes[0] === 0xff && bytes[1] === 0xfe) {
		return {charset: 'utf-16le', skip: 2};
	}

	if (bytes[0] === 0xfe && bytes[1] === 0xff) {
		return {charset: 'utf-16be', skip: 2};
	}

	return undefined;
}

export type DecodedBody = {text: string; charset: string};

/**
Decode a body. A charset gazette does not know falls back to UTF-8; a body with no charset anywhere is UTF-8 when it is valid UTF-8, else windows-1252 (what browsers assume for such pages). Never throws: bytes that don't fit become U+FFFD.
*/
export function decodeBody(
	bytes: Uint8Array,
	contentType: string | undefined,
	kind: BodyKind,
): DecodedBody {
	const bom = bomCharset(bytes);
	if (bom) {
		return {
			text: decodeAs(bom.charset, bytes.subarray(bom.skip)),
			charset: bom.charset,
		};
	}

	// JSON is UTF-8 by definition (RFC 8259), whatever the header says.
	const named =
		kind === 'json'
			? 'utf-8'
			: (charsetOfContentType(contentType) ?? charsetOfDocument(bytes, kind));
	if (named !== undefined) {
		const charset = knownCharset(named);
		return {text: decodeAs(charset, bytes), charset};
	}

	try {
		return {
			text: new TextDecoder('utf-8', {fatal: true}).decode(bytes),
			charset: 'utf-8',
		};
	} catch {
		return {text: decodeWindows1252(bytes), charset: 'windows-1252'};
	}
}

function knownCharset(name: string): string {
	if (windows1252Labels.has(name)) {
		return 'windows-1252';
	}

	try {
		return new TextDecoder(name).encoding;
	} catch {
		return 'utf-8';
	}
}

function decodeAs(charset: string, bytes: Uint8Array): string {
	return charset === 'windows-1252'
		? decodeWindows1252(bytes)
		: new TextDecoder(charset).decode(bytes);
}
