import { BadRequestException } from '@nestjs/common';
import { MAX_JSON_DEPTH, jsonDepth, parseJsonBody } from './json-body';

describe('JSON request bodies', () => {
  it.each([
    ['1', 0],
    ['{}', 1],
    ['[[], {"a": [1, {"b": 2}]}]', 4],
    ['{"text": "brackets {[ inside a string ]} do not count"}', 1],
    ['{"text": "an escaped quote \\" and {"}', 1],
    ['{"text": "a backslash at the end \\\\"}', 1],
  ])('measures the depth of %s as %i', (text, depth) => {
    expect(jsonDepth(text)).toBe(depth);
  });

  it('stops counting past the limit, however deep the text goes', () => {
    expect(jsonDepth('['.repeat(1_000_000), 5)).toBe(6);
  });

  it('reads an empty or blank body as no body', () => {
    expect(parseJsonBody('')).toBeUndefined();
    expect(parseJsonBody(' \n')).toBeUndefined();
  });

  it('parses the deepest body allowed and refuses one level more', () => {
    const at = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(() => parseJsonBody(at(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => parseJsonBody(at(MAX_JSON_DEPTH + 1))).toThrow(new BadRequestException(`body: JSON nested deeper than ${MAX_JSON_DEPTH} levels`));
  });

  it('refuses malformed JSON and prototype pollution', () => {
    expect(() => parseJsonBody('{"a":')).toThrow(BadRequestException);
    expect(() => parseJsonBody('{"__proto__": {"admin": true}}')).toThrow(BadRequestException);
    expect(() => parseJsonBody('{"constructor": {"prototype": {"admin": true}}}')).toThrow(BadRequestException);
  });
});
