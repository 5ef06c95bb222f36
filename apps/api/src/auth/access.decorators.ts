import type { Operation as OperationName } from '@ledger/ledger';
import { SetMetadata } from '@nestjs/common';

export const OPERATION_KEY = 'ledger:operation';
export const PUBLIC_KEY = 'ledger:public';

/** Names the operation a route or resolver serves; its access rule comes from OPERATION_ROLES. */
export const Operation = (operation: OperationName) => SetMetadata(OPERATION_KEY, operation);

/** Open to anyone without credentials: health and documentation only. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
