import { ALL_VARS, kindOf, type ThemeScope, type ThemeValues } from './theme-vars.js';

/** One refused value, as the designer API and `--print-only` report it (spec §12.6.2). */
export interface ThemeProblem {
  readonly field: string;
  readonly message: string;
  readonly scope: ThemeScope;
}

const CHANNEL = String.raw`\s*\d{1,3}\s*`;
const ALPHA = String.raw`\s*(?:0|1|0?\.\d+)\s*`;
const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const RGB = new RegExp(`^rgb\\(${CHANNEL},${CHANNEL},${CHANNEL}\\)$`, 'i');
const RGBA = new RegExp(`^rgba\\(${CHANNEL},${CHANNEL},${CHANNEL},${ALPHA}\\)$`, 'i');
const RADIUS = /^\d+(\.\d+)?(px|rem|em)?$/;
// A font stack is written into a stylesheet: these would end the declaration or the rule.
const OUTSIDE_A_FONT_STACK = /[;{}<>\\\p{Cc}]/u;

function colourOk(value: string): boolean {
  return HEX.test(value) || RGB.test(value) || RGBA.test(value);
}

/**
 * Checks one scope's values. Empty, whitespace-only and null values are skipped (they
 * mean "use the default"); every other problem is collected, none stops the check.
 */
export function validateScope(
  scope: ThemeScope,
  input: Readonly<Record<string, unknown>>,
): { values: ThemeValues; problems: ThemeProblem[] } {
  const values: Record<string, string> = {};
  const problems: ThemeProblem[] = [];
  for (const [name, raw] of Object.entries(input)) {
    const kind = kindOf(name);
    if (kind === null) {
      problems.push({
        field: name,
        scope,
        message: `Unknown variable in ${scope} scope: '${name}'.`,
      });
      continue;
    }
    if (raw === null || raw === undefined) continue;
    if (typeof raw !== 'string') {
      problems.push({ field: name, scope, message: `${name} must be a string.` });
      continue;
    }
    const value = raw.trim();
    if (value === '') continue;
    if (kind === 'color' && !colourOk(value)) {
      problems.push({
        field: name,
        scope,
        message: `${name} must be a hex colour (#rgb / #rrggbb) or rgba(...).`,
      });
    } else if (kind === 'font' && ([...value].length > 200 || OUTSIDE_A_FONT_STACK.test(value))) {
      problems.push({
        field: name,
        scope,
        message: `${name} must be a non-empty font stack under 200 chars.`,
      });
    } else if (kind === 'radius' && !RADIUS.test(value)) {
      problems.push({
        field: name,
        scope,
        message: `${name} must be a number with optional px/rem/em suffix.`,
      });
    } else {
      values[name] = value;
    }
  }
  return { values: canonical(values), problems };
}

/** The same values in the canonical order of `ALL_VARS`. */
export function canonical(values: ThemeValues): ThemeValues {
  const ordered: Record<string, string> = {};
  for (const name of ALL_VARS) {
    const value = values[name];
    if (value !== undefined) ordered[name] = value;
  }
  return ordered;
}
