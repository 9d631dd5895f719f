import { invalidInput } from '@app/domain';

/** An opaque page cursor: the sort key of the last row on the page (its parts), base64url JSON. */
export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key a cursor holds, when it has the parts of the given types. */
export function decodeCursor<T extends readonly ('string' | 'number')[]>(cursor: string, parts: T): { [K in keyof T]: T[K] extends 'number' ? number : string } {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Array.isArray(key) && key.length === parts.length && key.every((part, index) => typeof part === parts[index])) {
      return key as { [K in keyof T]: T[K] extends 'number' ? number : string };
    }
  } catch {
    // fall through to the refusal
  }
  throw invalidInput('cursor: not a cursor this API handed out');
}
