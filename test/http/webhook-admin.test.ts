import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookEvent } from '../../src/webhooks/webhook-event.js';
import { createTestRegstack, type TestRegstack } from '../support/test-regstack.js';
import { newWhsec, type Receiver, startReceiver, waitFor } from '../webhooks/receiver.js';

const API = '/api/auth';
const ADMIN_EMAIL = 'admin@example.com';
const ADMIN_PASSWORD = 'correct horse battery staple';
const SECRET = newWhsec(5);
const BACKENDS = ['sqlite', 'postgres'] as const;

function event(type: string, userId: string): WebhookEvent {
  return {
    id: `evt-${type}-${userId}`,
    type,
    occurred_at: '2025-01-01T00:00:00.000Z',
    outcome: 'success',
    actor_id: userId,
    user_id: userId,
    ip: null,
    user_agent: null,
    details: {},
  };
}

for (const backend of BACKENDS) {
  describe(`admin webhook deliveries (${backend})`, () => {
    let t: TestRegstack;
    let receiver: Receiver;
    let token: string;

    beforeEach(async () => {
      receiver = await startReceiver(SECRET, () => 500);
      t = await createTestRegstack({
        backend,
        config: {
          enable_admin_router: true,
          webhooks: {
            max_attempts: 1,
            endpoints: { crm: { url: receiver.url, secret: SECRET, events: ['user.registered'] } },
          },
        },
      });
      await t.rs.bootstrapAdmin(ADMIN_EMAIL, ADMIN_PASSWORD);
      token = String((await t.login(ADMIN_EMAIL, ADMIN_PASSWORD)).json.access_token);
    });

    afterEach(async () => {
      await t.close();
      await receiver.close();
    });

    const deadIds = async (): Promise<string[]> => {
      const res = await t.request('GET', `${API}/admin/webhooks/deliveries?state=dead`, { token });
      return (res.json.deliveries as Array<{ id: string }>).map((d) => d.id);
    };

    it('lists dead letters, retries one, and the worker delivers it', async () => {
      await t.rs.webhooks.publish(event('user.registered', 'a'.repeat(32)));
      await waitFor(async () => (await deadIds()).length === 1);
      const list = await t.request(
        'GET',
        `${API}/admin/webhooks/deliveries?state=dead&endpoint=crm`,
        {
          token,
        },
      );
      expect(list.status).toBe(200);
      const [dead] = list.json.deliveries as Array<Record<string, unknown>>;
      expect(dead).toMatchObject({
        endpoint: 'crm',
        event_type: 'user.registered',
        user_id: 'a'.repeat(32),
        state: 'dead',
        attempts: 1,
        last_status: 500,
        last_error: 'HTTP 500',
        delivered_at: null,
      });
      expect(list.json.next).toBeNull();
      expect(JSON.stringify(list.json)).not.toContain(SECRET.slice(6));

      receiver.script(() => 200);
      const retry = await t.request(
        'POST',
        `${API}/admin/webhooks/deliveries/${String(dead?.id)}/retry`,
        {
          token,
        },
      );
      expect(retry.status).toBe(200);
      expect(retry.json).toMatchObject({ id: dead?.id, state: 'pending', attempts: 0 });
      await waitFor(() => receiver.delivered().length === 1);
      expect(receiver.delivered()[0]?.id).toBe(dead?.id);
      await waitFor(async () => (await deadIds()).length === 0);

      const again = await t.request(
        'POST',
        `${API}/admin/webhooks/deliveries/${String(dead?.id)}/retry`,
        {
          token,
        },
      );
      expect(again.status).toBe(409);
      expect(again.json).toEqual({ detail: 'Only a dead webhook delivery can be retried.' });
    });

    it('pages newest first with next', async () => {
      for (const user of ['1', '2', '3']) {
        await t.rs.webhooks.publish(event('user.registered', user.repeat(32)));
      }
      await waitFor(async () => (await deadIds()).length === 3);
      const first = await t.request('GET', `${API}/admin/webhooks/deliveries?limit=2`, { token });
      const page1 = first.json.deliveries as Array<{ id: string; user_id: string }>;
      expect(page1.map((d) => d.user_id)).toEqual(['3'.repeat(32), '2'.repeat(32)]);
      expect(first.json.next).toBe(page1[1]?.id);
      const second = await t.request(
        'GET',
        `${API}/admin/webhooks/deliveries?limit=2&after=${String(first.json.next)}`,
        { token },
      );
      expect((second.json.deliveries as Array<{ user_id: string }>).map((d) => d.user_id)).toEqual([
        '1'.repeat(32),
      ]);
      expect(second.json.next).toBeNull();
    });

    it('is documented in the OpenAPI document behind the bearer scheme', async () => {
      const res = await t.request('GET', `${API}/openapi.json`);
      const paths = res.json.paths as Record<
        string,
        Record<string, { security?: unknown; parameters?: Array<{ name: string }> }>
      >;
      const list = paths['/admin/webhooks/deliveries']?.get;
      expect(list?.security).toEqual([{ bearerAuth: [] }]);
      expect(list?.parameters?.map((p) => p.name)).toEqual(['state', 'endpoint', 'after', 'limit']);
      const retry = paths['/admin/webhooks/deliveries/{delivery_id}/retry']?.post;
      expect(retry?.parameters?.map((p) => p.name)).toEqual(['delivery_id']);
    });

    it('answers clear 4xx for bad input, unknown ids, and callers who are not admins', async () => {
      for (const query of ['state=lost', 'limit=0', 'limit=abc', 'endpoint=Not%20A%20Name']) {
        const res = await t.request('GET', `${API}/admin/webhooks/deliveries?${query}`, { token });
        expect(res.status, query).toBe(422);
        expect(res.json.detail, query).toBeDefined();
      }
      const missing = await t.request(
        'POST',
        `${API}/admin/webhooks/deliveries/msg_nothing/retry`,
        {
          token,
        },
      );
      expect(missing.status).toBe(404);
      expect(missing.json).toEqual({ detail: 'Webhook delivery not found.' });
      const long = await t.request(
        'POST',
        `${API}/admin/webhooks/deliveries/${'x'.repeat(200)}/retry`,
        {
          token,
        },
      );
      expect(long.status).toBe(422);

      expect((await t.request('GET', `${API}/admin/webhooks/deliveries`)).status).toBe(401);
      const user = await t.registerAndLogin('plain@example.com');
      const forbidden = await t.request('GET', `${API}/admin/webhooks/deliveries`, {
        token: user.token,
      });
      expect(forbidden.status).toBe(403);
    });
  });
}
