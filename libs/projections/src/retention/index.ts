import { handledEventTypes } from '../shared/event-handlers';
import type { TableProjection } from '../shared/projection';
import { calendarOf, type ZonedCalendar, zonedVersion } from '../shared/time-zone';
import { RETENTION_HANDLERS, RETENTION_TABLES, retentionApplier } from './retention.projection';
import { queryRetention, type RetentionAnswer, type RetentionQuery } from './retention.query';

export * from './retention.projection';
export * from './retention.query';

/** Monthly cohorts of won clients: repeat purchases, revenue retention, churn and clients at risk; rollups in the company's zone. */
export function retentionProjectionIn(calendar: ZonedCalendar): TableProjection<RetentionQuery, RetentionAnswer> {
  return {
    kind: 'tables',
    name: 'retention',
    version: zonedVersion(4, calendar),
    eventTypes: handledEventTypes(RETENTION_HANDLERS),
    tables: RETENTION_TABLES,
    apply: retentionApplier(calendar),
    query: (db, query, context) => queryRetention(db, query, context, calendar),
  };
}

export const retentionProjection = retentionProjectionIn(calendarOf(undefined));
