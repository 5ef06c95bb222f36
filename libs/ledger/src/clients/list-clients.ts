import { type ClientsAnswer, type ClientsQuery, decodeClientCursor, InvalidCursorError } from '@ledger/projections';
import { QueryHandler } from '@nestjs/cqrs';

import { LedgerError } from '../application/ledger-error';
import { ProjectionAnswerHandler, ProjectionAnswerQuery } from '../projections/projection-answer-query';
import type { ProjectionView } from '../projections/projection-queries';

/** A page of the client directory: `clients`, `nextCursor`, `total`, with `asOf` and `position`. */
export type ClientDirectoryView = ProjectionView<ClientsAnswer>;

/** The client directory, filtered and paged by client id (pass the answer's nextCursor as `after`). */
export class ListClientsQuery extends ProjectionAnswerQuery<'clients'> {}

@QueryHandler(ListClientsQuery)
export class ListClientsHandler extends ProjectionAnswerHandler<'clients'> {
  protected readonly projection = 'clients';

  protected override settled(filter: ClientsQuery): ClientsQuery {
    // Checked before asking, so a bad cursor never costs an "as of" fold of the log.
    if (filter.after !== undefined) refuseInvalidCursor(() => decodeClientCursor(filter.after!));
    return filter;
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
