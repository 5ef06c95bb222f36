import type { ColumnMerge, ColumnSpec, TableSpec } from '@ledger/event-store';

/** A read-model column in one line: its name and what it means (the README's schema shows it). */
export const text = (name: string, description: string): ColumnSpec => ({ name, type: 'text', description });

/** Like text, for an integer column (counts, minor units, positions, milliseconds). */
export const integer = (name: string, description: string): ColumnSpec => ({ name, type: 'integer', description });

/** The columns a row written again for its key merges otherwise than by taking the new value, by merge. */
export type ColumnMerges = Readonly<Partial<Record<Exclude<ColumnMerge, 'set'>, readonly string[]>>>;

/**
 * A table whose `merges` say, beside its columns, which of them a row written again for its key keeps,
 * adds up, or takes the smaller or larger of (the others take the new value): one rule read as one list,
 * as the table's key and indexes are. A name that is not a column of the table is a mistake, refused here.
 */
export function mergedTable({ merges, ...table }: TableSpec & { readonly merges: ColumnMerges }): TableSpec {
  const mergeByColumn = new Map<string, ColumnMerge>();
  for (const [merge, names] of Object.entries(merges) as Array<[ColumnMerge, readonly string[]]>) {
    for (const name of names) {
      if (!table.columns.some((column) => column.name === name)) throw new Error(`table ${table.name} has no column ${name} to ${merge}`);
      mergeByColumn.set(name, merge);
    }
  }
  return {
    ...table,
    columns: table.columns.map((column) => {
      const merge = mergeByColumn.get(column.name);
      return merge === undefined ? column : { name: column.name, type: column.type, merge, description: column.description };
    }),
  };
}
