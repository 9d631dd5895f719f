import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { fetch, type Agent, type Response } from 'undici';
import { DeliveryError, PermanentDeliveryError } from './delivery.errors';
import type { Notification, WebhookChannel } from './notification.types';
import { WebhookConfig } from './notifications.config';
import { renderWebhookPayload } from './render';
import { signWebhook } from './webhook.signature';
import { REFUSED_TARGET, guardedAgent, webhookUrlRefusal } from './webhook-targets';

/** How much of an error response is quoted in the error message (Slack says e.g. "invalid_blocks"). */
const ERROR_BODY_SNIPPET = 300;

/** 408 and 429 say "not now"; any other 4xx says "never like this". */
function isPermanentStatus(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from now. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (header.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The start of a response body, read no further than needed; the rest is discarded. */
async function snippet(response: Response): Promise<string> {
  if (response.body === null) return '';
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < ERROR_BODY_SNIPPET) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks)).replace(/\s+/g, ' ').trim();
  return text.length > ERROR_BODY_SNIPPET ? `${text.slice(0, ERROR_BODY_SNIPPET)}…` : text;
}

/**
 * Where a webhook goes, as safe to log: the origin only. Slack and Teams webhook URLs carry their
 * secret in the path, and error messages end up in Temporal's history.
 */
function describe(url: URL): string {
  return url.origin;
}

/** Posts notifications as signed JSON to Slack, Teams or any HTTP endpoint. */
@Injectable()
export class WebhookSender implements OnModuleDestroy {
  /** Connects only where the target rules allow, checked on the addresses of each connection. */
  private readonly agent: Agent;

  constructor(@Inject(WebhookConfig) private readonly config: WebhookConfig) {
    this.agent = guardedAgent(config.targets);
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }

  /** Resolves on a 2xx; throws a DeliveryError (a PermanentDeliveryError for a 4xx other than 408/429). */
  async send(notification: Notification, channel: WebhookChannel): Promise<void> {
    let url: URL;
    try {
      url = new URL(channel.url);
    } catch {
      throw new PermanentDeliveryError('Webhook delivery failed: the URL is not valid');
    }
    const refusal = webhookUrlRefusal(url, this.config.targets);
    if (refusal !== null) throw new PermanentDeliveryError(`Webhook delivery failed: ${refusal}`);
    const body = JSON.stringify(renderWebhookPayload(notification, channel.flavour));
    const timestamp = Math.floor(Date.now() / 1000);
    const target = describe(url);

    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Groundwork-Delivery': notification.id,
          'X-Groundwork-Timestamp': String(timestamp),
          'X-Groundwork-Signature': signWebhook(this.config.signingSecret, timestamp, body),
        },
        body,
        // A redirect would re-send the signed delivery elsewhere (or turn it into a GET): fail instead.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.timeoutMs),
        dispatcher: this.agent,
      });
    } catch (error) {
      throw this.transportError(error, target);
    }

    if (response.status >= 200 && response.status < 300) {
      await response.body?.cancel().catch(() => undefined);
      return;
    }
    let detail = '';
    try {
      detail = await snippet(response);
    } catch {
      // the status is what matters; an unreadable error body does not change it
    }
    const message =
      `Webhook delivery to ${target} failed with HTTP ${response.status}` +
      (response.statusText ? ` ${response.statusText}` : '') +
      (detail ? `: ${detail}` : '');
    const retryAfter = retryAfterMs(response.headers.get('retry-after'));
    const details = { status: response.status, ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }) };
    throw isPermanentStatus(response.status) ? new PermanentDeliveryError(message, details) : new DeliveryError(message, details);
  }

  private transportError(error: unknown, target: string): DeliveryError {
    // Not `instanceof`: fetch's errors (a DOMException, a TypeError) may come from another realm.
    const { name, message, cause } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; message?: unknown; cause?: unknown };
    if (name === 'TimeoutError') {
      return new DeliveryError(`Webhook delivery to ${target} timed out after ${this.config.timeoutMs} ms`, { cause: error });
    }
    const { message: causeMessage, code } = (typeof cause === 'object' && cause !== null ? cause : {}) as { message?: unknown; code?: unknown };
    const reason = [message, causeMessage].filter((part) => typeof part === 'string' && part !== '').join(': ') || String(error);
    // A target the rules refuse stays refused: retrying cannot help.
    const failure = code === REFUSED_TARGET ? PermanentDeliveryError : DeliveryError;
    return new failure(`Webhook delivery to ${target} failed: ${reason}`, { cause: error });
  }
}
