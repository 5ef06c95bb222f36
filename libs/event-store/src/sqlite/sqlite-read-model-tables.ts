import type { Database, Statement } from 'better-sqlite3';

import {
  generationTableName,
  generationTablesDdl,
  isGenerationTable,
  keyCondition,
  logicalTableName,
  mergeOfColumn,
  mergeSql,
  type ReadModelReader,
  resolveTables,
  rewriteSql,
  showInViewSql,
  type SqlValue,
  type TableChange,
  type TableChanges,
  type TableRow,
  type TableSpec,
  tableSpec,
  viewName,
} from '../read-model-tables';
import { SqliteReadPool } from './sqlite-read-pool';

/**
 * A projection's tables in the SQLite file: one set of tables per generation
 * (`rm_<projection>__<table>__g<n>`), and a view per table (`<projection>_<table>`)
 * that always shows the live generation. Statements are prepared once per shape.
 * Every method is synchronous, to run inside a better-sqlite3 transaction.
 */
export class SqliteReadModelTables {
  private readonly statements = new Map<string, Statement<unknown[]>>();
  /** Reader threads over the file; none for an in-memory database, which only its own connection sees. */
  private readonly readers: SqliteReadPool | undefined;

  constructor(private readonly database: Database) {
    // Quick queries run on this connection (see SqliteReadPool): it sees what the readers see, the last commit.
    this.readers = database.memory
      ? undefined
      : new SqliteReadPool(database.name, undefined, (sql, params) => this.prepared(sql).all(...params));
  }

  /** Creates the generation's empty tables (replacing any a crashed process left under the same names). */
  create(projection: string, generation: number, tables: readonly TableSpec[]): void {
    for (const statement of generationTablesDdl('sqlite', projection, generation, tables)) this.database.exec(statement);
  }

  /** Points the projection's views at the generation's tables. */
  showInViews(projection: string, generation: number): void {
    for (const physical of this.physicalTables(projection, generation)) {
      for (const statement of showInViewSql(physical, projection, generation)) this.database.exec(statement);
    }
  }

  drop(projection: string, generation: number): void {
    for (const physical of this.physicalTables(projection, generation)) {
      const view = viewName(projection, logicalTableName(physical, projection, generation));
      const shown = this.database
        .prepare<[string], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?")
        .get(view);
      if (shown?.sql.endsWith(` ${physical}`)) this.database.exec(`DROP VIEW ${view}`);
      this.database.exec(`DROP TABLE IF EXISTS ${physical}`);
    }
    // Statements prepared for dropped tables cannot run again.
    for (const key of [...this.statements.keys()]) if (key.includes(`__g${generation}`)) this.statements.delete(key);
  }

  apply(projection: string, generation: number, { tables, changes }: TableChanges): void {
    const physical = (table: string) => generationTableName(projection, tableSpec(tables, table).name, generation);
    const writers = new Map<string, RowWriters>();
    for (const change of changes) {
      if (change.kind !== 'upsert') {
        this.applyInOrder(change, tables, physical);
        continue;
      }
      let writer = writers.get(change.table);
      if (!writer) writers.set(change.table, (writer = this.rowWriters(tableSpec(tables, change.table), physical(change.table))));
      writer.write(change.row, change.onlyIfExists);
    }
  }

  reader(projection: string): ReadModelReader {
    const readers = this.readers;
    return {
      dialect: 'sqlite',
      all: async <Row>(sql: string, params: readonly SqlValue[] = []) => {
        const resolved = resolveTables(sql, (table) => viewName(projection, table));
        return readers ? readers.all<Row>(resolved, params) : (this.prepared(resolved).all(...params) as Row[]);
      },
    };
  }

  /** Stops the reader threads. */
  close(): Promise<void> {
    return this.readers?.close() ?? Promise.resolve();
  }

  /**
   * Writes rows of one table: a statement per shape of row (which columns it gives, insert
   * or update), prepared once and found by a bit mask of its columns, so a rebuild's hundreds
   * of thousands of rows pay for one statement run each and no SQL text.
   */
  private rowWriters(spec: TableSpec, table: string): RowWriters {
    const names = spec.columns.map((column) => column.name);
    const shapes = new Map<number, { run: (row: TableRow) => void }>();
    const shapeOf = (mask: number, onlyIfExists: boolean) => {
      const key = onlyIfExists ? -mask - 1 : mask;
      let shape = shapes.get(key);
      if (!shape) {
        const columns = names.filter((_, at) => (mask & (1 << at)) !== 0);
        const statement = this.prepared(upsertSql(table, spec, columns, onlyIfExists));
        const order = onlyIfExists ? updateParamOrder(spec, columns) : columns;
        shape = { run: (row) => statement.run(...order.map((column) => row[column]!)) };
        shapes.set(key, shape);
      }
      return shape;
    };
    return {
      write: (row, onlyIfExists) => {
        let mask = 0;
        for (let at = 0; at < names.length; at++) if (row[names[at]!] !== undefined) mask |= 1 << at;
        shapeOf(mask, onlyIfExists).run(row);
      },
    };
  }

  private applyInOrder(
    change: Exclude<TableChange, { kind: 'upsert' }>,
    tables: readonly TableSpec[],
    physical: (table: string) => string,
  ): void {
    switch (change.kind) {
      case 'rewrite': {
        const spec = tableSpec(tables, change.table);
        const table = physical(change.table);
        const rows = this.prepared(`SELECT * FROM ${table} WHERE ${change.where}`).all(...change.params) as Array<Record<string, SqlValue>>;
        for (const row of rows) {
          const update = rewriteSql(table, spec, row, change.compute(row));
          if (update) this.prepared(update.sql).run(...update.params);
        }
        return;
      }
      case 'statement':
        this.prepared(resolveTables(change.sql, physical)).run(...change.params);
        return;
    }
  }

  private physicalTables(projection: string, generation: number): string[] {
    return this.database
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm\\_%' ESCAPE '\\'")
      .all()
      .map((row) => row.name)
      .filter((name) => isGenerationTable(name, projection, generation));
  }

  private prepared(sql: string): Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.database.prepare<unknown[]>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** An insert merging with the stored row of its key, or (onlyIfExists) an update of that row; parameters in `columns` order. */
function upsertSql(table: string, spec: TableSpec, columns: readonly string[], onlyIfExists: boolean): string {
  const merged = columns.filter((column) => !spec.primaryKey.includes(column));
  if (onlyIfExists) {
    return `UPDATE ${table} SET ${merged.map((column) => `${column} = ${mergeSql(mergeOfColumn(spec, column), column, '?')}`).join(', ')} WHERE ${keyCondition(spec)}`;
  }
  const insert = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
  if (merged.length === 0) return `${insert} ON CONFLICT (${spec.primaryKey.join(', ')}) DO NOTHING`;
  const assignments = merged.map(
    (column) => `${column} = ${mergeSql(mergeOfColumn(spec, column), `${table}.${column}`, `excluded.${column}`)}`,
  );
  return `${insert} ON CONFLICT (${spec.primaryKey.join(', ')}) DO UPDATE SET ${assignments.join(', ')}`;
}

/**
 * The columns whose values an update's parameters are, in order: each merged column as often
 * as its merge expression names it, then the key. (SQLite's numbered parameters would avoid
 * the repetition, but the same merge expressions then serve both stores.)
 */
function updateParamOrder(spec: TableSpec, columns: readonly string[]): string[] {
  const order: string[] = [];
  for (const column of columns) {
    if (spec.primaryKey.includes(column)) continue;
    const uses = mergeSql(mergeOfColumn(spec, column), column, '?').split('?').length - 1;
    for (let use = 0; use < uses; use++) order.push(column);
  }
  return [...order, ...spec.primaryKey];
}

interface RowWriters {
  write(row: TableRow, onlyIfExists: boolean): void;
}
