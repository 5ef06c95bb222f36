import type { RevenueAnswer, RevenueQuery } from '../../../revenue/revenue.query';
import type { DocumentProjection } from '../../../shared/projection';
import { applyToRevenue } from './revenue.projection';
import { queryRevenue } from './revenue.query';

export * from './revenue.projection';
export * from './revenue.query';

/** New and repeat revenue and commissions per month and department or employee, and the sales:client ratio. */
export const revenueProjection: DocumentProjection<RevenueQuery, RevenueAnswer> = {
  name: 'revenue',
  version: 2,
  eventTypes: ['ClientWon', 'ReorderPlaced', 'CommissionPlanSet'],
  apply: applyToRevenue,
  query: queryRevenue,
};
