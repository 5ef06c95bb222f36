import { ObjectType } from '@nestjs/graphql';

import { CurrencyCodeField, DecimalListField, IntField, NestedListField, TextField } from './fields';
import { MoneyTotalView } from './money';

// GraphQL's typed forms of what the reports answer as data-keyed JSON objects
// (REST keeps those): one shape of money, lists instead of objects keyed by data.

@ObjectType('LostReasonCount', { description: 'Leads lost for one reason.' })
export class LostReasonCountView {
  @TextField({ example: 'price' }) reason!: string;
  @IntField({ minimum: 1 }) count!: number;
}

@ObjectType('CohortRevenue', { description: "A cohort's order revenue in one currency, month by month from the cohort month." })
export class CohortRevenueView {
  @CurrencyCodeField() currency!: string;
  @NestedListField(() => MoneyTotalView, { description: 'Revenue in month cohort + k, for k = 0, 1, ...' }) byMonth!: MoneyTotalView[];
  @DecimalListField({ description: "byMonth[k] as a percentage of the cohort month's, one decimal." }) retainedPct!: number[];
}
