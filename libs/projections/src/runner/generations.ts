import type { ProjectionStore } from '@ledger/event-store';

import { keepsTables } from '../shared/projection';
import { ReadModel } from '../shared/read-model';
import { emptyTarget, type LiveProjection, newModel, tablesOf } from './live-projection';
import type { RunnerLogger } from './runner-types';

/** Where each projection's live generation stands in the database: loaded at start and after a fault, or read when another process runs it. */
export class Generations {
  constructor(
    private readonly store: ProjectionStore,
    private readonly logger: RunnerLogger | undefined,
  ) {}

  /**
   * Loads the live generation. A generation left unfinished by an interrupted
   * rebuild is discarded. When the live one was built by another version of the
   * code, a new generation starts from position 0 instead, and the number of the
   * one it replaces is answered: the caller promotes the new one once caught up.
   */
  async load(live: LiveProjection): Promise<number | undefined> {
    const { name, version } = live.definition;
    const generations = await this.store.generations(name);
    for (const unfinished of generations.filter((generation) => !generation.live)) {
      this.logger?.warn(`discarding unfinished rebuild of projection ${name} (generation ${unfinished.generation})`);
      await this.store.dropGeneration(name, unfinished.generation);
    }
    const current = generations.find((generation) => generation.live);
    if (current && current.version !== version) {
      this.logger?.warn(
        `projection ${name} was built by version ${current.version} of its code, this is version ${version}: building it anew`,
      );
      const fresh = await this.store.createGeneration(name, version, tablesOf(live.definition));
      live.target = { ...emptyTarget(fresh.generation, newModel(live.definition)), staged: true };
      return current.generation;
    }
    const loaded = current ?? (await this.store.createGeneration(name, version, tablesOf(live.definition)));
    if (!loaded.live) {
      // Another process created the live generation between our look and our creation: use that one.
      await this.store.dropGeneration(name, loaded.generation);
      return this.load(live);
    }
    // A table projection's state stays in its tables: nothing to load.
    const model = keepsTables(live.definition)
      ? newModel(live.definition)
      : ReadModel.fromDocuments(await this.store.loadDocuments(name, loaded.generation));
    live.target = emptyTarget(loaded.generation, model, loaded.checkpoint);
    return undefined;
  }

  /** Where the live generation stands in the database (another process runs the projection): its number and checkpoint. */
  async refreshFromStore(live: LiveProjection): Promise<void> {
    const stored = (await this.store.generations(live.definition.name)).find((generation) => generation.live);
    if (!stored) {
      live.target = undefined;
      return;
    }
    if (live.target?.generation === stored.generation) {
      live.target.checkpoint = live.target.applied = stored.checkpoint;
      return;
    }
    live.target = emptyTarget(stored.generation, newModel(live.definition), stored.checkpoint);
  }
}
