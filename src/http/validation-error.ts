import type { z } from 'zod';

/** One entry of the FastAPI-style 422 body (TS-CONTRACT §3). */
export interface ValidationIssue {
  readonly type: string;
  readonly loc: readonly (string | number)[];
  readonly msg: string;
  readonly input: unknown;
  readonly ctx?: Record<string, unknown> | undefined;
}

/** A request whose JSON, query or path did not validate: answered 422 with a list of issues. */
export class RequestValidationError extends Error {
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[]) {
    super('Request validation failed');
    this.name = 'RequestValidationError';
    this.issues = issues;
  }
}

export type IssueLocation = 'body' | 'query' | 'path';

/**
 * Custom issues carry their own FastAPI type and message in `params`, so the field
 * helpers can speak in the reference's words (code-point lengths, email reasons).
 */
export interface CustomIssueParams {
  readonly type: string;
  readonly msg: string;
  readonly ctx?: Record<string, unknown>;
}

const TYPE_NAMES: Record<string, { type: string; msg: string }> = {
  string: { type: 'string_type', msg: 'Input should be a valid string' },
  boolean: { type: 'bool_type', msg: 'Input should be a valid boolean' },
  number: { type: 'int_type', msg: 'Input should be a valid integer' },
  int: { type: 'int_type', msg: 'Input should be a valid integer' },
  object: {
    type: 'model_attributes_type',
    msg: 'Input should be a valid dictionary or object to extract fields from',
  },
};

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function locOf(location: IssueLocation, path: readonly PropertyKey[]): (string | number)[] {
  return [location, ...path.map((key) => (typeof key === 'number' ? key : String(key)))];
}

function isCustomParams(value: unknown): value is CustomIssueParams {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    typeof (value as { msg?: unknown }).msg === 'string'
  );
}

/** Converts zod issues into the reference's 422 entries. */
export function toValidationIssues(
  issues: readonly z.core.$ZodIssue[],
  location: IssueLocation,
  input: unknown,
): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    const at = valueAt(input, issue.path);
    const loc = locOf(location, issue.path);
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          out.push({
            type: 'extra_forbidden',
            loc: [...loc, key],
            msg: 'Extra inputs are not permitted',
            input: valueAt(at, [key]),
          });
        }
        break;
      case 'invalid_type': {
        if (at === undefined) {
          out.push({
            type: 'missing',
            loc,
            msg: 'Field required',
            input: issue.path.length === 0 ? null : input,
          });
          break;
        }
        const known = TYPE_NAMES[issue.expected] ?? {
          type: `${issue.expected}_type`,
          msg: issue.message,
        };
        out.push({ type: known.type, loc, msg: known.msg, input: at });
        break;
      }
      case 'too_small':
        out.push({
          type: 'greater_than_equal',
          loc,
          msg: `Input should be greater than or equal to ${String(issue.minimum)}`,
          input: at,
          ctx: { ge: Number(issue.minimum) },
        });
        break;
      case 'too_big':
        out.push({
          type: 'less_than_equal',
          loc,
          msg: `Input should be less than or equal to ${String(issue.maximum)}`,
          input: at,
          ctx: { le: Number(issue.maximum) },
        });
        break;
      case 'custom':
        if (isCustomParams(issue.params)) {
          out.push({
            type: issue.params.type,
            loc,
            msg: issue.params.msg,
            input: at,
            ctx: issue.params.ctx,
          });
          break;
        }
        out.push({ type: 'value_error', loc, msg: issue.message, input: at });
        break;
      default:
        out.push({ type: 'value_error', loc, msg: issue.message, input: at });
    }
  }
  return out;
}

/** Parses `data` or throws a `RequestValidationError` in the reference's shape. */
export function validateInput<S extends z.ZodType>(
  schema: S,
  data: unknown,
  location: IssueLocation,
): z.output<S> {
  const result = schema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  throw new RequestValidationError(toValidationIssues(result.error.issues, location, data));
}
