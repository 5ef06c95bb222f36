import { streamIds } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { QueryHandler } from '@nestjs/cqrs';

import { LedgerError } from '../application/ledger-error';
import { StreamQuery, StreamQueryHandler } from '../application/stream-reader';

/** A client's events as its stream holds them; `id` is the client's id. */
export class GetClientEventsQuery extends StreamQuery<RecordedEvent[]> {}

@QueryHandler(GetClientEventsQuery)
export class GetClientEventsHandler extends StreamQueryHandler<RecordedEvent[], GetClientEventsQuery> {
  async execute({ id: clientId, at }: GetClientEventsQuery): Promise<RecordedEvent[]> {
    const events = await this.reader.events(streamIds.client(clientId), at);
    if (events.length === 0) throw new LedgerError({ code: 'CLIENT_NOT_FOUND', message: `client ${clientId} has no events` });
    return events;
  }
}
