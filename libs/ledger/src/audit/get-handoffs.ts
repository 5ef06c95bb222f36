import { streamIds } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { HandoffRow, HandoffsQuery, HistoricalBounds } from '@ledger/projections';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { StreamReader } from '../application/stream-reader';
import { ProjectionQueries, type ReportView } from '../projections/projection-queries';

/** An event on the way from a handoff back to what set it off. */
export interface CausationLink {
  readonly eventId: string;
  readonly type: string;
  readonly position: number;
  readonly occurredAt: string;
}

/** A row of the trail with its causation chain resolved. */
export interface HandoffTrailEntry extends HandoffRow {
  /**
   * The events that led to it, nearest first, back to the one that set it off
   * (a policy's handoff: e.g. the third reorder; a handoff of a departing
   * employee's client: their EmployeeLeft). Empty when a person's request
   * caused it directly (its causationId is the request's correlation id).
   */
  readonly causationChain: CausationLink[];
}

/** The audit trail of handoffs and escalations: `handoffs`, oldest first, with `asOf`, `asKnownAt` and `position`. */
export type HandoffTrailView = ReportView<{ readonly handoffs: HandoffTrailEntry[] }>;

/** Every handoff and key-account escalation matching the filters, with who did it, why, on what rule, and what caused it. */
export class GetHandoffsQuery extends Query<HandoffTrailView> {
  constructor(
    readonly filter: HandoffsQuery,
    readonly at: HistoricalBounds = {},
  ) {
    super();
  }
}

@QueryHandler(GetHandoffsQuery)
export class GetHandoffsHandler implements IQueryHandler<GetHandoffsQuery> {
  constructor(
    private readonly projections: ProjectionQueries,
    private readonly reader: StreamReader,
  ) {}

  async execute({ filter, at }: GetHandoffsQuery): Promise<HandoffTrailView> {
    const trail = await this.projections.report('handoffs', filter, at);
    // What causes a handoff is an event of the same client (a reorder, the win a deadline counts from)
    // or of the employee who held it (their departure): the chain is looked for in those two streams.
    const streams = new Map<string, Promise<Map<string, RecordedEvent>>>();
    const eventsOf = (streamId: string) => {
      let events = streams.get(streamId);
      if (!events) {
        events = this.reader.events(streamId).then((stream) => new Map(stream.map((event) => [event.eventId, event])));
        streams.set(streamId, events);
      }
      return events;
    };
    const handoffs = await Promise.all(
      trail.handoffs.map(async (row) => {
        const [client, holder] = await Promise.all([
          eventsOf(streamIds.client(row.clientId)),
          eventsOf(streamIds.employee(row.from.employeeId)),
        ]);
        return { ...row, causationChain: causationChain(row, (eventId) => client.get(eventId) ?? holder.get(eventId)) };
      }),
    );
    return { ...trail, handoffs };
  }
}

/** Follows causation ids through the events given until one is not among them (the request that began it). */
function causationChain(row: HandoffRow, eventById: (eventId: string) => RecordedEvent | undefined): CausationLink[] {
  const chain: CausationLink[] = [];
  const seen = new Set<string>([row.eventId]);
  for (let cause = eventById(row.causationId); cause && !seen.has(cause.eventId); cause = eventById(cause.metadata.causationId)) {
    seen.add(cause.eventId);
    chain.push({ eventId: cause.eventId, type: cause.type, position: cause.position, occurredAt: cause.occurredAt });
  }
  return chain;
}
