/**
Where fetched articles live: `<data-dir>/feeds/<feed>/` for each feed and `<data-dir>/saved/` for pages kept with `gazette save`. Light on purpose (no feed code): the list reads it at start-up.
*/
import {readdirSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import envPaths from 'env-paths';

/** `--data-dir`, else `$GAZETTE_DATA_DIR`, else the per-user data folder (`$XDG_DATA_HOME/gazette` on Linux). */
export function resolveDataDir(flag: string | undefined): string {
	const chosen = flag ?? process.env.GAZETTE_DATA_DIR;
	// An empty variable means the default, as with GAZETTE_STATE_DIR.
	return path.resolve(
		chosen === undefined || chosen === ''
			? envPaths('gazette', {suffix: ''}).data
			: chosen,
	);
}

export function feedsFolder(dataDir: string): string {
	return path.join(dataDir, 'feeds');
}

/** The folder of one feed's articles. */
export function feedFolder(dataDir: string, slug: string): string {
	return path.join(dataDir, 'feeds', slug);
}

export function savedFolder(dataDir: string): string {
	return path.join(dataDir, 'saved');
}

/**
The folders of fetched articles that exist: one per feed that has fetched something, and the saved pages. For the list, beside the bundled and `--dir` folders. Never throws: a data folder that cannot be read holds no articles.
*/
export function fetchedArticleFolders(dataDir: string): string[] {
	const folders: string[] = [];
	try {
		const feeds = feedsFolder(dataDir);
		for (const entry of readdirSync(feeds, {withFileTypes: true})) {
			// Temporary and hidden entries are the refresh's own.
			if (entry.isDirectory() && !entry.name.startsWith('.')) {
				folders.push(path.join(feeds, entry.name));
			}
		}
	} catch {}

	folders.sort();
	try {
		if (readdirSync(savedFolder(dataDir)).length > 0) {
			folders.push(savedFolder(dataDir));
		}
	} catch {}

	return folders;
}
