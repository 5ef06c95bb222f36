import { handledEventTypes } from '../shared/event-handlers';
import type { TableProjection } from '../shared/projection';
import { calendarOf, type ZonedCalendar, zonedVersion } from '../shared/time-zone';
import { REVENUE_HANDLERS, REVENUE_SETTLE_ONE_IN, REVENUE_TABLES, revenueApplier } from './revenue.projection';
import { queryRevenue, type RevenueAnswer, type RevenueQuery } from './revenue.query';

export * from './revenue.projection';
export * from './revenue.query';

/** New and repeat revenue and commissions per month and department or employee, and the sales:client ratio; rollups in the company's zone. */
export function revenueProjectionIn(calendar: ZonedCalendar): TableProjection<RevenueQuery, RevenueAnswer> {
  return {
    kind: 'tables',
    name: 'revenue',
    version: zonedVersion(4, calendar),
    eventTypes: handledEventTypes(REVENUE_HANDLERS),
    tables: REVENUE_TABLES,
    apply: revenueApplier(REVENUE_SETTLE_ONE_IN, calendar),
    query: (db, query, context) => queryRevenue(db, query, context, calendar),
  };
}

export const revenueProjection = revenueProjectionIn(calendarOf(undefined));
