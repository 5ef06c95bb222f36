import { createHash } from 'node:crypto';

import { canonicalJson } from '@ledger/event-store';
import { IdempotencyService } from '@ledger/ledger';
import { type CallHandler, type ExecutionContext, HttpStatus, Injectable, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { from, lastValueFrom, map, type Observable } from 'rxjs';

import type { AuthenticatedRequest } from '../auth/access.guard';
import { scopedIdempotencyKey } from '../requests/command-options';
import { tagCommandAnswer } from './revision-tag';

export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * Idempotency-Key on a command: a retry with the same key and body gets the
 * first answer (with Idempotent-Replayed: true) and appends nothing; the same
 * key with another body is 409. Every command route's one interceptor, so it
 * also gives the answer (a replay's too) its stream's revision as the ETag:
 * each interceptor costs a request Nest's observable chain.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const response = http.getResponse<Response>();
    const key = request.header('idempotency-key')?.trim();
    if (!key || !request.principal) return next.handle().pipe(map((body: unknown) => (tagCommandAnswer(response, body), body)));

    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.path}\n${canonicalJson(request.body)}`)
      .digest('hex');
    // Nest sets the status after the handler returns; the handler's declared one is what it will send.
    const status = this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    const answer = this.idempotency.execute(scopedIdempotencyKey(request.principal, key), fingerprint, async () => ({
      status,
      body: await lastValueFrom(next.handle()),
    }));
    return from(answer).pipe(
      map(({ status, body, replayed }) => {
        response.status(status);
        // The IETF idempotency-key draft's signal that this is an earlier request's answer, nothing appended now.
        if (replayed) response.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
        tagCommandAnswer(response, body);
        return body;
      }),
    );
  }
}
