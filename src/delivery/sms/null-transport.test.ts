import { describe, expect, it } from 'vitest';
import { createNullSmsTransport } from './null-transport.js';

describe('createNullSmsTransport', () => {
  it('send() records to/body/from and prints one line (TS-CONTRACT §13)', async () => {
    const lines: string[] = [];
    const transport = createNullSmsTransport({ print: (line) => lines.push(line) });
    const message = {
      to: '+14155552671',
      body: 'MyApp sign-in code: 123456.',
      fromNumber: '+15005550006',
    };
    await transport.send(message);
    expect(transport.outbox).toEqual([message]);
    expect(lines).toEqual([
      '[regstack/null-sms] To: +14155552671 | From: +15005550006 | Body: MyApp sign-in code: 123456.',
    ]);
  });

  it('prints (unset) when there is no sender', async () => {
    const lines: string[] = [];
    const transport = createNullSmsTransport({ print: (line) => lines.push(line) });
    await transport.send({ to: '+447911123456', body: 'hi', fromNumber: null });
    await transport.send({ to: '+447911123456', body: 'hi', fromNumber: '' });
    expect(lines).toEqual([
      '[regstack/null-sms] To: +447911123456 | From: (unset) | Body: hi',
      '[regstack/null-sms] To: +447911123456 | From: (unset) | Body: hi',
    ]);
  });
});
