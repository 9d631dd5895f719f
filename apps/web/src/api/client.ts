import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Role = Schemas['MeView']['roles'][number];
export type TaskKind = Schemas['TaskView']['kind'];
export type Level = Schemas['TaskView']['level'];
export type Stage = Schemas['DealView']['stage'];

/** An answer other than 2xx, with the API's message (which names the field for a 400). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let bearer: string | null = null;
let onUnauthorized: () => void = () => undefined;

/** The session sets the token to send, and what to do when the API no longer accepts it. */
export function setBearer(token: string | null, unauthorized: () => void): void {
  bearer = token;
  onUnauthorized = unauthorized;
}

const authorize: Middleware = {
  onRequest({ request }) {
    if (bearer) request.headers.set('Authorization', `Bearer ${bearer}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && bearer) onUnauthorized();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(authorize);

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The body of a 2xx answer, or an ApiError with the API's message. */
export function answer<T>({ data, error, response }: Answer<T>): T {
  if (response.ok) return data as T;
  const message = (error as Partial<Schemas['ErrorView']> | undefined)?.message ?? response.statusText;
  throw new ApiError(response.status, Array.isArray(message) ? message.join('; ') : String(message));
}

export async function ok<T>(call: Promise<Answer<T>>): Promise<T> {
  return answer(await call);
}

/** A key for a command, kept across retries of the same submit, so a resend never applies it twice. */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
