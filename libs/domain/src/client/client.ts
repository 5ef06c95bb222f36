import type { DomainCommand, DomainEvent } from '../shared/decider';
import { assertNever } from '../shared/exhaustive';
import { failure } from '../shared/failure';
import { type Money, money } from '../shared/money';
import type { Department } from '../shared/organisation';
import { ok, refuse, type Result } from '../shared/result';
import { streamDecider, type StreamTime } from '../shared/stream-decider';

export interface Order {
  readonly orderId: string;
  readonly total: Money;
}

export type ClientWon = DomainEvent<
  'ClientWon',
  { clientId: string; leadId: string; repId: string; department: 'sales'; firstOrder: Order }
>;
/** Credited to the department and owner that hold the client at the reorder's business time. */
export type ReorderPlaced = DomainEvent<
  'ReorderPlaced',
  { clientId: string; orderId: string; total: Money; takenBy: string; creditedDepartment: Department; creditedOwnerId: string }
>;
export type ClientHandedToClientDepartment = DomainEvent<
  'ClientHandedToClientDepartment',
  { clientId: string; fromDepartment: 'sales'; fromOwnerId: string; toDepartment: 'client'; toManagerId: string; reason: string }
>;
export type KeyAccountEscalated = DomainEvent<
  'KeyAccountEscalated',
  { clientId: string; fromDepartment: Department; fromOwnerId: string; ownerId: string; ownerDepartment: Department; reason: string }
>;
export type ClientLost = DomainEvent<'ClientLost', { clientId: string; reason: string; competitor: string | null }>;
export type ClientEvent = ClientWon | ReorderPlaced | ClientHandedToClientDepartment | KeyAccountEscalated | ClientLost;

export type WinClient = DomainCommand<'WinClient', { clientId: string; leadId: string; repId: string; firstOrder: Order }>;
export type PlaceReorder = DomainCommand<'PlaceReorder', { clientId: string; orderId: string; total: Money; takenBy: string }>;
export type HandOffClient = DomainCommand<'HandOffClient', { clientId: string; toManagerId: string; reason: string }>;
/** ownerDepartment is the named owner's department, resolved from the employee's stream. */
export type EscalateKeyAccount = DomainCommand<
  'EscalateKeyAccount',
  { clientId: string; ownerId: string; ownerDepartment: Department; reason: string }
>;
export type LoseClient = DomainCommand<'LoseClient', ClientLost['data']>;
export type ClientCommand = WinClient | PlaceReorder | HandOffClient | EscalateKeyAccount | LoseClient;

export interface ClientOrder extends Order {
  readonly kind: 'first' | 'reorder';
  readonly occurredAt: string;
  readonly takenBy: string;
  readonly creditedDepartment: Department;
  readonly creditedOwnerId: string;
}

export interface ClientState extends StreamTime {
  readonly status: 'none' | 'active' | 'lost';
  readonly clientId?: string;
  readonly leadId?: string;
  readonly wonBy?: string;
  readonly wonAt?: string;
  readonly owningDepartment?: Department;
  readonly ownerId?: string;
  readonly keyAccount: boolean;
  readonly orders: readonly ClientOrder[];
  readonly lostAt?: string;
  readonly lostReason?: string;
  readonly competitor?: string | null;
}

export const clientDecider = streamDecider<ClientCommand, ClientEvent, ClientState>({
  initialState: () => ({ status: 'none', keyAccount: false, orders: [] }),

  decide(command: ClientCommand, state: ClientState, occurredAt: string): Result<ClientEvent[]> {
    if (command.type === 'WinClient') {
      if (state.status !== 'none') {
        return refuse(failure('CLIENT_ALREADY_WON', `client ${command.data.clientId} was already won`, 'clientId'));
      }
      const total = checkOrderTotal(command.data.firstOrder.total, 'firstOrder.total');
      if (!total.ok) return total;
      const { clientId, leadId, repId, firstOrder } = command.data;
      return ok([
        {
          type: 'ClientWon',
          occurredAt,
          data: { clientId, leadId, repId, department: 'sales', firstOrder: { orderId: firstOrder.orderId, total: total.value } },
        },
      ]);
    }

    // Every other command needs a won client that has not been lost.
    if (state.status === 'none') return refuse(failure('CLIENT_NOT_FOUND', `client ${command.data.clientId} has not been won`));
    if (state.status === 'lost') {
      return refuse(failure('CLIENT_LOST', `client ${command.data.clientId} was lost on ${state.lostAt} (${state.lostReason})`));
    }
    const owningDepartment = state.owningDepartment!;
    const ownerId = state.ownerId!;

    switch (command.type) {
      case 'PlaceReorder': {
        const { clientId, orderId, takenBy } = command.data;
        if (state.orders.some((order) => order.orderId === orderId)) {
          return refuse(failure('ORDER_ALREADY_PLACED', `order ${orderId} is already recorded for client ${clientId}`, 'orderId'));
        }
        const total = checkOrderTotal(command.data.total, 'total');
        if (!total.ok) return total;
        return ok([
          {
            type: 'ReorderPlaced',
            occurredAt,
            data: { clientId, orderId, total: total.value, takenBy, creditedDepartment: owningDepartment, creditedOwnerId: ownerId },
          },
        ]);
      }
      case 'HandOffClient':
        if (owningDepartment !== 'sales') {
          return refuse(
            failure(
              'HANDOFF_NOT_FROM_SALES',
              `client ${command.data.clientId} is owned by ${owningDepartment}; only the sales department hands clients off`,
            ),
          );
        }
        return ok([
          {
            type: 'ClientHandedToClientDepartment',
            occurredAt,
            data: {
              clientId: command.data.clientId,
              fromDepartment: 'sales',
              fromOwnerId: ownerId,
              toDepartment: 'client',
              toManagerId: command.data.toManagerId,
              reason: command.data.reason,
            },
          },
        ]);
      case 'EscalateKeyAccount':
        if (state.keyAccount) {
          return refuse(failure('ALREADY_KEY_ACCOUNT', `client ${command.data.clientId} is already a key account owned by ${ownerId}`));
        }
        return ok([
          {
            type: 'KeyAccountEscalated',
            occurredAt,
            data: { ...command.data, fromDepartment: owningDepartment, fromOwnerId: ownerId },
          },
        ]);
      case 'LoseClient':
        return ok([{ type: 'ClientLost', occurredAt, data: { ...command.data } }]);
      default:
        return assertNever(command);
    }
  },

  evolve(state: ClientState, event: ClientEvent): ClientState {
    switch (event.type) {
      case 'ClientWon': {
        const { clientId, leadId, repId, firstOrder } = event.data;
        return {
          ...state,
          status: 'active',
          clientId,
          leadId,
          wonBy: repId,
          wonAt: event.occurredAt,
          owningDepartment: 'sales',
          ownerId: repId,
          orders: [
            {
              ...firstOrder,
              kind: 'first',
              occurredAt: event.occurredAt,
              takenBy: repId,
              creditedDepartment: 'sales',
              creditedOwnerId: repId,
            },
          ],
        };
      }
      case 'ReorderPlaced': {
        const { orderId, total, takenBy, creditedDepartment, creditedOwnerId } = event.data;
        const order: ClientOrder = {
          orderId,
          total,
          kind: 'reorder',
          occurredAt: event.occurredAt,
          takenBy,
          creditedDepartment,
          creditedOwnerId,
        };
        return { ...state, orders: [...state.orders, order] };
      }
      case 'ClientHandedToClientDepartment':
        return { ...state, owningDepartment: 'client', ownerId: event.data.toManagerId };
      case 'KeyAccountEscalated':
        return { ...state, keyAccount: true, owningDepartment: event.data.ownerDepartment, ownerId: event.data.ownerId };
      case 'ClientLost':
        return {
          ...state,
          status: 'lost',
          lostAt: event.occurredAt,
          lostReason: event.data.reason,
          competitor: event.data.competitor,
        };
      default:
        return assertNever(event);
    }
  },
});

function checkOrderTotal(total: Money, field: string): Result<Money> {
  const checked = money(total?.amount, total?.currency, field);
  if (!checked.ok) return checked;
  if (checked.value.amount === 0)
    return refuse(failure('ORDER_TOTAL_NOT_POSITIVE', 'an order total must be above zero', `${field}.amount`));
  return checked;
}
