import type { EventStore, RecordedEvent } from '@ledger/event-store';
import {
  type ClientView as LedgerClientView,
  type EmployeeView as LedgerEmployeeView,
  EVENT_STORE,
  type LeadView as LedgerLeadView,
  POLICY_RUNNER,
  type PolicyRunner,
} from '@ledger/ledger';
import { Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';

import { ClientView } from '../../contract/client';
import { CommandAnswerView } from '../../contract/command-answer';
import { EmployeeView } from '../../contract/employee';
import { RecordedEventView } from '../../contract/events';
import { LeadView } from '../../contract/lead';
import { type Related, type RelatedType, streamQueryOf } from '../../requests/related-reads';
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
    private readonly queries: QueryBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(POLICY_RUNNER) private readonly policies: PolicyRunner,
  ) {}

  @ResolveField(() => ClientView, {
    nullable: true,
    complexity: streamComplexity,
    description: 'The client the command changed, as it left it; null when it changed none (or was refused).',
  })
  client(@Parent() payload: CommandPayload): Promise<LedgerClientView | null> {
    return asLeft(this.queries, payload, 'clientId', 'Client');
  }

  @ResolveField(() => LeadView, {
    nullable: true,
    complexity: streamComplexity,
    description: 'The lead the command changed (a contact, a loss, a win), as it left it; null when it changed none.',
  })
  lead(@Parent() payload: CommandPayload): Promise<LedgerLeadView | null> {
    return asLeft(this.queries, payload, 'leadId', 'Lead');
  }

  @ResolveField(() => EmployeeView, {
    nullable: true,
    complexity: streamComplexity,
    description: 'The employee the command changed (joined, left), as it left them; null when it changed none.',
  })
  employee(@Parent() payload: CommandPayload): Promise<LedgerEmployeeView | null> {
    return asLeft(this.queries, payload, 'employeeId', 'Employee');
  }

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
