import { Webhook } from 'standardwebhooks';

export interface SendRequest {
  readonly url: string;
  readonly secret: string;
  readonly id: string;
  readonly body: string;
  readonly timeoutMs: number;
  /** The signing time. Receivers compare it with their own clock to refuse replays. */
  readonly signedAt: Date;
}

export type SendResult =
  | { readonly ok: true; readonly status: number }
  | { readonly ok: false; readonly status: number | null; readonly error: string };

/** Signs a body with Standard Webhooks headers and POSTs it; a 2xx answer counts as delivered. */
export async function signAndSend(request: SendRequest): Promise<SendResult> {
  const signature = new Webhook(request.secret).sign(request.id, request.signedAt, request.body);
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'regstack-webhooks',
        'webhook-id': request.id,
        'webhook-timestamp': String(Math.floor(request.signedAt.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    return { ok: false, status: null, error: describeFailure(error, request.timeoutMs) };
  }
  // The body is not read into the record: a receiver's answer is not ours to keep.
  await response.body?.cancel().catch(() => undefined);
  if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
  return { ok: false, status: response.status, error: `HTTP ${response.status}` };
}

/** Our words for a request that got no answer; never the URL (it may hold a credential). */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return `connection failed (${cause.code})`;
  return 'connection failed';
}
