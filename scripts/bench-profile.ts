// Summaries of the CPU profiles `node --cpu-prof` writes, for `scripts/bench.ts --cpu-prof DIR`: where a gazette process spent its time, by function, by package and by gazette's own functions (self + callees).
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

type CallFrame = {
	functionName: string;
	url: string;
	lineNumber: number;
};

type ProfileNode = {
	id: number;
	callFrame: CallFrame;
	children?: number[];
};

type Profile = {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
};

type Label = {key: string; module: string};

const moduleComment = /^\/\/ (\S+\.(?:[cm]?js|tsx?|json))$/;
const bundleModules = new Map<string, Array<[number, string]>>();

/** Esbuild marks each module of the (unminified) bundle with a `// path` comment: map a bundle line back to its module. */
function moduleAt(root: string, url: string, line: number): string {
	if (!url.startsWith('file://')) {
		return url || '(native)';
	}

	let marks = bundleModules.get(url);
	if (!marks) {
		marks = [];
		try {
			const lines = readFileSync(fileURLToPath(url), 'utf8').split('\n');
			for (const [index, text] of lines.entries()) {
				const match = moduleComment.exec(text);
				if (match) {
					marks.push([index, match[1]]);
				}
			}
		} catch {}

		bundleModules.set(url, marks);
	}

	let found = path.relative(root, fileURLToPath(url));
	for (const [index, name] of marks) {
		if (index > line) {
			break;
		}

		found = name;
	}

	return found;
}

const packageOf = (module: string) =>
	/^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module)?.[1] ??
	(module.startsWith('node:') ? 'node (internals)' : module);

const projectModule = (module: string) =>
	module.startsWith('source/') || module === 'cli.tsx';

/** Inclusive time of the project's own functions (source/, cli.tsx): which of our calls the library time comes from. Recursion is counted once. */
function projectTotals(
	profile: Profile,
	nodes: Map<number, ProfileNode>,
	self: Map<number, number>,
	label: (node: ProfileNode) => Label,
): Map<string, number> {
	const node = (id: number) => nodes.get(id)!;
	const subtree = new Map<number, number>();
	const order: number[] = [];
	const stack = [profile.nodes[0].id];
	while (stack.length > 0) {
		const id = stack.pop()!;
		order.push(id);
		stack.push(...(node(id).children ?? []));
	}

	for (const id of order.reverse()) {
		const children = node(id).children ?? [];
		subtree.set(
			id,
			(self.get(id) ?? 0) +
				children.reduce((sum, child) => sum + (subtree.get(child) ?? 0), 0),
		);
	}

	const inclusive = new Map<string, number>();
	const active = new Map<string, number>();
	const walk: Array<[number, boolean]> = [[profile.nodes[0].id, false]];
	while (walk.length > 0) {
		const [id, leaving] = walk.pop()!;
		const {key, module} = label(node(id));
		const counted = projectModule(module);
		if (leaving) {
			if (counted) {
				active.set(key, (active.get(key) ?? 1) - 1);
			}

			continue;
		}

		if (counted) {
			if (!active.get(key)) {
				inclusive.set(key, (inclusive.get(key) ?? 0) + subtree.get(id)!);
			}

			active.set(key, (active.get(key) ?? 0) + 1);
		}

		walk.push([id, true]);
		for (const child of node(id).children ?? []) {
			walk.push([child, false]);
		}
	}

	return inclusive;
}

/** The profile in `file` as text: busy and idle time, the top functions and packages by self time, gazette's own functions by total time. `root` is the repository, to name modules. */
export function summarizeProfile(file: string, root: string, top = 12): string {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const self = new Map<number, number>();
	for (const [index, id] of profile.samples.entries()) {
		const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
		self.set(id, (self.get(id) ?? 0) + ms);
	}

	const label = (node: ProfileNode): Label => {
		const {functionName, url, lineNumber} = node.callFrame;
		const module = moduleAt(root, url, lineNumber);
		const name = (functionName || '(anonymous)').slice(0, 60);
		const where = url.startsWith('file://')
			? ` (${path.basename(fileURLToPath(url))}:${lineNumber + 1})`
			: '';
		return {key: `${name} — ${module}${where}`, module};
	};

	const functions = new Map<string, number>();
	const packages = new Map<string, number>();
	let total = 0;
	let idle = 0;
	for (const [id, ms] of self) {
		const node = nodes.get(id)!;
		if (node.callFrame.functionName === '(idle)') {
			idle += ms;
			continue;
		}

		total += ms;
		const {key, module} = label(node);
		functions.set(key, (functions.get(key) ?? 0) + ms);
		const name = packageOf(module);
		packages.set(name, (packages.get(name) ?? 0) + ms);
	}

	const inclusive = projectTotals(profile, nodes, self, label);

	const rowsOf = (map: Map<string, number>) =>
		[...map]
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(
				([name, ms]) =>
					`  ${ms.toFixed(0).padStart(6)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${name}`,
			);
	return [
		`${path.basename(file)}: ${total.toFixed(0)} ms busy, ${idle.toFixed(0)} ms idle (percentages of busy time)`,
		' top self time by function:',
		...rowsOf(functions),
		' top self time by package / module:',
		...rowsOf(packages),
		' top total time (self + callees) of gazette’s own functions:',
		...rowsOf(inclusive),
	].join('\n');
}
