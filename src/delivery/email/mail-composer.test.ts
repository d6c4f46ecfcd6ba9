import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTemplateRenderer } from '../../render/template-engine.js';
import { formatFromHeader } from './from-header.js';
import { createMailComposer, ttlMinutesFromSeconds } from './mail-composer.js';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function composer(dirs: string[] = []) {
  return createMailComposer({
    renderer: createTemplateRenderer({ dirs: () => dirs }),
    appName: 'MyApp',
    fromAddress: 'noreply@example.com',
    fromName: 'MyApp',
  });
}

const token = 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c';
const verifyUrl = `https://app.example/account/verify?token=${token}`;
const resetUrl = 'https://app.example/account/reset?token=eyJ.a.b';
const changeUrl = 'https://app.example/account/confirm-email-change?token=eyJ.c.d';

describe('createMailComposer', () => {
  it('verification(): exact subject, URL in text and HTML, name in text, From fields', async () => {
    const message = await composer().verification({
      to: 'u@example.com',
      fullName: 'Ada Lovelace',
      url: verifyUrl,
    });
    expect(message.to).toBe('u@example.com');
    expect(message.subject).toBe('Confirm your MyApp account');
    expect(message.text).toContain(verifyUrl);
    expect(message.text).toContain('Hi Ada Lovelace,');
    expect(message.text).toMatch(/confirm|verify/i);
    expect(message.html).toContain(`href="${verifyUrl}"`);
    expect(message.html).toContain('MyApp');
    expect(formatFromHeader(message.fromName, message.fromAddress)).toBe(
      'MyApp <noreply@example.com>',
    );
  });

  it('verification(): the token can be read back from the text body', async () => {
    const message = await composer().verification({
      to: 'u@example.com',
      fullName: null,
      url: verifyUrl,
    });
    expect(/token=([\w.-]+)/.exec(message.text)?.[1]).toBe(token);
    expect(message.text).toMatch(/^Hi,/);
  });

  it('passwordReset(): exact subject, URL, and "30 minutes" for a 30-minute link', async () => {
    const message = await composer().passwordReset({
      to: 'u@example.com',
      fullName: null,
      url: resetUrl,
      ttlMinutes: 30,
    });
    expect(message.subject).toBe('Reset your MyApp password');
    expect(message.text).toContain(resetUrl);
    expect(message.text).toContain('30 minutes');
    expect(message.html).toContain('valid for 30 minutes');
    expect(message.html).toContain(resetUrl);
  });

  it('emailChange(): exact subject, URL and validity', async () => {
    const message = await composer().emailChange({
      to: 'new@example.com',
      fullName: 'Ada',
      url: changeUrl,
      ttlMinutes: 60,
    });
    expect(message.to).toBe('new@example.com');
    expect(message.subject).toBe('Confirm your new MyApp email address');
    expect(message.text).toContain(changeUrl);
    expect(message.text).toContain('valid for 60 minutes');
    expect(message.html).toContain('valid for 60 minutes');
  });

  it('every kind closes with a note that the mail can be ignored', async () => {
    const c = composer();
    const messages = [
      await c.verification({ to: 'u@example.com', fullName: null, url: verifyUrl }),
      await c.passwordReset({ to: 'u@example.com', fullName: null, url: resetUrl, ttlMinutes: 5 }),
      await c.emailChange({ to: 'u@example.com', fullName: null, url: changeUrl, ttlMinutes: 5 }),
    ];
    for (const message of messages) {
      expect(message.text).toMatch(/ignore/i);
      expect(message.html).toMatch(/ignore/i);
    }
  });

  it('escapes the full name in HTML but not in text', async () => {
    const message = await composer().verification({
      to: 'u@example.com',
      fullName: '<script>alert("x")</script>',
      url: verifyUrl,
    });
    expect(message.html).not.toContain('<script>');
    expect(message.html).toContain('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;');
    expect(message.text).toContain('Hi <script>alert("x")</script>,');
  });

  it('a host template dir overrides one file and keeps the rest (subject trimmed)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regstack-mail-'));
    temps.push(dir);
    mkdirSync(join(dir, 'email'));
    writeFileSync(
      join(dir, 'email', 'verification.subject.txt'),
      '\n  Welcome aboard {{ app_name }}!  \n\n',
    );
    const message = await composer([dir]).verification({
      to: 'u@example.com',
      fullName: null,
      url: verifyUrl,
    });
    expect(message.subject).toBe('Welcome aboard MyApp!');
    expect(message.text).toContain(verifyUrl);
    expect(message.html).toContain(verifyUrl);
  });

  it('a multi-line host subject becomes one header line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regstack-mail-'));
    temps.push(dir);
    mkdirSync(join(dir, 'email'));
    writeFileSync(
      join(dir, 'email', 'password_reset.subject.txt'),
      'Reset\nyour password\r\nnow\n',
    );
    const message = await composer([dir]).passwordReset({
      to: 'u@example.com',
      fullName: null,
      url: resetUrl,
      ttlMinutes: 1,
    });
    expect(message.subject).toBe('Reset your password now');
  });

  it('smsBody(login_mfa) follows the contract format', async () => {
    const body = await composer().smsBody('login_mfa', { code: '042137', ttlMinutes: 5 });
    expect(body.startsWith('MyApp sign-in code: 042137. Expires in 5 minutes. ')).toBe(true);
    expect(body).toMatch(/ignore/i);
    expect(body).toMatch(/sign in/);
    expect(/\b(\d{6})\b/.exec(body)?.[1]).toBe('042137');
    expect(body).toBe(body.trim());
  });

  it('smsBody(phone_setup) is exactly the contract format', async () => {
    const body = await composer().smsBody('phone_setup', { code: '987654', ttlMinutes: 10 });
    expect(body).toBe('MyApp verification code: 987654. It expires in 10 minutes.');
    expect(/\b(\d{6})\b/.exec(body)?.[1]).toBe('987654');
  });
});

describe('ttlMinutesFromSeconds', () => {
  it('floors to whole minutes, at least 1', () => {
    expect(ttlMinutesFromSeconds(1800)).toBe(30);
    expect(ttlMinutesFromSeconds(119)).toBe(1);
    expect(ttlMinutesFromSeconds(30)).toBe(1);
    expect(ttlMinutesFromSeconds(0)).toBe(1);
  });
});
