import type { HandoffRecord } from '../../../handoffs/handoffs.projection';
import type { HandoffRow, HandoffsAnswer, HandoffsQuery } from '../../../handoffs/handoffs.query';
import { inPeriod } from '../../../shared/calendar';
import type { QueryContext } from '../../../shared/projection';
import { handoffsDocuments } from './handoffs.projection';

export function queryHandoffs({ model }: QueryContext, query: HandoffsQuery): HandoffsAnswer {
  const rows: HandoffRow[] = [];
  for (const record of handoffsDocuments(model).handoffs.values()) {
    if (matches(record, query)) rows.push(rowOf(record));
  }
  rows.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.position - b.position));
  return { handoffs: rows };
}

function matches(record: HandoffRecord, { clientId, employeeId, department, period }: HandoffsQuery): boolean {
  if (clientId !== undefined && record.clientId !== clientId) return false;
  if (department !== undefined && record.from.department !== department && record.to.department !== department) return false;
  if (employeeId !== undefined && !involves(record, employeeId)) return false;
  return inPeriod(record.occurredAt, period);
}

const involves = (record: HandoffRecord, employeeId: string): boolean =>
  record.from.employeeId === employeeId ||
  record.to.employeeId === employeeId ||
  (record.actor.type === 'user' && record.actor.id === employeeId);

/** A copy of the record, so a caller changing an answer cannot change the read model. */
function rowOf(record: HandoffRecord): HandoffRow {
  return { ...record, from: { ...record.from }, to: { ...record.to }, actor: { ...record.actor } };
}
