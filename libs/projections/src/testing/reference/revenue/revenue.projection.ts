import type { CommissionPlan, Department } from '@ledger/domain';

import { dayOf } from '../../../shared/calendar';
import type { EventHandlers } from '../../../shared/event-handlers';
import { type Collection, viewOf } from '../../../shared/read-model';

/**
 * One order as revenue sees it: credited to the department that owned the client
 * at the order's business time, and to the winning rep (first order) or the
 * employee who took it (reorder). Commission is not stored: it is computed when
 * asked, from the plans known then, so a plan recorded late still applies to the
 * orders of its period. A tuple, since a day's document holds hundreds of them.
 */
export type RevenueOrder = readonly [
  occurredAt: string,
  kind: 'new' | 'repeat',
  department: Department,
  employeeId: string,
  currency: string,
  amount: number,
];

export interface RevenueDay {
  readonly orders: RevenueOrder[];
}

export interface RevenuePlans {
  /** Oldest effectiveFrom first. */
  readonly plans: CommissionPlan[];
}

export const revenueDocuments = viewOf((model) => ({
  /** Orders by business day (UTC), "2024-03-05". */
  days: model.collection<RevenueDay>('day'),
  /** Commission plans by department. */
  plans: model.collection<RevenuePlans>('plan'),
}));

export const REVENUE_DOCUMENT_HANDLERS: EventHandlers<ReturnType<typeof revenueDocuments>> = {
  ClientWon: ({ days }, event) => {
    const { total } = event.data.firstOrder;
    addOrder(days, [event.occurredAt, 'new', event.data.department, event.data.repId, total.currency, total.amount]);
  },
  ReorderPlaced: ({ days }, event) => {
    const { total } = event.data;
    addOrder(days, [event.occurredAt, 'repeat', event.data.creditedDepartment, event.data.takenBy, total.currency, total.amount]);
  },
  CommissionPlanSet: ({ plans }, event) => {
    const { department, rateBasisPoints, effectiveFrom } = event.data;
    const known = plans.get(department)?.plans ?? [];
    const updated = [...known, { rateBasisPoints, effectiveFrom }].sort((a, b) =>
      a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0,
    );
    plans.put(department, { plans: updated });
  },
};

function addOrder(days: Collection<RevenueDay>, order: RevenueOrder): void {
  const day = dayOf(order[0]);
  const bucket = days.get(day) ?? { orders: [] };
  bucket.orders.push(order);
  days.put(day, bucket);
}
