import type { FlowDeps } from './deps.js';

/** The counts behind `GET /admin/stats` (spec §6.21). */
export interface AdminStats {
  readonly totalUsers: number;
  readonly activeUsers: number;
  readonly verifiedUsers: number;
  readonly superusers: number;
  /** Pending registrations with `expires_at > now`: expired, unpurged rows do not count. */
  readonly pendingRegistrations: number;
}

/** `GET /admin/stats`: user counts and unexpired pending registrations. */
export async function adminStats(deps: FlowDeps): Promise<AdminStats> {
  const { users, pending } = deps.storage;
  const [totalUsers, activeUsers, verifiedUsers, superusers, pendingRegistrations] =
    await Promise.all([
      users.count(),
      users.count({ isActive: true }),
      users.count({ isVerified: true }),
      users.count({ isSuperuser: true }),
      pending.countUnexpired(),
    ]);
  return { totalUsers, activeUsers, verifiedUsers, superusers, pendingRegistrations };
}
