/**
 * AWS credentials for the SES and SNS transports, without the AWS SDK (DESIGN §11): the
 * standard environment variables, or a profile of the shared credentials file. Instance-role
 * and SSO credentials are not looked up.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../errors/errors.js';

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

export interface AwsCredentialsLookup {
  /** A named profile (`ses_profile`); when set, only that profile of the file is used. */
  readonly profile?: string | null | undefined;
  /** Names the backend in errors, e.g. `the SES email backend`. */
  readonly usedBy: string;
  /** Names the setting that selects a profile, for the error message, e.g. `email.ses_profile`. */
  readonly profileSetting?: string | undefined;
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** @default os.homedir() */
  readonly homeDir?: string | undefined;
}

type IniSections = Map<string, Map<string, string>>;

/** Parses the INI dialect of `~/.aws/credentials`: `[section]` and `key = value` lines. */
export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Map<string, string> | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (header?.[1] !== undefined) {
      current = new Map();
      sections.set(header[1], current);
      continue;
    }
    const eq = line.indexOf('=');
    if (current === undefined || eq < 0) continue;
    current.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  return sections;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function readProfile(path: string, profile: string): AwsCredentials | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const section = parseIni(text).get(profile);
  const accessKeyId = nonEmpty(section?.get('aws_access_key_id'));
  const secretAccessKey = nonEmpty(section?.get('aws_secret_access_key'));
  if (accessKeyId === undefined || secretAccessKey === undefined) return undefined;
  return {
    accessKeyId,
    secretAccessKey,
    sessionToken: nonEmpty(section?.get('aws_session_token')),
  };
}

/**
 * Finds credentials: the named profile when one is given; otherwise `AWS_ACCESS_KEY_ID` and
 * `AWS_SECRET_ACCESS_KEY` (with `AWS_SESSION_TOKEN`), then the `AWS_PROFILE` (or `default`)
 * profile of the shared file (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`).
 * Throws `ConfigError` naming what to set when nothing is found.
 */
export function resolveAwsCredentials(lookup: AwsCredentialsLookup): AwsCredentials {
  const env = lookup.env ?? process.env;
  const file =
    nonEmpty(env.AWS_SHARED_CREDENTIALS_FILE) ??
    join(lookup.homeDir ?? homedir(), '.aws', 'credentials');
  const profile = nonEmpty(lookup.profile ?? undefined);

  if (profile !== undefined) {
    const found = readProfile(file, profile);
    if (found !== undefined) return found;
    throw new ConfigError(
      `No AWS credentials for ${lookup.usedBy}: profile '${profile}' was not found in ${file} ` +
        '(it needs aws_access_key_id and aws_secret_access_key). Add the profile, point ' +
        'AWS_SHARED_CREDENTIALS_FILE at the right file, or clear the profile setting to use ' +
        'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
    );
  }

  const accessKeyId = nonEmpty(env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = nonEmpty(env.AWS_SECRET_ACCESS_KEY);
  if (accessKeyId !== undefined && secretAccessKey !== undefined) {
    return { accessKeyId, secretAccessKey, sessionToken: nonEmpty(env.AWS_SESSION_TOKEN) };
  }
  const fallbackProfile = nonEmpty(env.AWS_PROFILE) ?? 'default';
  const found = readProfile(file, fallbackProfile);
  if (found !== undefined) return found;
  const profileHint =
    lookup.profileSetting === undefined ? '' : `, or name a profile in ${lookup.profileSetting}`;
  throw new ConfigError(
    `No AWS credentials for ${lookup.usedBy}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY ` +
      `(plus AWS_SESSION_TOKEN for temporary credentials), or add a [${fallbackProfile}] ` +
      `profile to ${file}${profileHint}.`,
  );
}
