/**
 * The reports as they were first written: JSON documents folded event by event
 * in memory. Test code only, kept as an oracle: folding the log up to a bound is
 * the definition of a historical answer, so the SQL read models, which answer
 * from stored facts, are checked against it over random histories.
 */
import type { RecordedEvent } from '@ledger/event-store';

import { type DocumentProjection, toProjectedEvent } from '../../shared/projection';
import { ReadModel } from '../../shared/read-model';
import { clientsProjection } from './clients';
import { employeesProjection } from './employees';
import { handoffsProjection } from './handoffs';
import { leadsProjection } from './leads';
import { pipelineProjection } from './pipeline';
import { retentionProjection } from './retention';
import { revenueProjection } from './revenue';

export const REFERENCE_FOLDS: Readonly<Record<string, DocumentProjection>> = {
  pipeline: pipelineProjection as DocumentProjection,
  retention: retentionProjection as DocumentProjection,
  revenue: revenueProjection as DocumentProjection,
  clients: clientsProjection as DocumentProjection,
  handoffs: handoffsProjection as DocumentProjection,
  employees: employeesProjection as DocumentProjection,
  leads: leadsProjection as DocumentProjection,
};

/** The answer folded from the recorded events within the bounds, in log order, as of `at`. */
export function referenceAnswer(
  projection: string,
  events: readonly RecordedEvent[],
  query: unknown,
  bounds: { readonly asOf?: string; readonly asKnownAt?: string; readonly at: string },
): unknown {
  const definition = REFERENCE_FOLDS[projection];
  if (!definition) throw new Error(`no reference fold for ${projection}`);
  const model = new ReadModel(false);
  for (const event of events) {
    if (bounds.asOf !== undefined && event.occurredAt > bounds.asOf) continue;
    if (bounds.asKnownAt !== undefined && event.recordedAt > bounds.asKnownAt) continue;
    definition.apply(model, toProjectedEvent(event));
  }
  return definition.query({ model, at: bounds.at }, query);
}
