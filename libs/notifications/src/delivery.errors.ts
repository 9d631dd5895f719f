export interface DeliveryErrorDetails {
  /** The HTTP status or SMTP reply code that failed the delivery, when there was one. */
  status?: number;
  /** How long the receiver asked us to wait (HTTP Retry-After), when it said so. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * A delivery that failed but may succeed when tried again (5xx, 408, 429, timeouts, network errors).
 * Thrown from an activity it becomes a retryable ApplicationFailure of type "DeliveryError".
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  /** False here; true on PermanentDeliveryError. */
  readonly nonRetryable: boolean = false;

  constructor(message: string, details: DeliveryErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/**
 * A delivery that will fail the same way however often it is tried: a 4xx other than 408/429 from a
 * webhook, a recipient or message the mail server refuses permanently (5xx), an unusable address.
 * Its name is the failure type a Temporal retry policy can list in `nonRetryableErrorTypes`.
 */
export class PermanentDeliveryError extends DeliveryError {
  override name = 'PermanentDeliveryError';
  override readonly nonRetryable: boolean = true;
}
