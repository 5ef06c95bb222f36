import { commissionOn, type Department } from '@ledger/domain';
import type { ColumnSpec, TableSpec } from '@ledger/event-store';

import { type ColumnMerges, integer, mergedTable, text } from '../shared/columns';
import { applyWith, type EventHandlers } from '../shared/event-handlers';
import type { ProjectedEvent } from '../shared/projection';
import type { RowWriter } from '../shared/row-buffer';
import { calendarOf, type ZonedCalendar } from '../shared/time-zone';

/**
 * Revenue as tables: every order as a fact, every commission plan, and the
 * orders summed per month and department or employee, and per day and
 * department (rollups, merged by adding).
 *
 * Commission is rounded per order under the department's plan in force at the
 * order's business time, and `apply` cannot read the plans. So the rollups'
 * commission is settled in batches: SQL after everything written before it
 * looks up each new order's plan, a rewrite rounds its commission with
 * commissionOn, and SQL adds it to the rollups. A settlement after every order
 * would cost several statements per order and cut the rollups' merging in the
 * row buffer short, so one runs after about one order in
 * REVENUE_SETTLE_ONE_IN (chosen by position, so the same orders settle whether
 * the log is applied live or rebuilt, in whatever batches), and after every
 * plan. A query rounds the commission of the orders since the last settlement
 * itself.
 */

/** About one order in this many settles the commission. */
export const REVENUE_SETTLE_ONE_IN = 512;

const DEPARTMENT = text(
  'department',
  'The department credited: the one in the event (ClientWon: the winning department; ReorderPlaced: creditedDepartment).',
);
const EMPLOYEE = text('employee_id', 'The employee credited: the winning rep (first order) or the employee who took the reorder.');
const CURRENCY = text('currency', 'ISO 4217 currency code of the amounts; amounts in different currencies are never added up.');

/** The sums a rollup keeps per unit of time. */
const sums = (unit: string): ColumnSpec[] => [
  integer('new_revenue', `First orders' amounts (ClientWon) of the ${unit}, minor units.`),
  integer('repeat_revenue', `Reorders' amounts (ReorderPlaced) of the ${unit}, minor units.`),
  integer('orders', `Orders of the ${unit}, first orders and reorders.`),
  integer(
    'commission',
    `Commission of the ${unit}'s orders up to the last settlement (commission_settled), minor units: each order's amount at the rate of ` +
      "its department's plan in force at its business time, as every plan recorded so far says, rounded half to even per order.",
  ),
  text('first_recorded_at', `When the ledger stored the ${unit}'s first-recorded order, ISO 8601 UTC.`),
  text('last_recorded_at', `When the ledger stored the ${unit}'s last-recorded order, ISO 8601 UTC.`),
];
/** How a rollup's sums merge: amounts and counts add up, the record times widen. */
const SUMS_MERGES: ColumnMerges = {
  add: ['new_revenue', 'repeat_revenue', 'orders', 'commission'],
  min: ['first_recorded_at'],
  max: ['last_recorded_at'],
};

const MONTH = text('month', 'Business month of the orders in the company time zone (LEDGER_TIME_ZONE), "2024-03".');
const DAY = text('day', 'Business day of the orders in the company time zone (LEDGER_TIME_ZONE), "2024-03-05".');

/** A rollup: the orders summed per unit of time (its first column, MONTH or DAY) and key, keyed by both. */
function rollupTable(name: string, summedPer: string, unit: ColumnSpec, key: readonly ColumnSpec[]): TableSpec {
  return mergedTable({
    name,
    description: `Orders summed per business ${unit.name} (company time zone), ${summedPer}.`,
    columns: [unit, ...key, ...sums(unit.name)],
    merges: SUMS_MERGES,
    primaryKey: [unit.name, ...key.map((column) => column.name)],
  });
}

export const REVENUE_TABLES: readonly TableSpec[] = [
  {
    name: 'orders',
    description: 'Every order, one row per ClientWon (its first order) or ReorderPlaced, as recorded; never changed.',
    columns: [
      integer('position', "The event's global position in the log."),
      text('occurred_at', 'Business time of the order, ISO 8601 UTC.'),
      text('recorded_at', 'When the ledger stored the event, ISO 8601 UTC.'),
      MONTH,
      DAY,
      text('kind', "`new` (a client's first order, ClientWon) or `repeat` (ReorderPlaced)."),
      text('client_id', 'The ordering client.'),
      text('order_id', 'The order.'),
      DEPARTMENT,
      EMPLOYEE,
      CURRENCY,
      integer('amount', "The order's total, minor units of the currency."),
    ],
    primaryKey: ['position'],
    indexes: [['occurred_at']],
  },
  {
    name: 'commission_plans',
    description: "Every commission plan set (CommissionPlanSet): a department's rate from a business time on, until its next plan.",
    columns: [
      integer('position', "The event's global position in the log."),
      text('department', 'The department the plan is for.'),
      text('effective_from', 'Business time from which the plan is in force, ISO 8601 UTC.'),
      integer('rate_basis_points', 'Commission rate, basis points of the order amount (10,000 = 100 %).'),
      text('occurred_at', 'Business time the plan was set, ISO 8601 UTC.'),
      text('recorded_at', 'When the ledger stored the event, ISO 8601 UTC.'),
    ],
    primaryKey: ['position'],
    // A settlement looks up each order's plan in force.
    indexes: [['department', 'effective_from', 'position']],
  },
  mergedTable({
    name: 'commission_settled',
    description:
      "How far the rollups' commission is settled: one row. Orders after it count in the rollups' revenue but not yet in their commission.",
    columns: [integer('id', 'Always 1.'), integer('through_position', 'The log position up to which every order is settled.')],
    merges: { max: ['through_position'] },
    primaryKey: ['id'],
  }),
  {
    name: 'commission_queue',
    description: "A settlement's working table: the orders being settled, with their plan and commission. Empty between settlements.",
    columns: [
      integer('position', "The order's event position in the log."),
      text('occurred_at', 'Business time of the order, ISO 8601 UTC.'),
      MONTH,
      DAY,
      DEPARTMENT,
      EMPLOYEE,
      CURRENCY,
      integer('amount', "The order's total, minor units."),
      text('plan_effective_from', 'effectiveFrom of the plan in force at the order (null: none).'),
      integer('rate_basis_points', "That plan's rate, basis points (null: none, so no commission)."),
      integer('commission', "The order's commission, minor units, rounded half to even."),
    ],
    primaryKey: ['position'],
  },
  rollupTable('monthly_department_totals', 'credited department and currency', MONTH, [DEPARTMENT, CURRENCY]),
  rollupTable('daily_department_totals', 'credited department and currency', DAY, [DEPARTMENT, CURRENCY]),
  rollupTable('monthly_employee_totals', 'credited department, credited employee and currency', MONTH, [DEPARTMENT, EMPLOYEE, CURRENCY]),
];

/** The rollups: their table, the column naming the unit of time (in the company time zone), and their key. */
export const REVENUE_ROLLUPS = [
  { table: 'monthly_department_totals', unit: 'month', key: ['department', 'currency'] },
  { table: 'daily_department_totals', unit: 'day', key: ['department', 'currency'] },
  { table: 'monthly_employee_totals', unit: 'month', key: ['department', 'employee_id', 'currency'] },
] as const;

/**
 * The projection's handlers, settling commission after about one order in
 * `settleOneIn` (1: after every order), with months and days in the calendar's zone.
 */
export function revenueHandlers(settleOneIn = REVENUE_SETTLE_ONE_IN, calendar = calendarOf(undefined)): EventHandlers<RowWriter> {
  // The top bits of a multiplicative hash: positions in any regular pattern still settle about one in settleOneIn.
  const settlesAfter = (position: number) => (Math.imul(position, 0x9e3779b1) >>> 0) / 2 ** 32 < 1 / settleOneIn;
  return {
    ClientWon: (rows, event) => {
      const { clientId, department, repId, firstOrder } = event.data;
      addOrder(rows, calendar, event, {
        kind: 'new',
        clientId,
        orderId: firstOrder.orderId,
        department,
        employeeId: repId,
        ...firstOrder.total,
      });
      if (settlesAfter(event.position)) settleCommission(rows, event.position);
    },
    ReorderPlaced: (rows, event) => {
      const { clientId, orderId, creditedDepartment, takenBy, total } = event.data;
      addOrder(rows, calendar, event, { kind: 'repeat', clientId, orderId, department: creditedDepartment, employeeId: takenBy, ...total });
      if (settlesAfter(event.position)) settleCommission(rows, event.position);
    },
    CommissionPlanSet: (rows, event) => setPlan(rows, calendar, event, event.data),
  };
}

export const REVENUE_HANDLERS = revenueHandlers();

/** The projection's apply, settling commission after about one order in `settleOneIn` (1: after every order). */
export const revenueApplier = (
  settleOneIn = REVENUE_SETTLE_ONE_IN,
  calendar = calendarOf(undefined),
): ((rows: RowWriter, event: ProjectedEvent) => void) => applyWith(revenueHandlers(settleOneIn, calendar));

export const applyToRevenue = applyWith(REVENUE_HANDLERS);

interface Order {
  readonly kind: 'new' | 'repeat';
  readonly clientId: string;
  readonly orderId: string;
  readonly department: Department;
  readonly employeeId: string;
  readonly currency: string;
  readonly amount: number;
}

function addOrder(rows: RowWriter, calendar: ZonedCalendar, event: ProjectedEvent, order: Order): void {
  const { position, occurredAt, recordedAt } = event;
  const { kind, department, employeeId, currency, amount } = order;
  const month = calendar.monthOf(occurredAt);
  const day = calendar.dayOf(occurredAt);
  rows.upsert('orders', {
    position,
    occurred_at: occurredAt,
    recorded_at: recordedAt,
    month,
    day,
    kind,
    client_id: order.clientId,
    order_id: order.orderId,
    department,
    employee_id: employeeId,
    currency,
    amount,
  });
  const added = {
    department,
    currency,
    new_revenue: kind === 'new' ? amount : 0,
    repeat_revenue: kind === 'repeat' ? amount : 0,
    orders: 1,
    commission: 0,
    first_recorded_at: recordedAt,
    last_recorded_at: recordedAt,
  };
  rows.upsert('monthly_department_totals', { month, ...added });
  rows.upsert('daily_department_totals', { day, ...added });
  rows.upsert('monthly_employee_totals', { month, employee_id: employeeId, ...added });
}

/** Orders after the last settlement. */
export const UNSETTLED_REVENUE_ORDERS = 'position > COALESCE((SELECT MAX(through_position) FROM {commission_settled}), 0)';
const QUEUED_COLUMNS = 'position, occurred_at, month, day, department, employee_id, currency, amount';

/**
 * A plan changes the commission of its department's orders from its effectiveFrom
 * on, whenever it is recorded. The rollups keep no per-order commission to take
 * back, so the department's commission from the plan's month on is counted anew:
 * set to zero, its settled orders queued again, the queue settled.
 */
function setPlan(
  rows: RowWriter,
  calendar: ZonedCalendar,
  event: ProjectedEvent,
  plan: { department: Department; rateBasisPoints: number; effectiveFrom: string },
): void {
  const { department, rateBasisPoints, effectiveFrom } = plan;
  rows.upsert('commission_plans', {
    position: event.position,
    department,
    effective_from: effectiveFrom,
    rate_basis_points: rateBasisPoints,
    occurred_at: event.occurredAt,
    recorded_at: event.recordedAt,
  });
  // "2024-03" sorts before every day of March.
  const fromMonth = calendar.monthOf(effectiveFrom);
  for (const { table, unit } of REVENUE_ROLLUPS)
    rows.statement(`UPDATE {${table}} SET commission = 0 WHERE department = ? AND ${unit} >= ?`, [department, fromMonth]);
  rows.statement(
    `INSERT INTO {commission_queue} (${QUEUED_COLUMNS}) SELECT ${QUEUED_COLUMNS} FROM {orders} WHERE department = ? AND occurred_at >= ? AND NOT (${UNSETTLED_REVENUE_ORDERS})`,
    [department, calendar.monthStart(fromMonth)],
  );
  settleCommission(rows, event.position);
}

/** The plan in force at a queued order: the latest effectiveFrom not after its business time (of two at once, the later recorded). */
const planInForce = (column: string) =>
  `(SELECT p.${column} FROM {commission_plans} p WHERE p.department = {commission_queue}.department AND p.effective_from <= {commission_queue}.occurred_at ` +
  'ORDER BY p.effective_from DESC, p.position DESC LIMIT 1)';

/** Adds the commission of the orders after the last settlement, and of any queued again, to the rollups. */
function settleCommission(rows: RowWriter, position: number): void {
  rows.statement(
    `INSERT INTO {commission_queue} (${QUEUED_COLUMNS}) SELECT ${QUEUED_COLUMNS} FROM {orders} WHERE ${UNSETTLED_REVENUE_ORDERS}`,
  );
  rows.statement(
    `UPDATE {commission_queue} SET plan_effective_from = ${planInForce('effective_from')}, rate_basis_points = ${planInForce('rate_basis_points')}`,
  );
  // Rounded by the domain's own rule, exact for any amount.
  rows.rewrite('commission_queue', 'commission IS NULL', [], (order) => ({
    commission:
      order.rate_basis_points === null
        ? 0
        : commissionOn(order.amount as number, {
            rateBasisPoints: order.rate_basis_points as number,
            effectiveFrom: order.plan_effective_from as string,
          }),
  }));
  for (const { table, unit, key } of REVENUE_ROLLUPS) {
    const matches = [`{${table}}.${unit} = settled.unit`, ...key.map((column) => `{${table}}.${column} = settled.${column}`)].join(' AND ');
    rows.statement(
      `UPDATE {${table}} SET commission = {${table}}.commission + settled.commission FROM (` +
        `SELECT ${unit} AS unit, ${key.join(', ')}, SUM(commission) AS commission FROM {commission_queue} ` +
        `GROUP BY ${unit}, ${key.join(', ')}) AS settled WHERE ${matches}`,
    );
  }
  rows.statement('DELETE FROM {commission_queue}');
  rows.upsert('commission_settled', { id: 1, through_position: position });
}
