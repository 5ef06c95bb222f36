import type { SqlValue } from '@ledger/event-store';

/** A piece of SQL with its `?` parameters, in the order they appear in the text: pieces compose without losing count of them. */
export interface SqlFragment {
  readonly text: string;
  readonly params: readonly SqlValue[];
}

/** SQL text as it is, without parameters (names and fixed expressions the code chooses, never data). */
export const raw = (text: string): SqlFragment => ({ text, params: [] });

const isFragment = (value: unknown): value is SqlFragment =>
  typeof value === 'object' && value !== null && 'text' in value && 'params' in value;

/** SQL with its values as `?` parameters and fragments inlined with theirs: sql`a = ${1} AND ${fragment}`. */
export function sql(strings: TemplateStringsArray, ...values: ReadonlyArray<SqlFragment | SqlValue>): SqlFragment {
  let text = strings[0]!;
  const params: SqlValue[] = [];
  values.forEach((value, at) => {
    if (isFragment(value)) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[at + 1]!;
  });
  return { text, params };
}

/** The fragments joined by `separator`; `empty` when there are none. */
export function joined(fragments: readonly SqlFragment[], separator: string, empty = ''): SqlFragment {
  if (fragments.length === 0) return raw(empty);
  return { text: fragments.map((fragment) => fragment.text).join(separator), params: fragments.flatMap((fragment) => fragment.params) };
}

/** Every condition, each in parentheses (true when there is none). */
export const allOf = (conditions: readonly SqlFragment[]): SqlFragment =>
  joined(
    conditions.map((condition) => sql`(${condition})`),
    ' AND ',
    '1 = 1',
  );
