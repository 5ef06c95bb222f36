import type { ColumnMerge, ColumnSpec } from '@ledger/event-store';

/**
 * A read-model column in one line: its name, what it means (the README's schema shows it), and how a row
 * written again for its key merges it (default `set`, as ColumnSpec says).
 */
export const text = (name: string, description: string, merge?: ColumnMerge): ColumnSpec => columnOf(name, 'text', description, merge);

/** Like text, for an integer column (counts, minor units, positions, milliseconds). */
export const integer = (name: string, description: string, merge?: ColumnMerge): ColumnSpec =>
  columnOf(name, 'integer', description, merge);

function columnOf(name: string, type: ColumnSpec['type'], description: string, merge: ColumnMerge | undefined): ColumnSpec {
  return merge === undefined ? { name, type, description } : { name, type, merge, description };
}
