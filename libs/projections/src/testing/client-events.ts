import type { Department } from '@ledger/domain';

import { at } from './fold';

/** An order total, in minor units. */
export const money = (amount: number, currency = 'EUR') => ({ amount, currency });

/** A client won by the sales rep from lead `lead-<clientId>`, with its first order `<clientId>-1`. */
export const clientWon = (time: string, clientId: string, repId: string, total: { amount: number; currency: string }) =>
  at(time, 'ClientWon', {
    clientId,
    leadId: `lead-${clientId}`,
    repId,
    department: 'sales',
    firstOrder: { orderId: `${clientId}-1`, total },
  });

/** A reorder taken by an employee of the department credited with it. */
export const reorderPlaced = (
  time: string,
  clientId: string,
  orderId: string,
  total: { amount: number; currency: string },
  takenBy: string,
  creditedDepartment: Department,
) => at(time, 'ReorderPlaced', { clientId, orderId, total, takenBy, creditedDepartment, creditedOwnerId: takenBy });
