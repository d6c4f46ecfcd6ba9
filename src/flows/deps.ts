import type { AuditRecorder } from '../audit/audit-recorder.js';
import type { RegstackConfig } from '../config/schema.js';
import type { HookRegistry } from '../hooks/hook-registry.js';
import type { AccountLimits } from '../ports/account-limits.js';
import type { Clock } from '../ports/clock.js';
import type { DeferredWork } from '../ports/deferred.js';
import type { Deliverer, LinkPage, MailComposer } from '../ports/delivery.js';
import type { Lockout } from '../ports/lockout.js';
import type { Logger } from '../ports/logger.js';
import type { PasswordHasher } from '../ports/passwords.js';
import type { RandomSource } from '../ports/random.js';
import type { Storage } from '../ports/storage.js';
import type { TokenCodec } from '../ports/tokens.js';

/** Everything a flow may use. Flows get time, randomness and settings from here only. */
export interface FlowDeps {
  readonly config: RegstackConfig;
  readonly clock: Clock;
  readonly random: RandomSource;
  /** SHA-256 hex of a bearer secret, as stored. */
  readonly hashSecret: (secret: string) => string;
  /** The AES-256-GCM key sealing authenticator app seeds (purpose `totp_secret`). */
  readonly totpKey: Buffer;
  readonly storage: Storage;
  readonly tokens: TokenCodec;
  readonly hasher: PasswordHasher;
  readonly mail: MailComposer;
  readonly deliver: Deliverer;
  readonly link: (page: LinkPage, token: string) => string;
  readonly lockout: Lockout;
  readonly accountLimits: AccountLimits;
  readonly hooks: HookRegistry;
  /** Mail and hooks that must not hold up, or time, the answer. */
  readonly deferred: DeferredWork;
  readonly logger: Logger;
  /** The security audit log; the HTTP layer supplies the client of each event. */
  readonly audit: AuditRecorder;
}
