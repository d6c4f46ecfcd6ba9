/**
 * Turns a message kind and its values into an `EmailMessage` or an SMS body, through the
 * template search path (spec §8.1, §8.3): subject, HTML and text come from
 * `email/<kind>.subject.txt`, `email/<kind>.html`, `email/<kind>.txt`; SMS bodies from
 * `sms/sms_<kind>.txt`.
 */
import type { EmailKind, EmailMessage, MailComposer } from '../../ports/delivery.js';
import type { TemplateRenderer, TemplateVars } from '../../render/template-engine.js';

export interface MailComposerOptions {
  readonly renderer: TemplateRenderer;
  readonly appName: string;
  readonly fromAddress: string;
  readonly fromName: string;
}

/** `ttl_minutes = max(floor(ttl_seconds / 60), 1)` (spec §8.1). */
export function ttlMinutesFromSeconds(ttlSeconds: number): number {
  return Math.max(Math.floor(ttlSeconds / 60), 1);
}

/**
 * Creates the composer for emails and SMS bodies (the `MailComposer` port). SMS bodies are
 * trimmed; subjects are trimmed and kept to one line.
 *
 * @example
 * const composer = createMailComposer({ renderer, appName: 'MyApp', fromAddress, fromName });
 * const message = await composer.verification({ to, fullName: null, url });
 */
export function createMailComposer(options: MailComposerOptions): MailComposer {
  const { renderer, appName } = options;

  async function compose(kind: EmailKind, to: string, vars: TemplateVars): Promise<EmailMessage> {
    const [subject, html, text] = await Promise.all([
      renderer.text(`email/${kind}.subject.txt`, vars),
      renderer.html(`email/${kind}.html`, vars),
      renderer.text(`email/${kind}.txt`, vars),
    ]);
    return {
      to,
      // A subject is one header line: a stray newline from a host template must not split it.
      subject: subject.trim().replace(/\s*[\r\n]+\s*/g, ' '),
      html,
      text,
      fromAddress: options.fromAddress,
      fromName: options.fromName,
    };
  }

  function linkVars(mail: {
    readonly fullName: string | null;
    readonly url: string;
  }): TemplateVars {
    return { app_name: appName, full_name: mail.fullName ?? '', url: mail.url };
  }

  return {
    verification(mail) {
      return compose('verification', mail.to, {
        ...linkVars(mail),
        contested: mail.contested === true,
      });
    },
    passwordReset(mail) {
      return compose('password_reset', mail.to, {
        ...linkVars(mail),
        ttl_minutes: mail.ttlMinutes,
      });
    },
    emailChange(mail) {
      return compose('email_change', mail.to, { ...linkVars(mail), ttl_minutes: mail.ttlMinutes });
    },
    emailChangeNotice(mail) {
      return compose('email_change_notice', mail.to, {
        ...linkVars(mail),
        new_email: mail.newEmail,
        ttl_minutes: mail.ttlMinutes,
      });
    },
    async smsBody(kind, values) {
      const vars = { app_name: appName, code: values.code, ttl_minutes: values.ttlMinutes };
      return (await renderer.text(`sms/sms_${kind}.txt`, vars)).trim();
    },
  };
}
