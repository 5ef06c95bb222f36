import type { MoneyTotal } from '@ledger/domain';
import type { PipelineFigures, RetentionCohort, RevenueRow, SalesToClientRatio } from '@ledger/projections';
import type { Type } from '@nestjs/common';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';

import { MoneyTotalView } from '../../contract/money';
import { CohortRevenueView, LostReasonCountView } from '../../contract/report-money';
import { PipelineFiguresView, PipelineRowView, RetentionCohortView, RevenueRowView, SalesToClientRatioView } from '../../contract/reports';
import { type ComputedField, computedFields } from './computed-fields';

// The reports' money as Money (amount and currency together) and their
// data-keyed objects as typed lists, beside the older fields they replace.

const total = (amount: string, currency: string): MoneyTotal => ({ amount, currency });

/** A field answering an amount of its parent, in the parent's currency, as Money. */
const moneyTotal = <Parent extends { currency: string }>(
  amountOf: (parent: Parent) => string,
  description: string,
): ComputedField<Parent> => ({
  type: () => MoneyTotalView,
  options: { description },
  resolve: (parent) => total(amountOf(parent), parent.currency),
});

export const RevenueRowMoneyFields = computedFields(() => RevenueRowView, {
  newRevenueTotal: moneyTotal((row: RevenueRow) => row.newRevenue, 'First orders.'),
  repeatRevenueTotal: moneyTotal((row: RevenueRow) => row.repeatRevenue, 'Reorders.'),
  commissionTotal: moneyTotal((row: RevenueRow) => row.commission, "Under each order's department's plan in force at its business time."),
});

export const SalesToClientRatioMoneyFields = computedFields(() => SalesToClientRatioView, {
  salesRevenueTotal: moneyTotal((ratio: SalesToClientRatio) => ratio.salesRevenue, "The sales department's revenue in the month."),
  clientRevenueTotal: moneyTotal((ratio: SalesToClientRatio) => ratio.clientRevenue, "The client department's revenue in the month."),
});

/** Most first; the pipeline's total and its rows are types of their own, so each has the field. */
const lostReasonCounts = (figures: PipelineFigures): LostReasonCountView[] =>
  Object.entries(figures.lostReasons)
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));

const lostReasonCountsFields = (figures: Type) =>
  computedFields(() => figures, {
    lostReasonCounts: {
      type: () => [LostReasonCountView],
      options: { description: 'Leads lost in the period, counted by reason, most first.' },
      resolve: lostReasonCounts,
    },
  });

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
