import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryHttpError } from '../../src/delivery/delivery-error.js';
import { createSnsTransport } from '../../src/delivery/sms/sns-transport.js';
import { type FakeAws, startFakeAws, TEST_AWS_CREDENTIALS } from '../support/fake-aws.js';

let fake: FakeAws;
beforeEach(async () => {
  fake = await startFakeAws();
});
afterEach(async () => {
  await fake.close();
});

const body = 'MyApp sign-in code: 123456. Expires in 5 minutes. Not you? Ignore this & relax.';

describe('SNS transport against a SigV4-checking fake', () => {
  it('POSTs a correctly signed Publish with the phone number and message', async () => {
    const transport = createSnsTransport({
      region: 'us-west-2',
      credentials: TEST_AWS_CREDENTIALS,
      endpoint: `${fake.url}/`,
    });
    await transport.send({ to: '+14155552671', body, fromNumber: null });
    const [request] = fake.requests;
    expect(request?.signatureProblem).toBeNull();
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/');
    expect(request?.scope).toMatchObject({ region: 'us-west-2', service: 'sns' });
    expect(request?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    const form = new URLSearchParams(request?.body);
    expect(Object.fromEntries(form)).toEqual({
      Action: 'Publish',
      PhoneNumber: '+14155552671',
      Message: body,
      Version: '2010-03-31',
    });
  });

  it('adds the SenderID attribute when a sender is set', async () => {
    const transport = createSnsTransport({
      region: 'eu-west-1',
      credentials: TEST_AWS_CREDENTIALS,
      fromNumber: 'MyApp',
      endpoint: fake.url,
    });
    await transport.send({ to: '+447911123456', body, fromNumber: null });
    await transport.send({ to: '+447911123456', body, fromNumber: 'Other' });
    const forms = fake.requests.map((r) => new URLSearchParams(r.body));
    expect(fake.requests.every((r) => r.signatureProblem === null)).toBe(true);
    expect(forms[0]?.get('MessageAttributes.entry.1.Name')).toBe('AWS.SNS.SMS.SenderID');
    expect(forms[0]?.get('MessageAttributes.entry.1.Value.DataType')).toBe('String');
    expect(forms[0]?.get('MessageAttributes.entry.1.Value.StringValue')).toBe('MyApp');
    expect(forms[1]?.get('MessageAttributes.entry.1.Value.StringValue')).toBe('Other');
  });

  it('a non-2xx reply throws with the status and the error code', async () => {
    fake.queuedReplies.push({
      status: 400,
      body: '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>Invalid parameter: PhoneNumber</Message></Error></ErrorResponse>',
    });
    const transport = createSnsTransport({
      region: 'eu-west-1',
      credentials: TEST_AWS_CREDENTIALS,
      endpoint: fake.url,
    });
    await expect(transport.send({ to: '+14155552671', body, fromNumber: null })).rejects.toThrow(
      new DeliveryHttpError('SNS Publish', 400, 'InvalidParameter'),
    );
  });

  it('a bad signature throws 403', async () => {
    const transport = createSnsTransport({
      region: 'eu-west-1',
      credentials: { ...TEST_AWS_CREDENTIALS, accessKeyId: 'AKIDUNKNOWN' },
      endpoint: fake.url,
    });
    await expect(
      transport.send({ to: '+14155552671', body, fromNumber: null }),
    ).rejects.toMatchObject({
      status: 403,
    });
    expect(fake.requests[0]?.signatureProblem).toBe('unknown access key id');
  });
});
