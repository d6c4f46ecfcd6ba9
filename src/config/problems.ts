import type { z } from 'zod';
import { ConfigError } from '../errors/errors.js';
import { type ConfigProblem, isSubConfigName, type Layer, namedTables } from './layer.js';

/**
 * Problems from a failed schema parse, each naming the field and the source of its value.
 * Zod's messages and ours state what was expected, never the value, so secrets stay out.
 */
export function issueProblems(issues: readonly z.core.$ZodIssue[], layer: Layer): ConfigProblem[] {
  return issues.map((issue) => {
    const [first, second] = issue.path.map(String);
    const path =
      first !== undefined && namedTables(first, second) !== undefined
        ? issue.path.map(String).join('.')
        : first !== undefined && second !== undefined && isSubConfigName(first)
          ? `${first}.${second}`
          : (first ?? '');
    const source = layer.get(path)?.source ?? providerSource(layer, issue.path) ?? 'default';
    return { path, message: issue.message, source };
  });
}

/** Where a named table came from, for a problem with a field it lacks. */
function providerSource(layer: Layer, path: readonly PropertyKey[]): string | undefined {
  const [sub, key, name] = path.map(String);
  if (sub === undefined || name === undefined || namedTables(sub, key) === undefined) {
    return undefined;
  }
  const prefix = `${sub}.${key}.${name}.`;
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
