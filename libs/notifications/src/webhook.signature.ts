import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'sha256=';

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, the value of `X-Groundwork-Signature`. */
export function signWebhook(secret: string, timestamp: number | string, body: string | Buffer): string {
  return PREFIX + createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

export interface VerifyWebhookOptions {
  /** Reject a timestamp further than this from now (replay protection); default 300. `Infinity` turns it off. */
  toleranceSeconds?: number;
  /** Now in unix seconds; for tests. */
  nowSeconds?: number;
}

/**
 * What a receiver runs on a Groundwork webhook: `timestamp` is the `X-Groundwork-Timestamp` header,
 * `body` the raw request body exactly as received (not re-serialised JSON), `signatureHeader` the
 * `X-Groundwork-Signature` header. Compares in constant time; false on anything malformed or stale.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number,
  body: string | Buffer,
  signatureHeader: string | undefined | null,
  options: VerifyWebhookOptions = {},
): boolean {
  if (!secret || typeof signatureHeader !== 'string' || !signatureHeader.startsWith(PREFIX)) return false;
  const stamp = String(timestamp);
  if (!/^\d{1,12}$/.test(stamp)) return false;
  const tolerance = options.toleranceSeconds ?? 300;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(stamp)) > tolerance) return false;
  const given = signatureHeader.slice(PREFIX.length).trim();
  if (!/^[0-9a-fA-F]{64}$/.test(given)) return false;
  const expected = Buffer.from(signWebhook(secret, stamp, body).slice(PREFIX.length), 'hex');
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
