import type { ClientHandedToClientDepartment, ClientLost, ClientWon, KeyAccountEscalated, ReorderPlaced } from '../client/client';
import type { EmployeeJoined, EmployeeLeft } from '../employee/employee';
import type { LedgerEvent, LedgerEventType } from '../events';
import type { EventReference } from '../policies/policy-facts';
import type { Money } from '../shared/money';
import type { Department, Role } from '../shared/organisation';
import type { GivenInput } from './policy-spec';

// The events the policy specs tell their stories with: clients (acme by default) won by rep-anna in sales,
// and the people who may take them over. Each spec sets its own dates and amounts.

/** An event of one type as the log holds it, written as one line. */
export const eventOf = <Type extends LedgerEventType>(
  type: Type,
  occurredAt: string,
  data: Extract<LedgerEvent, { type: Type }>['data'],
): Extract<LedgerEvent, { type: Type }> => ({ type, occurredAt, data }) as Extract<LedgerEvent, { type: Type }>;

export const EUR = (amount: number): Money => ({ amount, currency: 'EUR' });

/** An employee joining, named by their id unless a name is given. */
export const employeeJoined = (
  employeeId: string,
  department: Department,
  role: Role,
  occurredAt: string,
  name = employeeId,
): EmployeeJoined => ({
  type: 'EmployeeJoined',
  occurredAt,
  data: { employeeId, name, department, role },
});

export const employeeLeft = (employeeId: string, occurredAt: string): EmployeeLeft => ({
  type: 'EmployeeLeft',
  occurredAt,
  data: { employeeId, reason: 'moved on' },
});

/** A client won by rep-anna for the sales department, with its first order. */
export const clientWon = (clientId: string, firstOrderTotal: Money, occurredAt: string): ClientWon => ({
  type: 'ClientWon',
  occurredAt,
  data: {
    clientId,
    leadId: `lead-${clientId}`,
    repId: 'rep-anna',
    department: 'sales',
    firstOrder: { orderId: `${clientId}-o-1`, total: firstOrderTotal },
  },
});

/** A reorder taken by rep-anna, credited to the sales department and rep-anna unless said otherwise. */
export const reorderPlaced = (
  order: { clientId: string; orderId: string; total: Money; occurredAt: string },
  credited: { department?: Department; ownerId?: string } = {},
): ReorderPlaced => ({
  type: 'ReorderPlaced',
  occurredAt: order.occurredAt,
  data: {
    clientId: order.clientId,
    orderId: order.orderId,
    total: order.total,
    takenBy: 'rep-anna',
    creditedDepartment: credited.department ?? 'sales',
    creditedOwnerId: credited.ownerId ?? 'rep-anna',
  },
});

export const handedOff = (toManagerId: string, occurredAt: string, clientId = 'acme'): ClientHandedToClientDepartment => ({
  type: 'ClientHandedToClientDepartment',
  occurredAt,
  data: { clientId, fromDepartment: 'sales', fromOwnerId: 'rep-anna', toDepartment: 'client', toManagerId, reason: 'repeat buyer' },
});

export const escalated = (ownerId: string, occurredAt: string, clientId = 'acme'): KeyAccountEscalated => ({
  type: 'KeyAccountEscalated',
  occurredAt,
  data: { clientId, fromDepartment: 'sales', fromOwnerId: 'rep-anna', ownerId, ownerDepartment: 'key_accounts', reason: 'big fish' },
});

export const lost = (occurredAt: string, clientId = 'acme'): ClientLost => ({
  type: 'ClientLost',
  occurredAt,
  data: { clientId, reason: 'price', competitor: 'Globex' },
});

/** An event the decision is expected to cite, with ids to recognise it by. */
export const cited = (event: LedgerEvent, name: string): GivenInput => ({ event, eventId: `ev-${name}`, correlationId: `corr-${name}` });
/** The ids of an event given with cited(event, name). */
export const ref = (name: string): EventReference => ({ eventId: `ev-${name}`, correlationId: `corr-${name}` });
