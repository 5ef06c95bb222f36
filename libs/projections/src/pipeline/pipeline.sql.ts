import type { SqlValue } from '@ledger/event-store';

/** A piece of SQL and its `?` parameters, in text order. */
export interface SqlPart {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

const isPart = (value: unknown): value is SqlPart => typeof value === 'object' && value !== null && 'sql' in value && 'params' in value;

/** SQL text with its pieces spliced in and its values as parameters: sql`a = ${1} AND ${part}`. */
export function sql(strings: TemplateStringsArray, ...values: ReadonlyArray<SqlPart | SqlValue>): SqlPart {
  let text = strings[0]!;
  const params: SqlValue[] = [];
  values.forEach((value, at) => {
    if (isPart(value)) {
      text += value.sql;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[at + 1]!;
  });
  return { sql: text, params };
}

/** SQL text without parameters (names and keywords the code chooses, never values). */
export const raw = (text: string): SqlPart => ({ sql: text, params: [] });

/** The parts joined by a separator; `empty` when there are none. */
export function joined(parts: readonly SqlPart[], separator: string, empty = ''): SqlPart {
  if (parts.length === 0) return raw(empty);
  return { sql: parts.map((part) => part.sql).join(separator), params: parts.flatMap((part) => part.params) };
}
