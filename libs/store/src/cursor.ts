import { invalidInput } from '@app/domain';

/** An opaque page cursor: the sort key and the ID of the last row on the page, base64url JSON. */
export function encodeCursor(key: [string, string]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Array.isArray(key) && key.length === 2 && key.every((part) => typeof part === 'string')) return key as [string, string];
  } catch {
    // fall through to the refusal
  }
  throw invalidInput('cursor: not a cursor this API handed out');
}
