import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryHttpError } from '../../src/delivery/delivery-error.js';
import { createTwilioTransport } from '../../src/delivery/sms/twilio-transport.js';
import { type FakeTwilio, startFakeTwilio } from '../support/fake-twilio.js';
import { listenLocal } from '../support/listen.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-auth-token';

let fake: FakeTwilio;
beforeEach(async () => {
  fake = await startFakeTwilio(SID, TOKEN);
});
afterEach(async () => {
  await fake.close();
});

describe('Twilio transport against a local fake', () => {
  it('POSTs To, From and Body with basic auth to the account Messages endpoint', async () => {
    const transport = createTwilioTransport({
      accountSid: SID,
      authToken: TOKEN,
      fromNumber: '+15005550006',
      baseUrl: fake.url,
    });
    await transport.send({
      to: '+14155552671',
      body: 'MyApp verification code: 123456. It expires in 5 minutes.',
      fromNumber: null,
    });
    const [request] = fake.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(request?.basicAuth).toBe(`${SID}:${TOKEN}`);
    expect(request?.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(request?.form ?? [])).toEqual({
      To: '+14155552671',
      From: '+15005550006',
      Body: 'MyApp verification code: 123456. It expires in 5 minutes.',
    });
  });

  it("prefers the message's sender over the configured one", async () => {
    const transport = createTwilioTransport({
      accountSid: SID,
      authToken: TOKEN,
      fromNumber: '+15005550006',
      baseUrl: fake.url,
    });
    await transport.send({ to: '+14155552671', body: 'x', fromNumber: '+15005550001' });
    expect(fake.requests[0]?.form.get('From')).toBe('+15005550001');
  });

  it('throws on a wrong token, with status and Twilio code and without the token', async () => {
    const transport = createTwilioTransport({
      accountSid: SID,
      authToken: 'wrong-token',
      fromNumber: '+15005550006',
      baseUrl: fake.url,
    });
    const error = await transport.send({ to: '+14155552671', body: 'x', fromNumber: null }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toEqual(new DeliveryHttpError('Twilio Messages', 401, '20003'));
    expect(String(error)).not.toContain('wrong-token');
  });

  it('throws on a rejected number', async () => {
    const transport = createTwilioTransport({
      accountSid: SID,
      authToken: TOKEN,
      fromNumber: '+15005550006',
      baseUrl: fake.url,
    });
    await expect(
      transport.send({ to: '12345', body: 'x', fromNumber: null }),
    ).rejects.toMatchObject({
      status: 400,
      providerCode: '21211',
    });
  });

  it('gives up after the timeout', async () => {
    const silent = await listenLocal(() => {
      // Never answers, like a provider that hangs.
    });
    try {
      const transport = createTwilioTransport({
        accountSid: SID,
        authToken: TOKEN,
        fromNumber: '+15005550006',
        baseUrl: silent.url,
        timeoutMs: 200,
      });
      await expect(
        transport.send({ to: '+14155552671', body: 'x', fromNumber: null }),
      ).rejects.toMatchObject({
        name: 'TimeoutError',
      });
    } finally {
      await silent.close();
    }
  });
});
