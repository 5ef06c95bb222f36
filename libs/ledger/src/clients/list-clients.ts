import { type ClientsAnswer, type ClientsQuery, decodeClientsCursor } from '@ledger/projections';
import { QueryHandler } from '@nestjs/cqrs';

import { refuseInvalidCursor } from '../projections/listing-cursor';
import { ProjectionAnswerHandler, ProjectionAnswerQuery } from '../projections/projection-answer-query';
import type { ProjectionView } from '../projections/projection-queries';

/** A page of the client directory: `clients`, `nextCursor`, `total`, with `asOf` and `position`. */
export type ClientDirectoryView = ProjectionView<ClientsAnswer>;

/** The client directory, filtered, searched and sorted (client id order by default); pass the answer's nextCursor as `after`. */
export class ListClientsQuery extends ProjectionAnswerQuery<'clients'> {}

@QueryHandler(ListClientsQuery)
export class ListClientsHandler extends ProjectionAnswerHandler<'clients'> {
  protected readonly projection = 'clients';

  protected override settled(filter: ClientsQuery): ClientsQuery {
    // Checked before asking, so a bad cursor never costs an "as of" fold of the log.
    refuseInvalidCursor(filter.after, (cursor) => decodeClientsCursor(filter, cursor));
    return filter;
  }
}
