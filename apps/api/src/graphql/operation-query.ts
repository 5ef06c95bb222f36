import type { Operation as OperationName } from '@ledger/ledger';
import { applyDecorators } from '@nestjs/common';
import { Query, type QueryOptions, type ReturnTypeFunc } from '@nestjs/graphql';

import { Operation } from '../auth/access.decorators';
import { reportComplexity } from './limits';

/**
 * A query of the API under its operation's roles. Nullable, so a field that
 * fails (not found, refused) answers null beside its error and the rest of
 * the document stands.
 */
export const OperationQuery = (operation: OperationName, type: ReturnTypeFunc, options: Omit<QueryOptions, 'nullable'>) =>
  applyDecorators(Operation(operation), Query(type, { nullable: true, ...options }));

/** A report's query, costed as a report (the more for a past business or record time). */
export const ReportQuery = (operation: OperationName, type: ReturnTypeFunc, description: string) =>
  OperationQuery(operation, type, { complexity: reportComplexity, description });
