import { type EventHandlers, handlerOf } from '../shared/event-handlers';
import type { ProjectedEvent } from '../shared/projection';
import type { RowWriter } from '../shared/row-buffer';
import { calendarOf, type ZonedCalendar } from '../shared/time-zone';
import { recordEpoch, rollUpDue, rollUpStatements } from './retention.rollups';

export { RETENTION_TABLES } from './retention.tables';

/** The handlers, with cohorts and months in the calendar's zone (the company's). */
export const retentionHandlers = (calendar: ZonedCalendar): EventHandlers<RowWriter> => ({
  ClientWon: (rows, event) => {
    const { clientId, firstOrder } = event.data;
    // A second ClientWon of a client (which a valid log never holds) restarts its row.
    rows.upsert('clients', {
      client_id: clientId,
      cohort: calendar.monthOf(event.occurredAt),
      won_at: event.occurredAt,
      recorded_at: event.recordedAt,
      position: event.position,
      last_order_at: event.occurredAt,
      last_recorded_at: event.recordedAt,
      lost_at: null,
      lost_month: null,
      lost_recorded_at: null,
      lost_position: null,
    });
    writeOrder(rows, calendar, event, clientId, 'first', firstOrder.total);
  },
  ReorderPlaced: (rows, event) => {
    const { clientId, total } = event.data;
    writeOrder(rows, calendar, event, clientId, 'reorder', total);
    // Only a won client's row: a reorder of a client never won is not counted (and never in a valid log).
    rows.update('clients', { client_id: clientId, last_order_at: event.occurredAt, last_recorded_at: event.recordedAt });
  },
  ClientLost: (rows, event) => {
    rows.update('clients', {
      client_id: event.data.clientId,
      lost_at: event.occurredAt,
      lost_month: calendar.monthOf(event.occurredAt),
      lost_recorded_at: event.recordedAt,
      lost_position: event.position,
    });
  },
});

export const RETENTION_HANDLERS = retentionHandlers(calendarOf(undefined));

/** Records the facts of the event, and every few hundred events sums the facts since the last time into the rollups. */
export const retentionApplier =
  (calendar: ZonedCalendar) =>
  (rows: RowWriter, event: ProjectedEvent): void =>
    applyWithRollups(retentionHandlers(calendar), rows, event);

function applyWithRollups(handlers: EventHandlers<RowWriter>, rows: RowWriter, event: ProjectedEvent): void {
  const handle = handlerOf(handlers, event);
  if (!handle) return;
  handle(rows, event);
  const { position, recordedAt } = event;
  rows.upsert('epochs', {
    epoch: recordEpoch(position),
    first_position: position,
    last_position: position,
    recorded_min: recordedAt,
    recorded_max: recordedAt,
  });
  if (rollUpDue(position)) {
    for (const [sql, params] of rollUpStatements()) rows.statement(sql, params);
    rows.upsert('rollup_mark', { id: 1, through: position });
  }
}

function writeOrder(
  rows: RowWriter,
  calendar: ZonedCalendar,
  event: ProjectedEvent,
  clientId: string,
  kind: 'first' | 'reorder',
  total: { amount: number; currency: string },
): void {
  rows.upsert('orders', {
    position: event.position,
    client_id: clientId,
    kind,
    occurred_at: event.occurredAt,
    month: calendar.monthOf(event.occurredAt),
    recorded_at: event.recordedAt,
    currency: total.currency,
    amount: total.amount,
  });
}
