/** The variables the designer edits (spec §12.6.2), in the canonical order of the file. */
export const COLOR_VARS = [
  '--rs-bg',
  '--rs-bg-hover',
  '--rs-surface',
  '--rs-fg',
  '--rs-fg-muted',
  '--rs-border',
  '--rs-accent',
  '--rs-accent-fg',
  '--rs-accent-bg',
  '--rs-danger',
  '--rs-danger-fg',
  '--rs-danger-bg',
] as const;

export const FONT_VARS = ['--rs-font-display', '--rs-font-body'] as const;

export const RADIUS_VARS = ['--rs-radius'] as const;

export const ALL_VARS: readonly string[] = [...COLOR_VARS, ...FONT_VARS, ...RADIUS_VARS];

/** `light` is `:root`; `dark` is `:root` inside `prefers-color-scheme: dark`. */
export type ThemeScope = 'light' | 'dark';

/** Variable name → CSS value, for one scope. */
export type ThemeValues = Readonly<Record<string, string>>;

export interface Theme {
  readonly light: ThemeValues;
  readonly dark: ThemeValues;
}

export type VarKind = 'color' | 'font' | 'radius';

export function kindOf(name: string): VarKind | null {
  if ((COLOR_VARS as readonly string[]).includes(name)) return 'color';
  if ((FONT_VARS as readonly string[]).includes(name)) return 'font';
  if ((RADIUS_VARS as readonly string[]).includes(name)) return 'radius';
  return null;
}
