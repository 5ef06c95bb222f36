import { handledEventTypes } from '../shared/event-handlers';
import type { TableProjection } from '../shared/projection';
import { applyToRetention, RETENTION_HANDLERS, RETENTION_TABLES } from './retention.projection';
import { queryRetention, type RetentionAnswer, type RetentionQuery } from './retention.query';

export * from './retention.projection';
export * from './retention.query';

/** Monthly cohorts of won clients: repeat purchases, revenue retention, churn and clients at risk. */
export const retentionProjection: TableProjection<RetentionQuery, RetentionAnswer> = {
  kind: 'tables',
  name: 'retention',
  version: 3,
  eventTypes: handledEventTypes(RETENTION_HANDLERS),
  tables: RETENTION_TABLES,
  apply: applyToRetention,
  query: queryRetention,
};
