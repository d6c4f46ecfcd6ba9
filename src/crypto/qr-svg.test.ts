import { describe, expect, it } from 'vitest';
import { qrSvg } from './qr-svg.js';

describe('qrSvg', () => {
  it('renders an SVG without script or external references', () => {
    const svg = qrSvg('otpauth://totp/Example:a%40example.com?secret=JBSWY3DPEHPK3PXP');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('</svg>');
    expect(svg).not.toMatch(/<script|href=/);
  });
});
