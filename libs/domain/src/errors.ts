/**
 * Why a command was refused. The workflow turns these into ApplicationFailure types and the API
 * into HTTP statuses (400, 403, 404, 409), so the names are part of the contract.
 */
export const DOMAIN_ERROR_CODES = ['invalid-input', 'forbidden', 'not-found', 'conflict'] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function isDomainErrorCode(value: unknown): value is DomainErrorCode {
  return typeof value === 'string' && (DOMAIN_ERROR_CODES as readonly string[]).includes(value);
}

export const invalidInput = (message: string) => new DomainError('invalid-input', message);
export const forbidden = (message: string) => new DomainError('forbidden', message);
export const notFound = (message: string) => new DomainError('not-found', message);
export const conflict = (message: string) => new DomainError('conflict', message);
