import { documentProjectionOf } from '../../../shared/event-handlers';
import { RETENTION_DOCUMENT_HANDLERS, retentionDocuments } from './retention.projection';
import { queryRetention } from './retention.query';

export * from './retention.projection';
export * from './retention.query';

/** Monthly cohorts of won clients: repeat purchases, revenue retention, churn and clients at risk. */
export const retentionProjection = documentProjectionOf({
  name: 'retention',
  version: 2,
  handlers: RETENTION_DOCUMENT_HANDLERS,
  view: retentionDocuments,
  query: queryRetention,
});
