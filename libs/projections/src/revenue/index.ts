import { handledEventTypes } from '../shared/event-handlers';
import type { TableProjection } from '../shared/projection';
import { applyToRevenue, REVENUE_HANDLERS, REVENUE_TABLES } from './revenue.projection';
import { queryRevenue, type RevenueAnswer, type RevenueQuery } from './revenue.query';

export * from './revenue.projection';
export * from './revenue.query';

/** New and repeat revenue and commissions per month and department or employee, and the sales:client ratio. */
export const revenueProjection: TableProjection<RevenueQuery, RevenueAnswer> = {
  kind: 'tables',
  name: 'revenue',
  version: 3,
  eventTypes: handledEventTypes(REVENUE_HANDLERS),
  tables: REVENUE_TABLES,
  apply: applyToRevenue,
  query: queryRevenue,
};
