/**
 * Picks and builds the SMS transport named by the configuration (spec §2.3, §2.7). Each
 * backend module is imported only when it is the one configured.
 */
import { ConfigError } from '../../errors/errors.js';
import type { SmsTransport } from '../../ports/delivery.js';
import type { PrintLine } from '../print.js';

/** The `[sms]` settings in camelCase, plus test and wiring hooks. */
export interface SmsTransportSettings {
  /** `null` | `sns` | `twilio`; anything else is rejected. */
  readonly backend: string;
  readonly fromNumber: string | null;
  readonly snsRegion: string;
  readonly twilioAccountSid: string | null;
  readonly twilioAuthToken: string | null;
  /** Where the null backend prints. @default stderr */
  readonly print?: PrintLine | undefined;
  /** SNS endpoint override (tests). */
  readonly snsEndpoint?: string | undefined;
  /** Twilio base URL override (tests). */
  readonly twilioBaseUrl?: string | undefined;
  /** Environment for AWS credentials. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

function present(value: string | null): string | undefined {
  return value === null || value.trim() === '' ? undefined : value;
}

/**
 * Opens the configured SMS transport; throws `ConfigError` for an unknown backend or missing
 * settings. The null backend's result also has an `outbox`.
 */
export async function openSmsTransport(settings: SmsTransportSettings): Promise<SmsTransport> {
  switch (settings.backend) {
    case 'null': {
      const { createNullSmsTransport } = await import('./null-transport.js');
      return createNullSmsTransport({ print: settings.print });
    }
    case 'sns': {
      if (settings.snsRegion.trim() === '') {
        throw new ConfigError('SmsConfig.sns_region is required for the SNS backend.');
      }
      const { resolveAwsCredentials } = await import('../aws/credentials.js');
      const credentials = resolveAwsCredentials({
        usedBy: 'the SNS SMS backend',
        env: settings.env,
      });
      const { createSnsTransport } = await import('./sns-transport.js');
      return createSnsTransport({
        region: settings.snsRegion,
        credentials,
        fromNumber: settings.fromNumber,
        endpoint: settings.snsEndpoint,
      });
    }
    case 'twilio': {
      const sid = present(settings.twilioAccountSid);
      const token = present(settings.twilioAuthToken);
      const fromNumber = present(settings.fromNumber);
      if (sid === undefined || token === undefined) {
        throw new ConfigError(
          'Twilio backend needs both twilio_account_sid and twilio_auth_token.',
        );
      }
      if (fromNumber === undefined) {
        throw new ConfigError('Twilio backend needs a from_number.');
      }
      const { createTwilioTransport } = await import('./twilio-transport.js');
      return createTwilioTransport({
        accountSid: sid,
        authToken: token,
        fromNumber,
        baseUrl: settings.twilioBaseUrl,
      });
    }
    default:
      throw new ConfigError(`Unknown SMS backend: '${settings.backend}'`);
  }
}
