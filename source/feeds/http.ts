/**
Fetching feeds and pages politely and safely: conditional GET, 429 and Retry-After, a connection limit in all and per host, a timeout that covers the body, a redirect limit, and a size cap enforced on the decoded bytes while they stream in.
*/
import process from 'node:process';

export type ResourceKind = 'feed' | 'page';

export type FetchLimits = Readonly<{
	/** Decoded bytes at most; the download stops as soon as more arrive. */
	maxBytes: number;
	/** For the whole exchange: every redirect, the headers and the body. */
	timeoutMs: number;
	maxRedirects: number;
}>;

export const defaultLimits: Readonly<Record<ResourceKind, FetchLimits>> = {
	feed: {maxBytes: 10 * 1024 * 1024, timeoutMs: 20_000, maxRedirects: 5},
	page: {maxBytes: 5 * 1024 * 1024, timeoutMs: 20_000, maxRedirects: 5},
};

export type FetchRequest = Readonly<{
	url: string;
	kind: ResourceKind;
	/** From the last answer: sent back so that an unchanged resource costs a 304. */
	etag?: string;
	lastModified?: string;
	limits?: Partial<FetchLimits>;
}>;

export type Fetched =
	| {
			status: 'ok';
			/** After redirects. */
			url: string;
			contentType: string | undefined;
			etag: string | undefined;
			lastModified: string | undefined;
			bytes: Uint8Array;
	  }
	| {
			status: 'not-modified';
			url: string;
			etag: string | undefined;
			lastModified: string | undefined;
	  };

/** Why a fetch failed, in words for the reader (`HTTP 404`, `timeout`, `too large`). */
export class FetchError extends Error {
	override name = 'FetchError';
	/** When the server asked gazette to come back (429 or 503 with Retry-After). */
	readonly retryAfter: Date | undefined;
	readonly httpStatus: number | undefined;

	constructor(
		reason: string,
		options: {retryAfter?: Date; httpStatus?: number} = {},
	) {
		super(reason);
		this.retryAfter = options.retryAfter;
		this.httpStatus = options.httpStatus;
	}
}

/**
At most `total` requests at once, and at most `perHost` to one host (host and port): a refresh of many feeds on one server never opens more than two connections to it.
*/
export class ConnectionLimiter {
	readonly #total: number;
	readonly #perHost: number;
	#running = 0;
	readonly #byHost = new Map<string, number>();
	readonly #waiting: Array<{host: string; start: () => void}> = [];

	constructor(total = 8, perHost = 2) {
		this.#total = total;
		this.#perHost = perHost;
	}

	async run<T>(host: string, task: () => Promise<T>): Promise<T> {
		await this.#acquire(host);
		try {
			return await task();
		} finally {
			this.#release(host);
		}
	}

	async #acquire(host: string): Promise<void> {
		if (this.#free(host)) {
			this.#take(host);
			return;
		}

		await new Promise<void>((resolve) => {
			this.#waiting.push({host, start: resolve});
		});
	}

	#free(host: string): boolean {
		return (
			this.#running < this.#total &&
			(this.#byHost.get(host) ?? 0) < this.#perHost
		);
	}

	#take(host: string): void {
		this.#running++;
		this.#byHost.set(host, (this.#byHost.get(host) ?? 0) + 1);
	}

	#release(host: string): void {
		this.#running--;
		const left = (this.#byHost.get(host) ?? 1) - 1;
		if (left === 0) {
			this.#byHost.delete(host);
		} else {
			this.#byHost.set(host, left);
		}

		// The first waiting request whose host has room goes next; one per freed slot.
		const next = this.#waiting.findIndex((waiting) => this.#free(waiting.host));
		if (next !== -1) {
			const [waiting] = this.#waiting.splice(next, 1);
			this.#take(waiting.host);
			waiting.start();
		}
	}
}

const userAgent = `gazette/0.2 (terminal news reader; Node.js ${process.versions.node})`;

const accept: Record<ResourceKind, string> = {
	feed: 'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.5',
	page: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5',
};

/** A web address gazette may fetch: http or https only. */
export function parseWebAddress(address: string): URL {
	let url: URL;
	try {
		url = new URL(address);
	} catch {
		throw new FetchError(`not a web address: ${address}`);
	}

	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new FetchError(
			`only http and https addresses can be fetched, not ${url.protocol}`,
		);
	}

	return url;
}

/** A Retry-After header (seconds or an HTTP date) as a time, measured from `now`. */
export function parseRetryAfter(
	header: string | null,
	now: Date,
): Date | undefined {
	if (header === null) {
		return undefined;
	}

	const trimmed = header.trim();
	if (/^\d+$/.test(trimmed)) {
		return new Date(now.getTime() + Number(trimmed) * 1000);
	}

	const date = new Date(trimmed);
	return Number.isNaN(date.getTime()) ? undefined : date;
}

const networkReasons = new Map<string, string>([
	['ECONNREFUSED', 'connection refused'],
	['ECONNRESET', 'connection reset'],
	['ENOTFOUND', 'host not found'],
	['EAI_AGAIN', 'host not found (DNS did not answer)'],
	['EHOSTUNREACH', 'host unreachable'],
	['ENETUNREACH', 'network unreachable'],
	['UND_ERR_SOCKET', 'connection closed by the server'],
	['UND_ERR_HEADERS_OVERFLOW', 'headers too large'],
	['CERT_HAS_EXPIRED', 'TLS certificate expired'],
	['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS certificate not trusted'],
	['SELF_SIGNED_CERT_IN_CHAIN', 'TLS certificate not trusted'],
	['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'TLS certificate not trusted'],
	['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS certificate is for another host'],
]);

function networkReason(error: unknown): string {
	const cause: unknown =
		error instanceof Error && error.cause !== undefined ? error.cause : error;
	const code =
		typeof cause === 'object' && cause !== null && 'code' in cause
			? String(cause.code)
			: '';
	return (
		networkReasons.get(code) ??
		(cause instanceof Error ? cause.message.split('\n', 1)[0] : 'fetch failed')
	);
}

function formatMegabytes(bytes: number): string {
	return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/** Let go of a body gazette will not read; a failure to do so changes nothing. */
async function discard(response: Response): Promise<void> {
	try {
		await response.body?.cancel();
	} catch {}
}

/** Read a body, stopping as soon as more than `maxBytes` decoded bytes have arrived. */
async function readCapped(
	response: Response,
	maxBytes: number,
): Promise<Uint8Array> {
	const chunks: Uint8Array[] = [];
	let total = 0;
	if (response.body !== null) {
		for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
			total += chunk.byteLength;
			if (total > maxBytes) {
				// Leaving the loop cancels the stream, and with it the decompression: a gzip bomb never inflates past the cap.
				throw new FetchError(`too large (over ${formatMegabytes(maxBytes)})`);
			}

			chunks.push(chunk);
		}
	}

	const bytes = new Uint8Array(total);
	let offset = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, offset);
		offset += chunk.byteLength;
	}

	return bytes;
}

export type FetchOptions = Readonly<{
	limiter?: ConnectionLimiter;
	/** Stops the fetch (Ctrl+C). */
	signal?: AbortSignal;
	now?: () => Date;
}>;

const sharedLimiter = new ConnectionLimiter();

type Exchange = Readonly<{
	url: URL;
	headers: Record<string, string>;
	limits: FetchLimits;
	signal: AbortSignal;
}>;

/** One request: the answer, with its body read only for a 200. */
async function exchange({
	url,
	headers,
	limits,
	signal,
}: Exchange): Promise<{response: Response; bytes?: Uint8Array}> {
	const response = await fetch(url, {headers, redirect: 'manual', signal});
	if (response.status !== 200 && response.status !== 203) {
		await discard(response);
		return {response};
	}

	const length = Number(response.headers.get('content-length'));
	if (length > limits.maxBytes) {
		await discard(response);
		throw new FetchError(
			`too large (${formatMegabytes(length)}, the limit is ${formatMegabytes(limits.maxBytes)})`,
		);
	}

	return {response, bytes: await readCapped(response, limits.maxBytes)};
}

/** The failure an answer other than 200, 304 or a redirect stands for. */
function statusError(response: Response, now: Date): FetchError {
	const {status} = response;
	const asked =
		status === 429 || status === 503
			? parseRetryAfter(response.headers.get('retry-after'), now)
			: undefined;
	// A 429 without a time still means "not now": a minute.
	const retryAfter =
		asked ?? (status === 429 ? new Date(now.getTime() + 60_000) : undefined);
	return new FetchError(
		`HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`,
		{httpStatus: status, retryAfter},
	);
}

/** Where a redirect leads, or why it is not followed. */
function redirectTarget(
	response: Response,
	from: URL,
	redirects: number,
	limits: FetchLimits,
): URL {
	const location = response.headers.get('location');
	if (location === null || response.status === 300) {
		throw new FetchError(`HTTP ${response.status} without a usable Location`, {
			httpStatus: response.status,
		});
	}

	if (redirects >= limits.maxRedirects) {
		throw new FetchError(
			`too many redirects (more than ${limits.maxRedirects})`,
		);
	}

	return parseWebAddress(new URL(location, from).href);
}

function requestHeaders(request: FetchRequest): Record<string, string> {
	const headers: Record<string, string> = {
		'user-agent': userAgent,
		accept: accept[request.kind],
	};
	if (request.etag) {
		headers['if-none-match'] = request.etag;
	}

	if (request.lastModified) {
		headers['if-modified-since'] = request.lastModified;
	}

	return headers;
}

/**
Fetch a feed or a page. Resolves to the body or to "not modified"; rejects with a `FetchError` whose message says why in the reader's words.
*/
export async function fetchResource(
	request: FetchRequest,
	options: FetchOptions = {},
): Promise<Fetched> {
	const limits = {...defaultLimits[request.kind], ...request.limits};
	const limiter = options.limiter ?? sharedLimiter;
	const now = options.now ?? (() => new Date());
	const start = parseWebAddress(request.url);
	const timeout = new AbortController();
	const signal = options.signal
		? AbortSignal.any([timeout.signal, options.signal])
		: timeout.signal;
	const headers = requestHeaders(request);
	const clock: {timer?: NodeJS.Timeout} = {};
	const startClock = () => {
		// The clock starts with the first request, not while waiting for a free connection.
		clock.timer ??= setTimeout(() => {
			timeout.abort();
		}, limits.timeoutMs);
	};

	try {
		let url = start;
		for (let redirects = 0; ; redirects++) {
			const current = url;
			// eslint-disable-next-line no-await-in-loop
			const {response, bytes} = await limiter.run(current.host, async () => {
				startClock();
				return exchange({url: current, headers, limits, signal});
			});
			const etag = response.headers.get('etag') ?? undefined;
			const lastModified = response.headers.get('last-modified') ?? undefined;
			if (response.status === 304) {
				return {status: 'not-modified', url: url.href, etag, lastModified};
			}

			if (response.status >= 300 && response.status < 400) {
				url = redirectTarget(response, url, redirects, limits);
				continue;
			}

			if (bytes === undefined) {
				throw statusError(response, now());
			}

			return {
				status: 'ok',
				url: url.href,
				contentType: response.headers.get('content-type') ?? undefined,
				etag,
				lastModified,
				bytes,
			};
		}
	} catch (error) {
		throw failureOf(error, {
			timedOut: timeout.signal.aborted,
			stopped: options.signal?.aborted ?? false,
			timeoutMs: limits.timeoutMs,
		});
	} finally {
		clearTimeout(clock.timer);
	}
}

function failureOf(
	error: unknown,
	how: {timedOut: boolean; stopped: boolean; timeoutMs: number},
): FetchError {
	if (error instanceof FetchError) {
		return error;
	}

	if (how.timedOut) {
		return new FetchError(
			`timeout (no complete answer in ${Math.round(how.timeoutMs / 1000)} s)`,
		);
	}

	return how.stopped
		? new FetchError('stopped')
		: new FetchError(networkReason(error));
}
