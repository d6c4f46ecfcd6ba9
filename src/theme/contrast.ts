import type { Theme, ThemeScope, ThemeValues } from './theme-vars.js';

/** An sRGB colour with alpha, channels 0–255, alpha 0–1. */
interface Rgba {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;
}

function parseColour(value: string): Rgba | null {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(value.trim());
  if (hex?.[1] !== undefined) {
    const digits = hex[1].length === 3 ? [...hex[1]].map((d) => d + d).join('') : hex[1];
    const channel = (i: number): number => Number.parseInt(digits.slice(i, i + 2), 16);
    return {
      r: channel(0),
      g: channel(2),
      b: channel(4),
      a: digits.length === 8 ? channel(6) / 255 : 1,
    };
  }
  const fn = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*([\d.]+)\s*)?\)$/i.exec(
    value.trim(),
  );
  if (fn) {
    const clamp = (n: number): number => Math.min(Math.max(n, 0), 255);
    return {
      r: clamp(Number(fn[1])),
      g: clamp(Number(fn[2])),
      b: clamp(Number(fn[3])),
      a: fn[4] === undefined ? 1 : Math.min(Math.max(Number(fn[4]), 0), 1),
    };
  }
  return null;
}

/** A translucent colour as it shows over an opaque one. */
function over(top: Rgba, bottom: Rgba): Rgba {
  const mix = (t: number, b: number): number => t * top.a + b * (1 - top.a);
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 };
}

/** WCAG 2.2 relative luminance. */
function luminance(colour: Rgba): number {
  const linear = (channel: number): number => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(colour.r) + 0.7152 * linear(colour.g) + 0.0722 * linear(colour.b);
}

/** The WCAG contrast ratio of two colours, 1–21; null when either is not a colour. */
export function contrastRatio(foreground: string, background: string): number | null {
  const fg = parseColour(foreground);
  const bg = parseColour(background);
  if (fg === null || bg === null) return null;
  const opaqueBg = bg.a < 1 ? over(bg, { r: 255, g: 255, b: 255, a: 1 }) : bg;
  const opaqueFg = fg.a < 1 ? over(fg, opaqueBg) : fg;
  const [light, dark] = [luminance(opaqueFg), luminance(opaqueBg)].sort((a, b) => b - a) as [
    number,
    number,
  ];
  return (light + 0.05) / (dark + 0.05);
}

/** The pairs a reader depends on, and the ratio each needs (WCAG 2.2, 1.4.3: normal text). */
export const CONTRAST_PAIRS = [
  { fg: '--rs-fg', bg: '--rs-bg', minimum: 4.5, use: 'body text' },
  { fg: '--rs-fg', bg: '--rs-surface', minimum: 4.5, use: 'text on cards' },
  { fg: '--rs-fg-muted', bg: '--rs-bg', minimum: 4.5, use: 'secondary text' },
  { fg: '--rs-accent-fg', bg: '--rs-accent', minimum: 4.5, use: 'primary button label' },
  { fg: '--rs-danger-fg', bg: '--rs-danger', minimum: 4.5, use: 'danger button label' },
  { fg: '--rs-accent', bg: '--rs-bg', minimum: 4.5, use: 'links' },
] as const;

export interface ContrastCheck {
  readonly scope: ThemeScope;
  readonly fg: string;
  readonly bg: string;
  readonly use: string;
  readonly ratio: number;
  readonly minimum: number;
  readonly ok: boolean;
}

/**
 * Every pair in both scopes, over the values in effect there: the defaults, then the
 * light edits, then (in dark) the dark edits, as the cascade of the pages applies them.
 */
export function checkContrast(theme: Theme, defaults: Theme): ContrastCheck[] {
  const effective: Record<ThemeScope, ThemeValues> = {
    light: { ...defaults.light, ...theme.light },
    dark: { ...defaults.light, ...theme.light, ...defaults.dark, ...theme.dark },
  };
  const checks: ContrastCheck[] = [];
  for (const scope of ['light', 'dark'] as const) {
    const values = effective[scope];
    for (const pair of CONTRAST_PAIRS) {
      const fg = values[pair.fg];
      const bg = values[pair.bg];
      if (fg === undefined || bg === undefined) continue;
      const ratio = contrastRatio(fg, bg);
      if (ratio === null) continue;
      checks.push({
        scope,
        fg: pair.fg,
        bg: pair.bg,
        use: pair.use,
        ratio: Math.round(ratio * 100) / 100,
        minimum: pair.minimum,
        ok: ratio >= pair.minimum,
      });
    }
  }
  return checks;
}
