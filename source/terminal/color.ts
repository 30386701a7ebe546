import process from 'node:process';
import chalk from 'chalk';

export type ColorEnvironment = Readonly<{
	env: NodeJS.ProcessEnv;
	isTTY: boolean;
}>;

/**
Decide the colour level once, from the terminal conventions: NO_COLOR and TERM=dumb turn colour off, FORCE_COLOR turns it on even in a pipe, otherwise colour only on a terminal.
*/
export function colorLevel({env, isTTY}: ColorEnvironment): 0 | 1 | 2 | 3 {
	const force = env.FORCE_COLOR;
	if (force !== undefined && force !== '0' && force !== 'false') {
		const level = Number.parseInt(force, 10);
		return level >= 1 && level <= 3 ? (level as 1 | 2 | 3) : 1;
	}

	if (force === '0' || force === 'false') {
		return 0;
	}

	if (
		(env.NO_COLOR !== undefined && env.NO_COLOR !== '') ||
		env.TERM === 'dumb' ||
		!isTTY
	) {
		return 0;
	}

	if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') {
		return 3;
	}

	return env.TERM?.includes('256') ? 2 : 1;
}

/** Apply the level to the one chalk instance that Ink and gazette's theme share; marked-terminal styles spans with the theme's functions, so they follow it too. */
export function applyColorLevel(isTTY = Boolean(process.stdout.isTTY)): number {
	chalk.level = colorLevel({env: process.env, isTTY});
	return chalk.level;
}
