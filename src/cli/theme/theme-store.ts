import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseThemeFile, renderThemeFile } from '../../theme/theme-file.js';
import type { Theme } from '../../theme/theme-vars.js';
import { canonical, type ThemeProblem, validateScope } from '../../theme/validate-theme.js';

export interface SavedTheme {
  readonly target_path: string;
  readonly light_count: number;
  readonly dark_count: number;
  readonly bytes_written: number;
}

export type ThemeInput =
  | { readonly ok: true; readonly theme: Theme }
  | { readonly ok: false; readonly problems: readonly ThemeProblem[] };

/** Validates both scopes, collecting every problem (spec §12.6.2). */
export function validateTheme(
  light: Readonly<Record<string, unknown>>,
  dark: Readonly<Record<string, unknown>>,
): ThemeInput {
  const l = validateScope('light', light);
  const d = validateScope('dark', dark);
  const problems = [...l.problems, ...d.problems];
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, theme: { light: l.values, dark: d.values } };
}

export interface ThemeFile {
  readonly path: string;
  /** The current file's values, or empty scopes when it is absent or unreadable. */
  existing(): Theme;
  save(theme: Theme): SavedTheme;
}

/** The theme file of one target: read what is there, write a whole new file. */
export function themeFile(targetDir: string, filename: string): ThemeFile {
  const path = resolve(join(targetDir, filename));
  return {
    path,
    existing() {
      try {
        return parseThemeFile(readFileSync(path, 'utf8'));
      } catch {
        return { light: {}, dark: {} };
      }
    },
    save(theme) {
      const css = renderThemeFile(theme);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, css);
      return {
        target_path: path,
        light_count: Object.keys(canonical(theme.light)).length,
        dark_count: Object.keys(canonical(theme.dark)).length,
        bytes_written: Buffer.byteLength(css),
      };
    },
  };
}
