import type { Pool, PoolClient } from 'pg';

import {
  type GenerationRow,
  isTableChanges,
  type ProjectionChanges,
  type ProjectionGeneration,
  type ProjectionStore,
  toGeneration,
} from '../projection-store';
import type { ReadModelReader, TableSpec } from '../read-model-tables';
import { inTransaction } from './pg-transaction';
import { PostgresReadModelTables } from './postgres-read-model-tables';

/** Documents per upsert or delete statement: a rebuild commits thousands at once, a few statements carry them. */
const WRITE_CHUNK = 1_000;
/** Rows deleted per statement when a generation is dropped, so writers are never held up for long. */
const DROP_CHUNK = 5_000;
/**
 * The first key of the two-key advisory locks taken per projection (the second is a hash of the
 * schema and the projection's name). Two-key locks never meet the one-key migration lock.
 */
const PROJECTION_LOCK_SPACE = 1_347_571_023;
const LOCK_PROJECTION = `SELECT pg_advisory_xact_lock(${PROJECTION_LOCK_SPACE}, hashtext(current_schema() || '.' || $1))`;

/**
 * Read-model documents and checkpoints in the events' own PostgreSQL schema
 * (tables from migration 2), with the semantics of SqliteProjectionStore:
 *
 * - createGeneration and promote run under a transaction-scoped advisory lock
 *   per projection, so two processes creating the first generation at once get
 *   exactly one live generation (the second sees the first's once it has the
 *   lock); the partial unique index on is_live backs this up.
 * - commit first moves the checkpoint with `UPDATE … WHERE checkpoint = from`:
 *   the row lock makes a concurrent commit of the same generation wait, then
 *   find the checkpoint moved and answer false, its transaction writing nothing.
 *   The documents follow in multi-row statements (unnest of arrays), in chunks.
 */
export class PostgresProjectionStore implements ProjectionStore {
  private readonly tables: PostgresReadModelTables;

  constructor(
    private readonly pool: Pool,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.tables = new PostgresReadModelTables(pool);
  }

  async generations(projection: string): Promise<ProjectionGeneration[]> {
    const { rows } = await this.pool.query<GenerationRow>(
      'SELECT projection, generation, version, checkpoint, is_live FROM projection_generations WHERE projection = $1 ORDER BY generation',
      [projection],
    );
    return rows.map(toGeneration);
  }

  async createGeneration(projection: string, version: number, tables: readonly TableSpec[] = []): Promise<ProjectionGeneration> {
    return this.transaction(async (client) => {
      // Whoever holds the lock sees every generation committed before it: at most one finds no live one.
      await client.query(LOCK_PROJECTION, [projection]);
      // A number whose documents are still being dropped is not handed out again (see dropGeneration).
      const { rows } = await client.query<{ next: number; live: boolean }>(
        `SELECT GREATEST(
                  (SELECT COALESCE(MAX(generation), 0) FROM projection_generations WHERE projection = $1),
                  (SELECT COALESCE(MAX(generation), 0) FROM projection_documents WHERE projection = $1)
                ) + 1 AS next,
                NOT EXISTS (SELECT 1 FROM projection_generations WHERE projection = $1 AND is_live) AS live`,
        [projection],
      );
      const { next: generation, live } = rows[0]!;
      const now = this.clock().toISOString();
      await client.query(
        'INSERT INTO projection_generations (projection, generation, version, checkpoint, is_live, created_at, updated_at) VALUES ($1, $2, $3, 0, $4, $5, $5)',
        [projection, generation, version, live, now],
      );
      await this.tables.create(client, projection, generation, tables);
      if (live) await this.tables.showInViews(client, projection, generation);
      return { projection, generation, version, checkpoint: 0, live };
    });
  }

  async loadDocuments(projection: string, generation: number): Promise<Array<[string, unknown]>> {
    // doc_key is COLLATE "C": bytewise key order, read straight off the primary key, as in SQLite.
    const { rows } = await this.pool.query<{ doc_key: string; body: string }>(
      'SELECT doc_key, body FROM projection_documents WHERE projection = $1 AND generation = $2 ORDER BY doc_key',
      [projection, generation],
    );
    return rows.map((row) => [row.doc_key, JSON.parse(row.body) as unknown]);
  }

  async commit(projection: string, generation: number, from: number, to: number, changes: ProjectionChanges): Promise<boolean> {
    if (isTableChanges(changes)) {
      return this.transaction(async (client) => {
        if (!(await this.moveCheckpoint(client, projection, generation, from, to))) return false;
        await this.tables.apply(client, projection, generation, changes);
        return true;
      });
    }
    // Applied in order, the last change to a key decides it; one statement must not touch a row twice.
    const last = new Map<string, unknown>();
    for (const { key, body } of changes) {
      last.delete(key);
      last.set(key, body);
    }
    const writes: Array<[string, string]> = [];
    const removals: string[] = [];
    for (const [key, body] of last) {
      if (body === undefined) removals.push(key);
      else writes.push([key, JSON.stringify(body)]);
    }

    return this.transaction(async (client) => {
      if (!(await this.moveCheckpoint(client, projection, generation, from, to))) return false;
      for (let at = 0; at < removals.length; at += WRITE_CHUNK) {
        await client.query('DELETE FROM projection_documents WHERE projection = $1 AND generation = $2 AND doc_key = ANY($3::text[])', [
          projection,
          generation,
          removals.slice(at, at + WRITE_CHUNK),
        ]);
      }
      for (let at = 0; at < writes.length; at += WRITE_CHUNK) {
        const chunk = writes.slice(at, at + WRITE_CHUNK);
        await client.query(
          `INSERT INTO projection_documents (projection, generation, doc_key, body)
           SELECT $1, $2, doc_key, body FROM unnest($3::text[], $4::text[]) AS change (doc_key, body)
           ON CONFLICT (projection, generation, doc_key) DO UPDATE SET body = EXCLUDED.body`,
          [projection, generation, chunk.map(([key]) => key), chunk.map(([, body]) => body)],
        );
      }
      return true;
    });
  }

  async promote(projection: string, generation: number): Promise<void> {
    await this.transaction(async (client) => {
      // The lock serialises promotions (and creations) of the projection: each sees the last one's result.
      await client.query(LOCK_PROJECTION, [projection]);
      // Cleared first: the unique index allows one live generation at any moment.
      await client.query('UPDATE projection_generations SET is_live = FALSE WHERE projection = $1 AND is_live AND generation <> $2', [
        projection,
        generation,
      ]);
      const set = await client.query(
        'UPDATE projection_generations SET is_live = TRUE, updated_at = $1 WHERE projection = $2 AND generation = $3',
        [this.clock().toISOString(), projection, generation],
      );
      if (set.rowCount !== 1) throw new Error(`projection ${projection} has no generation ${generation} to promote`);
      // The other generations' documents are orphans now; dropGeneration removes them in chunks.
      await client.query('DELETE FROM projection_generations WHERE projection = $1 AND generation <> $2', [projection, generation]);
      await this.tables.showInViews(client, projection, generation);
    });
  }

  async dropGeneration(projection: string, generation: number): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(LOCK_PROJECTION, [projection]);
      await client.query('DELETE FROM projection_generations WHERE projection = $1 AND generation = $2', [projection, generation]);
      await this.tables.drop(client, projection, generation);
    });
    // Each chunk its own statement (and transaction), located by ctid: a TID scan, no re-reading of
    // what is left. createGeneration skips numbers that still have documents, and a chunk deletes
    // nothing once the number has a record again, so a generation made meanwhile keeps its documents.
    for (;;) {
      const deleted = await this.pool.query(
        `DELETE FROM projection_documents WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM projection_documents
            WHERE projection = $1 AND generation = $2
              AND NOT EXISTS (SELECT 1 FROM projection_generations WHERE projection = $1 AND generation = $2)
            LIMIT $3))`,
        [projection, generation, DROP_CHUNK],
      );
      if ((deleted.rowCount ?? 0) === 0) return;
    }
  }

  reader(projection: string): ReadModelReader {
    return this.tables.reader(projection);
  }

  /** Locks the generation's row: a concurrent commit waits here, then finds the checkpoint moved. */
  private async moveCheckpoint(client: PoolClient, projection: string, generation: number, from: number, to: number): Promise<boolean> {
    const moved = await client.query(
      'UPDATE projection_generations SET checkpoint = $1, updated_at = $2 WHERE projection = $3 AND generation = $4 AND checkpoint = $5',
      [to, this.clock().toISOString(), projection, generation, from],
    );
    return moved.rowCount === 1;
  }

  private transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, work);
  }
}
