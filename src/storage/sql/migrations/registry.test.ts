import { describe, expect, it } from 'vitest';
import { LATEST_MIGRATION, MIGRATION_NAMES, SQL_MIGRATIONS } from './registry.js';

describe('migration registry', () => {
  it('continues the Python revisions in order and names the last one as latest', () => {
    expect(MIGRATION_NAMES).toEqual([
      '0001',
      '0002',
      '0003',
      '0004',
      '0005',
      '0006',
      '0007',
      '0008',
      '0009',
    ]);
    expect(MIGRATION_NAMES.at(-1)).toBe(LATEST_MIGRATION);
    for (const name of MIGRATION_NAMES) expect(SQL_MIGRATIONS[name]?.description).toBeTruthy();
  });
});
