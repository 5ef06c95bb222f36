import type {
  PipelineView as LedgerPipelineView,
  RetentionView as LedgerRetentionView,
  RevenueView as LedgerRevenueView,
} from '@ledger/ledger';
import type { ClientAtRisk, PipelineFigures, PipelineRow, RetentionCohort, RevenueRow, SalesToClientRatio } from '@ledger/projections';
import { ObjectType } from '@nestjs/graphql';

import { PipelineGroupByEnum, RevenueGroupByEnum } from './enums';
import {
  CurrencyCodeField,
  DateTimeField,
  DecimalField,
  DecimalListField,
  EnumField,
  IdField,
  IntField,
  IntListField,
  JsonObjectField,
  MINOR_UNITS_TOTAL_PATTERN,
  MinorUnitsTotalField,
  MonthField,
  NestedField,
  NestedListField,
  SafeIntField,
  TextField,
} from './fields';

// Every report answers what it reflects: the business time asked about and the last position of the log it read.
const AS_OF = { nullable: true, description: 'The business time asked about; null for the live answer.' } as const;
const AS_KNOWN_AT = {
  nullable: true,
  description: 'The record time asked about (the ledger as it knew it then); null when not asked.',
} as const;
const POSITION = { minimum: 0, description: 'The last global position the answer reflects.' } as const;

@ObjectType('PipelineFigures')
export class PipelineFiguresView implements PipelineFigures {
  @IntField({ minimum: 0, description: 'Leads first contacted in the period.' }) contacted!: number;
  @IntField({ minimum: 0, description: 'Leads open at the end of the period (or now).' }) open!: number;
  @IntField({ minimum: 0, description: 'Leads won in the period.' }) won!: number;
  @IntField({ minimum: 0, description: 'Leads lost in the period.' }) lost!: number;
  @DecimalField({ nullable: true, description: 'won / (won + lost), 4 decimals; null when none closed.', example: 0.6443 }) conversion!:
    number | null;
  @DecimalField({ nullable: true, description: 'Median days from first contact to win; null when none won.' }) medianDaysToWin!:
    number | null;
  @JsonObjectField({
    values: { type: 'integer' },
    description: 'Leads lost in the period, counted by reason.',
    example: { price: 3 },
    deprecationReason: 'Use `lostReasonCounts`: the same counts as a typed list.',
  })
  lostReasons!: Record<string, number>;
}

@ObjectType('PipelineRow')
export class PipelineRowView extends PipelineFiguresView implements PipelineRow {
  @TextField({ description: "A rep's id or a department, per groupBy." }) key!: string;
}

@ObjectType('Pipeline', { description: 'Leads by stage, conversion, time to win and lost reasons.' })
export class PipelineView implements LedgerPipelineView {
  @EnumField(PipelineGroupByEnum) groupBy!: 'rep' | 'department';
  @NestedListField(() => PipelineRowView) rows!: PipelineRowView[];
  @NestedField(() => PipelineFiguresView) total!: PipelineFiguresView;
  @TextField({ example: 'Europe/Budapest', description: "The IANA time zone of the report's days and months." }) timeZone!: string;
  @DateTimeField(AS_OF) asOf!: string | null;
  @DateTimeField(AS_KNOWN_AT) asKnownAt!: string | null;
  @SafeIntField(POSITION) position!: number;
}

const PER_CURRENCY_OFFSETS = { type: 'array', items: { type: 'number' } };
const PER_CURRENCY_TOTALS = { type: 'array', items: { type: 'string', pattern: MINOR_UNITS_TOTAL_PATTERN } };

@ObjectType('RetentionCohort', { description: 'The clients won in one month, followed month by month.' })
export class RetentionCohortView implements RetentionCohort {
  @MonthField({ description: 'The month the clients were won in (in timeZone).' }) cohort!: string;
  @IntField({ minimum: 0 }) clients!: number;
  @IntListField({ description: 'Clients with any order in month cohort + k, for k = 0, 1, ...' }) retained!: number[];
  @DecimalListField({ description: 'retained[k] as a percentage of the clients, one decimal.' }) retainedPct!: number[];
  @JsonObjectField({
    values: PER_CURRENCY_TOTALS,
    description: 'Order revenue per month offset, per currency: minor units as exact decimal strings.',
    example: { EUR: ['125000', '0', '50000'] },
    deprecationReason: 'Use `revenueByCurrency`: the same sums as Money, per currency.',
  })
  revenue!: Record<string, string[]>;
  @JsonObjectField({
    values: PER_CURRENCY_OFFSETS,
    description: "revenue[k] as a percentage of the cohort month's, per currency, one decimal.",
    deprecationReason: 'Use `revenueByCurrency { retainedPct }`.',
  })
  revenueRetainedPct!: Record<string, number[]>;
  @IntField({ minimum: 0, description: 'Clients lost so far.' }) churned!: number;
  @IntField({ minimum: 0, description: 'Clients not lost without an order for atRiskDays or more.' }) atRisk!: number;
}

@ObjectType('ClientAtRisk')
export class ClientAtRiskView implements ClientAtRisk {
  @IdField() clientId!: string;
  @DateTimeField() lastOrderAt!: string;
  @IntField({ minimum: 0 }) daysWithoutOrder!: number;
}

@ObjectType('Retention', { description: 'Monthly cohorts of won clients: repeat purchases, churn, revenue retention; clients at risk.' })
export class RetentionView implements LedgerRetentionView {
  @MonthField({ description: 'The month the offsets run up to: that of asOf, or the current month.' }) throughMonth!: string;
  @IntField({ minimum: 1 }) atRiskDays!: number;
  @NestedListField(() => RetentionCohortView) cohorts!: RetentionCohortView[];
  @NestedListField(() => ClientAtRiskView, { description: 'The longest silent first, at most 100.' }) clientsAtRisk!: ClientAtRiskView[];
  @IntField({ minimum: 0, description: 'All clients at risk, listed or not.' }) atRiskTotal!: number;
  @TextField({ example: 'Europe/Budapest', description: "The IANA time zone of the report's days and months." }) timeZone!: string;
  @DateTimeField(AS_OF) asOf!: string | null;
  @DateTimeField(AS_KNOWN_AT) asKnownAt!: string | null;
  @SafeIntField(POSITION) position!: number;
}

@ObjectType('RevenueRow')
export class RevenueRowView implements RevenueRow {
  @MonthField() month!: string;
  @TextField({ description: 'A department, or an employee id when grouped by rep.' }) key!: string;
  @CurrencyCodeField() currency!: string;
  @MinorUnitsTotalField({ description: 'First orders, minor units (exact decimal string).', deprecationReason: 'Use `newRevenueTotal`.' })
  newRevenue!: string;
  @MinorUnitsTotalField({ description: 'Reorders, minor units (exact decimal string).', deprecationReason: 'Use `repeatRevenueTotal`.' })
  repeatRevenue!: string;
  @MinorUnitsTotalField({
    description: "Under each order's department's plan in force at its business time, minor units (exact decimal string).",
    deprecationReason: 'Use `commissionTotal`.',
  })
  commission!: string;
  @IntField({ minimum: 0 }) orders!: number;
}

@ObjectType('SalesToClientRatio')
export class SalesToClientRatioView implements SalesToClientRatio {
  @MonthField() month!: string;
  @CurrencyCodeField() currency!: string;
  @MinorUnitsTotalField({ description: 'Minor units (exact decimal string).', deprecationReason: 'Use `salesRevenueTotal`.' })
  salesRevenue!: string;
  @MinorUnitsTotalField({ description: 'Minor units (exact decimal string).', deprecationReason: 'Use `clientRevenueTotal`.' })
  clientRevenue!: string;
  @DecimalField({ nullable: true, description: 'salesRevenue / clientRevenue, 4 decimals; null while the client department has none.' })
  ratio!: number | null;
}

@ObjectType('Revenue', { description: 'New and repeat revenue and commission per month, by department or rep.' })
export class RevenueView implements LedgerRevenueView {
  @EnumField(RevenueGroupByEnum) groupBy!: 'department' | 'rep';
  @NestedListField(() => RevenueRowView) rows!: RevenueRowView[];
  @NestedListField(() => SalesToClientRatioView) salesToClientRatio!: SalesToClientRatioView[];
  @TextField({ example: 'Europe/Budapest', description: "The IANA time zone of the report's days and months." }) timeZone!: string;
  @DateTimeField(AS_OF) asOf!: string | null;
  @DateTimeField(AS_KNOWN_AT) asKnownAt!: string | null;
  @SafeIntField(POSITION) position!: number;
}
