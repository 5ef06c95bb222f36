import { streamIds } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { HistoricalBounds } from '@ledger/projections';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { LedgerError } from '../application/ledger-error';
import { StreamReader } from '../application/stream-reader';

export class GetClientEventsQuery extends Query<RecordedEvent[]> {
  constructor(
    readonly clientId: string,
    readonly at: HistoricalBounds = {},
  ) {
    super();
  }
}

@QueryHandler(GetClientEventsQuery)
export class GetClientEventsHandler implements IQueryHandler<GetClientEventsQuery> {
  constructor(private readonly reader: StreamReader) {}

  async execute({ clientId, at }: GetClientEventsQuery): Promise<RecordedEvent[]> {
    const events = await this.reader.events(streamIds.client(clientId), at);
    if (events.length === 0) throw new LedgerError({ code: 'CLIENT_NOT_FOUND', message: `client ${clientId} has no events` });
    return events;
  }
}
