import { describe, expect, it } from 'vitest';
import { envLayer, envNameToPath } from './env-source.js';

describe('envNameToPath', () => {
  it.each([
    ['REGSTACK_APP_NAME', 'app_name'],
    ['REGSTACK_JWT_TTL_SECONDS', 'jwt_ttl_seconds'],
    ['regstack_jwt_ttl_seconds', 'jwt_ttl_seconds'],
    ['Regstack_Base_Url', 'base_url'],
    ['REGSTACK_EMAIL__FROM_ADDRESS', 'email.from_address'],
    ['regstack_email__smtp_port', 'email.smtp_port'],
    ['REGSTACK_SMS__TWILIO_AUTH_TOKEN', 'sms.twilio_auth_token'],
    ['REGSTACK_OAUTH__GOOGLE_CLIENT_SECRET', 'oauth.google_client_secret'],
    ['REGSTACK_EMAIL_LINK_BASE_URL', 'email_link_base_url'],
  ])('%s → %s', (name, path) => {
    expect(envNameToPath(name)).toBe(path);
  });

  it.each([
    'REGSTACK_CONFIG',
    'REGSTACK_NOPE',
    'REGSTACK_EMAIL',
    'REGSTACK_EMAIL__NOPE',
    'REGSTACK_EMAIL__SMTP_PORT__X',
    'REGSTACK_SMS__SMTP_PORT',
    'REGSTACK_APP__NAME',
    'REGSTACK_SMTP_PORT',
    'APP_NAME',
    'XREGSTACK_APP_NAME',
  ])('ignores %s', (name) => {
    expect(envNameToPath(name)).toBeUndefined();
  });
});

describe('envLayer', () => {
  it('labels each value with its env name and skips undefined values', () => {
    const layer = envLayer({
      regstack_app_name: 'A',
      REGSTACK_JWT_AUDIENCE: undefined,
      PATH: '/bin',
    });
    expect([...layer]).toEqual([['app_name', { value: 'A', source: 'env regstack_app_name' }]]);
  });

  it('lets the canonical upper-case spelling win whatever the order', () => {
    for (const env of [
      { REGSTACK_APP_NAME: 'upper', regstack_app_name: 'lower' },
      { regstack_app_name: 'lower', REGSTACK_APP_NAME: 'upper' },
    ]) {
      expect(envLayer(env).get('app_name')).toEqual({
        value: 'upper',
        source: 'env REGSTACK_APP_NAME',
      });
    }
  });
});
