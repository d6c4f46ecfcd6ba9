import { DuplicateEmailError, RegstackError } from '../errors/errors.js';
import { toPublicUser } from '../model/public-user.js';
import type { UserRecord } from '../model/user.js';
import { type Instant, MICROS_PER_SECOND } from '../ports/clock.js';
import type { FlowDeps } from './deps.js';
import { sendEmail } from './notify.js';

export interface RegisterInput {
  readonly email: string;
  readonly password: string;
  readonly fullName: string | null;
}

export type RegisterOutcome =
  | { readonly kind: 'pending'; readonly email: string; readonly expiresAt: Instant }
  | { readonly kind: 'created'; readonly user: UserRecord };

/** `POST /register` (spec §6.4, Decisions 15 and 26). */
export async function register(deps: FlowDeps, input: RegisterInput): Promise<RegisterOutcome> {
  const { config, storage } = deps;
  if (!config.allow_registration) throw new RegstackError('registration_disabled');
  if (await storage.users.getByEmail(input.email)) throw new RegstackError('email_exists');
  const hashedPassword = await deps.hasher.hash(input.password);

  if (config.require_verification) {
    const earlier = await storage.pending.findByEmail(input.email);
    const contested = earlier !== null && earlier.expiresAt > deps.clock.now();
    const pending = await issueVerification(deps, {
      email: input.email,
      hashedPassword: contested ? null : hashedPassword,
      fullName: contested ? earlier.fullName : input.fullName,
      contested,
    });
    return { kind: 'pending', email: pending.email, expiresAt: pending.expiresAt };
  }

  let user: UserRecord;
  try {
    user = await storage.users.create({
      email: input.email,
      hashedPassword,
      fullName: input.fullName,
      isActive: true,
      isVerified: true,
    });
  } catch (error) {
    if (error instanceof DuplicateEmailError)
      throw new RegstackError('email_exists', { cause: error });
    throw error;
  }
  await deps.audit.record({
    type: 'user.registered',
    userId: user.id,
    details: { via: 'register' },
  });
  await deps.hooks.fire('user_registered', { user: toPublicUser(user) });
  return { kind: 'created', user };
}

/**
 * Writes (or replaces) the pending registration of an email with a fresh token, then mails
 * the link. Shared by register, resend-verification and the admin resend.
 *
 * A second registration of an address still pending replaces the row as the spec says,
 * but carries no password into it (`contested`): whoever opens the link proves only that
 * they read that mailbox, not which of the registrants they are, so the account is created
 * without a password and its owner chooses one through a reset link mailed at
 * verification. Otherwise a stranger registering the victim's pending address would have
 * the victim's own click activate the stranger's password.
 */
export async function issueVerification(
  deps: FlowDeps,
  input: {
    email: string;
    hashedPassword: string | null;
    fullName: string | null;
    contested?: boolean;
  },
): Promise<{ email: string; expiresAt: Instant }> {
  const rawToken = deps.random.token(32);
  const expiresAt =
    deps.clock.now() + deps.config.verification_token_ttl_seconds * MICROS_PER_SECOND;
  const pending = await deps.storage.pending.upsert({
    email: input.email,
    hashedPassword: input.hashedPassword,
    fullName: input.fullName,
    tokenHash: deps.hashSecret(rawToken),
    expiresAt,
  });
  const url = deps.link('verify', rawToken);
  const contested = input.contested === true;
  await sendEmail(deps, 'verification', pending.email, () =>
    deps.mail.verification({ to: pending.email, fullName: pending.fullName, url, contested }),
  );
  await deps.hooks.fire('verification_requested', { email: pending.email, url });
  return { email: pending.email, expiresAt: pending.expiresAt };
}
