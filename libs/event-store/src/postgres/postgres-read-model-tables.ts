import { type Pool, type PoolClient, types as pgTypes } from 'pg';

import {
  generationTableName,
  generationTablePrefix,
  generationTablesDdl,
  isGenerationTable,
  mergeOfColumn,
  mergeSql,
  type ReadModelReader,
  resolveTables,
  rewriteSql,
  showInViewSql,
  type SqlValue,
  type TableChange,
  type TableChanges,
  type TableSpec,
  tableSpec,
  viewName,
} from '../read-model-tables';
import { numberParameters } from './postgres-sql-runner';

/** Rows per multi-row statement: a rebuild's batch is carried by few statements. */
const WRITE_CHUNK = 5_000;

/** BIGINT (20) and NUMERIC (1700, what SUM of BIGINT answers) as numbers: read-model integers are counts and minor units, well within 2^53. */
const parseAsNumber = (value: string): number => Number(value);
const NUMBERS_AS_NUMBERS = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === 20 || oid === 1700 ? parseAsNumber : (pgTypes.getTypeParser(oid, format) as unknown)) as typeof pgTypes.getTypeParser,
};

/**
 * A projection's tables in the PostgreSQL schema, as SqliteReadModelTables keeps
 * them in SQLite: one set per generation, a view per table showing the live one.
 * Writes run on the caller's transaction; upserts go in multi-row statements over
 * `unnest` of one array per column.
 */
export class PostgresReadModelTables {
  constructor(private readonly pool: Pool) {}

  async create(client: PoolClient, projection: string, generation: number, tables: readonly TableSpec[]): Promise<void> {
    for (const statement of generationTablesDdl('postgres', projection, generation, tables)) await client.query(statement);
  }

  async showInViews(client: PoolClient, projection: string, generation: number): Promise<void> {
    for (const physical of await this.physicalTables(client, projection, generation)) {
      for (const statement of showInViewSql(physical, projection, generation)) await client.query(statement);
    }
  }

  async drop(client: PoolClient, projection: string, generation: number): Promise<void> {
    for (const physical of await this.physicalTables(client, projection, generation)) {
      // A view still showing the table goes with it (only an unfinished first generation is shown and dropped).
      await client.query(`DROP TABLE IF EXISTS ${physical} CASCADE`);
    }
  }

  async apply(client: PoolClient, projection: string, generation: number, { tables, changes }: TableChanges): Promise<void> {
    const physical = (table: string) => generationTableName(projection, tableSpec(tables, table).name, generation);
    // Consecutive upserts of one table and shape go together, as long as no key repeats (one statement must not touch a row twice).
    let run: { key: string; spec: TableSpec; columns: string[]; onlyIfExists: boolean; rows: SqlValue[][]; keys: Set<string> } | undefined;
    const flush = async () => {
      if (run) await this.upsert(client, physical(run.spec.name), run.spec, run.columns, run.onlyIfExists, run.rows);
      run = undefined;
    };
    for (const change of changes) {
      if (change.kind !== 'upsert') {
        await flush();
        await this.applyInOrder(client, change, tables, physical);
        continue;
      }
      const spec = tableSpec(tables, change.table);
      const columns = spec.columns.filter((column) => change.row[column.name] !== undefined).map((column) => column.name);
      const shape = `${change.table}|${change.onlyIfExists}|${columns.join(',')}`;
      const rowKey = JSON.stringify(spec.primaryKey.map((column) => change.row[column]));
      if (run && (run.key !== shape || run.keys.has(rowKey) || run.rows.length >= WRITE_CHUNK)) await flush();
      run ??= { key: shape, spec, columns, onlyIfExists: change.onlyIfExists, rows: [], keys: new Set() };
      run.rows.push(columns.map((column) => change.row[column]!));
      run.keys.add(rowKey);
    }
    await flush();
  }

  reader(projection: string): ReadModelReader {
    return {
      dialect: 'postgres',
      all: async <Row>(sql: string, params: readonly SqlValue[] = []) => {
        const text = numberParameters(resolveTables(sql, (table) => viewName(projection, table)));
        const { rows } = await this.pool.query({ text, values: [...params], types: NUMBERS_AS_NUMBERS });
        return rows as Row[];
      },
    };
  }

  private async applyInOrder(
    client: PoolClient,
    change: Exclude<TableChange, { kind: 'upsert' }>,
    tables: readonly TableSpec[],
    physical: (table: string) => string,
  ): Promise<void> {
    if (change.kind === 'statement') {
      await client.query(numberParameters(resolveTables(change.sql, physical)), [...change.params]);
      return;
    }
    const spec = tableSpec(tables, change.table);
    const table = physical(change.table);
    const { rows } = await client.query<Record<string, SqlValue>>({
      text: numberParameters(`SELECT * FROM ${table} WHERE ${change.where}`),
      values: [...change.params],
      types: NUMBERS_AS_NUMBERS,
    });
    for (const row of rows) {
      const update = rewriteSql(table, spec, row, change.compute(row));
      if (update) await client.query(numberParameters(update.sql), update.params);
    }
  }

  private async upsert(
    client: PoolClient,
    table: string,
    spec: TableSpec,
    columns: readonly string[],
    onlyIfExists: boolean,
    rows: SqlValue[][],
  ): Promise<void> {
    const typeOf = (column: string) =>
      spec.columns.find((candidate) => candidate.name === column)!.type === 'integer' ? 'bigint' : 'text';
    const arrays = columns.map((_, at) => rows.map((row) => row[at]!));
    const unnest = `unnest(${columns.map((column, at) => `$${at + 1}::${typeOf(column)}[]`).join(', ')}) AS written (${columns.join(', ')})`;
    const merged = columns.filter((column) => !spec.primaryKey.includes(column));
    if (onlyIfExists) {
      const set = merged
        .map((column) => `${column} = ${mergeSql(mergeOfColumn(spec, column), `${table}.${column}`, `written.${column}`)}`)
        .join(', ');
      const where = spec.primaryKey.map((column) => `${table}.${column} = written.${column}`).join(' AND ');
      await client.query(`UPDATE ${table} SET ${set} FROM ${unnest} WHERE ${where}`, arrays);
      return;
    }
    const insert = `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM ${unnest}`;
    const conflict =
      merged.length === 0
        ? 'DO NOTHING'
        : `DO UPDATE SET ${merged.map((column) => `${column} = ${mergeSql(mergeOfColumn(spec, column), `${table}.${column}`, `EXCLUDED.${column}`)}`).join(', ')}`;
    await client.query(`${insert} ON CONFLICT (${spec.primaryKey.join(', ')}) ${conflict}`, arrays);
  }

  private async physicalTables(client: PoolClient, projection: string, generation: number): Promise<string[]> {
    const { rows } = await client.query<{ name: string }>(
      'SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND starts_with(tablename, $1)',
      [generationTablePrefix(projection)],
    );
    return rows.map((row) => row.name).filter((name) => isGenerationTable(name, projection, generation));
  }
}
