/**
 * A local stand-in for Twilio's Messages endpoint: checks the basic-auth credentials and the
 * form fields, records each request, and answers as Twilio does (201 JSON, or an error JSON).
 */
import { listenLocal, readBody } from './listen.js';

export interface RecordedTwilioRequest {
  readonly method: string;
  readonly path: string;
  readonly contentType: string;
  /** `sid:token` decoded from the Authorization header, or null when absent or not Basic. */
  readonly basicAuth: string | null;
  readonly form: URLSearchParams;
}

export interface FakeTwilio {
  readonly url: string;
  readonly requests: RecordedTwilioRequest[];
  close(): Promise<void>;
}

export async function startFakeTwilio(accountSid: string, authToken: string): Promise<FakeTwilio> {
  const requests: RecordedTwilioRequest[] = [];
  const messagesPath = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
  const server = await listenLocal((request, response) => {
    void readBody(request).then((body) => {
      const header = request.headers.authorization ?? '';
      const basicAuth = header.startsWith('Basic ')
        ? Buffer.from(header.slice(6), 'base64').toString('utf8')
        : null;
      const form = new URLSearchParams(body);
      const path = request.url ?? '/';
      requests.push({
        method: request.method ?? 'GET',
        path,
        contentType: request.headers['content-type'] ?? '',
        basicAuth,
        form,
      });
      const reply = (status: number, payload: Record<string, unknown>) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(payload));
      };
      if (basicAuth !== `${accountSid}:${authToken}`) {
        reply(401, { code: 20003, message: 'Authenticate', status: 401 });
      } else if (request.method !== 'POST' || path !== messagesPath) {
        reply(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
      } else if (!/^\+[1-9][0-9]{1,14}$/.test(form.get('To') ?? '')) {
        reply(400, {
          code: 21211,
          message: "The 'To' number is not a valid phone number.",
          status: 400,
        });
      } else if (!form.get('From') || !form.get('Body')) {
        reply(400, { code: 21602, message: 'Message body is required.', status: 400 });
      } else {
        reply(201, { sid: 'SMfake', status: 'queued', to: form.get('To'), body: form.get('Body') });
      }
    });
  });
  return { url: server.url, requests, close: () => server.close() };
}
