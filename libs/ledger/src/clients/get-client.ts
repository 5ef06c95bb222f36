import { clientDecider, type ClientOrder, type Department, type MoneyTotal, streamIds, sumByCurrency } from '@ledger/domain';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { LedgerError } from '../application/ledger-error';
import { describeBounds, type StreamBounds, StreamReader } from '../application/stream-reader';

export interface ClientView {
  clientId: string;
  status: 'active' | 'lost';
  leadId: string;
  wonBy: string;
  wonAt: string;
  owningDepartment: Department;
  ownerId: string;
  keyAccount: boolean;
  orders: ClientOrder[];
  /** Per currency, exact: amounts of different currencies are never added. */
  revenue: MoneyTotal[];
  lost: { at: string; reason: string; competitor: string | null } | null;
  revision: number;
}

export class GetClientQuery extends Query<ClientView> {
  constructor(
    readonly clientId: string,
    readonly at: StreamBounds = {},
  ) {
    super();
  }
}

@QueryHandler(GetClientQuery)
export class GetClientHandler implements IQueryHandler<GetClientQuery> {
  constructor(private readonly reader: StreamReader) {}

  async execute({ clientId, at }: GetClientQuery): Promise<ClientView> {
    const { state, revision } = await this.reader.load(clientDecider, streamIds.client(clientId), at);
    if (state.status === 'none') {
      throw new LedgerError({
        code: 'CLIENT_NOT_FOUND',
        message: `client ${clientId} ${at.asOf || at.asKnownAt ? `had not been won ${describeBounds(at)}` : 'has not been won'}`,
      });
    }
    const revenue = Object.entries(sumByCurrency(state.orders.map((order) => order.total))).map(([currency, amount]) => ({
      amount,
      currency,
    }));
    return {
      clientId,
      status: state.status,
      leadId: state.leadId!,
      wonBy: state.wonBy!,
      wonAt: state.wonAt!,
      owningDepartment: state.owningDepartment!,
      ownerId: state.ownerId!,
      keyAccount: state.keyAccount,
      orders: [...state.orders],
      revenue,
      lost: state.status === 'lost' ? { at: state.lostAt!, reason: state.lostReason!, competitor: state.competitor ?? null } : null,
      revision: revision!,
    };
  }
}
