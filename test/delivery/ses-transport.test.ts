import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryHttpError } from '../../src/delivery/delivery-error.js';
import { createSesTransport } from '../../src/delivery/email/ses-transport.js';
import type { EmailMessage } from '../../src/ports/delivery.js';
import { type FakeAws, startFakeAws, TEST_AWS_CREDENTIALS } from '../support/fake-aws.js';

const message: EmailMessage = {
  to: 'user@example.com',
  subject: 'Reset your MyApp password',
  html: '<p>Open <a href="https://app.example/reset?token=t">the link</a></p>',
  text: 'Open https://app.example/reset?token=t\n',
  fromAddress: 'noreply@example.com',
  fromName: 'MyApp',
};

let fake: FakeAws;
beforeEach(async () => {
  fake = await startFakeAws();
});
afterEach(async () => {
  await fake.close();
});

describe('SES transport against a SigV4-checking fake', () => {
  it('POSTs a correctly signed SES v2 SendEmail', async () => {
    const transport = createSesTransport({
      region: 'eu-central-1',
      credentials: TEST_AWS_CREDENTIALS,
      endpoint: fake.url,
    });
    await transport.send(message);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request?.signatureProblem).toBeNull();
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v2/email/outbound-emails');
    expect(request?.scope).toMatchObject({ region: 'eu-central-1', service: 'ses' });
    expect(request?.signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-date']));
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      FromEmailAddress: 'MyApp <noreply@example.com>',
      Destination: { ToAddresses: ['user@example.com'] },
      Content: {
        Simple: {
          Subject: { Data: 'Reset your MyApp password', Charset: 'UTF-8' },
          Body: {
            Text: { Data: message.text, Charset: 'UTF-8' },
            Html: { Data: message.html, Charset: 'UTF-8' },
          },
        },
      },
    });
  });

  it('signs the session token when there is one', async () => {
    await fake.close();
    const credentials = { ...TEST_AWS_CREDENTIALS, sessionToken: 'session/token+value=' };
    fake = await startFakeAws(credentials);
    await createSesTransport({ region: 'us-east-1', credentials, endpoint: fake.url }).send(
      message,
    );
    expect(fake.requests[0]?.signatureProblem).toBeNull();
    expect(fake.requests[0]?.headers['x-amz-security-token']).toBe('session/token+value=');
  });

  it('a wrong secret fails the signature check and the send throws', async () => {
    const transport = createSesTransport({
      region: 'eu-west-1',
      credentials: { ...TEST_AWS_CREDENTIALS, secretAccessKey: 'not-the-secret' },
      endpoint: fake.url,
    });
    const error = await transport.send(message).then(
      () => null,
      (e: unknown) => e,
    );
    expect(fake.requests[0]?.signatureProblem).toBe('signature does not match');
    expect(error).toBeInstanceOf(DeliveryHttpError);
    expect(error).toMatchObject({ status: 403, providerCode: 'SignatureDoesNotMatch' });
    expect(String(error)).not.toContain('not-the-secret');
  });

  it('a non-2xx reply throws with the status and error type, nothing from the message', async () => {
    fake.queuedReplies.push({
      status: 400,
      headers: {
        'x-amzn-ErrorType': 'MessageRejected:http://internal.amazon.com/coral/com.amazonaws.sesv2/',
      },
      body: JSON.stringify({ message: 'Email address is not verified.' }),
    });
    const transport = createSesTransport({
      region: 'eu-west-1',
      credentials: TEST_AWS_CREDENTIALS,
      endpoint: fake.url,
    });
    await expect(transport.send(message)).rejects.toThrow(
      new DeliveryHttpError('SES SendEmail', 400, 'MessageRejected'),
    );
    await expect(transport.send(message)).resolves.toBeUndefined();
  });

  it('uses the regional endpoint by default', async () => {
    const seen: string[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = async (input) => {
      seen.push(input instanceof Request ? input.url : String(input));
      return new Response('{}', { status: 200 });
    };
    try {
      await createSesTransport({ region: 'ap-south-1', credentials: TEST_AWS_CREDENTIALS }).send(
        message,
      );
    } finally {
      globalThis.fetch = original;
    }
    expect(seen).toEqual(['https://email.ap-south-1.amazonaws.com/v2/email/outbound-emails']);
  });
});
