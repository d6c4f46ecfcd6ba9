import { describe } from 'vitest';
import { auditEventsContract } from './audit-events.js';
import { blacklistContract } from './blacklist.js';
import { instantsContract } from './instants.js';
import { loginAttemptsContract } from './login-attempts.js';
import { mfaCodesContract } from './mfa-codes.js';
import { oauthIdentitiesContract } from './oauth-identities.js';
import { oauthStatesContract } from './oauth-states.js';
import { passkeyCredentialsContract, webauthnChallengesContract } from './passkeys.js';
import { pendingContract } from './pending.js';
import { recoveryCodesContract, totpFactorsContract } from './second-factors.js';
import { sessionsContract } from './sessions.js';
import type { ContractFactory } from './subject.js';
import { useSubject } from './subject.js';
import { userSessionsContract } from './user-sessions.js';
import { usersContract } from './users.js';
import { webhookDeliveriesContract } from './webhook-deliveries.js';

/**
 * The behaviour every storage backend must show (STYLE §2.2). `factory` opens a fresh,
 * unmigrated storage on an empty database; the suite migrates it before each test.
 */
export function runStorageContract(name: string, factory: ContractFactory): void {
  describe(`storage contract: ${name}`, () => {
    const subject = useSubject(factory, { migrate: true });
    usersContract(subject);
    pendingContract(subject);
    blacklistContract(subject);
    loginAttemptsContract(subject);
    mfaCodesContract(subject);
    oauthIdentitiesContract(subject);
    oauthStatesContract(subject);
    sessionsContract(subject);
    userSessionsContract(subject);
    totpFactorsContract(subject);
    recoveryCodesContract(subject);
    passkeyCredentialsContract(subject);
    webauthnChallengesContract(subject);
    auditEventsContract(subject);
    webhookDeliveriesContract(subject);
    instantsContract(subject);
  });
}
