// The linkedom package parses a `<style>` element's CSS with cssomnom, and only when its `sheet` is read. gazette cuts
// style elements before parsing a page (source/feeds/clean-html.ts) and reads no style sheet: this stub keeps cssomnom
// (about 190 KB) out of the extraction worker, which loads it at every refresh; if a sheet were ever read, it says so.
export function parse() {
	throw new Error('gazette bundles no CSS parser: a style sheet was read');
}
