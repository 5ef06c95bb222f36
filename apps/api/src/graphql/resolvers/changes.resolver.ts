import { streamIds } from '@ledger/domain';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import {
  type ClientView as LedgerClientView,
  EVENT_STORE,
  GetClientQuery,
  GetLeadQuery,
  type LeadView as LedgerLeadView,
  ledgerFailureOf,
} from '@ledger/ledger';
import { Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Resolver, Subscription } from '@nestjs/graphql';

import { Operation } from '../../auth/access.decorators';
import { ClientChangeView, LeadChangeView } from '../../contract/changes';
import { Arguments } from '../args';
import { ClientChangedArgs, type ClientChangedFilterInput, LeadChangedArgs, type LeadChangedFilterInput } from '../change-args';
import { followChanges } from '../follow-changes';
import { followEvents } from '../follow-events';

interface ClientChange {
  readonly client: LedgerClientView;
  readonly event: RecordedEvent;
}
interface LeadChange {
  readonly lead: LedgerLeadView;
  readonly event: RecordedEvent;
}

const CLIENT_STREAM = streamIds.client('');
const LEAD_STREAM = streamIds.lead('');

/**
 * Subscriptions at the level a screen draws: each change to a client or a
 * lead the filter names, as the typed object the event left (folded from its
 * stream up to that event), with the event. A filter on an owner, department
 * or stage also delivers the change that moved an object out of it (a handoff
 * away from the owner), so a list can drop the entry. From the head on, in
 * log order.
 */
@Resolver()
export class ChangesResolver {
  constructor(
    private readonly queries: QueryBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Operation('clientChanged')
  @Subscription(() => ClientChangeView, {
    nullable: true,
    resolve: (change: ClientChange) => change,
    description:
      'Each change to the clients the filter names (ids, owner, owning department; a change moving one out of the filter too), as the client it left, with the event.',
  })
  async clientChanged(@Arguments() { filter = {} }: ClientChangedArgs): Promise<AsyncIterableIterator<ClientChange>> {
    const streams = filter.clientIds && new Set(filter.clientIds.map(streamIds.client));
    const events = followEvents(this.store, await this.store.headPosition(), ({ streamId }) =>
      streams ? streams.has(streamId) : streamId.startsWith(CLIENT_STREAM),
    );
    const matches = (client: LedgerClientView | undefined) => client !== undefined && clientMatches(filter, client);
    return followChanges(events, async (event) => {
      const clientId = event.streamId.slice(CLIENT_STREAM.length);
      const client = await this.clientAt(clientId, event.position);
      const moved = !matches(client) && filtersByState(filter) && matches(await this.clientAt(clientId, event.position - 1));
      return client !== undefined && (matches(client) || moved) ? { client, event } : undefined;
    });
  }

  @Operation('leadChanged')
  @Subscription(() => LeadChangeView, {
    nullable: true,
    resolve: (change: LeadChange) => change,
    description:
      'Each change to the leads the filter names (ids, owner, stage; a change moving one out of the stage too), as the lead it left, with the event.',
  })
  async leadChanged(@Arguments() { filter = {} }: LeadChangedArgs): Promise<AsyncIterableIterator<LeadChange>> {
    const streams = filter.leadIds && new Set(filter.leadIds.map(streamIds.lead));
    const events = followEvents(this.store, await this.store.headPosition(), ({ streamId }) =>
      streams ? streams.has(streamId) : streamId.startsWith(LEAD_STREAM),
    );
    const matches = (lead: LedgerLeadView | undefined) => lead !== undefined && leadMatches(filter, lead);
    return followChanges(events, async (event) => {
      const leadId = event.streamId.slice(LEAD_STREAM.length);
      const lead = await this.leadAt(leadId, event.position);
      const moved = !matches(lead) && filter.stage !== undefined && matches(await this.leadAt(leadId, event.position - 1));
      return lead !== undefined && (matches(lead) || moved) ? { lead, event } : undefined;
    });
  }

  /** The client as the log up to `position` tells it; undefined before its win. */
  private clientAt(clientId: string, position: number): Promise<LedgerClientView | undefined> {
    return notFoundAsUndefined(this.queries.execute(new GetClientQuery(clientId, { upToPosition: position })));
  }

  private leadAt(leadId: string, position: number): Promise<LedgerLeadView | undefined> {
    return notFoundAsUndefined(this.queries.execute(new GetLeadQuery(leadId, { upToPosition: position })));
  }
}

const clientMatches = ({ ownerId, owningDepartment }: ClientChangedFilterInput, client: LedgerClientView): boolean =>
  (ownerId === undefined || client.ownerId === ownerId) && (owningDepartment === undefined || client.owningDepartment === owningDepartment);

const filtersByState = ({ ownerId, owningDepartment }: ClientChangedFilterInput): boolean =>
  ownerId !== undefined || owningDepartment !== undefined;

const leadMatches = ({ ownerId, stage }: LeadChangedFilterInput, lead: LedgerLeadView): boolean =>
  (ownerId === undefined || lead.ownerId === ownerId) && (stage === undefined || lead.stage === stage);

async function notFoundAsUndefined<View>(read: Promise<View>): Promise<View | undefined> {
  try {
    return await read;
  } catch (error) {
    const code = ledgerFailureOf(error)?.code;
    if (code === 'CLIENT_NOT_FOUND' || code === 'LEAD_NOT_FOUND') return undefined;
    throw error;
  }
}
