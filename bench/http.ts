import { Pool } from 'undici';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/** An HTTP client for one product API on loopback: a bounded connection pool and cached dev-mode tokens. */
export class ApiClient {
  private readonly pool: Pool;
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(
    readonly origin: string,
    connections = 64,
  ) {
    if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(origin)) throw new Error(`the bench only talks to loopback, not ${origin}`);
    this.pool = new Pool(origin, { connections, pipelining: 1, headersTimeout: 30_000, bodyTimeout: 30_000, keepAliveTimeout: 30_000 });
  }

  async request<T = unknown>(method: 'GET' | 'POST', path: string, options: { as?: string; body?: object } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (options.as !== undefined) headers.authorization = `Bearer ${await this.token(options.as)}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.pool.request({
      origin: this.origin,
      path,
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.body.text();
    return { status: response.statusCode, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Fails with the response in the message unless the status is the expected one. */
  async expect<T = unknown>(status: number, method: 'GET' | 'POST', path: string, options: { as?: string; body?: object } = {}): Promise<T> {
    const response = await this.request<T>(method, path, options);
    if (response.status !== status) {
      throw new Error(`${method} ${path.split('?')[0]}: expected HTTP ${status}, got ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
    }
    return response.body;
  }

  /** A bearer token through the real dev-login endpoint, once per user. */
  token(userId: string): Promise<string> {
    let token = this.tokens.get(userId);
    if (!token) {
      token = this.expect<{ token: string }>(200, 'POST', '/api/auth/dev-login', { body: { userId } }).then((body) => body.token);
      token.catch(() => this.tokens.delete(userId));
      this.tokens.set(userId, token);
    }
    return token;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
