import { streamIds } from '@ledger/domain';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import type { CommandAnswer, PolicyReach } from '@ledger/ledger';

import type { CommandTarget } from './command-payload';

/** The streams of the objects a command writes. */
export const targetStreams = ({ clientId, leadId, employeeId }: CommandTarget): string[] => [
  ...(clientId === undefined ? [] : [streamIds.client(clientId)]),
  ...(leadId === undefined ? [] : [streamIds.lead(leadId)]),
  ...(employeeId === undefined ? [] : [streamIds.employee(employeeId)]),
];

/**
 * The events a command appended, in log order. Every decision of the ledger
 * appends at most one event per stream, so: the answer's own event, and, for
 * a command writing several streams in one atomic append (a win: the lead and
 * the client), each other stream's latest event at or before the answer's
 * position that carries the answer's correlation and causation ids. (A lead
 * a retried win finds converted already was converted by the earlier attempt:
 * its event carries that attempt's ids, or is this one's.)
 */
export async function appendedEvents(store: EventStore, answer: CommandAnswer, target: CommandTarget): Promise<RecordedEvent[]> {
  const [own] = await store.readStream(answer.streamId, { fromRevision: answer.revision, toRevision: answer.revision });
  if (own === undefined) return [];
  const { correlationId, causationId } = own.metadata;
  const others = await Promise.all(
    targetStreams(target)
      .filter((streamId) => streamId !== answer.streamId)
      .map(async (streamId) =>
        (await store.readStream(streamId))
          .filter(
            (event) =>
              event.position < own.position && event.metadata.correlationId === correlationId && event.metadata.causationId === causationId,
          )
          .at(-1),
      ),
  );
  return [...others.filter((event): event is RecordedEvent => event !== undefined), own].sort((a, b) => a.position - b.position);
}

/** How complete a command's reactions are (ReactionsStateEnum): none will follow once the policies decided, or when none runs. */
export type ReactionsState = 'complete' | 'pending' | 'elsewhere';

export const REACTIONS_STATE_OF: Readonly<Record<PolicyReach, ReactionsState>> = {
  handled: 'complete',
  off: 'complete',
  pending: 'pending',
  elsewhere: 'elsewhere',
};

/**
 * The events appended in reaction to a command's events so far: on the
 * streams it wrote (where the ledger's policies act), after its own events,
 * each caused by one of the command's events or by an earlier reaction.
 */
export async function reactionEvents(store: EventStore, appended: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
  const causes = new Set(appended.map((event) => event.eventId));
  const later = await Promise.all(appended.map((event) => store.readStream(event.streamId, { fromRevision: event.revision + 1 })));
  const reactions: RecordedEvent[] = [];
  for (const event of later.flat().sort((a, b) => a.position - b.position)) {
    if (!causes.has(event.metadata.causationId)) continue;
    reactions.push(event);
    causes.add(event.eventId);
  }
  return reactions;
}
