import { documentProjectionOf } from '../../../shared/event-handlers';
import { REVENUE_DOCUMENT_HANDLERS, revenueDocuments } from './revenue.projection';
import { queryRevenue } from './revenue.query';

export * from './revenue.projection';
export * from './revenue.query';

/** New and repeat revenue and commissions per month and department or employee, and the sales:client ratio. */
export const revenueProjection = documentProjectionOf({
  name: 'revenue',
  version: 2,
  handlers: REVENUE_DOCUMENT_HANDLERS,
  view: revenueDocuments,
  query: queryRevenue,
});
