import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors/errors.js';
import { type EmailTransportSettings, openEmailTransport } from './open-email-transport.js';

const defaults: EmailTransportSettings = {
  backend: 'console',
  smtpHost: null,
  smtpPort: 587,
  smtpStarttls: true,
  smtpUseTls: false,
  smtpUsername: null,
  smtpPassword: null,
  sesRegion: 'eu-west-1',
  sesProfile: null,
  print: () => {},
  env: {},
};

describe('openEmailTransport', () => {
  it('console is the default backend and exposes an outbox', async () => {
    const transport = await openEmailTransport(defaults);
    expect('outbox' in transport && Array.isArray(transport.outbox)).toBe(true);
  });

  it('smtp needs smtp_host', async () => {
    const open = openEmailTransport({ ...defaults, backend: 'smtp' });
    await expect(open).rejects.toThrow(ConfigError);
    await expect(
      openEmailTransport({ ...defaults, backend: 'smtp', smtpHost: ' ' }),
    ).rejects.toThrow('EmailConfig.smtp_host is required for the SMTP backend.');
  });

  it('smtp opens with a host', async () => {
    const transport = await openEmailTransport({
      ...defaults,
      backend: 'smtp',
      smtpHost: 'localhost',
    });
    expect(typeof transport.send).toBe('function');
  });

  it('ses without credentials names what to set', async () => {
    await expect(
      openEmailTransport({
        ...defaults,
        backend: 'ses',
        env: { AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' },
      }),
    ).rejects.toThrow(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
  });

  it('ses opens with credentials in the environment', async () => {
    const transport = await openEmailTransport({
      ...defaults,
      backend: 'ses',
      env: { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' },
    });
    expect(typeof transport.send).toBe('function');
  });

  it('an unknown backend is rejected with the spec message', async () => {
    await expect(openEmailTransport({ ...defaults, backend: 'x' })).rejects.toThrow(
      new ConfigError("Unknown email backend: 'x'"),
    );
  });
});
