import { generationTableName, type ProjectionStore, type SqlValue, type TableSpec } from '@ledger/event-store';

import { keepsTables, type ProjectionDefinition } from '../shared/projection';

type Row = Readonly<Record<string, SqlValue>>;

/** A row (a document, for a projection of documents) where the stored read model and the log disagree. */
export interface ReadModelDifference {
  /** The table as the projection names it (`documents` for a projection of documents). */
  readonly table: string;
  /** The row's key columns and values. */
  readonly key: Row;
  /** The row as stored; null: the stored read model lacks a row the log gives. */
  readonly stored: Row | null;
  /** The row as the log gives it; null: the stored read model has a row the log does not give. */
  readonly rebuilt: Row | null;
}

/** One table compared: how many rows each side has that the other has not (a changed row counts on both sides). */
export interface TableComparison {
  readonly table: string;
  readonly storedOnly: number;
  readonly rebuiltOnly: number;
}

/** A read model compared with the same read model folded anew from the log, at one position of the log. */
export interface ReadModelCheck {
  readonly projection: string;
  readonly equal: boolean;
  /** The live generation compared. */
  readonly generation: number;
  /** The log position both sides stand at. */
  readonly position: number;
  readonly tables: readonly TableComparison[];
  /** The first differences, by table and key (at most the number asked for). */
  readonly differences: readonly ReadModelDifference[];
  /** ISO 8601 UTC. */
  readonly checkedAt: string;
  readonly seconds: number;
}

export type GenerationComparison = Pick<ReadModelCheck, 'equal' | 'tables' | 'differences'>;

/**
 * Compares two generations of a projection, `stored` (the live one) and `rebuilt`
 * (folded anew from the log), row by row. Table projections are compared in the
 * database (EXCEPT both ways, so a million rows never come into memory); only the
 * first `maxDifferences` differing rows are read, paired by key.
 */
export async function compareGenerations(
  store: ProjectionStore,
  definition: ProjectionDefinition,
  stored: number,
  rebuilt: number,
  maxDifferences: number,
): Promise<GenerationComparison> {
  const tables: TableComparison[] = [];
  const differences: ReadModelDifference[] = [];
  if (!keepsTables(definition)) {
    const compared = compareDocuments(
      await store.loadDocuments(definition.name, stored),
      await store.loadDocuments(definition.name, rebuilt),
    );
    tables.push(compared.table);
    differences.push(...compared.differences.slice(0, maxDifferences));
  } else {
    const reader = store.reader(definition.name);
    for (const spec of definition.tables) {
      const [storedTable, rebuiltTable] = [stored, rebuilt].map((generation) =>
        generationTableName(definition.name, spec.name, generation),
      );
      const columns = spec.columns.map((column) => column.name).join(', ');
      const except = (from: string, without: string) => `SELECT ${columns} FROM ${from} EXCEPT SELECT ${columns} FROM ${without}`;
      const count = async (from: string, without: string) =>
        Number((await reader.all<{ n: number | string }>(`SELECT COUNT(*) AS n FROM (${except(from, without)}) differing`))[0]!.n);
      const comparison = {
        table: spec.name,
        storedOnly: await count(storedTable!, rebuiltTable!),
        rebuiltOnly: await count(rebuiltTable!, storedTable!),
      };
      tables.push(comparison);
      const room = maxDifferences - differences.length;
      if (room <= 0 || comparison.storedOnly + comparison.rebuiltOnly === 0) continue;
      const first = (from: string, without: string) =>
        reader.all<Row>(`${except(from, without)} ORDER BY ${spec.primaryKey.join(', ')} LIMIT ?`, [room]);
      differences.push(
        ...pairByKey(spec, await first(storedTable!, rebuiltTable!), await first(rebuiltTable!, storedTable!)).slice(0, room),
      );
    }
  }
  return { equal: tables.every((table) => table.storedOnly === 0 && table.rebuiltOnly === 0), tables, differences };
}

/** Rows of each side pair up where their keys match (a changed row); the others stand alone (a row too many or missing). */
function pairByKey(spec: TableSpec, storedRows: readonly Row[], rebuiltRows: readonly Row[]): ReadModelDifference[] {
  const keyOf = (row: Row): Row => Object.fromEntries(spec.primaryKey.map((column) => [column, row[column] ?? null]));
  const byKey = new Map<string, { key: Row; stored: Row | null; rebuilt: Row | null }>();
  const entry = (row: Row) => {
    const key = keyOf(row);
    const text = JSON.stringify(key);
    let found = byKey.get(text);
    if (!found) byKey.set(text, (found = { key, stored: null, rebuilt: null }));
    return found;
  };
  for (const row of storedRows) entry(row).stored = row;
  for (const row of rebuiltRows) entry(row).rebuilt = row;
  return [...byKey.values()]
    .sort((a, b) => compareKeys(spec, a.key, b.key))
    .map(({ key, stored, rebuilt }) => ({ table: spec.name, key, stored, rebuilt }));
}

function compareKeys(spec: TableSpec, a: Row, b: Row): number {
  for (const column of spec.primaryKey) {
    const [x, y] = [a[column] ?? null, b[column] ?? null];
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** Two generations of documents, compared by key and JSON text. */
function compareDocuments(
  storedDocuments: ReadonlyArray<[string, unknown]>,
  rebuiltDocuments: ReadonlyArray<[string, unknown]>,
): { table: TableComparison; differences: ReadModelDifference[] } {
  const [stored, rebuilt] = [storedDocuments, rebuiltDocuments].map(
    (documents) => new Map(documents.map(([key, body]) => [key, JSON.stringify(body)])),
  ) as [Map<string, string>, Map<string, string>];
  const differences: ReadModelDifference[] = [];
  let storedOnly = 0;
  let rebuiltOnly = 0;
  for (const key of [...new Set([...stored.keys(), ...rebuilt.keys()])].sort()) {
    const [storedBody, rebuiltBody] = [stored.get(key), rebuilt.get(key)];
    if (storedBody === rebuiltBody) continue;
    if (storedBody !== undefined) storedOnly += 1;
    if (rebuiltBody !== undefined) rebuiltOnly += 1;
    differences.push({
      table: 'documents',
      key: { key },
      stored: storedBody === undefined ? null : { body: storedBody },
      rebuilt: rebuiltBody === undefined ? null : { body: rebuiltBody },
    });
  }
  return { table: { table: 'documents', storedOnly, rebuiltOnly }, differences };
}
