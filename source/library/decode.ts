import {type Buffer} from 'node:buffer';

export type Decoded = {text: string} | {error: string};

/**
Turn a file's bytes into text, or say why they are not an article: UTF-8 (with or without a BOM) and UTF-16 with a BOM are text; NUL bytes mean binary; anything else that is not valid UTF-8 is refused.
*/
export function decodeArticleBytes(bytes: Buffer): Decoded {
	if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
		return decodeWith('utf-16le', bytes.subarray(2), 'UTF-16');
	}

	if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
		return decodeWith('utf-16be', bytes.subarray(2), 'UTF-16');
	}

	const body =
		bytes.length >= 3 &&
		bytes[0] === 0xef &&
		bytes[1] === 0xbb &&
		bytes[2] === 0xbf
			? bytes.subarray(3)
			: bytes;
	if (body.subarray(0, 8192).includes(0)) {
		return {error: 'binary file, not text'};
	}

	return decodeWith('utf-8', body, 'UTF-8');
}

function decodeWith(encoding: string, bytes: Buffer, name: string): Decoded {
	try {
		const text = new TextDecoder(encoding, {
			fatal: true,
			ignoreBOM: true,
		}).decode(bytes);
		if (text.includes('\0')) {
			return {error: 'binary file, not text'};
		}

		return {text};
	} catch {
		return {error: `not valid ${name} text`};
	}
}
