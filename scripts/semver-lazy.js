// The conf package imports semver for its migrations, which gazette gives it only to bring a state file of an older
// layout up to date. semver sets up its patterns and ranges as it loads (about 10 ms): loaded at its first use instead,
// not at every start that opens the store. The require is bundled by esbuild as a call, run when first reached.
let semver;

function loaded() {
	// eslint-disable-next-line unicorn/prefer-module, import-x/no-extraneous-dependencies
	semver ??= require('semver');
	return semver;
}

const lazySemver = new Proxy({}, {get: (_target, name) => loaded()[name]});
export default lazySemver;
