import type { SqlValue } from '@ledger/event-store';

/** A piece of SQL with its `?` parameters, in the order they appear in the text. */
export interface SqlFragment {
  readonly text: string;
  readonly params: readonly SqlValue[];
}

/** SQL text as it is, without parameters (column names, literals). */
export const raw = (text: string): SqlFragment => ({ text, params: [] });

const isFragment = (value: SqlValue | SqlFragment): value is SqlFragment => typeof value === 'object' && value !== null;

/** SQL with values as `?` parameters and fragments inlined, so a statement built in pieces keeps its parameters in order. */
export function sql(strings: TemplateStringsArray, ...values: Array<SqlValue | SqlFragment>): SqlFragment {
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
export function joined(fragments: readonly SqlFragment[], separator: string, empty: string): SqlFragment {
  if (fragments.length === 0) return { text: empty, params: [] };
  return { text: fragments.map((fragment) => fragment.text).join(separator), params: fragments.flatMap((fragment) => fragment.params) };
}

/** Conditions joined by AND; always true when there are none. */
export const allOf = (conditions: readonly SqlFragment[]): SqlFragment => joined(conditions, ' AND ', '1 = 1');
