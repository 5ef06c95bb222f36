import { ReadModelPositions } from '@ledger/ledger';
import { BadRequestException, type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import { from, type Observable, switchMap } from 'rxjs';

import type { GraphqlRequestContext } from '../auth/access.guard';
import { MIN_POSITION_HEADER } from '../requests/queries';

const POSITION = /^\d{1,16}$/;

/**
 * Reads carrying the Ledger-Min-Position header wait, before their handler runs,
 * until the read models have stored that log position (see ReadModelPositions);
 * the `minPosition` query parameter and GraphQL argument reach the same wait
 * through the query's bounds. Runs after the access guard, so only a caller
 * allowed to read can make the server wait.
 */
@Injectable()
export class MinPositionInterceptor implements NestInterceptor {
  constructor(private readonly positions: ReadModelPositions) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const position = parsePosition(headerOf(context));
    if (position === undefined) return next.handle();
    return from(this.positions.waitFor(position)).pipe(switchMap(() => next.handle()));
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
