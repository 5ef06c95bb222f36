import type { ColumnSpec, TableSpec } from '@ledger/event-store';

import { integer, mergedTable, text } from '../shared/columns';
import { EVENT_COLUMNS } from '../shared/event-columns';

const cohort: ColumnSpec = text(
  'cohort',
  'The calendar month the clients were won in, in the company time zone (LEDGER_TIME_ZONE), "2024-03".',
);
const monthOffset: ColumnSpec = integer('month_offset', 'Calendar months from the cohort month (0 = the cohort month).');
const epoch: ColumnSpec = integer('epoch', 'The stretch of log positions the facts were recorded in (see the epochs table).');

/**
 * The facts (won clients, their orders, their losses, each with business time,
 * record time and log position) answer any historical bound. The per-cohort
 * rollups are summed from the facts every few hundred events (a reorder names
 * its client, not the client's cohort, so apply cannot add it up itself); split
 * by the month of the facts and the stretch of the log they were recorded in,
 * they serve the live answer, the months before an asOf and the stretches an
 * asKnownAt knows whole.
 */
export const RETENTION_TABLES: readonly TableSpec[] = [
  mergedTable({
    name: 'clients',
    description: 'One row per won client: its win, its latest order and its loss, if lost.',
    columns: [
      text('client_id', 'The client.'),
      { ...cohort, description: 'The calendar month of its ClientWon in the company time zone, "2024-03".' },
      text('won_at', 'Business time of its ClientWon, ISO 8601 UTC.'),
      text('recorded_at', 'When the ledger stored its ClientWon, ISO 8601 UTC.'),
      integer('position', "Its ClientWon's global position in the log."),
      text('last_order_at', 'Business time of its latest order (the first order included), ISO 8601 UTC.'),
      text('last_recorded_at', 'When the ledger stored its latest order, ISO 8601 UTC.'),
      text('lost_at', 'Business time of its ClientLost, ISO 8601 UTC; null while not lost.'),
      text('lost_month', 'The calendar month of lost_at in the company time zone; null while not lost.'),
      text('lost_recorded_at', 'When the ledger stored its ClientLost, ISO 8601 UTC; null while not lost.'),
      integer('lost_position', "Its ClientLost's global position in the log; null while not lost."),
    ],
    merges: { max: ['last_order_at', 'last_recorded_at'] },
    primaryKey: ['client_id'],
    // won_at: periods and the cohort of the asOf month; lost_position: losses not rolled up yet; the clients not lost
    // by their latest order, with what the live answer reads of them: clients at risk without reading the rows.
    indexes: [['won_at'], ['lost_position'], ['lost_at', 'last_order_at', 'client_id', 'cohort', 'won_at', 'recorded_at']],
  }),
  {
    name: 'orders',
    description: "Every order of a won client, one row per event: the first order (ClientWon's) and every reorder, never changed.",
    columns: [
      EVENT_COLUMNS.position,
      text('client_id', 'The ordering client.'),
      text('kind', '`first` (the order of the ClientWon) or `reorder` (ReorderPlaced).'),
      EVENT_COLUMNS.occurredAt,
      text('month', 'The calendar month of occurred_at in the company time zone, "2024-05".'),
      EVENT_COLUMNS.recordedAt,
      text('currency', 'ISO 4217 currency of the order total.'),
      integer('amount', 'The order total, in minor units of its currency.'),
    ],
    primaryKey: ['position'],
    // A client's orders of a month or up to a bound; the orders of the month of asOf.
    indexes: [['client_id', 'occurred_at'], ['occurred_at']],
  },
  mergedTable({
    name: 'cohort_months',
    description:
      'Rollup of the orders up to rollup_mark.through, per cohort, month offset, currency and epoch: clients won, clients ordering, revenue. Orders after the mark are not in it yet.',
    columns: [
      cohort,
      monthOffset,
      text('currency', 'ISO 4217 currency of the orders.'),
      epoch,
      text('month', 'The calendar month cohort + month_offset (company time zone), "2024-05".'),
      integer('won', 'Clients won whose first order is counted in this row (only at offset 0).'),
      integer(
        'retained',
        'Clients whose first order of the month is counted in this row: summed over currencies and epochs, the clients with any order that month.',
      ),
      integer('amount', 'Sum of the order totals, in minor units of the currency.'),
    ],
    merges: { add: ['won', 'retained', 'amount'] },
    primaryKey: ['cohort', 'month_offset', 'currency', 'epoch'],
  }),
  mergedTable({
    name: 'cohort_losses',
    description:
      'Rollup of the losses up to rollup_mark.through, per cohort, month offset of the loss and epoch. Losses after the mark are not in it yet.',
    columns: [
      cohort,
      { ...monthOffset, description: 'Calendar months from the cohort month to the month of the loss.' },
      epoch,
      text('month', 'The calendar month of the loss (company time zone), "2024-05".'),
      integer('lost', 'Clients lost (ClientLost).'),
    ],
    merges: { add: ['lost'] },
    primaryKey: ['cohort', 'month_offset', 'epoch'],
  }),
  mergedTable({
    name: 'epochs',
    description: 'The stretches of log positions the rollups are parted by: which facts each holds, and when they were recorded.',
    columns: [
      integer('epoch', 'Positions 16 × epoch to 16 × epoch + 15 below 4,096; from 4,096 on, 32,768 positions each.'),
      integer('first_position', 'The first log position of a fact in it.'),
      integer('last_position', 'The last log position of a fact in it.'),
      text('recorded_min', 'Earliest record time of a fact in it, ISO 8601 UTC.'),
      text('recorded_max', 'Latest record time of a fact in it, ISO 8601 UTC: an asKnownAt from then on knows it whole.'),
    ],
    merges: { min: ['first_position', 'recorded_min'], max: ['last_position', 'recorded_max'] },
    primaryKey: ['epoch'],
  }),
  {
    name: 'rollup_mark',
    description: 'One row (id 1): how far the rollups have summed the facts.',
    columns: [integer('id', 'Always 1.'), integer('through', 'The rollups hold exactly the facts at log positions up to this one.')],
    primaryKey: ['id'],
  },
];
