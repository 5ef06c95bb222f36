import type { RetentionAnswer, RetentionQuery } from '../../../retention/retention.query';
import type { DocumentProjection } from '../../../shared/projection';
import { applyToRetention } from './retention.projection';
import { queryRetention } from './retention.query';

export * from './retention.projection';
export * from './retention.query';

/** Monthly cohorts of won clients: repeat purchases, revenue retention, churn and clients at risk. */
export const retentionProjection: DocumentProjection<RetentionQuery, RetentionAnswer> = {
  name: 'retention',
  version: 2,
  eventTypes: ['ClientWon', 'ReorderPlaced', 'ClientLost'],
  apply: applyToRetention,
  query: queryRetention,
};
