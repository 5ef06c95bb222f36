import type { Operation as OperationName } from '@ledger/ledger';
import { applyDecorators, type CallHandler, Injectable, type NestInterceptor, UseInterceptors } from '@nestjs/common';
import { Mutation } from '@nestjs/graphql';
import { catchError, type Observable, of, throwError } from 'rxjs';

import { Operation } from '../../auth/access.decorators';
import { CommandAnswerView } from '../../contract/command-answer';
import { CommandPayload } from './command-payload';
import { refusalOf } from './user-errors';

/**
 * A refused command answers a payload carrying the refusal, whether its
 * arguments failed their rules (the validation pipe runs inside this) or the
 * ledger refused it; other failures (the store down) stay errors of the field.
 */
@Injectable()
export class RefusalAsPayload implements NestInterceptor {
  intercept(_context: unknown, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(catchError((error: unknown) => (refusalOf(error) ? of(CommandPayload.refused(error)) : throwError(() => error))));
  }
}

/** A mutation that runs a command of the ledger: its operation, and the CommandAnswer payload, refusals included. */
export const CommandMutation = (operation: OperationName, description: string) =>
  applyDecorators(
    Operation(operation),
    Mutation(() => CommandAnswerView, { name: operation, nullable: true, description }),
    UseInterceptors(RefusalAsPayload),
  );
