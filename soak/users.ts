import { setTimeout as delay } from 'node:timers/promises';
import { Agent, request } from 'undici';

/** One answer a simulated user got: the users' own log, which the checks hold the product to. */
export interface Answer {
  dealId: string;
  /** What the user meant to do, e.g. `complete processes-1`, `report incident`. */
  command: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  as: string;
  idempotencyKey?: string;
  status: number;
  body: unknown;
  /** When the answer came (epoch ms). */
  at: number;
  /** How many sends it took, the last one answered. */
  attempts: number;
}

/** How the users fared on the way: sends that failed and were sent again, by why. */
export interface SendFigures {
  sent: number;
  answered2xx: number;
  resent: Record<string, number>;
  /** Commands given up after the retry bound, each with its last failure. */
  givenUp: { command: string; dealId: string; lastFailure: string }[];
  /** Answers that must never come (5xx other than 503), each with what the API said. */
  serverErrors: { command: string; dealId: string; status: number; body: string }[];
}

const RETRY_BOUND_MS = 180_000;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The simulated users' client: they talk to any of the API instances, send a command again with the
 * same Idempotency-Key when the answer is a 5xx, a 429 or no answer at all (as a browser or an
 * integration would), and write down every answer.
 */
export class Users {
  readonly log: Answer[] = [];
  readonly figures: SendFigures = { sent: 0, answered2xx: 0, resent: {}, givenUp: [], serverErrors: [] };
  private readonly tokens = new Map<string, string>();
  private readonly dispatcher = new Agent({ connections: 32, headersTimeout: REQUEST_TIMEOUT_MS, bodyTimeout: REQUEST_TIMEOUT_MS, connect: { timeout: 5_000 } });
  private next = 0;

  constructor(private readonly apiPorts: number[]) {}

  async send(
    dealId: string,
    command: string,
    method: Answer['method'],
    path: string,
    as: string,
    options: { body?: object; idempotencyKey?: string; expect?: number[] } = {},
  ): Promise<Answer> {
    const started = Date.now();
    let lastFailure = '';
    for (let attempt = 1; Date.now() - started < RETRY_BOUND_MS; attempt += 1) {
      const port = this.apiPorts[this.next++ % this.apiPorts.length]!;
      this.figures.sent += 1;
      try {
        const token = await this.token(port, as);
        const headers: Record<string, string> = { authorization: `Bearer ${token}` };
        if (options.body !== undefined) headers['content-type'] = 'application/json';
        if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
        const response = await request(`http://127.0.0.1:${port}${path}`, {
          method,
          headers,
          dispatcher: this.dispatcher,
          ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        });
        const text = await response.body.text();
        const status = response.statusCode;
        if (status >= 500 || status === 429) {
          lastFailure = `HTTP ${status} ${text.slice(0, 160)}`;
          if (status >= 500 && status !== 503) this.figures.serverErrors.push({ command, dealId, status, body: text.slice(0, 500) });
          this.resent(`HTTP ${status}`);
          await delay(Math.min(250 * attempt, 3_000));
          continue;
        }
        const answer: Answer = {
          dealId,
          command,
          method,
          path,
          as,
          ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
          status,
          body: text ? (JSON.parse(text) as unknown) : undefined,
          at: Date.now(),
          attempts: attempt,
        };
        this.log.push(answer);
        if (status < 300) this.figures.answered2xx += 1;
        if (options.expect && !options.expect.includes(status)) {
          throw new UnexpectedAnswer(`${command} on ${dealId}: expected HTTP ${options.expect.join(' or ')}, got ${status} ${text.slice(0, 300)}`);
        }
        return answer;
      } catch (error) {
        if (error instanceof UnexpectedAnswer) throw error;
        lastFailure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        this.resent(error instanceof Error ? (error as NodeJS.ErrnoException).code ?? error.name : 'error');
        await delay(Math.min(250 * attempt, 3_000));
      }
    }
    this.figures.givenUp.push({ command, dealId, lastFailure });
    throw new Error(`${command} on ${dealId}: no answer within ${RETRY_BOUND_MS} ms; last: ${lastFailure}`);
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private resent(why: string): void {
    this.figures.resent[why] = (this.figures.resent[why] ?? 0) + 1;
  }

  /** A dev-mode token; any API instance signs with the same secret. */
  private async token(port: number, userId: string): Promise<string> {
    const cached = this.tokens.get(userId);
    if (cached) return cached;
    const response = await request(`http://127.0.0.1:${port}/api/auth/dev-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId }),
      dispatcher: this.dispatcher,
    });
    const body = (await response.body.json()) as { token?: string };
    if (response.statusCode !== 200 || !body.token) throw new Error(`dev-login for ${userId}: HTTP ${response.statusCode}`);
    this.tokens.set(userId, body.token);
    return body.token;
  }
}

export class UnexpectedAnswer extends Error {
  override name = 'UnexpectedAnswer';
}
