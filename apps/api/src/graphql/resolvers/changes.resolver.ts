import { streamIds } from '@ledger/domain';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import {
  type ClientView as LedgerClientView,
  EVENT_STORE,
  GetClientQuery,
  GetLeadQuery,
  type LeadView as LedgerLeadView,
  type Operation as OperationName,
} from '@ledger/ledger';
import { applyDecorators, Inject } from '@nestjs/common';
import { type Query, QueryBus } from '@nestjs/cqrs';
import { Resolver, type ReturnTypeFunc, Subscription } from '@nestjs/graphql';

import { Operation } from '../../auth/access.decorators';
import { ClientChangeView, LeadChangeView } from '../../contract/changes';
import { isNotFound } from '../../requests/related-reads';
import { Arguments } from '../args';
import { ClientChangedArgs, LeadChangedArgs } from '../change-args';
import { followObjectChanges } from '../follow-changes';

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

  @ChangeSubscription(
    'clientChanged',
    () => ClientChangeView,
    'client',
    'Each change to the clients the filter names (ids, owner, owning department; a change moving one out of the filter too), as the client it left, with the event.',
  )
  clientChanged(@Arguments() { filter = {} }: ClientChangedArgs): Promise<AsyncIterableIterator<ObjectChange<LedgerClientView>>> {
    const { clientIds, ownerId, owningDepartment } = filter;
    return followObjectChanges(this.store, {
      streamOf: streamIds.client,
      ids: clientIds,
      readAt: (clientId, position) => readAt(this.queries, new GetClientQuery(clientId, { upToPosition: position })),
      matches: (client) =>
        (ownerId === undefined || client.ownerId === ownerId) &&
        (owningDepartment === undefined || client.owningDepartment === owningDepartment),
      byState: ownerId !== undefined || owningDepartment !== undefined,
    });
  }

  @ChangeSubscription(
    'leadChanged',
    () => LeadChangeView,
    'lead',
    'Each change to the leads the filter names (ids, owner, stage; a change moving one out of the stage too), as the lead it left, with the event.',
  )
  leadChanged(@Arguments() { filter = {} }: LeadChangedArgs): Promise<AsyncIterableIterator<ObjectChange<LedgerLeadView>>> {
    const { leadIds, ownerId, stage } = filter;
    return followObjectChanges(this.store, {
      streamOf: streamIds.lead,
      ids: leadIds,
      readAt: (leadId, position) => readAt(this.queries, new GetLeadQuery(leadId, { upToPosition: position })),
      matches: (lead) => (ownerId === undefined || lead.ownerId === ownerId) && (stage === undefined || lead.stage === stage),
      // A lead's owner never changes; its stage does.
      byState: stage !== undefined,
    });
  }
}

type ObjectChange<View> = { readonly object: View; readonly event: RecordedEvent };

/** A subscription to one kind of object's changes, each answered as the object (named `key`) and the event. */
function ChangeSubscription(operation: OperationName, type: ReturnTypeFunc, key: 'client' | 'lead', description: string) {
  return applyDecorators(
    Operation(operation),
    Subscription(type, {
      nullable: true,
      resolve: ({ object, event }: ObjectChange<object>) => ({ [key]: object, event }),
      description,
    }),
  );
}

/** An object as the query reads it, undefined before it existed. */
async function readAt<View>(queries: QueryBus, query: Query<View>): Promise<View | undefined> {
  try {
    return await queries.execute(query);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
