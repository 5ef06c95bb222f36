import type { Operation as OperationName } from '@ledger/ledger';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

export const OPERATION_KEY = 'ledger:operation';
export const PUBLIC_KEY = 'ledger:public';

/**
 * Names the operation a route or resolver serves; its access rule comes from OPERATION_ROLES. The same name is the
 * route's OpenAPI operationId, so a generated client calls `placeReorder` as GraphQL does.
 */
export const Operation = (operation: OperationName) =>
  applyDecorators(SetMetadata(OPERATION_KEY, operation), ApiOperation({ operationId: operation }));

/** Open to anyone without credentials: health and documentation only. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
