import {
  type ColumnMerge,
  mergeOf,
  mergeValue,
  type SqlValue,
  type TableChange,
  type TableChanges,
  type TableRow,
  type TableSpec,
  tableSpec,
} from '@ledger/event-store';

/** What a table projection's `apply` writes with. */
export interface RowWriter {
  /** Writes the row, merged with the stored row of its key (each column as its spec says). */
  upsert(table: string, row: TableRow): void;
  /** Like upsert, but only where the key already has a row (nothing is created). */
  update(table: string, row: TableRow): void;
  /** Reads the rows matching `where` and writes what `compute` answers for each, after everything written before. */
  rewrite(table: string, where: string, params: readonly SqlValue[], compute: (row: Readonly<Record<string, SqlValue>>) => TableRow): void;
  /** Runs SQL as it is (tables named `{table}`), after everything written before. */
  statement(sql: string, params?: readonly SqlValue[]): void;
}

interface Pending {
  row: Record<string, SqlValue | undefined>;
  onlyIfExists: boolean;
}

/** What writing a table's rows needs, worked out once per table: apply runs for every event. */
interface TablePlan {
  readonly key: (row: TableRow) => SqlValue | string;
  readonly merged: ReadonlyArray<readonly [column: string, merge: ColumnMerge]>;
}

/**
 * The rows a batch of events wrote, waiting for their commit. Rows written for
 * the same key merge here as the database would merge them, so a rollup row
 * changed by a thousand orders is written once per commit; rewrites and
 * statements keep their place after what was written before them.
 */
export class RowBuffer implements RowWriter {
  private pending = new Map<string, Map<SqlValue | string, Pending>>();
  private pendingRows = 0;
  private changes: TableChange[] = [];
  private readonly plans = new Map<string, TablePlan>();

  constructor(private readonly tables: readonly TableSpec[]) {
    for (const spec of tables) {
      this.plans.set(spec.name, {
        key: keyOf(spec),
        merged: spec.columns
          .filter((column) => !spec.primaryKey.includes(column.name))
          .map((column) => [column.name, mergeOf(column)] as const),
      });
    }
  }

  /** Rows and steps waiting: the runner commits before this grows past a bound. */
  get size(): number {
    return this.pendingRows + this.changes.length;
  }

  upsert(table: string, row: TableRow): void {
    this.write(table, row, false);
  }

  update(table: string, row: TableRow): void {
    this.write(table, row, true);
  }

  rewrite(table: string, where: string, params: readonly SqlValue[], compute: (row: Readonly<Record<string, SqlValue>>) => TableRow): void {
    tableSpec(this.tables, table);
    this.settle();
    this.changes.push({ kind: 'rewrite', table, where, params, compute });
  }

  statement(sql: string, params: readonly SqlValue[] = []): void {
    this.settle();
    this.changes.push({ kind: 'statement', sql, params });
  }

  /** Everything written since the last call, in order, for the store to commit. */
  takeChanges(): TableChanges {
    this.settle();
    const changes = this.changes;
    this.changes = [];
    return { kind: 'tables', tables: this.tables, changes };
  }

  private write(table: string, row: TableRow, onlyIfExists: boolean): void {
    const plan = this.plans.get(table) ?? this.unknownTable(table);
    let rows = this.pending.get(table);
    if (!rows) this.pending.set(table, (rows = new Map<SqlValue | string, Pending>()));
    const key = plan.key(row);
    const earlier = rows.get(key);
    if (!earlier) {
      rows.set(key, { row: { ...row }, onlyIfExists });
      this.pendingRows += 1;
      return;
    }
    for (const [column, merge] of plan.merged) earlier.row[column] = mergeValue(merge, earlier.row[column], row[column]);
    // An upsert after an update creates the row; in a valid log the update's row existed already.
    earlier.onlyIfExists &&= onlyIfExists;
  }

  private unknownTable(table: string): never {
    tableSpec(this.tables, table);
    throw new Error(`no table ${table}`);
  }

  /** Moves the merged rows into the ordered changes, so that what follows is applied after them. */
  private settle(): void {
    for (const [table, rows] of this.pending) {
      for (const { row, onlyIfExists } of rows.values()) this.changes.push({ kind: 'upsert', table, row, onlyIfExists });
    }
    this.pending = new Map();
    this.pendingRows = 0;
  }
}

/** A row's key as one map key: the value itself for a one-column key, the values joined otherwise (a number and its text stay apart). */
function keyOf(spec: TableSpec): (row: TableRow) => SqlValue | string {
  const valueOf = (row: TableRow, column: string) => {
    const value = row[column];
    if (value === undefined || value === null) throw new Error(`a row of ${spec.name} needs its key column ${column}`);
    return value;
  };
  if (spec.primaryKey.length === 1) {
    const [column] = spec.primaryKey as [string];
    return (row) => valueOf(row, column);
  }
  return (row) => {
    let key = '';
    for (const column of spec.primaryKey) {
      const value = valueOf(row, column);
      key += `${typeof value === 'number' ? 'n' : 's'}${String(value).length}:${String(value)}`;
    }
    return key;
  };
}
