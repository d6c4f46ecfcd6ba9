import type { LoginFailureReason } from '../audit/event-types.js';
import { RegstackError } from '../errors/errors.js';
import type { UserRecord } from '../model/user.js';
import type { FlowDeps } from './deps.js';
import { refuseIfLocked } from './lockout-gate.js';
import { type SignInChallenge, startSignInChallenge } from './mfa-challenge.js';
import { type SessionGrant, startSession } from './session.js';

export interface LoginInput {
  readonly email: string;
  readonly password: string;
  readonly ip: string | null;
  readonly userAgent?: string | null | undefined;
}

export type LoginOutcome =
  | ({ readonly kind: 'token' } & SessionGrant)
  | ({ readonly kind: 'mfa_required' } & SignInChallenge);

/**
 * `POST /login` (spec §6.7 with Decisions 16 and 17). The lockout is checked before the
 * user lookup; the password is checked before the account state, so a wrong password
 * reveals nothing about whether an account exists, is disabled or is unverified.
 */
export async function login(deps: FlowDeps, input: LoginInput): Promise<LoginOutcome> {
  const { config, storage, lockout } = deps;
  await refuseIfLocked(deps, input.email, input.ip, 'login');

  const user = await storage.users.getByEmail(input.email);
  const passwordOk = await checkPassword(deps, user, input.password);
  if (!user || !passwordOk) {
    await lockout.recordFailure(input.email, input.ip);
    await recordFailure(deps, user, user === null ? 'unknown_email' : 'bad_password');
    throw new RegstackError('invalid_credentials');
  }
  if (!user.isActive) {
    await recordFailure(deps, user, 'inactive');
    throw new RegstackError('account_disabled');
  }
  if (config.require_verification && !user.isVerified) {
    await recordFailure(deps, user, 'unverified');
    throw new RegstackError('email_not_verified');
  }
  await upgradeHash(deps, user, input.password);

  const challenge = await startSignInChallenge(deps, user);
  if (challenge !== null) return { kind: 'mfa_required', ...challenge };
  return {
    kind: 'token',
    ...(await startSession(deps, user, 'password', {
      ip: input.ip,
      userAgent: input.userAgent ?? null,
    })),
  };
}

/** The email tried is never recorded: an unknown one may be a mistyped password. */
function recordFailure(
  deps: FlowDeps,
  user: UserRecord | null,
  reason: LoginFailureReason,
): Promise<void> {
  return deps.audit.record({
    type: 'login.failed',
    outcome: 'failure',
    userId: user?.id ?? null,
    details: { reason },
  });
}

/** Unknown accounts and accounts without a password spend a dummy verification (equal timing). */
async function checkPassword(
  deps: FlowDeps,
  user: UserRecord | null,
  password: string,
): Promise<boolean> {
  if (!user || user.hashedPassword === null) {
    await deps.hasher.verifyDummy(password);
    return false;
  }
  return deps.hasher.verify(password, user.hashedPassword);
}

/**
 * A hash made with other parameters (say, by the Python library) is replaced after a
 * successful login. The compare-and-set leaves `tokens_invalidated_after` alone, which a
 * password change would move and so revoke the session being issued.
 */
async function upgradeHash(deps: FlowDeps, user: UserRecord, password: string): Promise<void> {
  const current = user.hashedPassword;
  if (current === null || !deps.hasher.needsRehash(current)) return;
  try {
    const next = await deps.hasher.hash(password);
    await deps.storage.users.rehashPassword(user.id, current, next);
  } catch (error) {
    deps.logger.warn(
      { user_id: user.id, err: error instanceof Error ? error.message : String(error) },
      'regstack could not upgrade a password hash',
    );
  }
}
