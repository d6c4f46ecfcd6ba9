import { describe, expect, it } from 'vitest';
import { maskDatabaseUrl } from './mask-url.js';

describe('maskDatabaseUrl', () => {
  it.each([
    [
      'postgresql://app:s3cret@db.example.com:5432/app',
      'postgresql://app:***@db.example.com:5432/app',
    ],
    ['postgresql+asyncpg://app:s3cret@db/app', 'postgresql+asyncpg://app:***@db/app'],
    [
      'mongodb+srv://u:p%40ss@cluster0.example.net/db?retryWrites=true',
      'mongodb+srv://u:***@cluster0.example.net/db?retryWrites=true',
    ],
    ['redis://:s3cret@cache:6379/0', 'redis://:***@cache:6379/0'],
    ['postgres://u:p@ss@host/db', 'postgres://u:***@host/db'],
    ['postgres://u:pa/ss@host/db', 'postgres://u:***@host/db'],
    [
      'postgres://host/db?user=u&password=s3cret&sslmode=require',
      'postgres://host/db?user=u&password=***&sslmode=require',
    ],
    ['user:s3cret@host', 'user:***@host'],
  ])('masks %s', (url, masked) => {
    expect(maskDatabaseUrl(url)).toBe(masked);
  });

  it.each([
    'sqlite+aiosqlite:///./regstack.db',
    'sqlite:///:memory:',
    'postgresql://app@db/app',
    'mongodb://localhost:27017',
    'postgres://host/db?email=a@b.example',
    '',
    'not a url',
    '://',
    '%%%',
  ])('leaves %j without a password as it is', (url) => {
    expect(maskDatabaseUrl(url)).toBe(url);
  });

  it('hides more rather than leak when the user info is ambiguous', () => {
    const masked = maskDatabaseUrl('postgres://host:5432/db?email=a@b');
    expect(masked).not.toContain('5432/db');
  });
});
