import { clientsProjection } from './clients';
import { employeesProjection } from './employees';
import { handoffsProjection } from './handoffs';
import { leadsProjection } from './leads';
import { pipelineProjection } from './pipeline';
import { retentionProjection, retentionProjectionIn } from './retention';
import { revenueProjection, revenueProjectionIn } from './revenue';
import type { ProjectionDefinition } from './shared/projection';
import { calendarOf } from './shared/time-zone';

export * from './clients';
export * from './employees';
export * from './handoffs';
export * from './leads';
export * from './pipeline';
export * from './retention';
export * from './revenue';
export * from './runner/projection-runner';
export * from './shared/calendar';
export * from './shared/event-handlers';
export * from './shared/listing';
export * from './shared/projection';
export * from './shared/read-model';
export * from './shared/row-buffer';
export * from './shared/schema-doc';
export * from './shared/time-zone';

/** Every read model the ledger keeps, by name: a query names its projection by one of these keys, which picks its query and answer types. */
export const LEDGER_PROJECTIONS_BY_NAME = {
  pipeline: pipelineProjection,
  retention: retentionProjection,
  revenue: revenueProjection,
  clients: clientsProjection,
  handoffs: handoffsProjection,
  employees: employeesProjection,
  leads: leadsProjection,
} as const;

export type LedgerProjectionName = keyof typeof LEDGER_PROJECTIONS_BY_NAME;
/** What the named projection is asked. */
export type LedgerQueryOf<Name extends LedgerProjectionName> =
  (typeof LEDGER_PROJECTIONS_BY_NAME)[Name] extends ProjectionDefinition<infer Query> ? Query : never;
/** What the named projection answers. */
export type LedgerAnswerOf<Name extends LedgerProjectionName> =
  (typeof LEDGER_PROJECTIONS_BY_NAME)[Name] extends ProjectionDefinition<never, infer Answer> ? Answer : never;

/** Every read model the ledger keeps, its rollups in UTC months and days. */
export const LEDGER_PROJECTIONS: readonly ProjectionDefinition[] = Object.values(LEDGER_PROJECTIONS_BY_NAME);

/** Every read model the ledger keeps, its rollups in the months and days of the company's time zone (an IANA name). */
export function ledgerProjectionsIn(timeZone: string): readonly ProjectionDefinition[] {
  const calendar = calendarOf(timeZone);
  if (calendar.isUtc) return LEDGER_PROJECTIONS;
  return Object.values({
    ...LEDGER_PROJECTIONS_BY_NAME,
    revenue: revenueProjectionIn(calendar),
    retention: retentionProjectionIn(calendar),
  });
}
