import type { Operation as OperationName } from '@ledger/ledger';
import { applyDecorators, Get, HttpCode, Post, type Type, UseInterceptors } from '@nestjs/common';

import { Operation } from '../auth/access.decorators';
import { CommandAnswerView } from '../contract/command-answer';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { type AnswerHeaders, ApiAnswer, ApiCommand } from './openapi';
import { RevisionTagInterceptor } from './revision-tag';

/**
 * A route that runs a command of the ledger: POST `path` under its
 * operation's roles, answering 201 with the CommandAnswer, Idempotency-Key
 * honoured, documented as such.
 */
export const CommandRoute = (operation: OperationName, path?: string) =>
  applyDecorators(ApiCommand(CommandAnswerView), Operation(operation), Post(path), HttpCode(201), UseInterceptors(IdempotencyInterceptor));

/**
 * A route that reads: GET `path` under its operation's roles, answering 200
 * with `answer` (and the headers its options name: ApiAnswer), documented
 * as such.
 */
export const QueryRoute = (operation: OperationName, answer: Type | [Type], path?: string, options?: AnswerHeaders) =>
  applyDecorators(
    ApiAnswer(answer, options),
    Operation(operation),
    Get(path),
    ...(options?.revisionTag ? [UseInterceptors(RevisionTagInterceptor)] : []),
  );
