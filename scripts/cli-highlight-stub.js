// marked-terminal imports cli-highlight for its code-block renderer, which gazette never calls: gazette uses only its span
// renderers (source/document/inline.ts) and draws code blocks itself (source/document/blocks.ts). This stub keeps
// cli-highlight and highlight.js out of the renderer's chunk: 1.2 MB, and 200-300 ms more to open the first article on a busy 2-core machine.
export function highlight(code) {
	return code;
}
