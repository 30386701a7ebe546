// gazette draws code blocks itself (source/document/render.ts), so marked-terminal's syntax highlighter is never called;
// this stub keeps cli-highlight and highlight.js (about 100 ms to load) out of the bundle.
export function highlight(code) {
	return code;
}
