import { clientsProjection } from './clients';
import { handoffsProjection } from './handoffs';
import { pipelineProjection } from './pipeline';
import { retentionProjection } from './retention';
import { revenueProjection } from './revenue';
import type { ProjectionDefinition } from './shared/projection';

export * from './shared/calendar';
export * from './shared/event-handlers';
export * from './shared/projection';
export * from './shared/read-model';
export * from './shared/row-buffer';
export * from './shared/schema-doc';
export * from './pipeline';
export * from './retention';
export * from './revenue';
export * from './clients';
export * from './handoffs';
export * from './runner/projection-runner';

/** Every read model the ledger keeps. */
export const LEDGER_PROJECTIONS: readonly ProjectionDefinition[] = [
  pipelineProjection,
  retentionProjection,
  revenueProjection,
  clientsProjection,
  handoffsProjection,
];
