import { InvalidCursorError } from '@ledger/projections';

import { LedgerError } from '../application/ledger-error';

/**
 * Checks a listing's `after` before asking the read model, so a bad cursor is
 * CURSOR_INVALID naming `after` and never costs an "as of" answer.
 */
export function refuseInvalidCursor(after: string | undefined, decode: (cursor: string) => unknown): void {
  if (after === undefined) return;
  try {
    decode(after);
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new LedgerError({ code: 'CURSOR_INVALID', message: error.message, field: 'after' });
    throw error;
  }
}
