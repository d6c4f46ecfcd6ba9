import { z } from 'zod';
import { MAX_EMAIL_INPUT_LENGTH, parseEmailAddress } from '../validation/email-address.js';
import type { CustomIssueParams } from './validation-error.js';

/*
 * Field types shared by the request schemas. Lengths count Unicode code points, as the
 * reference does (TS-CONTRACT §5), not UTF-16 units; lone surrogates and NUL are refused
 * because they cannot be stored or hashed faithfully.
 */

const LONE_SURROGATE = /\p{Cs}/u;

function issue(params: CustomIssueParams): {
  code: 'custom';
  message: string;
  params: CustomIssueParams;
  input: unknown;
} {
  return { code: 'custom', message: params.msg, params, input: undefined };
}

/** The 422 entry for a string over `max` code points, for checks that span fields. */
export function tooLongIssue(
  path: readonly string[],
  max: number,
): ReturnType<typeof issue> & { path: string[] } {
  return {
    ...issue({
      type: 'string_too_long',
      msg: `String should have at most ${max} character${max === 1 ? '' : 's'}`,
      ctx: { max_length: max },
    }),
    path: [...path],
  };
}

/** The 422 entry for a body that must carry exactly one of two fields. */
export function exactlyOneIssue(
  path: readonly string[],
  first: string,
  second: string,
): ReturnType<typeof issue> & { path: string[] } {
  return {
    ...issue({
      type: 'value_error',
      msg: `Value error, give exactly one of ${first} or ${second}`,
    }),
    path: [...path],
  };
}

/** The 422 entry for a field a body needs given its other fields (say, its `method`). */
export function missingIssue(
  path: readonly string[],
): ReturnType<typeof issue> & { path: string[] } {
  return { ...issue({ type: 'missing', msg: 'Field required' }), path: [...path] };
}

/** The 422 entry for a field a body must not carry given its other fields. */
export function forbiddenIssue(
  path: readonly string[],
): ReturnType<typeof issue> & { path: string[] } {
  return {
    ...issue({ type: 'extra_forbidden', msg: 'Extra inputs are not permitted' }),
    path: [...path],
  };
}

/** A string of `min`..`max` code points, optionally without NUL characters. */
export function codePointString(options: {
  min?: number;
  max?: number;
  allowNul?: boolean;
}): z.ZodString {
  return z.string().superRefine((value, ctx) => {
    if (LONE_SURROGATE.test(value)) {
      ctx.addIssue(
        issue({
          type: 'string_unicode',
          msg: 'Input should be a valid string without lone surrogates',
        }),
      );
      return;
    }
    if (!options.allowNul && value.includes('\u0000')) {
      ctx.addIssue(
        issue({ type: 'string_pattern_mismatch', msg: 'Input should not contain NUL characters' }),
      );
      return;
    }
    const length = [...value].length;
    if (options.min !== undefined && length < options.min) {
      ctx.addIssue(
        issue({
          type: 'string_too_short',
          msg: `String should have at least ${options.min} character${options.min === 1 ? '' : 's'}`,
          ctx: { min_length: options.min },
        }),
      );
    } else if (options.max !== undefined && length > options.max) {
      ctx.addIssue(
        issue({
          type: 'string_too_long',
          msg: `String should have at most ${options.max} character${options.max === 1 ? '' : 's'}`,
          ctx: { max_length: options.max },
        }),
      );
    }
  });
}

/** `PasswordStr`: 8–128 code points, neither trimmed nor normalised. */
export const passwordField: z.ZodString = codePointString({ min: 8, max: 128, allowNul: true });

/** Any string, for a current password that is only compared. */
export const anyPasswordField: z.ZodString = codePointString({ max: 1024, allowNul: true });

// Control characters (CR and LF among them) and Unicode line breaks.
const CONTROL_OR_LINE_BREAK = /[\p{Cc}\u2028\u2029]/u;

/*
 * `full_name`: at most 200 code points, or null. It is printed into mail sent to any
 * address the registrant names, so it may not break lines: a name cannot carry a second
 * paragraph of text, or a link on a line of its own, into someone else's inbox.
 */
export const fullNameField: z.ZodNullable<z.ZodString> = codePointString({ max: 200 })
  .superRefine((value, ctx) => {
    // NUL has its own issue from codePointString.
    if (!value.includes('\u0000') && CONTROL_OR_LINE_BREAK.test(value)) {
      ctx.addIssue(
        issue({
          type: 'string_pattern_mismatch',
          msg: 'Input should not contain control characters or line breaks',
        }),
      );
    }
  })
  .nullable();

/** An opaque token string; bounded so a 10 MB token cannot reach the decoder. */
export const tokenField: z.ZodString = codePointString({ max: 8192 });

/** An email address, validated and normalised (lower-cased, Decision 28). */
export const emailField: z.ZodPipe<z.ZodString, z.ZodTransform<string, string>> = z
  .string()
  .transform((value, ctx) => {
    const parsed =
      [...value].length > MAX_EMAIL_INPUT_LENGTH
        ? ({ ok: false, reason: 'The email address is too long.' } as const)
        : parseEmailAddress(value);
    if (parsed.ok) return parsed.email;
    ctx.addIssue(
      issue({
        type: 'value_error',
        msg: `value is not a valid email address: ${parsed.reason}`,
        ctx: { reason: parsed.reason },
      }),
    );
    return z.NEVER;
  });

/*
 * pydantic's lax str → int: surrounding whitespace, an optional sign, ASCII digits and an
 * all-zero fraction (`"5.00"`) parse; anything else is `int_parsing`. Past 4,300 digits
 * pydantic refuses to parse at all (CPython's int-to-str limit).
 */
const QUERY_INT = /^[+-]?\d+(?:\.0*)?$/;
const MAX_INT_DIGITS = 4300;

function parseQueryInt(value: unknown, ctx: z.RefinementCtx): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text.length > MAX_INT_DIGITS) {
    ctx.addIssue(
      issue({
        type: 'int_parsing_size',
        msg: 'Unable to parse input string as an integer, exceeded maximum size',
      }),
    );
    return z.NEVER;
  }
  if (!QUERY_INT.test(text)) {
    ctx.addIssue(
      issue({
        type: 'int_parsing',
        msg: 'Input should be a valid integer, unable to parse string as an integer',
      }),
    );
    return z.NEVER;
  }
  // Past 2^53 the exact value no longer matters (any bound is exceeded), and a clamped
  // value keeps a huge `skip` inside what the database accepts for OFFSET.
  const parsed = Number.parseInt(text, 10);
  return Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, parsed));
}

/**
 * An integer query parameter with bounds and a default, failing as FastAPI does:
 * `int_parsing` for a non-integer, then `greater_than_equal` / `less_than_equal`.
 */
export function queryIntField(options: {
  min: number;
  max?: number;
  default: number;
}): z.ZodDefault<z.ZodPreprocess<z.ZodNumber, unknown>> {
  let bounded = z.number().int().min(options.min);
  if (options.max !== undefined) bounded = bounded.max(options.max);
  return z.preprocess(parseQueryInt, bounded).default(options.default);
}
