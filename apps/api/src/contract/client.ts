import type { ClientOrder, Department } from '@ledger/domain';
import type { ClientView as LedgerClientView } from '@ledger/ledger';
import { ObjectType } from '@nestjs/graphql';

import { CURRENCY_LIST_ITEMS, STREAM_LIST_ITEMS } from '../graphql/limits';
import { NodeInterface } from '../graphql/node';
import { connectionTypes } from './connection';
import { EmployeeView } from './employee';
import { ClientStatusEnum, DepartmentEnum, OrderKindEnum } from './enums';
import { ExpandedProperty } from './expanded';
import { BooleanField, DateTimeField, EnumField, IdField, IntField, NestedField, NestedListField, TextField } from './fields';
import { LeadView } from './lead';
import { MoneyTotalView, MoneyView } from './money';

@ObjectType('ClientOrder', { description: 'An order, credited to the department and owner that held the client at its business time.' })
export class ClientOrderView implements ClientOrder {
  @IdField({ example: 'o-1' }) orderId!: string;
  @NestedField(() => MoneyView) total!: MoneyView;
  @EnumField(OrderKindEnum) kind!: 'first' | 'reorder';
  @DateTimeField() occurredAt!: string;
  @IdField({ description: 'The employee who took the order.' }) takenBy!: string;
  @EnumField(DepartmentEnum) creditedDepartment!: Department;
  @IdField() creditedOwnerId!: string;
}

/** GraphQL: a client's orders a page at a time (`Client.ordersConnection`). */
export const ClientOrderConnectionView = connectionTypes(
  ClientOrderView,
  'ClientOrder',
  "A client's orders, oldest first, a page at a time.",
);

@ObjectType('ClientLoss', { description: 'Why and when a client was lost.' })
export class ClientLossView {
  @DateTimeField() at!: string;
  @TextField() reason!: string;
  @TextField({ nullable: true }) competitor!: string | null;
}

@ObjectType('Client', {
  implements: () => [NodeInterface],
  description: 'A client as it stands (or stood as of a business time): a fold of its stream.',
})
export class ClientView implements LedgerClientView {
  @IdField() clientId!: string;
  @EnumField(ClientStatusEnum) status!: 'active' | 'lost';
  @IdField() leadId!: string;
  @IdField({ description: 'The rep who won the client.' }) wonBy!: string;
  @DateTimeField() wonAt!: string;
  @EnumField(DepartmentEnum) owningDepartment!: Department;
  @IdField() ownerId!: string;
  @BooleanField() keyAccount!: boolean;
  @NestedListField(() => ClientOrderView, { description: 'Oldest first.', costedItems: STREAM_LIST_ITEMS }) orders!: ClientOrderView[];
  @NestedListField(() => MoneyTotalView, { description: 'The sum of the orders, per currency.', costedItems: CURRENCY_LIST_ITEMS })
  revenue!: MoneyTotalView[];
  @NestedField(() => ClientLossView, { nullable: true }) lost!: ClientLossView | null;
  @IntField({ minimum: 0, description: "The stream's revision (REST: the ETag), for an expected revision on the next command." })
  revision!: number;
  @ExpandedProperty(() => EmployeeView, 'owner') owner?: EmployeeView | null;
  @ExpandedProperty(() => EmployeeView, 'wonByEmployee') wonByEmployee?: EmployeeView | null;
  @ExpandedProperty(() => LeadView, 'lead') lead?: LeadView | null;
}
