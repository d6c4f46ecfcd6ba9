import { describe, expect, it } from 'vitest';
import { etagMatches, safeSegments } from './static-files.js';

describe('safeSegments', () => {
  it('decodes ordinary paths', () => {
    expect(safeSegments('/css/core.css')).toEqual(['css', 'core.css']);
    expect(safeSegments('/img/my%20logo.png')).toEqual(['img', 'my logo.png']);
  });

  it('refuses traversal, hidden names, encoded separators, NUL and empty segments', () => {
    for (const path of [
      '/../package.json',
      '/css/%2e%2e/x',
      '/.env',
      '/css/%2Fetc',
      '/css/..%5cx',
      '/a%00b',
      '/css//core.css',
      '/css/',
      '/',
      '',
      '/%E0%A4%A',
    ]) {
      expect(safeSegments(path), path).toBeNull();
    }
  });
});

describe('etagMatches', () => {
  it('compares weakly and accepts lists and *', () => {
    expect(etagMatches('"abc"', '"abc"')).toBe(true);
    expect(etagMatches('W/"abc"', '"abc"')).toBe(true);
    expect(etagMatches('"x", "abc"', '"abc"')).toBe(true);
    expect(etagMatches('*', '"abc"')).toBe(true);
    expect(etagMatches('"abcd"', '"abc"')).toBe(false);
    expect(etagMatches(undefined, '"abc"')).toBe(false);
  });
});
