import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors/errors.js';
import { parseIni, resolveAwsCredentials } from './credentials.js';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const FILE = `# comment
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = secretDefault

[mailer]
aws_access_key_id=AKIDMAILER
aws_secret_access_key=secret/Mailer+=
aws_session_token = tok
`;

function home(content: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'regstack-aws-'));
  temps.push(dir);
  if (content !== null) {
    mkdirSync(join(dir, '.aws'));
    writeFileSync(join(dir, '.aws', 'credentials'), content);
  }
  return dir;
}

describe('parseIni', () => {
  it('reads sections and keys, ignoring comments', () => {
    const ini = parseIni(FILE);
    expect(ini.get('mailer')?.get('aws_secret_access_key')).toBe('secret/Mailer+=');
    expect(ini.get('default')?.get('aws_access_key_id')).toBe('AKIDDEFAULT');
  });
});

describe('resolveAwsCredentials', () => {
  it('uses the environment variables', () => {
    const creds = resolveAwsCredentials({
      usedBy: 'test',
      env: {
        AWS_ACCESS_KEY_ID: 'AKIDENV',
        AWS_SECRET_ACCESS_KEY: 'secretEnv',
        AWS_SESSION_TOKEN: 'st',
      },
      homeDir: home(null),
    });
    expect(creds).toEqual({
      accessKeyId: 'AKIDENV',
      secretAccessKey: 'secretEnv',
      sessionToken: 'st',
    });
  });

  it('uses the named profile from ~/.aws/credentials, even when env keys exist', () => {
    const creds = resolveAwsCredentials({
      usedBy: 'test',
      profile: 'mailer',
      env: { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'secretEnv' },
      homeDir: home(FILE),
    });
    expect(creds).toEqual({
      accessKeyId: 'AKIDMAILER',
      secretAccessKey: 'secret/Mailer+=',
      sessionToken: 'tok',
    });
  });

  it('honours AWS_SHARED_CREDENTIALS_FILE', () => {
    const dir = home(null);
    const file = join(dir, 'creds.ini');
    writeFileSync(file, FILE);
    const creds = resolveAwsCredentials({
      usedBy: 'test',
      profile: 'mailer',
      env: { AWS_SHARED_CREDENTIALS_FILE: file },
      homeDir: home(null),
    });
    expect(creds.accessKeyId).toBe('AKIDMAILER');
  });

  it('falls back to the default profile, or AWS_PROFILE', () => {
    const dir = home(FILE);
    expect(resolveAwsCredentials({ usedBy: 'test', env: {}, homeDir: dir }).accessKeyId).toBe(
      'AKIDDEFAULT',
    );
    expect(
      resolveAwsCredentials({ usedBy: 'test', env: { AWS_PROFILE: 'mailer' }, homeDir: dir })
        .accessKeyId,
    ).toBe('AKIDMAILER');
  });

  it('names what to set when nothing is found', () => {
    const lookup = () =>
      resolveAwsCredentials({
        usedBy: 'the SES email backend',
        profileSetting: 'email.ses_profile',
        env: { AWS_ACCESS_KEY_ID: 'only-half' },
        homeDir: home(null),
      });
    expect(lookup).toThrow(ConfigError);
    expect(lookup).toThrow(
      /No AWS credentials for the SES email backend: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.*email\.ses_profile/,
    );
  });

  it('names the missing profile and the file', () => {
    const dir = home(FILE);
    expect(() =>
      resolveAwsCredentials({ usedBy: 'x', profile: 'nope', env: {}, homeDir: dir }),
    ).toThrow(`profile 'nope' was not found in ${join(dir, '.aws', 'credentials')}`);
  });
});
