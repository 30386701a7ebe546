const base = {
	prettier: true,
	react: true,
	space: false,
	rules: {
		// Ink components are named exports in kebab-case files, like Ink's own.
		'react/function-component-definition': 'off',
		'react/prop-types': 'off',
		'react/require-default-props': 'off',
		// The CLI and tests use top-level await and process.exit on purpose.
		'unicorn/no-process-exit': 'off',
		'n/prefer-global/process': 'off',
		// Terminal text is full of control characters by design.
		'no-control-regex': 'off',
		// `null` is part of the stored comment record (sectionId, parentId, quote).
		'@typescript-eslint/no-restricted-types': 'off',
		'unicorn/no-null': 'off',
		// The automatic JSX runtime (tsconfig "jsx": "react-jsx") needs no React in scope.
		'react/react-in-jsx-scope': 'off',
		// Key handlers switch over the whole keymap and ignore the other screens' commands.
		'@typescript-eslint/switch-exhaustiveness-check': 'off',
		// Environment variables, TextDecoder options and keymap ids are not ours to rename.
		'@typescript-eslint/naming-convention': 'off',
		'unicorn/text-encoding-identifier-case': 'off',
	},
};

/**
The layering: the core folders never import Ink, React, the UI or print; `extra` adds patterns of their own.

Checked on the import specifiers (no-restricted-imports), which needs no module resolution.
*/
function layering(folders, extra) {
	return {
		...base,
		files: folders.map((folder) => `source/${folder}/**/*.{ts,tsx}`),
		rules: {
			...base.rules,
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['ink', 'ink-*', 'react', 'react/*', '@inkjs/*'],
							message: 'The core never imports Ink or React.',
						},
						{
							group: ['**/ui/*', '**/print/*', '**/cli.js'],
							message: 'The core never imports the UI or print.',
						},
						...extra,
					],
				},
			],
		},
	};
}

/** @type {import('xo').FlatXoConfig} */
const config = [
	{
		ignores: [
			'dist/**',
			'scripts/devtools-stub.js',
			'scripts/cli-highlight-stub.js',
		],
	},
	base,
	layering(['library', 'feeds', 'terminal', 'keys', 'store'], []),
	layering(
		['document', 'comments'],
		[
			{
				group: ['**/store/*', '**/store'],
				message:
					'The document and the comments never import the store: the store imports their types.',
			},
		],
	),
];

export default config;
