import type { ClientsAnswer } from '@ledger/projections';
import { QueryHandler } from '@nestjs/cqrs';

import { ListingAnswerHandler, ListingQuery } from '../projections/listing-query';
import type { ProjectionView } from '../projections/projection-queries';

/** A page of the client directory: `clients`, `nextCursor`, `total`, with `asOf` and `position`. */
export type ClientDirectoryView = ProjectionView<ClientsAnswer>;

/** The client directory, filtered, searched and sorted (client id order by default); pass the answer's nextCursor as `after`. */
export class ListClientsQuery extends ListingQuery<'clients'> {}

@QueryHandler(ListClientsQuery)
export class ListClientsHandler extends ListingAnswerHandler<'clients'> {
  protected readonly projection = 'clients';
}
