/**
Neutralises terminal control characters in text that comes from outside gazette (articles, file names, comments).

Every control character becomes a visible stand-in (ESC shows as `␛`), so hostile text can neither drive the terminal nor hide what it contains. Newlines and tabs are kept; a lone carriage return is not. Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can make text read backwards (`gnp.exe` shown as `exe.png`), are shown as their codes too.
*/

// C0 controls except tab (\t) and newline (\n), DEL, the C1 range, and the bidi overrides and isolates.

const controlCharacters =
	/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

// Numeric character references that marked would decode into a control character.
const numericEntity = /&#(?:x([\da-f]{1,8})|(\d{1,10}));?/gi;

const controlPictureBase = 0x24_00;

export function visibleControl(character: string): string {
	const code = character.codePointAt(0)!;
	if (code < 0x20) {
		return String.fromCodePoint(controlPictureBase + code);
	}

	if (code === 0x7f) {
		return '␡';
	}

	// C1 controls and bidi controls have no control pictures: show their code so they stay visible and searchable.
	return `<${code.toString(16)}>`;
}

function isControlCode(code: number): boolean {
	return (
		(code < 0x20 && code !== 0x09 && code !== 0x0a) ||
		(code >= 0x7f && code <= 0x9f) ||
		(code >= 0x20_2a && code <= 0x20_2e) ||
		(code >= 0x20_66 && code <= 0x20_69)
	);
}

/** Replace every control character (and every entity that decodes to one) with a visible stand-in. */
export function sanitizeText(text: string): string {
	return text
		.replaceAll(controlCharacters, (character) => visibleControl(character))
		.replaceAll(
			numericEntity,
			(entity, hex: string | undefined, decimal: string | undefined) => {
				const code =
					hex === undefined
						? Number.parseInt(decimal!, 10)
						: Number.parseInt(hex, 16);
				return isControlCode(code)
					? visibleControl(String.fromCodePoint(code))
					: entity;
			},
		);
}

/** For one-line values (titles, names, file names): also turns newlines and tabs into spaces. */
export function sanitizeLine(text: string): string {
	return sanitizeText(text)
		.replaceAll(/[\n\t]+/g, ' ')
		.trim();
}

/** Normalise line endings, then sanitise: CRLF and lone CR both become LF. */
export function sanitizeDocument(text: string): string {
	return sanitizeText(text.replaceAll(/\r\n?/g, '\n'));
}

/** True if the text holds a control character other than tab and newline. */
export function hasControlCharacters(text: string): boolean {
	controlCharacters.lastIndex = 0;
	return controlCharacters.test(text);
}
