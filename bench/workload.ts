/**
 * The append workload of the issue: events shaped like the company of docs/architecture.md (a client's win,
 * then its reorders), about 150 bytes of body each, over many client streams.
 * The same events go through the port and through the raw driver.
 */
import type { NewEvent } from '@ledger/event-store';
import { v7 as uuidv7 } from 'uuid';

export interface AppendWorkload {
  readonly events: number;
  readonly streams: number;
}

const DAY = 86_400_000;
const START = Date.UTC(2023, 0, 2, 9);
const REPS = ['emp-003', 'emp-004', 'emp-005', 'emp-006', 'emp-007'];
const MANAGERS = ['emp-010', 'emp-011', 'emp-012'];

export const streamOf = (stream: number): string => `client-bench-${String(stream).padStart(6, '0')}`;

/** The event at `revision` of client stream `stream`: ClientWon first, then ReorderPlaced, a few days apart. */
export function workloadEvent(stream: number, revision: number): NewEvent {
  const clientId = `bench-${String(stream).padStart(6, '0')}`;
  const occurredAt = new Date(START + (stream % 50) * DAY + revision * 9 * DAY + (stream % 997) * 1_000).toISOString();
  const amount = 5_000 + ((stream * 7_919 + revision * 104_729) % 495_000);
  const currency = stream % 7 === 0 ? 'GBP' : 'EUR';
  const data =
    revision === 0
      ? {
          clientId,
          leadId: `lead-${clientId}`,
          repId: REPS[stream % REPS.length]!,
          firstOrder: { orderId: `${clientId}-o1`, total: { amount, currency } },
        }
      : {
          clientId,
          orderId: `${clientId}-o${revision + 1}`,
          total: { amount, currency },
          takenBy: MANAGERS[stream % MANAGERS.length]!,
          department: 'client',
        };
  // Time-ordered, as the ledger's commands make them (UUIDv7): each new id lands at the end of the id index.
  const eventId = uuidv7();
  const actor = revision === 0 ? REPS[stream % REPS.length]! : MANAGERS[stream % MANAGERS.length]!;
  return {
    eventId,
    type: revision === 0 ? 'ClientWon' : 'ReorderPlaced',
    schemaVersion: 1,
    occurredAt,
    data,
    metadata: {
      actor: { type: 'user', id: actor, role: revision === 0 ? 'rep' : 'manager' },
      correlationId: eventId,
      causationId: eventId,
    },
  };
}

/**
 * The appends of a workload, in order. One event per append: round robin over the
 * streams (every stream gets its next event before any gets two more). Batches:
 * each stream's events in appends of `batch`, stream after stream.
 */
export function* workloadAppends(
  workload: AppendWorkload,
  batch: number,
): Generator<{ stream: number; streamId: string; first: number; events: NewEvent[] }> {
  const perStream = Math.ceil(workload.events / workload.streams);
  if (batch === 1) {
    for (let revision = 0; revision < perStream; revision++) {
      for (let stream = 0; stream < workload.streams; stream++)
        yield { stream, streamId: streamOf(stream), first: revision, events: [workloadEvent(stream, revision)] };
    }
    return;
  }
  for (let stream = 0; stream < workload.streams; stream++) {
    for (let first = 0; first < perStream; first += batch) {
      const events: NewEvent[] = [];
      for (let revision = first; revision < Math.min(perStream, first + batch); revision++) events.push(workloadEvent(stream, revision));
      yield { stream, streamId: streamOf(stream), first, events };
    }
  }
}

/** The average size of an event's body (its data as JSON), in bytes. */
export function averageBodyBytes(samples = 1_000): number {
  let bytes = 0;
  for (let i = 0; i < samples; i++) bytes += Buffer.byteLength(JSON.stringify(workloadEvent(i, i % 10).data));
  return bytes / samples;
}
