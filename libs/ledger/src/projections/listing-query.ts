import {
  decodeClientsCursor,
  EMPLOYEES_PAGING,
  type HistoricalBounds,
  InvalidCursorError,
  LEADS_PAGING,
  type LedgerQueryOf,
} from '@ledger/projections';

import { LedgerError } from '../application/ledger-error';
import { AnswerHandler, AnswerQuery } from './projection-answer-query';
import type { ProjectionViewOf } from './projection-queries';

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

/** The projections that answer a page of a listing, continued from a cursor. */
export type ListingName = 'clients' | 'employees' | 'leads';

/** Each listing's own cursor decoder: it throws InvalidCursorError for a cursor not of this listing and order. */
const LISTING_CURSORS: { readonly [Name in ListingName]: (filter: LedgerQueryOf<Name>, cursor: string) => unknown } = {
  clients: decodeClientsCursor,
  employees: EMPLOYEES_PAGING.decode,
  leads: LEADS_PAGING.decode,
};

/** A page of a listing: its filter, search, order and the cursor to continue after. */
export abstract class ListingQuery<Name extends ListingName> extends AnswerQuery<LedgerQueryOf<Name>, ProjectionViewOf<Name>> {}

/** Answers a listing, its cursor checked first (refuseInvalidCursor); a subclass may settle the filter further. */
export abstract class ListingAnswerHandler<Name extends ListingName> extends AnswerHandler<LedgerQueryOf<Name>, ProjectionViewOf<Name>> {
  protected abstract readonly projection: Name;

  protected ask(filter: LedgerQueryOf<Name>, at: HistoricalBounds): Promise<ProjectionViewOf<Name>> {
    return this.projections.answer(this.projection, filter, at);
  }

  // Every listing's filter has `after`; the type of a projection's filter, picked by a name not yet known, cannot say so.
  protected override settled(filter: LedgerQueryOf<Name> & { readonly after?: string }): LedgerQueryOf<Name> {
    refuseInvalidCursor(filter.after, (cursor) => LISTING_CURSORS[this.projection](filter, cursor));
    return filter;
  }
}
