import {Buffer} from 'node:buffer';
import http from 'node:http';
import https from 'node:https';
import type {AddressInfo, Socket} from 'node:net';
import type {ExecutionContext} from 'ava';

/** What a route answers: a body with headers, or a function that writes the answer itself. */
export type Route =
	| Readonly<{
			status?: number;
			headers?: Record<string, string>;
			body?: string | Uint8Array;
	  }>
	| ((request: http.IncomingMessage, response: http.ServerResponse) => void);

export type RequestRecord = Readonly<{
	path: string;
	headers: http.IncomingHttpHeaders;
}>;

export type TestServer = {
	/** `http://127.0.0.1:<port>` */
	readonly origin: string;
	/** Every request received, oldest first. */
	readonly requests: RequestRecord[];
	/** The most requests that were open at the same time. */
	readonly peakOpen: number;
	/** Requests still open now. */
	readonly open: number;
	/** The full address of a path on this server. */
	url(path: string): string;
	/** Add or replace a route while the server runs. */
	route(path: string, route: Route): void;
	close(): Promise<void>;
};

/**
A local HTTP server on 127.0.0.1 for the network tests: routes by path (query included), records every request, and counts how many are open at once. Tests never reach any other address.
*/
export async function startServer(
	routes: Record<string, Route> = {},
): Promise<TestServer> {
	const table = new Map(Object.entries(routes));
	const requests: RequestRecord[] = [];
	let open = 0;
	let peakOpen = 0;
	const server = http.createServer((request, response) => {
		open++;
		peakOpen = Math.max(peakOpen, open);
		let counted = true;
		const done = () => {
			if (counted) {
				counted = false;
				open--;
			}
		};

		response.on('finish', done);
		response.on('close', done);
		const path = request.url ?? '/';
		requests.push({path, headers: request.headers});
		const route = table.get(path);
		if (route === undefined) {
			response.writeHead(404, {'content-type': 'text/plain'});
			response.end('not found');
			return;
		}

		if (typeof route === 'function') {
			route(request, response);
			return;
		}

		response.writeHead(route.status ?? 200, route.headers);
		response.end(
			typeof route.body === 'string'
				? Buffer.from(route.body)
				: (route.body ?? ''),
		);
	});
	// Connections left open by a test (a server that never answers) must not keep close() waiting.
	const sockets = new Set<Socket>();
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	const origin = await listen(server);
	return {
		origin,
		url: (path) => `${origin}${path}`,
		route(path, route) {
			table.set(path, route);
		},
		requests,
		get peakOpen() {
			return peakOpen;
		},
		get open() {
			return open;
		},
		async close() {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise<void>((resolve) => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
}

/** Start a server that is closed when the test ends. */
export async function serve(
	t: ExecutionContext,
	routes: Record<string, Route> = {},
): Promise<TestServer> {
	const server = await startServer(routes);
	t.teardown(async () => server.close());
	return server;
}

/** Listen on a free port of 127.0.0.1; the server's origin (`http://127.0.0.1:<port>`, or https). */
async function listen(server: http.Server | https.Server): Promise<string> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			resolve();
		});
	});
	const {port} = server.address() as AddressInfo;
	return `${server instanceof https.Server ? 'https' : 'http'}://127.0.0.1:${port}`;
}

/** A server a test made itself (https, or with settings of its own) on 127.0.0.1, closed with its connections when the test ends; its origin. */
export async function listenLocally(
	t: ExecutionContext,
	server: http.Server | https.Server,
): Promise<string> {
	const origin = await listen(server);
	t.teardown(() => {
		server.closeAllConnections();
		server.close();
	});
	return origin;
}
