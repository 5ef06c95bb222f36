import { type ClientsAnswer, type ClientsQuery, decodeClientCursor, type HistoricalBounds, InvalidCursorError } from '@ledger/projections';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { LedgerError } from '../application/ledger-error';
import { ProjectionQueries, type ProjectionView } from '../projections/projection-queries';

/** A page of the client directory: `clients`, `nextCursor`, `total`, with `asOf` and `position`. */
export type ClientDirectoryView = ProjectionView<ClientsAnswer>;

/** The client directory, filtered and paged by client id (pass the answer's nextCursor as `after`). */
export class ListClientsQuery extends Query<ClientDirectoryView> {
  constructor(
    readonly filter: ClientsQuery,
    readonly at: HistoricalBounds = {},
  ) {
    super();
  }
}

@QueryHandler(ListClientsQuery)
export class ListClientsHandler implements IQueryHandler<ListClientsQuery> {
  constructor(private readonly projections: ProjectionQueries) {}

  async execute({ filter, at }: ListClientsQuery): Promise<ClientDirectoryView> {
    // Checked before asking, so a bad cursor never costs an "as of" fold of the log.
    if (filter.after !== undefined) refuseInvalidCursor(() => decodeClientCursor(filter.after!));
    return this.projections.answer('clients', filter, at);
  }
}

function refuseInvalidCursor(decode: () => unknown): void {
  try {
    decode();
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new LedgerError({ code: 'CURSOR_INVALID', message: error.message, field: 'after' });
    throw error;
  }
}
