import type { Database, Statement } from 'better-sqlite3';

import {
  type GenerationRow,
  isTableChanges,
  type ProjectionChanges,
  type ProjectionGeneration,
  type ProjectionStore,
  toGeneration,
} from '../projection-store';
import type { ReadModelReader, TableSpec } from '../read-model-tables';
import { SqliteReadModelTables } from './sqlite-read-model-tables';

/** Rows deleted per statement when a generation is dropped, so writers are never held up for long. */
const DROP_CHUNK = 5_000;

/** Read-model tables, documents and checkpoints in the events' own SQLite database (bookkeeping tables from the shared migrations). */
export class SqliteProjectionStore implements ProjectionStore {
  private readonly tables: SqliteReadModelTables;
  private readonly statements: {
    generations: Statement<[string], GenerationRow>;
    nextGeneration: Statement<[string], { next: number }>;
    hasLive: Statement<[string], { found: number }>;
    insertGeneration: Statement<[string, number, number, number, string, string]>;
    documents: Statement<[string, number], { doc_key: string; body: string }>;
    moveCheckpoint: Statement<[number, string, string, number, number]>;
    upsertDocument: Statement<[string, number, string, string]>;
    deleteDocument: Statement<[string, number, string]>;
    clearLive: Statement<[string]>;
    setLive: Statement<[string, string, number]>;
    deleteOthers: Statement<[string, number]>;
    deleteGeneration: Statement<[string, number]>;
    deleteDocumentChunk: Statement<[string, number, string, number, number]>;
  };

  constructor(
    private readonly database: Database,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.tables = new SqliteReadModelTables(database);
    this.statements = {
      generations: database.prepare(
        'SELECT projection, generation, version, checkpoint, is_live FROM projection_generations WHERE projection = ? ORDER BY generation',
      ),
      nextGeneration: database.prepare('SELECT COALESCE(MAX(generation), 0) + 1 AS next FROM projection_generations WHERE projection = ?'),
      hasLive: database.prepare('SELECT COUNT(*) AS found FROM projection_generations WHERE projection = ? AND is_live = 1'),
      insertGeneration: database.prepare(
        'INSERT INTO projection_generations (projection, generation, version, checkpoint, is_live, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?, ?)',
      ),
      documents: database.prepare('SELECT doc_key, body FROM projection_documents WHERE projection = ? AND generation = ?'),
      moveCheckpoint: database.prepare(
        'UPDATE projection_generations SET checkpoint = ?, updated_at = ? WHERE projection = ? AND generation = ? AND checkpoint = ?',
      ),
      upsertDocument: database.prepare(
        `INSERT INTO projection_documents (projection, generation, doc_key, body) VALUES (?, ?, ?, ?)
         ON CONFLICT (projection, generation, doc_key) DO UPDATE SET body = excluded.body`,
      ),
      deleteDocument: database.prepare('DELETE FROM projection_documents WHERE projection = ? AND generation = ? AND doc_key = ?'),
      clearLive: database.prepare('UPDATE projection_generations SET is_live = 0 WHERE projection = ? AND is_live = 1'),
      setLive: database.prepare('UPDATE projection_generations SET is_live = 1, updated_at = ? WHERE projection = ? AND generation = ?'),
      deleteOthers: database.prepare('DELETE FROM projection_generations WHERE projection = ? AND generation <> ?'),
      deleteGeneration: database.prepare('DELETE FROM projection_generations WHERE projection = ? AND generation = ?'),
      deleteDocumentChunk: database.prepare(
        `DELETE FROM projection_documents WHERE projection = ? AND generation = ? AND doc_key IN (
           SELECT doc_key FROM projection_documents WHERE projection = ? AND generation = ? LIMIT ?)`,
      ),
    };
  }

  async generations(projection: string): Promise<ProjectionGeneration[]> {
    return this.statements.generations.all(projection).map(toGeneration);
  }

  async createGeneration(projection: string, version: number, tables: readonly TableSpec[] = []): Promise<ProjectionGeneration> {
    return this.database
      .transaction(() => {
        const generation = this.statements.nextGeneration.get(projection)!.next;
        const live = this.statements.hasLive.get(projection)!.found === 0;
        const now = this.clock().toISOString();
        this.statements.insertGeneration.run(projection, generation, version, live ? 1 : 0, now, now);
        this.tables.create(projection, generation, tables);
        if (live) this.tables.showInViews(projection, generation);
        return { projection, generation, version, checkpoint: 0, live };
      })
      .immediate();
  }

  async loadDocuments(projection: string, generation: number): Promise<Array<[string, unknown]>> {
    // Row by row: the stored text of a whole read model (tens of MB at a million events) is never held at once beside its parsed documents.
    const documents: Array<[string, unknown]> = [];
    for (const row of this.statements.documents.iterate(projection, generation))
      documents.push([row.doc_key, JSON.parse(row.body) as unknown]);
    return documents;
  }

  async commit(projection: string, generation: number, from: number, to: number, changes: ProjectionChanges): Promise<boolean> {
    return this.database
      .transaction(() => {
        const moved = this.statements.moveCheckpoint.run(to, this.clock().toISOString(), projection, generation, from);
        if (moved.changes !== 1) return false;
        if (isTableChanges(changes)) {
          this.tables.apply(projection, generation, changes);
          return true;
        }
        for (const { key, body } of changes) {
          if (body === undefined) this.statements.deleteDocument.run(projection, generation, key);
          else this.statements.upsertDocument.run(projection, generation, key, JSON.stringify(body));
        }
        return true;
      })
      .immediate();
  }

  async promote(projection: string, generation: number): Promise<void> {
    this.database
      .transaction(() => {
        this.statements.clearLive.run(projection);
        if (this.statements.setLive.run(this.clock().toISOString(), projection, generation).changes !== 1) {
          throw new Error(`projection ${projection} has no generation ${generation} to promote`);
        }
        // The other generations' documents are orphans now; dropGeneration removes them in chunks.
        this.statements.deleteOthers.run(projection, generation);
        this.tables.showInViews(projection, generation);
      })
      .immediate();
  }

  async dropGeneration(projection: string, generation: number): Promise<void> {
    this.database.transaction(() => {
      this.statements.deleteGeneration.run(projection, generation);
      this.tables.drop(projection, generation);
    })();
    while (this.statements.deleteDocumentChunk.run(projection, generation, projection, generation, DROP_CHUNK).changes > 0) {
      // Let requests run between chunks.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  reader(projection: string): ReadModelReader {
    return this.tables.reader(projection);
  }

  close(): Promise<void> {
    return this.tables.close();
  }
}
