/**
The `feeds` part of the state file: subscriptions and fetch state. Its types live with the feeds (feeds/subscriptions.ts); here, how the store checks it and fills it in, field by field as for the rest of the state.

No layout version change: a file without `feeds` (any file from before) gets the empty default, and an older gazette keeps the key as it is.
*/
import {
	emptyFeedsState,
	type FeedsState,
	type Subscription,
} from '../feeds/subscriptions.js';
import {isRecord, setOwn} from '../terminal/safe-json.js';

const isString = (value: unknown): value is string => typeof value === 'string';

/**
The feeds state from whatever the file holds, for a read without the validator (the first frame, a read-only folder): a subscription without an address or folder name is left out, a field of the wrong type takes its default.
*/
export function checkFeeds(raw: unknown): FeedsState {
	const state = emptyFeedsState();
	if (!isRecord(raw)) {
		return state;
	}

	const subscriptions = isRecord(raw.subscriptions) ? raw.subscriptions : {};
	for (const [key, value] of Object.entries(subscriptions)) {
		if (!isRecord(value) || !isString(value.url) || !isString(value.slug)) {
			continue;
		}

		const subscription: Subscription = {
			...value,
			url: value.url,
			title: isString(value.title) ? value.title : '',
			folder:
				Array.isArray(value.folder) &&
				value.folder.every((name) => isString(name))
					? value.folder
					: [],
			slug: value.slug,
			addedAt: isString(value.addedAt) ? value.addedAt : '',
		};
		setOwn(state.subscriptions, key, subscription);
	}

	const fetch = isRecord(raw.fetch) ? raw.fetch : {};
	for (const [key, value] of Object.entries(fetch)) {
		if (isRecord(value)) {
			const {failures} = value;
			setOwn(state.fetch, key, {
				...value,
				failures: typeof failures === 'number' && failures >= 0 ? failures : 0,
			});
		}
	}

	return state;
}
