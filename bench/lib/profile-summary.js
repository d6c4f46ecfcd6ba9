// @ts-check
import { readFileSync } from 'node:fs';

/*
 * Where a server's CPU time went, from a V8 `.cpuprofile` (`node --cpu-prof`): self time
 * grouped by package or source file, and by function.
 */

/**
 * @typedef {object} ProfileSummary
 * @property {string} file
 * @property {number} totalMs
 * @property {Array<{ share: number, name: string }>} byModule self time per package or file, largest first
 * @property {Array<{ share: number, name: string }>} byFunction self time per function, largest first
 */

/**
 * @typedef {object} ProfileNode
 * @property {number} id
 * @property {{ functionName: string, url: string, lineNumber: number }} callFrame
 */

const REPO = /^.*\/work\/main\//;

/**
 * `node_modules/<package>` for dependencies, the path below the repository for our files,
 * the V8 pseudo-frame name otherwise.
 * @param {ProfileNode} node
 * @returns {string}
 */
function moduleOf(node) {
  const { url, functionName } = node.callFrame;
  if (url === '') return functionName;
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency?.[1] !== undefined) return dependency[1];
  return url.replace(/^file:\/\//, '').replace(REPO, '');
}

/**
 * @param {ProfileNode} node
 * @returns {string}
 */
function functionOf(node) {
  const { url, functionName, lineNumber } = node.callFrame;
  if (url === '') return functionName;
  const where = url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, '')
    .replace(REPO, '');
  return `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
}

/**
 * @param {string} file a `.cpuprofile`
 * @param {number} [top]
 * @returns {ProfileSummary}
 */
export function summariseProfile(file, top = 25) {
  /** @type {{ nodes: ProfileNode[], samples: number[], timeDeltas: number[] }} */
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  /** @type {Map<string, number>} */
  const byModule = new Map();
  /** @type {Map<string, number>} */
  const byFunction = new Map();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = nodes.get(id);
    const delta = profile.timeDeltas[index] ?? 0;
    if (node === undefined) return;
    total += delta;
    const module = moduleOf(node);
    const fn = functionOf(node);
    byModule.set(module, (byModule.get(module) ?? 0) + delta);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + delta);
  });
  /** @param {Map<string, number>} map */
  const ranked = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({ share: total === 0 ? 0 : micros / total, name }));
  return {
    file,
    totalMs: total / 1000,
    byModule: ranked(byModule),
    byFunction: ranked(byFunction),
  };
}
