import type { RegstackConfig } from '../../config/schema.js';
import { openEmailTransport } from '../../delivery/email/open-email-transport.js';
import { openSmsTransport } from '../../delivery/sms/open-sms-transport.js';
import type { EmailTransport } from '../../ports/delivery.js';
import { type CheckResult, errorLine, fail, pass, warn } from './check-result.js';

function openConfiguredEmail(config: RegstackConfig): Promise<EmailTransport> {
  const email = config.email;
  return openEmailTransport({
    backend: email.backend,
    smtpHost: email.smtp_host,
    smtpPort: email.smtp_port,
    smtpStarttls: email.smtp_starttls,
    smtpUseTls: email.smtp_use_tls,
    smtpUsername: email.smtp_username,
    smtpPassword: email.smtp_password?.reveal() ?? null,
    sesRegion: email.ses_region,
    sesProfile: email.ses_profile,
  });
}

function canVerify(transport: EmailTransport): transport is EmailTransport & {
  verify(): Promise<void>;
} {
  return typeof Reflect.get(transport, 'verify') === 'function';
}

function smtpEndpoint(config: RegstackConfig): string {
  const { smtp_host, smtp_port, smtp_starttls, smtp_use_tls, smtp_username } = config.email;
  const security = smtp_use_tls ? ', TLS' : smtp_starttls ? ', STARTTLS' : ', plaintext';
  const user = smtp_username === null || smtp_username === '' ? '' : `, user ${smtp_username}`;
  return `${smtp_host ?? ''}:${smtp_port}${security}${user}`;
}

/**
 * Spec §12.3 `email backend`: the transport can be built; SMTP also connects, upgrades and
 * logs in as a send would (`verify()`); the console backend is a warning, as it delivers
 * nothing.
 */
export async function checkEmailBackend(config: RegstackConfig): Promise<CheckResult> {
  const backend = config.email.backend;
  let transport: EmailTransport;
  try {
    transport = await openConfiguredEmail(config);
  } catch (error) {
    return fail('email backend', `backend '${backend}' failed to instantiate: ${errorLine(error)}`);
  }
  if (backend === 'console') {
    return warn('email backend', 'console → messages are printed to stderr, not delivered');
  }
  if (backend === 'smtp' && canVerify(transport)) {
    try {
      await transport.verify();
    } catch (error) {
      return fail('email backend', `smtp → ${smtpEndpoint(config)}: ${errorLine(error)}`);
    }
    return pass('email backend', `smtp → connected to ${smtpEndpoint(config)}`);
  }
  return pass('email backend', `ses → Amazon SES in ${config.email.ses_region}`);
}

/** `--send-test-email`: one probe through a freshly built transport (spec §12.3). */
export async function sendProbe(config: RegstackConfig, to: string): Promise<CheckResult> {
  const subject = `[${config.app_name}] regstack doctor probe`;
  const text = `This is a test message from \`regstack doctor\` for ${config.app_name}. No action is needed.`;
  try {
    const transport = await openConfiguredEmail(config);
    await transport.send({
      to,
      subject,
      text: `${text}\n`,
      html: `<p>${escapeHtml(text)}</p>\n`,
      fromAddress: config.email.from_address,
      fromName: config.email.from_name,
    });
  } catch (error) {
    return fail('email send', `send failed: ${errorLine(error)}`);
  }
  return pass('email send', `probe delivered to ${to} via ${config.email.backend}`);
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The SMS transport can be built; the null backend only prints, so it warns when 2FA is on. */
export async function checkSmsBackend(config: RegstackConfig): Promise<CheckResult> {
  const { sms } = config;
  try {
    await openSmsTransport({
      backend: sms.backend,
      fromNumber: sms.from_number,
      snsRegion: sms.sns_region,
      twilioAccountSid: sms.twilio_account_sid,
      twilioAuthToken: sms.twilio_auth_token?.reveal() ?? null,
    });
  } catch (error) {
    return fail(
      'sms backend',
      `backend '${sms.backend}' failed to instantiate: ${errorLine(error)}`,
    );
  }
  if (sms.backend !== 'null') return pass('sms backend', `${sms.backend} → ready`);
  return config.enable_sms_2fa
    ? warn('sms backend', 'null → SMS codes are printed to stderr, not sent')
    : pass('sms backend', 'null (SMS 2FA is off)');
}
