import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_STATIC_DIR } from '../ui/static-files.js';
import { parseThemeFile } from './theme-file.js';
import { COLOR_VARS, type Theme, type ThemeValues } from './theme-vars.js';

/*
 * The designer's defaults are read from the bundled theme.css itself, so they cannot
 * drift from what the pages use. Light: all fifteen editable variables; dark: the twelve
 * colours (the fonts and the radius are not redefined there, spec §11.8).
 */
export function defaultTheme(): Theme {
  const parsed = parseThemeFile(readFileSync(join(BUNDLED_STATIC_DIR, 'css', 'theme.css'), 'utf8'));
  const dark: Record<string, string> = {};
  for (const name of COLOR_VARS) {
    const value = parsed.dark[name];
    if (value !== undefined) dark[name] = value;
  }
  return { light: parsed.light, dark: dark as ThemeValues };
}
