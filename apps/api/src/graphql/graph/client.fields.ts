import type { ClientOrder } from '@ledger/domain';
import type { ClientView as LedgerClientView, LeadView } from '@ledger/ledger';
import type { ClientSummary } from '@ledger/projections';
import { Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';

import type { GraphqlRequestContext } from '../../auth/access.guard';
import { ClientLossView, ClientOrderConnectionView, ClientOrderView, ClientView } from '../../contract/client';
import type { Connection } from '../../contract/connection';
import { LeadView as LeadType } from '../../contract/lead';
import { DateTimeScalar } from '../../contract/scalars';
import type { RelatedReads } from '../../requests/related-reads';
import { Arguments } from '../args';
import { listComplexity, STREAM_LIST_ITEMS } from '../limits';
import { computedFields } from './computed-fields';
import { ListPageArgs, listPageComplexity, pageOfList } from './list-pages';
import { carriedFrom, readAt, readAtOf } from './read-at';
import { employeeNamedBy, RelatedReadsOfOperation } from './related';

/** A client as GraphQL holds it: read whole from its stream (`client`), or a directory row (a node of `clients`). */
export type ClientSource = LedgerClientView | (ClientSummary & { company?: string });

const isWhole = (client: ClientSource): client is LedgerClientView => 'orders' in client;

/** The client as its stream tells it: itself when read so, else read (once per operation) on the clocks it was read on. */
const wholeClient = async (client: ClientSource, related: RelatedReads): Promise<LedgerClientView | null> =>
  isWhole(client) ? client : related.client(client.clientId, readAtOf(client));

/**
 * The client's graph: its lead, company and employees as objects, read on the
 * clocks the client was read on; and what a directory row lacks (orders, loss,
 * revision), read from the client's stream only when asked.
 */
@Resolver(() => ClientView)
export class ClientGraphFields {
  constructor(private readonly related: RelatedReadsOfOperation) {}

  @ResolveField(() => String, { nullable: true, description: 'The company, as named on the lead the client was won from.' })
  async company(@Parent() client: ClientSource, @Context() context: GraphqlRequestContext): Promise<string | null> {
    if (!isWhole(client) && client.company !== undefined) return client.company;
    return (await this.lead(client, context))?.company ?? null;
  }

  @ResolveField(() => LeadType, { nullable: true, description: 'The lead the client was won from.' })
  async lead(@Parent() client: ClientSource, @Context() context: GraphqlRequestContext): Promise<LeadView | null> {
    const lead = await this.related.of(context).lead(client.leadId, readAtOf(client));
    return lead && readAt(lead, readAtOf(client));
  }

  @ResolveField(() => [ClientOrderView], { description: 'Oldest first.', complexity: listComplexity(STREAM_LIST_ITEMS) })
  async orders(@Parent() client: ClientSource, @Context() context: GraphqlRequestContext): Promise<ClientOrder[]> {
    return carriedFrom(client, (await wholeClient(client, this.related.of(context)))?.orders ?? []);
  }

  @ResolveField(() => ClientOrderConnectionView, {
    description: 'The orders, oldest first, a page at a time (`first`, `after`).',
    complexity: listPageComplexity,
  })
  async ordersConnection(
    @Parent() client: ClientSource,
    @Arguments() page: ListPageArgs,
    @Context() context: GraphqlRequestContext,
  ): Promise<Connection<ClientOrder>> {
    return pageOfList(`ClientOrder:${client.clientId}`, await this.orders(client, context), (order) => order.orderId, page);
  }

  @ResolveField(() => ClientLossView, { nullable: true })
  async lost(@Parent() client: ClientSource, @Context() context: GraphqlRequestContext): Promise<LedgerClientView['lost']> {
    return (await wholeClient(client, this.related.of(context)))?.lost ?? null;
  }

  @ResolveField(() => Int)
  async revision(@Parent() client: ClientSource, @Context() context: GraphqlRequestContext): Promise<number | null> {
    return (await wholeClient(client, this.related.of(context)))?.revision ?? null;
  }

  @ResolveField(() => Int, { description: 'Orders placed: the first order and every reorder.' })
  orderCount(@Parent() client: ClientSource): number {
    return isWhole(client) ? client.orders.length : client.orderCount;
  }

  @ResolveField(() => DateTimeScalar, { description: 'When the latest order was placed (business time).' })
  lastOrderAt(@Parent() client: ClientSource): string {
    return isWhole(client)
      ? client.orders.reduce((latest, order) => (order.occurredAt > latest ? order.occurredAt : latest), client.wonAt)
      : client.lastOrderAt;
  }
}

/** A client's owner and the rep who won it, as objects read on the clocks the client was read on. */
export const ClientEmployeeFields = computedFields(
  () => ClientView,
  {
    owner: employeeNamedBy((client: ClientSource) => client.ownerId, 'The owner (`ownerId`).'),
    wonByEmployee: employeeNamedBy((client: ClientSource) => client.wonBy, 'The rep who won the client (`wonBy`).'),
  },
  RelatedReadsOfOperation,
);

/** An order's employees as objects, read on the clocks its client was read on. */
export const ClientOrderGraphFields = computedFields(
  () => ClientOrderView,
  {
    takenByEmployee: employeeNamedBy((order: ClientOrder) => order.takenBy, 'The employee who took the order (`takenBy`).'),
    creditedOwner: employeeNamedBy(
      (order: ClientOrder) => order.creditedOwnerId,
      'The owner the order was credited to (`creditedOwnerId`).',
    ),
  },
  RelatedReadsOfOperation,
);
