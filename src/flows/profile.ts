import type { UserRecord } from '../model/user.js';
import type { FlowDeps } from './deps.js';

/** `PATCH /me` (spec §6.11, Decision 27): an omitted or null `full_name` clears it. */
export async function updateProfile(
  deps: FlowDeps,
  user: UserRecord,
  input: { fullName: string | null },
): Promise<UserRecord> {
  await deps.storage.users.setFullName(user.id, input.fullName);
  await deps.audit.record({
    type: 'profile.updated',
    userId: user.id,
    details: { fields: 'full_name' },
  });
  return (await deps.storage.users.getById(user.id)) ?? { ...user, fullName: input.fullName };
}
