import type { MoneyTotal } from '@ledger/domain';
import type { PipelineFigures, RetentionCohort, RevenueRow, SalesToClientRatio } from '@ledger/projections';
import type { Type } from '@nestjs/common';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';

import { MoneyTotalView } from '../../contract/money';
import { CohortRevenueView, LostReasonCountView } from '../../contract/report-money';
import { PipelineFiguresView, PipelineRowView, RetentionCohortView, RevenueRowView, SalesToClientRatioView } from '../../contract/reports';

// The reports' money as Money (amount and currency together) and their
// data-keyed objects as typed lists, beside the older fields they replace.

const total = (amount: string, currency: string): MoneyTotal => ({ amount, currency });

@Resolver(() => RevenueRowView)
export class RevenueRowMoneyFields {
  @ResolveField(() => MoneyTotalView, { description: 'First orders.' })
  newRevenueTotal(@Parent() row: RevenueRow): MoneyTotal {
    return total(row.newRevenue, row.currency);
  }

  @ResolveField(() => MoneyTotalView, { description: 'Reorders.' })
  repeatRevenueTotal(@Parent() row: RevenueRow): MoneyTotal {
    return total(row.repeatRevenue, row.currency);
  }

  @ResolveField(() => MoneyTotalView, { description: "Under each order's department's plan in force at its business time." })
  commissionTotal(@Parent() row: RevenueRow): MoneyTotal {
    return total(row.commission, row.currency);
  }
}

@Resolver(() => SalesToClientRatioView)
export class SalesToClientRatioMoneyFields {
  @ResolveField(() => MoneyTotalView, { description: "The sales department's revenue in the month." })
  salesRevenueTotal(@Parent() ratio: SalesToClientRatio): MoneyTotal {
    return total(ratio.salesRevenue, ratio.currency);
  }

  @ResolveField(() => MoneyTotalView, { description: "The client department's revenue in the month." })
  clientRevenueTotal(@Parent() ratio: SalesToClientRatio): MoneyTotal {
    return total(ratio.clientRevenue, ratio.currency);
  }
}

/** Most first; the pipeline's total and its rows are types of their own, so each has the field. */
const lostReasonCounts = (figures: PipelineFigures): LostReasonCountView[] =>
  Object.entries(figures.lostReasons)
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));

function lostReasonCountsFields(figures: Type) {
  @Resolver(() => figures)
  class LostReasonCountsFields {
    @ResolveField(() => [LostReasonCountView], { description: 'Leads lost in the period, counted by reason, most first.' })
    lostReasonCounts(@Parent() figures: PipelineFigures): LostReasonCountView[] {
      return lostReasonCounts(figures);
    }
  }
  return LostReasonCountsFields;
}

export const PipelineFiguresTypedFields = lostReasonCountsFields(PipelineFiguresView);
export const PipelineRowTypedFields = lostReasonCountsFields(PipelineRowView);

@Resolver(() => RetentionCohortView)
export class RetentionCohortMoneyFields {
  @ResolveField(() => [CohortRevenueView], { description: 'Order revenue per currency, month by month: the same sums as `revenue`.' })
  revenueByCurrency(@Parent() cohort: RetentionCohort): CohortRevenueView[] {
    return Object.entries(cohort.revenue).map(([currency, amounts]) => ({
      currency,
      byMonth: amounts.map((amount) => total(amount, currency)),
      retainedPct: cohort.revenueRetainedPct[currency] ?? [],
    }));
  }
}
