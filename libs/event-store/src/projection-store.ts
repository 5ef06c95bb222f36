import type { ReadModelReader, TableChanges, TableSpec } from './read-model-tables';

/**
 * Where read models keep their documents and checkpoints: beside the events,
 * so a batch's document changes and its checkpoint commit in one transaction.
 *
 * A projection may have several generations: the live one that serves, and a
 * new one being rebuilt beside it from position 0 until it is promoted.
 */
export interface ProjectionGeneration {
  readonly projection: string;
  readonly generation: number;
  /** The version of the projection's code that built it. */
  readonly version: number;
  /** The global position of the last event applied (0: none). */
  readonly checkpoint: number;
  readonly live: boolean;
}

/** A document written (body) or removed (body undefined) by a batch. */
export interface DocumentChange {
  readonly key: string;
  readonly body: unknown;
}

/** What a batch commits: its documents' changes, or its tables' for a projection that keeps tables. */
export type ProjectionChanges = readonly DocumentChange[] | TableChanges;

/** Whether a batch's changes are to tables (else to documents). */
export const isTableChanges = (changes: ProjectionChanges): changes is TableChanges => !Array.isArray(changes);

export interface ProjectionStore {
  /** Every stored generation of the projection, oldest first. */
  generations(projection: string): Promise<ProjectionGeneration[]>;
  /**
   * A new, empty generation at checkpoint 0, with its own empty tables when the projection
   * keeps tables; live at once when the projection has no live one.
   */
  createGeneration(projection: string, version: number, tables?: readonly TableSpec[]): Promise<ProjectionGeneration>;
  loadDocuments(projection: string, generation: number): Promise<Array<[key: string, body: unknown]>>;
  /**
   * Writes the changes and moves the checkpoint from `from` to `to`, atomically, only if the
   * generation still exists at checkpoint `from` (so two processes never both apply a batch).
   * Answers false, writing nothing, when it does not.
   */
  commit(projection: string, generation: number, from: number, to: number, changes: ProjectionChanges): Promise<boolean>;
  /**
   * Makes the generation the live one and removes every other generation's record, atomically;
   * the analysts' views of its tables then show this generation.
   */
  promote(projection: string, generation: number): Promise<void>;
  /** Deletes a generation's record, documents (in bounded chunks) and tables. */
  dropGeneration(projection: string, generation: number): Promise<void>;
  /** SQL over the projection's live tables. */
  reader(projection: string): ReadModelReader;
  /** Lets go of what the store holds beside the event store's connection (reader threads). */
  close?(): Promise<void>;
}

/** A projection_generations row as both stores read it (PostgreSQL answers BIGINT as text and booleans as booleans; SQLite 0 or 1). */
export interface GenerationRow {
  readonly projection: string;
  readonly generation: number;
  readonly version: number;
  readonly checkpoint: number | string;
  readonly is_live: boolean | number;
}

export const toGeneration = (row: GenerationRow): ProjectionGeneration => ({
  projection: row.projection,
  generation: row.generation,
  version: row.version,
  checkpoint: Number(row.checkpoint),
  live: row.is_live === true || row.is_live === 1,
});
