// AVA's settings. They are here and not in package.json because the order of the files is a function.
import {statSync} from 'node:fs';

const endToEnd = (file) => /[\\/]test[\\/]e2e[\\/]/.test(file);
const size = (file) => statSync(file).size;

const config = {
	files: [
		'test/**/*.ts',
		'test/**/*.tsx',
		'!test/helpers/**',
		'!test/fixtures/**',
	],
	typescript: {
		extensions: ['ts', 'tsx'],
		rewritePaths: {'test/': '.test-build/test/'},
		compile: false,
	},
	workerThreads: false,
	timeout: '60s',
	environmentVariables: {
		GAZETTE_CACHE_DIR: 'node_modules/.cache/gazette-test',
		GAZETTE_DATA_DIR: 'node_modules/.cache/gazette-test-data',
	},
	/*
	The end-to-end files first, the largest first. Each drives one gazette at a time and waits for its screens, and takes
	10 to 25 s: started last, one of them would run alone at the end, on one core. Started first, the short unit files run
	beside them and fill the end.
	*/
	sortTestFiles: (a, b) =>
		Number(endToEnd(b)) - Number(endToEnd(a)) ||
		size(b) - size(a) ||
		a.localeCompare(b),
};

export default config;
