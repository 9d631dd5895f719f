import { BadRequestException, applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** The client's Idempotency-Key of a command, or undefined; a malformed key is a 400 naming the header. */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => {
  const value = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers[IDEMPOTENCY_HEADER];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !KEY_PATTERN.test(value)) {
    throw new BadRequestException('Idempotency-Key: 1 to 200 visible ASCII characters, sent once');
  }
  return value;
});

/** Documents the header on a command: a retry with the same key returns the first answer. */
export const AcceptsIdempotencyKey = () =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Makes a retry safe: the same key (per user and command target) returns the first answer and never applies the change twice.',
      schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' },
    }),
  );

/** The Update ID of a keyed command: scoped to who sent it and what it changes, so keys never collide across users. */
export function keyedUpdateId(key: string | undefined, userId: string, command: string, target: string): string | undefined {
  return key === undefined ? undefined : `key:${userId}:${command}:${target}:${key}`;
}
