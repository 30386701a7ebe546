/*
The state files as conf stores: `config.json` (settings, reading state, drafts) and, since layout 0.3.0, `comments.json` (every comment), each read, migrated and written by conf.

gazette plugs into conf where conf lets it: `deserialize` (a byte order mark is not part of the JSON; the shape is checked), `serialize`, the migrations (0.2.0, 0.3.0), and conf's one write (`_write`), replaced by gazette's verified atomic writer, which re-checks just before its rename that this process still holds the lock. What conf cannot do safely happens around it, before conf touches a file (open.ts, store.ts): refusing a pipe or a device, leaving alone a file a newer gazette wrote, the lock, retrying.

conf is loaded apart from the rest (`import()`), after the reader's first frame: evaluating it and ajv took about 20 ms of it.
*/
import fs from 'node:fs';
import path from 'node:path';
import type Conf from 'conf';
import type {Options} from 'conf';
import type {Lock} from './lock.js';
import {
	joinComments,
	migrateLegacyLayout,
	type RawState,
} from './migrations.js';
import {
	commentsValue,
	configValue,
	damagedStamp,
	projectName,
	projectSuffix,
	serializeComments,
	serializeConfig,
	stateVersion,
	withoutStamp,
	type FileState,
} from './schema.js';
import {
	commentsFile,
	parseCommentsState,
	parseState,
	writeFileAtomically,
} from './state-file.js';

/** One state file, as conf reads and writes it. */
export type StateFile = Conf<RawState>;

type StateFileClass = new (options: Partial<Options<RawState>>) => StateFile;

/** The parts of conf 15 this module relies on beyond its typed API: `_write` is its one write, `_serialize` the `serialize` option. */
type ConfInternals = {
	readonly path: string;
	_serialize: (value: RawState) => string;
};

/** A write found that another process had taken its lock over: nothing was renamed into place, and the write starts again from the file's fresh content. */
export class LockLostError extends Error {
	code = 'ELOCKLOST';
	constructor() {
		super('another gazette process took the lock over');
	}
}

/** The lock held by the store operation in progress: every conf write happens inside one, synchronously (see `writingUnder`). */
let heldLock: Lock | undefined;
/** The last write that failed: conf wraps a failure inside a migration in a message of its own, which loses the cause (a full disk, a lost lock). */
let lastWriteFailure: unknown;

/** Run `action`, whose conf writes are guarded by `lock`: each checks, just before its rename, that the lock is still this process's. */
export function writingUnder<T>(lock: Lock, action: () => T): T {
	const previous = heldLock;
	heldLock = lock;
	try {
		return action();
	} finally {
		heldLock = previous;
	}
}

function defineStateFile(ConfClass: typeof Conf): StateFileClass {
	class StateFile extends ConfClass<RawState> {}
	// Conf writes through `_write` alone (its `store` setter and its migrations); TypeScript calls it private, so it is replaced on the prototype.
	Object.defineProperty(StateFile.prototype, '_write', {
		configurable: true,
		writable: true,
		value(this: ConfInternals, value: RawState): void {
			const lock = heldLock;
			if (lock === undefined) {
				throw new Error(`${this.path} would be written without the lock`);
			}

			try {
				// Conf's own write (atomically's writeFileSync) did not notice a short write: a full disk cut the file.
				writeFileAtomically(this.path, this._serialize(value), () => {
					if (!lock.owned()) {
						throw new LockLostError();
					}
				});
			} catch (error) {
				lastWriteFailure = error;
				throw error;
			}
		},
	});
	return StateFile;
}

let LoadedStateFile: StateFileClass | undefined;
let loading: Promise<void> | undefined;

/**
Load conf. `Store.open` needs it loaded, except with `deferOpen` (`completeOpen` loads it); `openStore` loads it and opens.
*/
export async function loadConf(): Promise<void> {
	loading ??= (async () => {
		const {default: ConfClass} = await import('conf');
		LoadedStateFile = defineStateFile(ConfClass);
	})();
	return loading;
}

/** Throw unless `loadConf` has finished. */
export function requireConf(): StateFileClass {
	if (LoadedStateFile === undefined) {
		throw new Error('conf is not loaded: await loadConf() first');
	}

	return LoadedStateFile;
}

/**
The last text a file held and what it parsed to. conf reads the file anew at each step (its constructor, each migration, `store`); the same text is not parsed again. The records are never changed in place (a change replaces them), so the reads may share them; `__internal__`, which conf's migrations change in place, is copied for each.
*/
class ParsedText {
	#text: string | undefined;
	#value: RawState | undefined;

	constructor(readonly parse: (text: string) => RawState) {}

	read = (text: string): RawState => {
		if (this.#value === undefined || text !== this.#text) {
			this.#value = undefined;
			this.#text = text;
			this.#value = this.parse(text);
		}

		const value = this.#value;
		return value.__internal__ === undefined
			? {...value}
			: {...value, __internal__: structuredClone(value.__internal__)};
	};

	forget(): void {
		this.#text = undefined;
		this.#value = undefined;
	}
}

/**
Config.json and comments.json in one folder, as conf stores: created when first read, kept for the later reads and writes. Reads and writes throw what conf throws (a file system error, `UnusableStateError` for a file that cannot be used); writes must run inside `writingUnder`.
*/
export class StateFiles {
	readonly commentsPath: string;
	#config: StateFile | undefined;
	#comments: StateFile | undefined;
	readonly #configText = new ParsedText(parseState);
	readonly #commentsText = new ParsedText(parseCommentsState);

	constructor(readonly configPath: string) {
		this.commentsPath = commentsFile(configPath);
	}

	/** Config.json's text as conf reads it: for looking at the file before conf does (same text, parsed once). */
	parseConfig = (text: string): RawState => this.#configText.read(text);

	/** Config.json's store. */
	config(): StateFile {
		this.#config ??= this.#create('config');
		return this.#config;
	}

	/** Comments.json's store: `{}` while there is no file. */
	comments(): StateFile {
		this.#comments ??= this.#create('comments');
		return this.#comments;
	}

	/**
	Bring config.json (as `raw`, its content) to this layout, with conf's migrations: 0.2.0 (one record per article) and 0.3.0 (the comments in comments.json). For a file stamped older than this layout, or none, or holding comments still; never for one a newer gazette wrote (conf would migrate it down).
	*/
	migrate(raw: RawState): void {
		if (damagedStamp(raw)) {
			// Conf throws comparing a version that is not one: without it, every migration runs, and each is a no-op on what it finds done.
			this.config().store = withoutStamp(raw);
		}

		lastWriteFailure = undefined;
		try {
			this.#config = this.#create('config', this.#migrations());
		} catch (error) {
			throw lastWriteFailure ?? error;
		}

		// Stamped 0.3.0 already, yet holding comments or without comments.json (another program's edit): what the 0.3.0 migration does.
		this.#moveComments(this.#config);
	}

	writeConfig(state: FileState): void {
		this.config().store = configValue(state);
	}

	writeComments(comments: readonly unknown[]): void {
		this.comments().store = commentsValue(comments);
	}

	/** Let go of the texts kept for the current operation (a large comments.json's is tens of megabytes). */
	forget(): void {
		this.#configText.forget();
		this.#commentsText.forget();
	}

	/** Conf's migrations of config.json, run from the version stamped in it to this layout's, each stamped as it is done. */
	#migrations(): Partial<Options<RawState>> {
		return {
			projectVersion: stateVersion,
			migrations: {
				'0.2.0'(config) {
					const state = config.store;
					if (migrateLegacyLayout(state)) {
						config.store = state;
					}
				},
				'0.3.0': (config) => {
					this.#moveComments(config);
				},
			},
		};
	}

	/** The comments move from config.json to comments.json, joined by id with any already there; comments.json is written first, so a crash between the two writes loses none. */
	#moveComments(config: StateFile): void {
		const state = config.store;
		const legacy = Array.isArray(state.comments) ? state.comments : [];
		const missing = !fs.existsSync(this.commentsPath);
		if (legacy.length > 0 || missing) {
			const kept = missing ? [] : this.comments().store.comments;
			this.writeComments(joinComments(Array.isArray(kept) ? kept : [], legacy));
		}

		if ('comments' in state) {
			delete state.comments;
			config.store = state;
		}
	}

	#create(
		configName: 'config' | 'comments',
		migrations: Partial<Options<RawState>> = {},
	): StateFile {
		const StateFile = requireConf();
		return new StateFile({
			// The folder the store found before conf was loaded (for the first frame): conf's own for gazette unless --state-dir says otherwise, found as conf finds it (test/store.ts checks).
			cwd: path.dirname(this.configPath),
			projectName,
			projectSuffix,
			configName,
			// Article ids are file names: a dot in one is part of it.
			accessPropertiesByDotNotation: false,
			deserialize:
				configName === 'config'
					? this.#configText.read
					: this.#commentsText.read,
			serialize: configName === 'config' ? serializeConfig : serializeComments,
			...migrations,
		});
	}
}
