import type { OpenAPIObject } from '@nestjs/swagger';
import { getSchemaPath } from '@nestjs/swagger';
import { ErrorView } from './error.view';
import { RETRY_AFTER_SECONDS } from './http-exception.filter';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function errorResponse(description: string, headers?: Record<string, object>) {
  return { description, content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorView) } } }, ...(headers ? { headers } : {}) };
}

/** The error answers of the contract, and which operations can give each. */
const ERRORS: { status: number; description: string; applies: (op: { path: string; method: string; operation: Operation }) => boolean }[] = [
  { status: 400, description: 'Invalid input; the message names the field', applies: ({ path }) => !path.startsWith('/api/health') },
  { status: 401, description: 'No valid bearer token', applies: ({ operation }) => (operation.security ?? []).length > 0 },
  { status: 403, description: 'The caller may not do this', applies: ({ operation }) => (operation.security ?? []).length > 0 },
  { status: 404, description: 'No such deal, task or incident (or not one the caller may see)', applies: ({ path }) => path.includes('{') },
  { status: 409, description: 'Conflict: the deal ID is taken, the task is no longer open, the deal has ended', applies: ({ path, method }) => method !== 'get' && path.startsWith('/api/deals') },
  { status: 413, description: 'The body is larger than HTTP_BODY_LIMIT_BYTES', applies: ({ operation }) => operation.requestBody !== undefined },
  { status: 414, description: 'A path parameter is longer than the API allows', applies: ({ path }) => path.includes('{') },
  { status: 429, description: 'Too many requests from this user or address; wait a minute', applies: () => true },
  {
    status: 503,
    description: 'Temporal, the worker or the store did not answer within the bounded wait (TEMPORAL_WAIT_MS); retry after Retry-After, with the same Idempotency-Key for a command',
    applies: ({ path }) => path !== '/api/auth/dev-login' && path !== '/api/health/live',
  },
];

/** The component schemas a value refers to, directly or through other components. */
function referencedSchemas(value: unknown, schemas: Record<string, unknown>, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => referencedSchemas(item, schemas, found));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') {
        const name = child.replace('#/components/schemas/', '');
        if (!found.has(name)) {
          found.add(name);
          referencedSchemas(schemas[name], schemas, found);
        }
      } else referencedSchemas(child, schemas, found);
    }
  }
  return found;
}

/**
 * Completes the generated document with what holds for every operation: the error answers it can
 * give (in the contract's error shape), for 503 the Retry-After header, and for request bodies that
 * fields they do not declare are refused (the validation pipe forbids them).
 */
export function describeContract(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, { additionalProperties?: unknown; properties?: unknown }>;
  const requestBodies = Object.values(document.paths).flatMap((item) => METHODS.map((method) => item[method]?.requestBody));
  for (const name of referencedSchemas(requestBodies, schemas)) {
    const schema = schemas[name];
    if (schema?.properties !== undefined && schema.additionalProperties === undefined) schema.additionalProperties = false;
  }
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      for (const error of ERRORS) {
        if (operation.responses[error.status] !== undefined || !error.applies({ path, method, operation })) continue;
        const retryAfter = { 'Retry-After': { description: `Seconds to wait (${RETRY_AFTER_SECONDS})`, schema: { type: 'integer' } } };
        operation.responses[error.status] = errorResponse(error.description, error.status === 503 ? retryAfter : undefined);
      }
    }
  }
  return document;
}
