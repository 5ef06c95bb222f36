import type { Result } from '@ledger/domain';

import { LedgerError } from './ledger-error';

/** Unwraps a rule's result, or refuses the command with the rule's failure. */
export function orRefuse<T>(result: Result<T>): T {
  if (!result.ok) throw new LedgerError(result.failure);
  return result.value;
}
