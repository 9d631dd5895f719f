import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';

/** Far deeper than any body the contract defines (a deal's policy is four levels), far below a stack overflow. */
export const MAX_JSON_DEPTH = 32;

/**
 * The nesting depth of a JSON text, counted in one pass without parsing it, so a body nested
 * thousands of levels deep is refused before JSON.parse or the validator recurse into it.
 */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c /* \ */) index += 1;
      else if (char === 0x22 /* " */) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) depth -= 1;
  }
  return deepest;
}

/** Parses a JSON request body: an empty one is no body at all; too deep or poisoned is a 400. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new BadRequestException(`body: JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  try {
    // Fastify's own defaults: a __proto__ or constructor.prototype key is refused, not merged.
    return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    throw new BadRequestException(`body: not valid JSON (${(error as Error).message.slice(0, 120)})`);
  }
}

/** Replaces Fastify's JSON parser, which refuses an empty body sent with a JSON content type. */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser(['application/json']);
  fastify.addContentTypeParser(/^application\/([\w.+-]+\+)?json(;|$)/i, { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
