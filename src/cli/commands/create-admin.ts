import {
  codePointLength,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from '../../passwords/password-policy.js';
import { createRegstack } from '../../regstack.js';
import { parseEmailAddress } from '../../validation/email-address.js';
import { EXIT, ExitError } from '../exit-error.js';
import { loadCliConfig } from '../load-cli-config.js';
import type { CliIo } from '../main.js';
import { openPrompter } from '../prompts.js';

export interface CreateAdminOptions {
  readonly email: string;
  readonly password?: string | undefined;
  readonly config?: string | undefined;
}

/** Spec §12.2: a usage error (exit 2), checked before anything is written. */
function checkPassword(password: string): void {
  const length = codePointLength(password);
  if (length < PASSWORD_MIN_LENGTH) {
    throw new ExitError(
      EXIT.usage,
      `regstack: Password must be at least ${PASSWORD_MIN_LENGTH} characters.`,
    );
  }
  if (length > PASSWORD_MAX_LENGTH) {
    throw new ExitError(
      EXIT.usage,
      `regstack: Password must be at most ${PASSWORD_MAX_LENGTH} characters.`,
    );
  }
}

async function askPassword(): Promise<string> {
  const prompter = await openPrompter({ yes: false });
  try {
    return await prompter.secret({
      message: 'Password',
      confirm: true,
      allowEmpty: false,
      flag: '--password',
    });
  } finally {
    prompter.close();
  }
}

/**
 * `regstack create-admin`: migrates, then creates a verified superuser or promotes the
 * existing account (idempotent), and says which (Decision 34). A disabled account is
 * re-enabled, and the output says so.
 */
export async function createAdmin(options: CreateAdminOptions, io: CliIo): Promise<number> {
  const parsed = parseEmailAddress(options.email);
  if (!parsed.ok) {
    throw new ExitError(EXIT.usage, `regstack: --email: ${parsed.reason}`);
  }
  if (options.password !== undefined) checkPassword(options.password);
  const { config } = loadCliConfig(options.config);
  const password = options.password ?? (await askPassword());
  checkPassword(password);

  const rs = await createRegstack({ config });
  try {
    await rs.installSchema();
    const { user, created, reactivated } = await rs.bootstrapAdmin(parsed.email, password, {
      reactivate: true,
    });
    const what = created ? 'created as admin' : 'promoted to admin';
    io.err(`User ${user.email} ${what} (id=${user._id}).\n`);
    // Said out loud: re-enabling lets a deliberately disabled account sign in again.
    if (reactivated) io.err(`User ${user.email} was disabled and has been re-enabled.\n`);
  } finally {
    await rs.close();
  }
  return EXIT.ok;
}
