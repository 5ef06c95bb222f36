import type { ReadAllOptions } from './event-store';

/** One bound of a log read as SQL: a column, how it compares, the value; `asText` times compare as plain text. */
export interface ReadAllCondition {
  readonly column: 'position' | 'stream_id' | 'occurred_at' | 'recorded_at';
  readonly operator: '=' | '<=' | '>=';
  readonly value: string | number;
  /** occurred_at and recorded_at hold normalised UTC ISO 8601 text (toISOString), so text order is time order. */
  readonly asText: boolean;
}

/**
 * The bounds of a readAll beyond `after`, `limit` and `types`, in one order for both SQL
 * stores (so one shape of read is one statement text).
 */
export function readAllConditions(options: ReadAllOptions): ReadAllCondition[] {
  const conditions: ReadAllCondition[] = [];
  const add = (column: ReadAllCondition['column'], operator: ReadAllCondition['operator'], value: string | number | undefined) => {
    if (value !== undefined) conditions.push({ column, operator, value, asText: column === 'occurred_at' || column === 'recorded_at' });
  };
  add('position', '<=', options.upToPosition);
  add('stream_id', '=', options.streamId);
  add('occurred_at', '>=', options.occurredFrom);
  add('occurred_at', '<=', options.occurredUpTo);
  add('recorded_at', '>=', options.recordedFrom);
  add('recorded_at', '<=', options.recordedUpTo);
  return conditions;
}
