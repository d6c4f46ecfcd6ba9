import { describe, expect, it } from 'vitest';
import type { EmailMessage } from '../../ports/delivery.js';
import { createConsoleEmailTransport } from './console-transport.js';

const message: EmailMessage = {
  to: 'u@example.com',
  subject: 'Confirm your MyApp account',
  html: '<p>html</p>',
  text: 'Hi,\n\nhttps://app.example/verify?token=abc\n',
  fromAddress: 'noreply@example.com',
  fromName: 'MyApp',
};

describe('createConsoleEmailTransport', () => {
  it('send() keeps the message in the outbox and prints the header line and text body', async () => {
    const lines: string[] = [];
    const transport = createConsoleEmailTransport({ print: (line) => lines.push(line) });
    await transport.send(message);
    expect(transport.outbox).toEqual([message]);
    expect(lines).toEqual([
      '[regstack/console-email] To: u@example.com | From: MyApp <noreply@example.com> | Subject: Confirm your MyApp account\n' +
        'Hi,\n\nhttps://app.example/verify?token=abc',
    ]);
  });

  it('the outbox keeps messages in order and can be cleared', async () => {
    const transport = createConsoleEmailTransport({ print: () => {} });
    await transport.send(message);
    await transport.send({ ...message, to: 'second@example.com' });
    expect(transport.outbox.map((m) => m.to)).toEqual(['u@example.com', 'second@example.com']);
    transport.outbox.length = 0;
    expect(transport.outbox).toEqual([]);
  });
});
