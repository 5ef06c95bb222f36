import type { Department } from '@ledger/domain';
import type { ReadModelReader } from '@ledger/event-store';

import type { Period } from '../shared/calendar';
import type { AnswerContext } from '../shared/projection';
import { leadStates } from './pipeline.lead-states';
import { tallied, type TallyRow } from './pipeline.tally';
import { liveTallyByRep, tallyOverStates } from './pipeline.tally-sql';

export interface PipelineQuery {
  readonly period: Period;
  readonly department?: Department;
  readonly repId?: string;
  /** What a row's key is: the lead owner's id (default) or department. */
  readonly groupBy?: 'rep' | 'department';
  /** The zone the period's days were read in (the pipeline itself has no months). */
  readonly timeZone?: string;
}

export interface PipelineFigures {
  /** Leads first contacted in the period. */
  contacted: number;
  /** Leads open at the end of the period (or now): contacted before it ends, not closed before it ends. */
  open: number;
  /** Leads won (their client's ClientWon) in the period. */
  won: number;
  /** Leads lost in the period. */
  lost: number;
  /** won / (won + lost) over the leads closed in the period; null when none closed. */
  conversion: number | null;
  /** Median days from first contact to win, over the leads won in the period; null when none. */
  medianDaysToWin: number | null;
  /** Leads lost in the period, counted by reason. */
  lostReasons: Record<string, number>;
}

export interface PipelineRow extends PipelineFigures {
  readonly key: string;
}

export interface PipelineAnswer {
  readonly groupBy: 'rep' | 'department';
  readonly rows: PipelineRow[];
  readonly total: PipelineFigures;
}

export { UNKNOWN_DEPARTMENT } from './pipeline.tally-sql';

export async function queryPipeline(db: ReadModelReader, query: PipelineQuery, context: AnswerContext): Promise<PipelineAnswer> {
  const groupBy = query.groupBy ?? 'rep';
  const bounds: AnswerContext = (await leavesSomethingOut(db, context)) ? context : { at: context.at };
  const live = bounds.asOf === undefined && bounds.asKnownAt === undefined;
  const byDepartment = groupBy === 'department' || query.department !== undefined;
  const statement =
    live && !byDepartment
      ? liveTallyByRep(query)
      : tallyOverStates(leadStates(bounds, { repId: query.repId, withDepartment: byDepartment }), { ...query, groupBy });
  return tallied(groupBy, await db.all<TallyRow>(statement.text, statement.params));
}

/** Whether the historical bounds leave out an event the pipeline read: bounds at or after all of them answer as live. */
async function leavesSomethingOut(db: ReadModelReader, { asOf, asKnownAt }: AnswerContext): Promise<boolean> {
  if (asOf === undefined && asKnownAt === undefined) return false;
  const [extent] = await db.all<{ max_occurred_at: string; max_recorded_at: string }>(
    'SELECT max_occurred_at, max_recorded_at FROM {extent}',
  );
  if (!extent) return false;
  return (asOf !== undefined && asOf < extent.max_occurred_at) || (asKnownAt !== undefined && asKnownAt < extent.max_recorded_at);
}
