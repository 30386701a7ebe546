/** Assign an own property even for a key like `__proto__`: keys come from outside (file names, feed addresses). */
export function setOwn<T>(
	object: Record<string, T>,
	key: string,
	value: T,
): void {
	Object.defineProperty(object, key, {
		value,
		enumerable: true,
		writable: true,
		configurable: true,
	});
}

/** Whether a parsed JSON value is an object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// What JSON.stringify leaves raw but a terminal must not get: DEL, the C1 controls, and the bidi overrides and isolates.
const unsafe = /[\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Pretty JSON that is safe to print on a terminal: the characters JSON leaves raw but a terminal would act on are escaped as \uXXXX. Parsing it gives back the same values. */
export function safeJson(value: unknown): string {
	return JSON.stringify(value, undefined, 2).replaceAll(
		unsafe,
		(character) =>
			`\\u${character.codePointAt(0)!.toString(16).padStart(4, '0')}`,
	);
}
