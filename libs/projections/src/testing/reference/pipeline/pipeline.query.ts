import { type PipelineAnswer, type PipelineQuery, UNKNOWN_DEPARTMENT } from '../../../pipeline/pipeline.query';
import { pipelineAnswerOf, PipelineCounts } from '../../../pipeline/pipeline.tally';
import { inPeriod, median, type Period } from '../../../shared/calendar';
import type { QueryContext } from '../../../shared/projection';
import { pipelineDocuments, type PipelineLead } from './pipeline.projection';

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
  return pipelineAnswerOf(groupBy, groups, total);
}

class Tally extends PipelineCounts {
  private readonly daysToWin: number[] = [];

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

  protected medianDaysToWin(): number | undefined {
    return median(this.daysToWin);
  }
}

/** Open at the period's end: everything the model knows when the period is open-ended. */
function isOpenAtEnd(lead: PipelineLead, period: Period): boolean {
  if (period.to === undefined) return lead.closedAt === undefined;
  return lead.firstContactedAt < period.to && (lead.closedAt === undefined || lead.closedAt >= period.to);
}
