import type Conf from 'conf';
import type {Schema} from 'conf';
import {migrateLegacyLayout, type RawState} from './migrations.js';
import {defaultSettings, type StoreData} from './types.js';

export const projectName = 'gazette';
// Conf's default suffix: the folder is `gazette-nodejs`.
export const projectSuffix = 'nodejs';
export const projectVersion = '0.2.0';
export const configName = 'config';

type JsonSchema = Schema<StoreData>[keyof StoreData];

const string: JsonSchema = {type: 'string'};
const nullableString: JsonSchema = {anyOf: [{type: 'string'}, {type: 'null'}]};

// Lenient where a stricter rule would buy nothing: a violation sets the whole file aside, so only wrong shapes count.
const articleSchema: JsonSchema = {
	type: 'object',
	properties: {
		read: {type: 'boolean', default: false},
		lastOpened: string,
		position: {
			type: 'object',
			properties: {
				sectionId: string,
				lineInSection: {type: 'number', minimum: 0},
			},
			required: ['sectionId', 'lineInSection'],
		},
		collapsed: {type: 'array', items: string, default: []},
		bookmarked: {type: 'boolean', default: false},
		progress: {type: 'number', default: 0},
	},
};

const commentSchema: JsonSchema = {
	type: 'object',
	properties: {
		id: string,
		articleId: string,
		sectionId: nullableString,
		sectionTitle: string,
		quote: nullableString,
		parentId: nullableString,
		author: string,
		email: string,
		body: string,
		createdAt: string,
		updatedAt: string,
	},
	required: [
		'id',
		'articleId',
		'sectionId',
		'quote',
		'parentId',
		'author',
		'email',
		'body',
		'createdAt',
		'updatedAt',
	],
};

const draftSchema: JsonSchema = {
	type: 'object',
	properties: {
		articleId: string,
		sectionId: nullableString,
		quote: nullableString,
		parentId: nullableString,
		editingId: nullableString,
		name: string,
		email: string,
		body: string,
		updatedAt: string,
	},
	required: [
		'articleId',
		'sectionId',
		'quote',
		'parentId',
		'editingId',
		'name',
		'email',
		'body',
		'updatedAt',
	],
};

// Top-level keys other than these four stay allowed: conf's `__internal__`, and the 0.1.0 keys until the migration removes them.
const schema: Schema<StoreData> = {
	articles: {type: 'object', additionalProperties: articleSchema, default: {}},
	settings: {
		type: 'object',
		properties: {
			name: {type: 'string', default: defaultSettings.name},
			email: {type: 'string', default: defaultSettings.email},
			theme: {type: 'string', default: defaultSettings.theme},
			maxWidth: {
				type: 'integer',
				minimum: 1,
				default: defaultSettings.maxWidth,
			},
		},
		default: {...defaultSettings},
	},
	comments: {type: 'array', items: commentSchema, default: []},
	drafts: {type: 'object', additionalProperties: draftSchema, default: {}},
};

function migrateTo020(conf: Conf<StoreData>): void {
	const state: RawState = conf.store;
	migrateLegacyLayout(state);
	conf.store = state as StoreData;
}

let LoadedConf: typeof Conf | undefined;
let loadingConf: Promise<void> | undefined;

/**
Load conf. It is loaded apart from the rest (`import()`), because evaluating it and its schema validator (ajv) took about 20 ms of the list's first frame.

`Store.open` needs it loaded, except with `deferOpen` until `completeOpen`; `openStore` loads it and opens.
*/
export async function loadConf(): Promise<void> {
	loadingConf ??= (async () => {
		const module = await import('conf');
		LoadedConf = module.default;
	})();
	return loadingConf;
}

/** Whether `loadConf` has finished. */
export function confLoaded(): boolean {
	return LoadedConf !== undefined;
}

/** Conf's class, once `loadConf` has loaded it. */
export function confClass(): typeof Conf {
	if (LoadedConf === undefined) {
		throw new Error('conf is not loaded: await loadConf() first');
	}

	return LoadedConf;
}

export function createConf(cwd: string): Conf<StoreData> {
	const ConfClass = confClass();
	return new ConfClass<StoreData>({
		cwd,
		projectName,
		projectSuffix,
		projectVersion,
		configName,
		// Article ids are file names and may contain dots.
		accessPropertiesByDotNotation: false,
		schema,
		migrations: {
			'0.2.0': migrateTo020,
		},
	});
}
