import type { Department } from '@ledger/domain';
import type { ClientDirectoryView as LedgerClientDirectoryView } from '@ledger/ledger';
import type { ClientSummary } from '@ledger/projections';
import { ObjectType } from '@nestjs/graphql';

import { CURRENCY_LIST_ITEMS } from '../graphql/limits';
import { ClientView } from './client';
import { connectionFields, edgeType } from './connection';
import { EmployeeView } from './employee';
import { ClientStatusEnum, DepartmentEnum } from './enums';
import { ExpandedProperty } from './expanded';
import { BooleanField, DateTimeField, EnumField, IdField, IntField, NestedListField, SafeIntField, TextField } from './fields';
import { LeadView } from './lead';
import { MoneyTotalView } from './money';

@ObjectType('ClientSummary', { description: "A client's line in the directory." })
export class ClientSummaryView implements ClientSummary {
  @IdField() clientId!: string;
  @IdField() leadId!: string;
  @TextField({ nullable: true, description: "The company, as the lead's latest contact named it." }) company!: string | null;
  @IdField({ description: 'The rep who won the client.' }) wonBy!: string;
  @DateTimeField() wonAt!: string;
  @EnumField(ClientStatusEnum) status!: 'active' | 'lost';
  @EnumField(DepartmentEnum) owningDepartment!: Department;
  @IdField() ownerId!: string;
  @BooleanField() keyAccount!: boolean;
  @IntField({ minimum: 1, description: 'Orders placed: the first order and every reorder.' }) orderCount!: number;
  @DateTimeField() lastOrderAt!: string;
  @NestedListField(() => MoneyTotalView, { description: 'Order revenue per currency.', costedItems: CURRENCY_LIST_ITEMS })
  revenue!: MoneyTotalView[];
  @DateTimeField({ nullable: true }) lostAt!: string | null;
  @ExpandedProperty(() => EmployeeView, 'owner') owner?: EmployeeView | null;
  @ExpandedProperty(() => EmployeeView, 'wonByEmployee') wonByEmployee?: EmployeeView | null;
  @ExpandedProperty(() => LeadView, 'lead') lead?: LeadView | null;
}

/** GraphQL: the directory's `Client` nodes and their edges, the one Client type of the detail (`client`). */
export const ClientEdgeView = edgeType(ClientView, 'Client');

/**
 * A page of the directory. GraphQL answers it as a Relay connection of
 * `Client` nodes (edges, nodes, pageInfo, totalCount), so a client cache
 * merges the list's items with the detail's by their id; the REST answer and
 * the older GraphQL fields (clients, nextCursor, total) stay as they were.
 */
@ObjectType('ClientDirectory', { description: 'A page of the client directory, in client id order: a connection of clients.' })
// Directory rows answered as Client objects: what a row lacks (orders, loss, revision) is read from the stream when asked.
export class ClientDirectoryView
  extends connectionFields<ClientView, ClientSummary>(ClientView, ClientEdgeView, {
    edgesDescription: 'The clients of the page, each with its cursor.',
    nodesDescription: 'The clients of the page (the same `Client` as `client(clientId:)` answers).',
    totalCountDescription: 'Clients matching the filters, on every page.',
  })
  implements LedgerClientDirectoryView
{
  @NestedListField(() => ClientSummaryView, { deprecationReason: 'Use `nodes` (or `edges`): the same clients as `Client` objects.' })
  clients!: ClientSummaryView[];
  @TextField({
    nullable: true,
    description: 'Pass as `after` for the next page; null on the last page.',
    deprecationReason: 'Use `pageInfo { endCursor hasNextPage }`.',
  })
  nextCursor!: string | null;
  @IntField({ minimum: 0, description: 'Clients matching the filters, on every page.', deprecationReason: 'Use `totalCount`.' })
  total!: number;
  @DateTimeField({ nullable: true, description: 'The business time asked about; null for the live answer.' }) asOf!: string | null;
  @DateTimeField({ nullable: true, description: 'The record time asked about (the ledger as it knew it then); null when not asked.' })
  asKnownAt!: string | null;
  @SafeIntField({ minimum: 0, description: 'The last global position the answer reflects.' }) position!: number;
}
