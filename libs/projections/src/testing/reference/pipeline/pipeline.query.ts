import type { Department } from '@ledger/domain';
import { inPeriod, median, roundTo, type Period } from '../../../shared/calendar';
import type { QueryContext } from '../../../shared/projection';
import { pipelineDocuments, type PipelineLead } from './pipeline.projection';

export interface PipelineQuery {
  readonly period: Period;
  readonly department?: Department;
  readonly repId?: string;
  /** What a row's key is: the lead owner's id (default) or department. */
  readonly groupBy?: 'rep' | 'department';
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

/** Leads without a known department are grouped under this key. */
export const UNKNOWN_DEPARTMENT = 'unknown';

export function queryPipeline({ model }: QueryContext, query: PipelineQuery): PipelineAnswer {
  const groupBy = query.groupBy ?? 'rep';
  const groups = new Map<string, Tally>();
  const total = new Tally();
  for (const lead of pipelineDocuments(model).leads.values()) {
    if (query.department !== undefined && lead.department !== query.department) continue;
    if (query.repId !== undefined && lead.ownerId !== query.repId) continue;
    const key = groupBy === 'rep' ? lead.ownerId : (lead.department ?? UNKNOWN_DEPARTMENT);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = new Tally()));
    group.count(lead, query.period);
    total.count(lead, query.period);
  }
  const rows = [...groups]
    .filter(([, tally]) => !tally.isEmpty())
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, tally]) => ({ key, ...tally.figures() }));
  return { groupBy, rows, total: total.figures() };
}

class Tally {
  private contacted = 0;
  private open = 0;
  private won = 0;
  private lost = 0;
  private readonly daysToWin: number[] = [];
  private readonly lostReasons: Record<string, number> = {};

  count(lead: PipelineLead, period: Period): void {
    if (inPeriod(lead.firstContactedAt, period)) this.contacted += 1;
    if (isOpenAtEnd(lead, period)) this.open += 1;
    if (lead.closedAt === undefined || !inPeriod(lead.closedAt, period)) return;
    if (lead.outcome === 'won') {
      this.won += 1;
      this.daysToWin.push(lead.daysToWin!);
    } else {
      this.lost += 1;
      const reason = lead.lostReason ?? '';
      this.lostReasons[reason] = (this.lostReasons[reason] ?? 0) + 1;
    }
  }

  isEmpty(): boolean {
    return this.contacted + this.open + this.won + this.lost === 0;
  }

  figures(): PipelineFigures {
    const closed = this.won + this.lost;
    const medianDays = median(this.daysToWin);
    return {
      contacted: this.contacted,
      open: this.open,
      won: this.won,
      lost: this.lost,
      conversion: closed === 0 ? null : roundTo(this.won / closed, 4),
      medianDaysToWin: medianDays === undefined ? null : roundTo(medianDays, 2),
      lostReasons: Object.fromEntries(Object.entries(this.lostReasons).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    };
  }
}

/** Open at the period's end: everything the model knows when the period is open-ended. */
function isOpenAtEnd(lead: PipelineLead, period: Period): boolean {
  if (period.to === undefined) return lead.closedAt === undefined;
  return lead.firstContactedAt < period.to && (lead.closedAt === undefined || lead.closedAt >= period.to);
}
