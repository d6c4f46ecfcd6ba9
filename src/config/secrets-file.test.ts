import { describe, expect, it } from 'vitest';
import { parseSecretsFile } from './secrets-file.js';

describe('parseSecretsFile (spec §2.5 minimal dotenv)', () => {
  it('reads KEY=value lines, trimming key and value', () => {
    expect(parseSecretsFile('REGSTACK_JWT_SECRET=abc\n  REGSTACK_APP_NAME  =  My App  \n')).toEqual(
      [
        ['REGSTACK_JWT_SECRET', 'abc'],
        ['REGSTACK_APP_NAME', 'My App'],
      ],
    );
  });

  it('skips blank lines, # comments and lines without =', () => {
    const text = '\n   \n# REGSTACK_JWT_SECRET=commented\n  # indented comment\nGARBAGE\nA=1\n';
    expect(parseSecretsFile(text)).toEqual([['A', '1']]);
  });

  it('handles CRLF line endings', () => {
    expect(parseSecretsFile('A=1\r\nB=2\r\n')).toEqual([
      ['A', '1'],
      ['B', '2'],
    ]);
  });

  it('strips one pair of matching quotes only', () => {
    expect(parseSecretsFile(`A="x y"\nB='z'\nC="mixed'\nD="\nE=""\nF="'q'"`)).toEqual([
      ['A', 'x y'],
      ['B', 'z'],
      ['C', `"mixed'`],
      ['D', '"'],
      ['E', ''],
      ['F', "'q'"],
    ]);
  });

  it('splits at the first = so values may contain =', () => {
    expect(parseSecretsFile('REGSTACK_DATABASE_URL=postgres://u:p@h/db?a=b')).toEqual([
      ['REGSTACK_DATABASE_URL', 'postgres://u:p@h/db?a=b'],
    ]);
  });

  it('has no export prefix, inline comments, escapes or interpolation', () => {
    expect(parseSecretsFile('export A=1\nB=2 # not a comment\nC=a\\nb\nD=$B')).toEqual([
      ['export A', '1'],
      ['B', '2 # not a comment'],
      ['C', 'a\\nb'],
      ['D', '$B'],
    ]);
  });
});
