import { LedgerError } from '@ledger/ledger';
import { BadRequestException, Logger } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

import { constraintFault } from '../contract/field-codes';
import { fieldError } from '../contract/problem-details';
import { RequestValidationError } from '../requests/validation';
import { formatGraphqlError } from './errors';
import { QueryLimitError } from './limits';

/** As graphql-js hands a resolver's error on: wrapped, with the path of the field. */
const thrownBy = (error: Error) => new GraphQLError(error.message, { path: ['client'], originalError: error });
const formatted = (error: GraphQLError, code?: string): GraphQLFormattedError => ({
  message: error.message,
  path: error.path,
  extensions: { ...(code ? { code } : {}), stacktrace: ['Error: at somewhere (file.ts:1:1)'] },
});
const format = (error: GraphQLError, code?: string) => formatGraphqlError(formatted(error, code), error);

describe('GraphQL errors carry the codes REST does', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it("a ledger failure: its code, the problem's status, type and title, and the field", () => {
    const error = thrownBy(new LedgerError({ code: 'EMPLOYEE_UNKNOWN', message: 'employee ghost is not known', field: 'toManagerId' }));
    expect(format(error, 'INTERNAL_SERVER_ERROR')).toEqual({
      message: 'employee ghost is not known',
      path: ['client'],
      extensions: {
        code: 'EMPLOYEE_UNKNOWN',
        status: 409,
        type: '/problems/employee-unknown',
        title: 'Employee unknown',
        errors: [
          { field: 'toManagerId', path: 'toManagerId', code: 'EMPLOYEE_UNKNOWN', params: {}, message: 'employee ghost is not known' },
        ],
      },
    });
  });

  it("a database fault: the store's code and status, with the seconds to wait, never INTERNAL_ERROR or the database's own words", () => {
    const restart = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    expect(format(thrownBy(restart), 'INTERNAL_SERVER_ERROR')).toMatchObject({
      message: expect.not.stringContaining('administrator') as unknown as string,
      extensions: { code: 'STORE_UNAVAILABLE', status: 503, retryAfterSeconds: 1 },
    });
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    expect(format(thrownBy(full)).extensions).toMatchObject({ code: 'STORE_FULL', status: 507 });
  });

  it('refused input: VALIDATION_FAILED with each field, never a bare "Bad Request"', () => {
    const validation = format(
      thrownBy(
        new RequestValidationError([
          fieldError('input.total.amount', 'amount must not be less than 0', constraintFault('min', [0])),
          fieldError('options.idempotencyKey', 'Idempotency-Key must be…', constraintFault('matches', ['^x$'])),
        ]),
      ),
    );
    expect(validation.extensions).toEqual(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        status: 400,
        errors: [
          // The field as sent, and its path relative to the input, as REST names it.
          {
            field: 'input.total.amount',
            path: 'total.amount',
            message: 'amount must not be less than 0',
            code: 'TOO_SMALL',
            params: { min: 0 },
          },
          {
            field: 'options.idempotencyKey',
            path: 'options.idempotencyKey',
            message: 'Idempotency-Key must be…',
            code: 'INVALID_FORMAT',
            params: { pattern: '^x$' },
          },
        ],
      }),
    );
    const badRequest = format(thrownBy(new BadRequestException('the id in the path must be an id')));
    expect(badRequest).toMatchObject({
      message: 'the id in the path must be an id',
      extensions: { code: 'VALIDATION_FAILED', status: 400 },
    });
  });

  it("graphql's own errors and the query limits keep their codes, and nothing else", () => {
    const invalid = new GraphQLError('Cannot query field "nonsense" on type "Client".');
    expect(format(invalid, 'GRAPHQL_VALIDATION_FAILED')).toEqual({
      message: invalid.message,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    // Apollo wraps a validation rule's error in its own, with its own code; ours is inside.
    const tooDeep = new QueryLimitError('QUERY_TOO_DEEP', 'Query depth limit of 8 exceeded, found 9.');
    const wrapped = new GraphQLError(tooDeep.message, { originalError: tooDeep, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(format(wrapped, 'GRAPHQL_VALIDATION_FAILED')).toEqual({ message: tooDeep.message, extensions: { code: 'QUERY_TOO_DEEP' } });
  });

  it('anything else: INTERNAL_ERROR with a generic message; the real error goes to the log only', () => {
    const answer = format(thrownBy(new TypeError("Cannot read properties of undefined (reading 'secret')")), 'INTERNAL_SERVER_ERROR');
    expect(answer).toEqual({
      message: 'the server failed to answer this request; it has been logged',
      path: ['client'],
      extensions: { code: 'INTERNAL_ERROR', status: 500, type: '/problems/internal-error', title: 'Internal error' },
    });
    expect(Logger.prototype.error).toHaveBeenCalledWith(expect.stringContaining("reading 'secret'"));
    // graphql-js's own failures while executing (a null for a non-null field) are the server's fault too.
    expect(
      format(new GraphQLError('Cannot return null for non-nullable field Client.ownerId.'), 'INTERNAL_SERVER_ERROR').extensions?.code,
    ).toBe('INTERNAL_ERROR');
  });
});
