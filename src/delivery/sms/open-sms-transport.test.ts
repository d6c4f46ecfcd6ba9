import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors/errors.js';
import { openSmsTransport, type SmsTransportSettings } from './open-sms-transport.js';

const defaults: SmsTransportSettings = {
  backend: 'null',
  fromNumber: null,
  snsRegion: 'eu-west-1',
  twilioAccountSid: null,
  twilioAuthToken: null,
  print: () => {},
  env: {},
};

describe('openSmsTransport', () => {
  it('null is the default backend and exposes an outbox', async () => {
    const transport = await openSmsTransport(defaults);
    expect('outbox' in transport && Array.isArray(transport.outbox)).toBe(true);
  });

  it('twilio needs sid and token, then a from_number', async () => {
    await expect(
      openSmsTransport({ ...defaults, backend: 'twilio', twilioAccountSid: 'AC1' }),
    ).rejects.toThrow('Twilio backend needs both twilio_account_sid and twilio_auth_token.');
    await expect(
      openSmsTransport({
        ...defaults,
        backend: 'twilio',
        twilioAccountSid: 'AC1',
        twilioAuthToken: 't',
      }),
    ).rejects.toThrow('Twilio backend needs a from_number.');
    const transport = await openSmsTransport({
      ...defaults,
      backend: 'twilio',
      twilioAccountSid: 'AC1',
      twilioAuthToken: 't',
      fromNumber: '+15005550006',
    });
    expect(typeof transport.send).toBe('function');
  });

  it('sns without credentials names what to set', async () => {
    await expect(
      openSmsTransport({
        ...defaults,
        backend: 'sns',
        env: { AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' },
      }),
    ).rejects.toThrow(/No AWS credentials for the SNS SMS backend: set AWS_ACCESS_KEY_ID/);
  });

  it('an unknown backend is rejected with the spec message', async () => {
    await expect(openSmsTransport({ ...defaults, backend: 'x' })).rejects.toThrow(
      new ConfigError("Unknown SMS backend: 'x'"),
    );
  });
});
