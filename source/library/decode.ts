import {Buffer} from 'node:buffer';

export type Decoded = {text: string} | {error: string};

/**
Turn a file's bytes into text, or say why they are not an article: UTF-8 (with or without a BOM) and UTF-16 with a BOM are text; NUL bytes mean binary; anything else that is not valid UTF-8 is refused.
*/
export function decodeArticleBytes(bytes: Buffer): Decoded {
	if (bytes.length >= 2 && bytes[0] === 0xFF && bytes[1] === 0xFE) {
		return decodeWith('utf-16le', bytes.subarray(2), 'UTF-16');
	}

	if (bytes.length >= 2 && bytes[0] === 0xFE && bytes[1] === 0xFF) {
		return decodeWith('utf-16be', bytes.subarray(2), 'UTF-16');
	}

	const body = bytes.length >= 3 && bytes[0] === 0xEF && bytes[1] === 0xBB && bytes[2] === 0xBF ? bytes.subarray(3) : bytes;
	if (body.subarray(0, 8192).includes(0)) {
		return {error: 'binary file, not text'};
	}

	return decodeWith('utf-8', body, 'UTF-8');
}

function decodeWith(encoding: string, bytes: Buffer, name: string): Decoded {
	try {
		const text = new TextDecoder(encoding, {fatal: true, ignoreBOM: true}).decode(bytes);
		if (text.includes('\0')) {
			return {error: 'binary file, not text'};
		}

		return {text};
	} catch {
		return {error: `not valid ${name} text`};
	}
}
