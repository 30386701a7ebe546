/** Text of inline markdown without its markup. */
export function plainInline(markdown: string): string {
	return (
		markdown
			.replaceAll(/!\[([^\]]*)]\([^)]*\)/g, '$1')
			.replaceAll(/\[([^\]]*)]\([^)]*\)/g, '$1')
			// Emphasis markers, but not the underscores inside a word (snake_case).
			.replaceAll(/(^|[^\p{L}\p{N}])[*_~]+|[*_~]+(?=[^\p{L}\p{N}]|$)/gu, '$1')
			.replaceAll(/\*+|`+/g, '')
			.replaceAll(/\s+/g, ' ')
			.trim()
	);
}
