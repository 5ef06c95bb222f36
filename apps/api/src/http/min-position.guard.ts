import { ReadModelPositions } from '@ledger/ledger';
import { BadRequestException, type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';

import type { GraphqlRequestContext } from '../auth/access.guard';
import { MIN_POSITION_HEADER } from '../requests/queries';

const POSITION = /^\d{1,16}$/;

/**
 * Reads carrying the Ledger-Min-Position header wait, before their handler runs,
 * until the read models have stored that log position (see ReadModelPositions);
 * the `minPosition` query parameter and GraphQL argument reach the same wait
 * through the query's bounds. A global guard registered after the access guard,
 * so only a caller allowed to read can make the server wait. A guard, not an
 * interceptor: a global interceptor costs every request Nest's observable chain
 * (a bound async resource and an rxjs pipe per interceptor), which is most of
 * the API's pipeline beside Express; a guard is one call.
 */
@Injectable()
export class MinPositionGuard implements CanActivate {
  constructor(private readonly positions: ReadModelPositions) {}

  canActivate(context: ExecutionContext): true | Promise<true> {
    const position = parsePosition(headerOf(context));
    if (position === undefined) return true;
    return this.positions.waitFor(position).then(() => true);
  }
}

function headerOf(context: ExecutionContext): string | undefined {
  if (context.getType<'http' | 'graphql'>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<GraphqlRequestContext>().minPosition;
  }
  if (context.getType() !== 'http') return undefined;
  const request = context.switchToHttp().getRequest<Request>();
  if (request.method !== 'GET') return undefined;
  const value = request.headers[MIN_POSITION_HEADER.toLowerCase()];
  return typeof value === 'string' ? value.trim() : undefined;
}

function parsePosition(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!POSITION.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new BadRequestException(
      `the ${MIN_POSITION_HEADER} header must be a log position, a whole number of at least 0; got "${value.slice(0, 40)}"`,
    );
  }
  return Number(value);
}
