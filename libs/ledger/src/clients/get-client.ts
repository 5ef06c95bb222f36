import { clientDecider, type ClientOrder, type Department, type MoneyTotal, streamIds, sumByCurrency } from '@ledger/domain';
import { QueryHandler } from '@nestjs/cqrs';

import { type StreamBounds, StreamQuery, type StreamReader, StreamViewHandler } from '../application/stream-reader';

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

/** A client as its stream tells it within the bounds; undefined before they were won. */
export async function clientOf(reader: StreamReader, clientId: string, at: StreamBounds): Promise<ClientView | undefined> {
  const { state, revision } = await reader.load(clientDecider, streamIds.client(clientId), at);
  if (state.status === 'none') return undefined;
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

/** A client as its stream tells it; `id` is the client's id. */
export class GetClientQuery extends StreamQuery<ClientView> {}

@QueryHandler(GetClientQuery)
export class GetClientHandler extends StreamViewHandler<ClientView> {
  protected readonly read = { notFound: 'CLIENT_NOT_FOUND', noun: 'client', started: 'won', view: clientOf } as const;
}
