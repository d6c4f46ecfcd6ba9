import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/errors.js';
import { parseDatabaseUrl } from './database-url.js';

describe('parseDatabaseUrl', () => {
  it.each([
    ['sqlite:///relative.db', '/srv/app/relative.db'],
    ['sqlite:///./dbname.db', '/srv/app/dbname.db'],
    ['sqlite:///data/app.db', '/srv/app/data/app.db'],
    ['sqlite:////abs/path.db', '/abs/path.db'],
    ['sqlite+aiosqlite:///relative.db', '/srv/app/relative.db'],
    ['sqlite+aiosqlite:////abs/path.db', '/abs/path.db'],
    ['SQLite+AIOSQLite:///Mixed.db', '/srv/app/Mixed.db'],
  ])('reads %s as a SQLite file', (url, path) => {
    expect(parseDatabaseUrl(url, '/srv/app')).toEqual({
      kind: 'sqlite',
      path,
      memory: false,
      display: url,
    });
  });

  it.each(['sqlite:///:memory:', 'sqlite+aiosqlite:///:memory:', 'SQLITE:///:memory:'])(
    'reads %s as in-memory SQLite',
    (url) => {
      expect(parseDatabaseUrl(url, '/srv/app')).toMatchObject({
        kind: 'sqlite',
        path: ':memory:',
        memory: true,
      });
    },
  );

  it('rejects a SQLite URL with a host', () => {
    expect(() => parseDatabaseUrl('sqlite://host/x.db')).toThrow(ConfigError);
  });

  it.each([
    ['postgresql://u:pw@db:5432/app', 'postgresql://u:pw@db:5432/app'],
    ['postgres://u@db/app', 'postgresql://u@db/app'],
    ['postgresql+asyncpg://u:pw@db/app', 'postgresql://u:pw@db/app'],
    ['postgres+asyncpg://u:pw@db/app', 'postgresql://u:pw@db/app'],
    ['PostgreSQL+AsyncPG://u@db/App', 'postgresql://u@db/App'],
  ])('reads %s as PostgreSQL without the driver suffix', (url, connectionString) => {
    const parsed = parseDatabaseUrl(url);
    expect(parsed).toMatchObject({ kind: 'postgres', connectionString });
    expect(parsed.display).not.toContain(':pw@');
  });

  it.each(['mongodb://localhost:27017/app', 'mongodb+srv://u:pw@cluster.example.net/app'])(
    'reads %s as MongoDB',
    (url) => {
      expect(parseDatabaseUrl(url)).toMatchObject({ kind: 'mongodb', url });
    },
  );

  it('rejects an unknown scheme with the spec message and a masked password', () => {
    expect(() => parseDatabaseUrl('mysql://root:s3cret@db/app')).toThrow(
      new ConfigError(
        "Unrecognised database_url scheme: 'mysql://root:***@db/app'. " +
          'Expected one of: sqlite+aiosqlite://, postgresql+asyncpg://, mongodb://.',
      ),
    );
  });
});
