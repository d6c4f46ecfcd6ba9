/**
 * Picks and builds the email transport named by the configuration (spec §2.2, §2.7). Each
 * backend module is imported only when it is the one configured.
 */
import type { ConnectionOptions } from 'node:tls';
import { ConfigError } from '../../errors/errors.js';
import type { EmailTransport } from '../../ports/delivery.js';
import type { Logger } from '../../ports/logger.js';
import type { PrintLine } from '../print.js';

/** The `[email]` settings in camelCase, plus test and wiring hooks. */
export interface EmailTransportSettings {
  /** `console` | `smtp` | `ses`; anything else is rejected. */
  readonly backend: string;
  readonly smtpHost: string | null;
  readonly smtpPort: number;
  readonly smtpStarttls: boolean;
  readonly smtpUseTls: boolean;
  readonly smtpUsername: string | null;
  readonly smtpPassword: string | null;
  readonly sesRegion: string;
  readonly sesProfile: string | null;
  /** Where the console backend prints. @default stderr */
  readonly print?: PrintLine | undefined;
  readonly logger?: Logger | undefined;
  /** SES endpoint override (tests). */
  readonly sesEndpoint?: string | undefined;
  /** Extra TLS settings for SMTP (a test CA). */
  readonly smtpTls?: ConnectionOptions | undefined;
  /** Environment for AWS credentials. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * Opens the configured email transport; throws `ConfigError` for an unknown backend or
 * missing settings. The console backend's result also has an `outbox`.
 */
export async function openEmailTransport(
  settings: EmailTransportSettings,
): Promise<EmailTransport> {
  switch (settings.backend) {
    case 'console': {
      const { createConsoleEmailTransport } = await import('./console-transport.js');
      return createConsoleEmailTransport({ print: settings.print });
    }
    case 'smtp': {
      if (settings.smtpHost === null || settings.smtpHost.trim() === '') {
        throw new ConfigError('EmailConfig.smtp_host is required for the SMTP backend.');
      }
      const { createSmtpTransport } = await import('./smtp-transport.js');
      return createSmtpTransport({
        host: settings.smtpHost,
        port: settings.smtpPort,
        starttls: settings.smtpStarttls,
        useTls: settings.smtpUseTls,
        username: settings.smtpUsername,
        password: settings.smtpPassword,
        tls: settings.smtpTls,
        logger: settings.logger,
      });
    }
    case 'ses': {
      if (settings.sesRegion.trim() === '') {
        throw new ConfigError('EmailConfig.ses_region is required for the SES backend.');
      }
      const { resolveAwsCredentials } = await import('../aws/credentials.js');
      const credentials = resolveAwsCredentials({
        profile: settings.sesProfile,
        usedBy: 'the SES email backend',
        profileSetting: 'email.ses_profile (REGSTACK_EMAIL__SES_PROFILE)',
        env: settings.env,
      });
      const { createSesTransport } = await import('./ses-transport.js');
      return createSesTransport({
        region: settings.sesRegion,
        credentials,
        endpoint: settings.sesEndpoint,
      });
    }
    default:
      throw new ConfigError(`Unknown email backend: '${settings.backend}'`);
  }
}
