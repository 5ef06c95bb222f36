/**
 * Read models as SQL tables: what a projection declares (its tables, with a
 * meaning for every column), what it writes (rows merged by key), and how it
 * reads (SQL over its tables). The SQLite and PostgreSQL stores turn these into
 * DDL, upserts and queries; projection code names its tables as `{table}` in
 * SQL and never sees a generation's physical table name.
 */

/** What a column holds. Times are ISO 8601 UTC text ("2024-03-05T10:00:00.000Z"), whose text order is time order. */
export type ColumnType = 'text' | 'integer';

/**
 * How a row written again for a key it already has merges with the stored one,
 * column by column: `set` takes the new value, `keep` the stored one, `add`
 * their sum, `min` and `max` the smaller or larger (a null never wins).
 * A column a write leaves out (undefined) keeps its stored value.
 */
export type ColumnMerge = 'set' | 'keep' | 'add' | 'min' | 'max';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  /** Default `set`; the key's columns never change. */
  readonly merge?: ColumnMerge;
  /** For analysts: what the column means, with its unit. */
  readonly description: string;
}

export interface TableSpec {
  /** Lower-case letters, digits and underscores; the analysts' view is `<projection>_<name>`. */
  readonly name: string;
  readonly description: string;
  readonly columns: readonly ColumnSpec[];
  readonly primaryKey: readonly string[];
  /** Secondary indexes, each a list of columns. */
  readonly indexes?: ReadonlyArray<readonly string[]>;
}

export type SqlValue = string | number | null;
/** Column name to value; undefined leaves a stored value as it is. */
export type TableRow = Readonly<Record<string, SqlValue | undefined>>;

/**
 * One change a batch of events made, in order:
 * - `upsert`: the row is written, merged with the stored row of its key (see ColumnMerge);
 *   with `onlyIfExists`, a key with no stored row is left alone (an update).
 * - `rewrite`: the rows matching `where` (SQL over the table's columns, `?` parameters)
 *   are read, and each gets the values `compute` answers for it (a recomputation
 *   a late fact calls for, such as commission under a plan recorded late).
 * - `statement`: SQL run as it is (tables named `{table}`), e.g. a rollup summed anew.
 */
export type TableChange =
  | { readonly kind: 'upsert'; readonly table: string; readonly row: TableRow; readonly onlyIfExists: boolean }
  | {
      readonly kind: 'rewrite';
      readonly table: string;
      readonly where: string;
      readonly params: readonly SqlValue[];
      readonly compute: (row: Readonly<Record<string, SqlValue>>) => TableRow;
    }
  | { readonly kind: 'statement'; readonly sql: string; readonly params: readonly SqlValue[] };

/** What a table projection's batch hands its store: the changes, and the tables they are made to. */
export interface TableChanges {
  readonly kind: 'tables';
  readonly tables: readonly TableSpec[];
  readonly changes: readonly TableChange[];
}

/**
 * SQL over one projection's live tables (their analysts' views), with `?`
 * parameters and tables named `{table}`. Integers come back as numbers.
 */
export interface ReadModelReader {
  readonly dialect: 'sqlite' | 'postgres';
  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
}

const IDENTIFIER = /^[a-z][a-z0-9_]*$/;

/** A projection's or table's name as an SQL identifier part, refused when it is not a plain one. */
export function sqlName(name: string): string {
  const plain = name.replace(/-/g, '_');
  if (!IDENTIFIER.test(plain)) throw new Error(`not a plain SQL name: ${name}`);
  return plain;
}

/** The view analysts query for a projection's table: it always shows the live generation. */
export const viewName = (projection: string, table: string): string => `${sqlName(projection)}_${sqlName(table)}`;

/** PostgreSQL cuts longer identifiers short (and indexes add a suffix): names are refused before that. */
const MAX_TABLE_NAME = 56;

/** What every physical table of the projection's generations starts with. */
export const generationTablePrefix = (projection: string): string => `rm_${sqlName(projection)}__`;
/** What every physical table of one generation ends with. */
const tableSuffix = (generation: number) => `__g${generation}`;

/** The physical table of one generation. */
export function generationTableName(projection: string, table: string, generation: number): string {
  const name = `${generationTablePrefix(projection)}${sqlName(table)}${tableSuffix(generation)}`;
  if (name.length > MAX_TABLE_NAME)
    throw new Error(`the table name ${name} is longer than ${MAX_TABLE_NAME} characters; shorten the projection or table name`);
  return name;
}

/** Whether a physical table belongs to the projection's generation (for dropping it without knowing its tables). */
export function isGenerationTable(name: string, projection: string, generation: number): boolean {
  return name.startsWith(generationTablePrefix(projection)) && name.endsWith(tableSuffix(generation));
}

/** The table's own name (as the projection declares it) of one of its generation's physical tables. */
export const logicalTableName = (physical: string, projection: string, generation: number): string =>
  physical.slice(generationTablePrefix(projection).length, physical.length - tableSuffix(generation).length);

/** Replaces every `{table}` in the SQL with the name `resolve` gives it; an unknown table is a programming error. */
export function resolveTables(sql: string, resolve: (table: string) => string | undefined): string {
  return sql.replace(/\{([a-z][a-z0-9_]*)\}/g, (_, table: string) => {
    const name = resolve(table);
    if (name === undefined) throw new Error(`SQL names an unknown table {${table}}`);
    return name;
  });
}

/** The merge of a stored value with a written one, as every store applies it (and a batch before it is stored). */
export function mergeValue(merge: ColumnMerge, stored: SqlValue | undefined, written: SqlValue | undefined): SqlValue | undefined {
  if (written === undefined) return stored;
  if (stored === undefined || stored === null) return merge === 'add' && written === null ? stored : written;
  switch (merge) {
    case 'set':
      return written;
    case 'keep':
      return stored;
    case 'add':
      return written === null ? stored : addExactly(stored, written);
    case 'min':
      return written !== null && written < stored ? written : stored;
    case 'max':
      return written !== null && written > stored ? written : stored;
  }
}

/**
 * An `add` column's sum as the database would make it, exact: a number while
 * it is a safe integer, else its decimal text (which an integer column stores
 * as the integer). A rollup summing amounts passes 2^53 long before 2^63.
 */
function addExactly(stored: string | number, written: string | number): SqlValue {
  if (typeof stored === 'number' && typeof written === 'number') {
    const sum = stored + written;
    if (Number.isSafeInteger(sum) || !Number.isInteger(stored) || !Number.isInteger(written)) return sum;
  }
  return (BigInt(stored) + BigInt(written)).toString();
}

/**
 * The same merge in SQL, for a stored value `stored` and a written one `written`
 * (column references or parameters): what an upsert's conflict clause and an
 * update assign, so a batch merged in memory and a row merged by the database agree.
 */
export function mergeSql(merge: ColumnMerge, stored: string, written: string): string {
  switch (merge) {
    case 'set':
      return written;
    case 'keep':
      return `COALESCE(${stored}, ${written})`;
    case 'add':
      return `CASE WHEN ${written} IS NULL THEN ${stored} WHEN ${stored} IS NULL THEN ${written} ELSE ${stored} + ${written} END`;
    case 'min':
      return `CASE WHEN ${stored} IS NULL OR (${written} IS NOT NULL AND ${written} < ${stored}) THEN ${written} ELSE ${stored} END`;
    case 'max':
      return `CASE WHEN ${stored} IS NULL OR (${written} IS NOT NULL AND ${written} > ${stored}) THEN ${written} ELSE ${stored} END`;
  }
}

/** The column's merge (key columns are never merged: they are what matched). */
export const mergeOf = (column: ColumnSpec): ColumnMerge => column.merge ?? 'set';

/** The merge of a table's column, by name. */
export const mergeOfColumn = (spec: TableSpec, column: string): ColumnMerge =>
  mergeOf(spec.columns.find((candidate) => candidate.name === column)!);

/** A table's spec by name; an unknown table is a programming error of the projection. */
export function tableSpec(tables: readonly TableSpec[], name: string): TableSpec {
  const spec = tables.find((table) => table.name === name);
  if (!spec) throw new Error(`no table ${name}; known: ${tables.map((table) => table.name).join(', ')}`);
  return spec;
}

/** CREATE TABLE and CREATE INDEX statements for one generation's table. */
export function tableDdl(dialect: 'sqlite' | 'postgres', physical: string, spec: TableSpec): string[] {
  const type = (column: ColumnSpec) =>
    column.type === 'integer' ? (dialect === 'sqlite' ? 'INTEGER' : 'BIGINT') : dialect === 'sqlite' ? 'TEXT' : 'TEXT COLLATE "C"';
  const columns = spec.columns.map((column) => `${column.name} ${type(column)}${spec.primaryKey.includes(column.name) ? ' NOT NULL' : ''}`);
  // SQLite keeps a table keyed by anything but one integer column as two B-trees (rows by rowid, and the key's index):
  // WITHOUT ROWID keeps the rows in the key's own B-tree, so a write touches one tree, not two.
  const rowidAlias = spec.primaryKey.length === 1 && spec.columns.find((column) => column.name === spec.primaryKey[0])!.type === 'integer';
  const withoutRowid = dialect === 'sqlite' && !rowidAlias ? ' WITHOUT ROWID' : '';
  const statements = [`CREATE TABLE ${physical} (${columns.join(', ')}, PRIMARY KEY (${spec.primaryKey.join(', ')}))${withoutRowid}`];
  (spec.indexes ?? []).forEach((index, at) => statements.push(`CREATE INDEX ${physical}__i${at} ON ${physical} (${index.join(', ')})`));
  return statements;
}

/** A generation's empty tables, replacing any a crashed process left under the same names. */
export function generationTablesDdl(
  dialect: 'sqlite' | 'postgres',
  projection: string,
  generation: number,
  tables: readonly TableSpec[],
): string[] {
  return tables.flatMap((spec) => {
    const physical = generationTableName(projection, spec.name, generation);
    return [`DROP TABLE IF EXISTS ${physical}`, ...tableDdl(dialect, physical, spec)];
  });
}

/** Points the analysts' view of a generation's table at it. */
export function showInViewSql(physical: string, projection: string, generation: number): string[] {
  const view = viewName(projection, logicalTableName(physical, projection, generation));
  return [`DROP VIEW IF EXISTS ${view}`, `CREATE VIEW ${view} AS SELECT * FROM ${physical}`];
}

/** `key = ?` for each column of the table's key. */
export const keyCondition = (spec: TableSpec): string => spec.primaryKey.map((column) => `${column} = ?`).join(' AND ');

/**
 * The UPDATE a `rewrite` makes of one stored row (`?` parameters): the columns `compute`
 * gave it, the key left alone; undefined when it gave none.
 */
export function rewriteSql(
  table: string,
  spec: TableSpec,
  stored: Readonly<Record<string, SqlValue>>,
  written: TableRow,
): { sql: string; params: SqlValue[] } | undefined {
  const columns = Object.keys(written).filter((column) => written[column] !== undefined && !spec.primaryKey.includes(column));
  if (columns.length === 0) return undefined;
  return {
    sql: `UPDATE ${table} SET ${columns.map((column) => `${column} = ?`).join(', ')} WHERE ${keyCondition(spec)}`,
    params: [...columns.map((column) => written[column]!), ...spec.primaryKey.map((column) => stored[column]!)],
  };
}
