import type { CommissionPlan, Department } from '@ledger/domain';
import { dayOf } from '../shared/calendar';
import { skipUnknownEvent, type ProjectedEvent } from '../shared/projection';
import type { ReadModel } from '../shared/read-model';

/**
 * One order as revenue sees it: credited to the department that owned the client
 * at the order's business time, and to the winning rep (first order) or the
 * employee who took it (reorder). Commission is not stored: it is computed when
 * asked, from the plans known then, so a plan recorded late still applies to the
 * orders of its period.
 */
export interface RevenueOrder {
  readonly occurredAt: string;
  readonly kind: 'new' | 'repeat';
  readonly department: Department;
  readonly employeeId: string;
  readonly currency: string;
  readonly amount: number;
}

export interface RevenueDay {
  readonly orders: RevenueOrder[];
}

export interface RevenuePlans {
  /** Oldest effectiveFrom first. */
  readonly plans: CommissionPlan[];
}

export const revenueDocuments = (model: ReadModel) => ({
  /** Orders by business day (UTC), "2024-03-05". */
  days: model.collection<RevenueDay>('day'),
  /** Commission plans by department. */
  plans: model.collection<RevenuePlans>('plan'),
});

export function applyToRevenue(model: ReadModel, event: ProjectedEvent): void {
  const { days, plans } = revenueDocuments(model);
  const addOrder = (order: RevenueOrder) => {
    const day = dayOf(order.occurredAt);
    const bucket = days.get(day) ?? { orders: [] };
    bucket.orders.push(order);
    days.put(day, bucket);
  };
  switch (event.type) {
    case 'ClientWon': {
      const { total } = event.data.firstOrder;
      addOrder({
        occurredAt: event.occurredAt,
        kind: 'new',
        department: event.data.department,
        employeeId: event.data.repId,
        currency: total.currency,
        amount: total.amount,
      });
      return;
    }
    case 'ReorderPlaced':
      addOrder({
        occurredAt: event.occurredAt,
        kind: 'repeat',
        department: event.data.creditedDepartment,
        employeeId: event.data.takenBy,
        currency: event.data.total.currency,
        amount: event.data.total.amount,
      });
      return;
    case 'CommissionPlanSet': {
      const { department, rateBasisPoints, effectiveFrom } = event.data;
      const known = plans.get(department)?.plans ?? [];
      const updated = [...known, { rateBasisPoints, effectiveFrom }].sort((a, b) =>
        a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0,
      );
      plans.put(department, { plans: updated });
      return;
    }
    case 'EmployeeJoined':
    case 'EmployeeLeft':
    case 'LeadContacted':
    case 'LeadLost':
    case 'LeadConverted':
    case 'ClientHandedToClientDepartment':
    case 'KeyAccountEscalated':
    case 'ClientLost':
      return;
    default:
      skipUnknownEvent(event);
  }
}
