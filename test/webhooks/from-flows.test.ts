import { afterEach, describe, expect, it } from 'vitest';
import { createTestRegstack, type TestRegstack } from '../support/test-regstack.js';
import { newWhsec, type Receiver, startReceiver, waitFor } from './receiver.js';

const SECRET = newWhsec(7);
const PASSWORD = 'correct horse battery 1';
const NEW_PASSWORD = 'another horse battery 2';

let open: Array<TestRegstack | Receiver> = [];
afterEach(async () => {
  for (const item of open.reverse()) await item.close();
  open = [];
});

/*
 * The whole path: a flow through the real handler records its audit event, the recorder
 * hands it to the outbox, the worker signs and sends it to a receiver on loopback.
 */
describe.each(['sqlite', 'postgres'] as const)('webhooks from real flows (%s)', (backend) => {
  it('a registration and a password change reach the endpoint signed, in order, with no secret', async () => {
    const receiver = await startReceiver(SECRET);
    open.push(receiver);
    const t = await createTestRegstack({
      backend,
      config: {
        webhooks: {
          endpoints: {
            crm: {
              url: receiver.url,
              secret: SECRET,
              events: ['user.registered', 'password.changed'],
            } as never,
          },
        },
      },
    });
    open.push(t);
    const { user, token } = await t.registerAndLogin('webhook-flow@example.com', PASSWORD);
    const changed = await t.request('POST', '/api/auth/change-password', {
      token,
      json: { current_password: PASSWORD, new_password: NEW_PASSWORD },
    });
    expect(changed.status).toBe(200);

    await waitFor(() => receiver.delivered().length === 2);
    const bodies = receiver.delivered().map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(receiver.delivered().every((r) => r.verified)).toBe(true);
    expect(bodies.map((b) => b.type)).toEqual(['user.registered', 'password.changed']);
    for (const body of bodies) {
      expect(body.data).toMatchObject({ user_id: user._id, outcome: 'success' });
    }
    // The sign-in between them is logged but not subscribed, so it is not sent.
    const events = await t.rs.storage.audit.list({ userId: user._id }, { limit: 10 });
    expect(events.map((e) => e.type)).toContain('login.succeeded');
    const everything = receiver.received.map((r) => r.body).join('\n');
    for (const secret of [PASSWORD, NEW_PASSWORD, token, SECRET, SECRET.slice(6)]) {
      expect(everything).not.toContain(secret);
    }
  });
});
