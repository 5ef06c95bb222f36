import type { Operation as OperationName } from '@ledger/ledger';
import { applyDecorators } from '@nestjs/common';
import { Query, type QueryOptions, type ReturnTypeFunc } from '@nestjs/graphql';

import { Operation } from '../auth/access.decorators';

/**
 * A query of the API under its operation's roles. Nullable, so a field that
 * fails (not found, refused) answers null beside its error and the rest of
 * the document stands.
 */
export const OperationQuery = (operation: OperationName, type: ReturnTypeFunc, options: Omit<QueryOptions, 'nullable'>) =>
  applyDecorators(Operation(operation), Query(type, { nullable: true, ...options }));
