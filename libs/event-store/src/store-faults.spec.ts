import { asStoreFault, backoffDelay, StoreFaultError, storeFaultKindOf } from './store-faults';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('database faults, sorted once', () => {
  it.each([
    ['the server restarting (admin shutdown)', withCode('terminating connection due to administrator command', '57P01'), 'unavailable'],
    ['the server starting up', withCode('the database system is starting up', '57P03'), 'unavailable'],
    ['a connection exception', withCode('connection failure', '08006'), 'unavailable'],
    ['nothing listening', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 'unavailable'],
    ['the connection ended under a query', new Error('Connection terminated unexpectedly'), 'unavailable'],
    ['a client whose connection broke', new Error('Client has encountered a connection error and is not queryable'), 'unavailable'],
    ['the statement timeout', withCode('canceling statement due to statement timeout', '57014'), 'timeout'],
    ['no pooled connection in time', new Error('timeout exceeded when trying to connect'), 'timeout'],
    ['the server out of disk', withCode('could not extend file', '53100'), 'full'],
    ['SQLite out of disk', withCode('database or disk is full', 'SQLITE_FULL'), 'full'],
    ['SQLite on a read-only file', withCode('attempt to write a readonly database', 'SQLITE_READONLY'), 'read-only'],
    ['SQLite failing to write', withCode('disk I/O error', 'SQLITE_IOERR_WRITE'), 'unavailable'],
    ['a commit whose connection dropped', new StoreFaultError('outcome-unknown', 'lost while committing'), 'outcome-unknown'],
  ])('%s', (_, error, kind) => {
    expect(storeFaultKindOf(error)).toBe(kind);
    expect(asStoreFault(error)).toBeInstanceOf(StoreFaultError);
  });

  it.each([
    ['a unique violation (a rule of the data)', withCode('duplicate key value', '23505')],
    ['a syntax error (a bug)', withCode('syntax error at or near', '42601')],
    ['SQLite busy beyond its timeout', withCode('database is locked', 'SQLITE_BUSY')],
    ['any other error', new TypeError('x is undefined')],
    ['not an error', 'just text'],
  ])('not a fault of the database: %s', (_, error) => {
    expect(storeFaultKindOf(error)).toBeUndefined();
    expect(asStoreFault(error)).toBeUndefined();
  });

  it('backs off from the first delay to the ceiling, with jitter', () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const delay = backoffDelay(attempt, 100, 2_000);
      const ceiling = Math.min(2_000, 100 * 2 ** (attempt - 1));
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });
});
