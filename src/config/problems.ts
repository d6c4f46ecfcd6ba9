import type { z } from 'zod';
import { ConfigError } from '../errors/errors.js';
import { type ConfigProblem, isSubConfigName, type Layer } from './layer.js';

/**
 * Problems from a failed schema parse, each naming the field and the source of its value.
 * Zod's messages and ours state what was expected, never the value, so secrets stay out.
 */
export function issueProblems(issues: readonly z.core.$ZodIssue[], layer: Layer): ConfigProblem[] {
  return issues.map((issue) => {
    const [first, second] = issue.path.map(String);
    const path =
      first === 'oauth' && second === 'providers'
        ? issue.path.map(String).join('.')
        : first !== undefined && second !== undefined && isSubConfigName(first)
          ? `${first}.${second}`
          : (first ?? '');
    const source = layer.get(path)?.source ?? providerSource(layer, issue.path) ?? 'default';
    return { path, message: issue.message, source };
  });
}

/** Where a provider table came from, for a problem with a field it lacks. */
function providerSource(layer: Layer, path: readonly PropertyKey[]): string | undefined {
  if (path[0] !== 'oauth' || path[1] !== 'providers' || path[2] === undefined) return undefined;
  const prefix = `oauth.providers.${String(path[2])}.`;
  for (const [key, { source }] of layer) if (key.startsWith(prefix)) return source;
  return undefined;
}

/** One line per problem: `jwt_ttl_seconds: must be >= 60 (from env REGSTACK_JWT_TTL_SECONDS)`. */
export function formatProblem(problem: ConfigProblem): string {
  return problem.path === ''
    ? `${problem.source}: ${problem.message}`
    : `${problem.path}: ${problem.message} (from ${problem.source})`;
}

/** Throws one `ConfigError` listing every problem, one line each. */
export function rejectConfig(problems: readonly ConfigProblem[]): never {
  const lines = [...new Set(problems.map(formatProblem))];
  const noun = lines.length === 1 ? 'problem' : 'problems';
  throw new ConfigError(
    `Invalid regstack configuration (${lines.length} ${noun}):\n${lines.map((line) => `  ${line}`).join('\n')}`,
  );
}
