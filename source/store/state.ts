import {isRecord, setOwn, type RawState} from './migrations.js';
import {defaultArticleState, defaultSettings, type StoreData} from './types.js';

/** Fill in what a file may lack (a missing file, an old one); conf's schema defaults cover the rest. */
export function withDefaults(state: RawState): RawState & StoreData {
	const articles = isRecord(state.articles) ? state.articles : {};
	for (const [id, article] of Object.entries(articles)) {
		setOwn(articles, id, {
			...defaultArticleState(),
			...(isRecord(article) ? article : {}),
		});
	}

	// Read without conf the values are unchecked, and the layout depends on these types.
	const settings = isRecord(state.settings) ? state.settings : {};
	const typed: Record<string, unknown> = {...defaultSettings};
	for (const [key, fallback] of Object.entries(defaultSettings)) {
		if (typeof settings[key] === typeof fallback) {
			typed[key] = settings[key];
		}
	}

	state.articles = articles;
	state.settings = {...settings, ...typed};
	state.comments = Array.isArray(state.comments) ? state.comments : [];
	state.drafts = isRecord(state.drafts) ? state.drafts : {};
	return state as RawState & StoreData;
}

/** The four keys the app sees, detached from the file's object (which also holds conf's bookkeeping). */
export function snapshotOf(state: StoreData): StoreData {
	return structuredClone({
		articles: state.articles,
		settings: state.settings,
		comments: state.comments,
		drafts: state.drafts,
	});
}
