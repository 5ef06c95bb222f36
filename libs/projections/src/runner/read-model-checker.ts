import type { ProjectionStore } from '@ledger/event-store';

import type { Generations } from './generations';
import type { LiveFollower, RunnerState } from './live-follower';
import { emptyTarget, type LiveProjection, newModel, tablesOf } from './live-projection';
import type { LogApplier } from './log-applier';
import { compareGenerations, type ReadModelCheck } from './read-model-check';
import { ProjectionFailedError } from './runner-types';

/** Comparisons a check makes when the live model moved on (another process committed) while it compared. */
const MAX_CHECK_ATTEMPTS = 3;

/**
 * Checks a stored read model against the log: folds the log anew into a
 * scratch generation (beside the live one, never served, dropped after) up to
 * the position the live one has stored, and compares the two row by row.
 * The fold runs beside the live model; the last events and the comparison run
 * in its turn, so it stands still meanwhile (here: another process may still
 * commit, and the comparison is then made again at the new position).
 */
export class ReadModelChecker {
  constructor(
    private readonly state: RunnerState,
    private readonly store: ProjectionStore,
    private readonly applier: LogApplier,
    private readonly follower: LiveFollower,
    private readonly generations: Generations,
    private readonly clock: () => Date,
  ) {}

  async check(live: LiveProjection, maxDifferences: number): Promise<ReadModelCheck> {
    const { definition } = live;
    // A rebuild under way promotes its generation and removes every other one's record, the scratch's too.
    await live.rebuild?.done.catch(() => undefined);
    const checkedAt = this.clock().toISOString();
    const started = performance.now();
    const scratch = await this.store.createGeneration(definition.name, definition.version, tablesOf(definition));
    const target = { ...emptyTarget(scratch.generation, newModel(definition)), staged: true };
    try {
      await this.applier.catchUp(definition, target, live.target?.checkpoint ?? 0);
      for (let attempt = 1; ; attempt++) {
        const compared = await live.serial(async () => {
          if (this.state.leading && !this.state.stopped) await this.follower.advance(live, false);
          else await this.generations.refreshFromStore(live);
          if (live.failure) throw new ProjectionFailedError(definition.name, live.failure);
          if (!live.target)
            throw new ProjectionFailedError(definition.name, 'not built yet: the process that runs the read models has not stored it');
          const { generation, checkpoint } = live.target;
          await this.applier.catchUp(definition, target, checkpoint);
          return {
            generation,
            position: checkpoint,
            ...(await compareGenerations(this.store, definition, generation, target.generation, maxDifferences)),
          };
        });
        const stored = (await this.store.generations(definition.name)).find((generation) => generation.live);
        const stoodStill = stored?.generation === compared.generation && stored.checkpoint === compared.position;
        if (stoodStill || attempt >= MAX_CHECK_ATTEMPTS)
          return { projection: definition.name, ...compared, checkedAt, seconds: (performance.now() - started) / 1000 };
      }
    } finally {
      await this.store.dropGeneration(definition.name, target.generation).catch(() => undefined);
    }
  }
}
