import { type ClientsAnswer, type ClientsQuery, decodeClientsCursor, type HistoricalBounds } from '@ledger/projections';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { refuseInvalidCursor } from '../projections/listing-cursor';
import { ProjectionQueries, type ProjectionView } from '../projections/projection-queries';

/** A page of the client directory: `clients`, `nextCursor`, `total`, with `asOf` and `position`. */
export type ClientDirectoryView = ProjectionView<ClientsAnswer>;

/** The client directory, filtered, searched and sorted (client id order by default); pass the answer's nextCursor as `after`. */
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
    refuseInvalidCursor(filter.after, (cursor) => decodeClientsCursor(filter, cursor));
    return this.projections.answer('clients', filter, at);
  }
}
