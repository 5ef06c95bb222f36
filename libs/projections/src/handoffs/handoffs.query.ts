import type { Department } from '@ledger/domain';
import type { PolicyRule, ReadModelReader, SqlValue } from '@ledger/event-store';

import type { Period } from '../shared/calendar';
import type { AnswerContext } from '../shared/projection';
import { historicalBounds, periodBounds } from '../shared/sql-bounds';
import type { HandoffRecord } from './handoffs.projection';

export interface HandoffsQuery {
  readonly clientId?: string;
  /** Handoffs this employee gave, received or did (as the acting user). */
  readonly employeeId?: string;
  /** Handoffs from or to this department. */
  readonly department?: Department;
  /** On business time (occurredAt), half-open [from, to). */
  readonly period: Period;
  /** The zone the period's days were read in (the trail itself has no days). */
  readonly timeZone?: string;
}

/** A row of the trail: the handoff as recorded. */
export type HandoffRow = HandoffRecord;

export interface HandoffsAnswer {
  /** Oldest first: by business time, then by position in the log. */
  readonly handoffs: HandoffRow[];
}

interface StoredHandoff {
  position: number;
  event_id: string;
  kind: HandoffRecord['kind'];
  occurred_at: string;
  recorded_at: string;
  client_id: string;
  from_department: Department;
  from_employee_id: string;
  to_department: Department;
  to_employee_id: string;
  actor_type: 'user' | 'policy';
  actor_id: string;
  actor_role: string | null;
  reason: string;
  rule: string | null;
  correlation_id: string;
  causation_id: string;
}

export async function queryHandoffs(db: ReadModelReader, query: HandoffsQuery, context: AnswerContext): Promise<HandoffsAnswer> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const filter = (condition: string, ...values: SqlValue[]) => {
    where.push(condition);
    params.push(...values);
  };
  if (query.clientId !== undefined) filter('client_id = ?', query.clientId);
  if (query.department !== undefined) filter('(from_department = ? OR to_department = ?)', query.department, query.department);
  if (query.employeeId !== undefined) {
    filter(
      "(from_employee_id = ? OR to_employee_id = ? OR (actor_type = 'user' AND actor_id = ?))",
      query.employeeId,
      query.employeeId,
      query.employeeId,
    );
  }
  periodBounds('occurred_at', query.period, filter);
  historicalBounds(context, filter);
  const rows = await db.all<StoredHandoff>(
    `SELECT * FROM {handoffs}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY occurred_at, position`,
    params,
  );
  return { handoffs: rows.map(toHandoffRow) };
}

function toHandoffRow(row: StoredHandoff): HandoffRow {
  return {
    position: row.position,
    eventId: row.event_id,
    kind: row.kind,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    clientId: row.client_id,
    from: { department: row.from_department, employeeId: row.from_employee_id },
    to: { department: row.to_department, employeeId: row.to_employee_id },
    actor: row.actor_type === 'user' ? { type: 'user', id: row.actor_id, role: row.actor_role } : { type: 'policy', name: row.actor_id },
    reason: row.reason,
    rule: row.rule === null ? null : (JSON.parse(row.rule) as PolicyRule),
    correlationId: row.correlation_id,
    causationId: row.causation_id,
  };
}
