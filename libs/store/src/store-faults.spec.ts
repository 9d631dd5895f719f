import { storeFaultOf } from './store-faults';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('store faults', () => {
  it.each([
    [withCode('SQLITE_FULL', 'database or disk is full'), 'the disk under the SQLite file is full'],
    [withCode('SQLITE_IOERR_WRITE'), 'the disk under the SQLite file failed to read or write'],
    [withCode('SQLITE_BUSY'), 'the SQLite file is locked by another writer'],
    [withCode('ECONNREFUSED'), 'PostgreSQL cannot be reached'],
    [Object.assign(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]), { code: 'ECONNREFUSED' }), 'PostgreSQL cannot be reached'],
    [new AggregateError([withCode('ECONNREFUSED')]), 'PostgreSQL cannot be reached'],
    [withCode('57P01', 'terminating connection due to administrator command'), 'PostgreSQL is shutting down or refusing connections'],
    [withCode('53100', 'could not extend file: No space left on device'), 'PostgreSQL is out of resources (disk, memory or connections)'],
    [new Error('timeout exceeded when trying to connect'), 'the connection to PostgreSQL was lost'],
    [new Error('Connection terminated unexpectedly'), 'the connection to PostgreSQL was lost'],
  ])('names %p a store fault', (error, reason) => {
    expect(storeFaultOf(error)).toBe(reason);
  });

  it.each([
    [new TypeError('Cannot read properties of undefined')],
    [withCode('23505', 'duplicate key value violates unique constraint')],
    [withCode('42P01', 'relation "deals" does not exist')],
    [withCode('SQLITE_CONSTRAINT_UNIQUE')],
    ['a string'],
    [null],
  ])('leaves %p to be a bug', (error) => {
    expect(storeFaultOf(error)).toBeNull();
  });
});
