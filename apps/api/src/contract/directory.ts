import type { Department } from '@ledger/domain';
import type { ClientDirectoryView as LedgerClientDirectoryView } from '@ledger/ledger';
import type { ClientSummary } from '@ledger/projections';
import { ObjectType } from '@nestjs/graphql';

import { CURRENCY_LIST_ITEMS } from '../graphql/limits';
import { ClientStatusEnum, DepartmentEnum } from './enums';
import { BooleanField, EnumField, IdField, IntField, NestedListField, SafeIntField, TextField, ZonedTimeField } from './fields';
import { MoneyTotalView } from './money';

@ObjectType('ClientSummary', { description: "A client's line in the directory." })
export class ClientSummaryView implements ClientSummary {
  @IdField() clientId!: string;
  @IdField() leadId!: string;
  @TextField({ nullable: true, description: "The company, as the lead's latest contact named it." }) company!: string | null;
  @IdField({ description: 'The rep who won the client.' }) wonBy!: string;
  @ZonedTimeField() wonAt!: string;
  @EnumField(ClientStatusEnum) status!: 'active' | 'lost';
  @EnumField(DepartmentEnum) owningDepartment!: Department;
  @IdField() ownerId!: string;
  @BooleanField() keyAccount!: boolean;
  @IntField({ minimum: 1, description: 'Orders placed: the first order and every reorder.' }) orderCount!: number;
  @ZonedTimeField() lastOrderAt!: string;
  @NestedListField(() => MoneyTotalView, { description: 'Order revenue per currency.', costedItems: CURRENCY_LIST_ITEMS })
  revenue!: MoneyTotalView[];
  @ZonedTimeField({ nullable: true }) lostAt!: string | null;
}

@ObjectType('ClientDirectory', { description: 'A page of the client directory, in client id order.' })
export class ClientDirectoryView implements LedgerClientDirectoryView {
  @NestedListField(() => ClientSummaryView) clients!: ClientSummaryView[];
  @TextField({ nullable: true, description: 'Pass as `after` for the next page; null on the last page.' }) nextCursor!: string | null;
  @IntField({ minimum: 0, description: 'Clients matching the filters, on every page.' }) total!: number;
  @ZonedTimeField({ nullable: true, description: 'The business time asked about; null for the live answer.' }) asOf!: string | null;
  @ZonedTimeField({ nullable: true, description: 'The record time asked about (the ledger as it knew it then); null when not asked.' })
  asKnownAt!: string | null;
  @SafeIntField({ minimum: 0, description: 'The last global position the answer reflects.' }) position!: number;
}
