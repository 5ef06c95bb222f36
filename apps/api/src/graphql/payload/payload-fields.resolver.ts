import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { EVENT_STORE, POLICY_RUNNER, type PolicyRunner } from '@ledger/ledger';
import { Inject, type Type } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';

import { ClientView } from '../../contract/client';
import { CommandAnswerView } from '../../contract/command-answer';
import { EmployeeView } from '../../contract/employee';
import { RecordedEventView } from '../../contract/events';
import { LeadView } from '../../contract/lead';
import { type Related, type RelatedType, streamQueryOf } from '../../requests/related-reads';
import { type ComputedField, computedFields } from '../graph/computed-fields';
import { streamComplexity } from '../limits';
import { appendedEvents, reactionEvents, REACTIONS_STATE_OF } from './appended-events';
import { CommandPayload, type CommandTarget } from './command-payload';
import { CommandReactionsView } from './reactions';
import { refusalOf, userErrorsOf, UserErrorView } from './user-errors';

/** The object of `type` the command wrote under `key`, as the command left it (its stream up to the answer's position); null for none. */
function asLeft<T extends RelatedType>(
  queries: QueryBus,
  payload: CommandPayload,
  key: keyof CommandTarget,
  type: T,
): Promise<Related[T] | null> {
  const accepted = payload.accepted;
  const id = accepted?.target[key];
  if (accepted === undefined || id === undefined) return Promise.resolve(null);
  return queries.execute(streamQueryOf(type, id, { upToPosition: accepted.answer.position }));
}

/** A field answering the object of `type` the command wrote under `key`, as the command left it. */
const objectAsLeft = <T extends RelatedType>(
  view: Type,
  key: keyof CommandTarget,
  type: T,
  description: string,
): ComputedField<CommandPayload, QueryBus> => ({
  type: () => view,
  options: { nullable: true, complexity: streamComplexity, description },
  resolve: (payload, queries) => asLeft(queries, payload, key, type),
});

/** Each object the command wrote, as the command left it (see CommandPayloadFields). */
export const CommandPayloadObjectFields = computedFields(
  () => CommandAnswerView,
  {
    client: objectAsLeft(
      ClientView,
      'clientId',
      'Client',
      'The client the command changed, as it left it; null when it changed none (or was refused).',
    ),
    lead: objectAsLeft(
      LeadView,
      'leadId',
      'Lead',
      'The lead the command changed (a contact, a loss, a win), as it left it; null when it changed none.',
    ),
    employee: objectAsLeft(
      EmployeeView,
      'employeeId',
      'Employee',
      'The employee the command changed (joined, left), as it left them; null when it changed none.',
    ),
  },
  QueryBus,
);

/** How long a mutation's answer waits for this process's policies to decide on the command's events (CommandReactions). */
export const REACTION_WAIT_MS = 2_000;

/**
 * The fields a mutation's payload has beside the four of its first version:
 * each object the command wrote, as the command left it (folded from its
 * stream up to the answer's position, so later commands do not show), with
 * its global id, so a client cache updates its entries from the answer; the
 * events appended; the policies' reactions; and the refusal as userErrors.
 * Each is read only when selected.
 */
@Resolver(() => CommandAnswerView)
export class CommandPayloadFields {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(POLICY_RUNNER) private readonly policies: PolicyRunner,
  ) {}

  @ResolveField(() => [RecordedEventView], {
    description: 'The events the command appended, in log order (a win: LeadConverted and ClientWon); empty when refused.',
  })
  events(@Parent() payload: CommandPayload): Promise<RecordedEvent[]> {
    return payload.appendedEvents((answer, target) => appendedEvents(this.store, answer, target));
  }

  @ResolveField(() => CommandReactionsView, {
    nullable: true,
    description: "What the policies appended in reaction to the command's events (see CommandReactions); null when refused.",
  })
  async reactions(@Parent() payload: CommandPayload): Promise<CommandReactionsView | null> {
    const appended = await this.events(payload);
    const last = appended.at(-1);
    if (last === undefined) return null;
    const reach = await this.policies.reach(last.position, REACTION_WAIT_MS);
    return {
      state: REACTIONS_STATE_OF[reach],
      events: await reactionEvents(this.store, appended),
      correlationId: last.metadata.correlationId,
      causationIds: appended.map((event) => event.eventId),
      after: last.position,
    };
  }

  @ResolveField(() => [UserErrorView], {
    description:
      'Why the command was refused, per field (empty when it was accepted). The old fields (eventId, streamId, revision, position) answer the same refusal as a top-level error.',
  })
  userErrors(@Parent() payload: CommandPayload): UserErrorView[] {
    const problem = payload.refusal === undefined ? undefined : refusalOf(payload.refusal);
    return problem === undefined ? [] : userErrorsOf(problem);
  }
}
