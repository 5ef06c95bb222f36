import type { Money, MoneyTotal } from '@ledger/domain';
import { ObjectType } from '@nestjs/graphql';

import { CurrencyCodeField, MinorUnitsTotalField, SafeIntField } from './fields';

@ObjectType('Money', { description: 'An amount in integer minor units of one currency; amounts of different currencies are never added.' })
export class MoneyView implements Money {
  @SafeIntField({ minimum: 0, description: 'Integer minor units, e.g. 1999 for 19.99 EUR.', example: 125000 }) amount!: number;
  @CurrencyCodeField() currency!: string;
}

@ObjectType('MoneyTotal', {
  description:
    'A sum of amounts in one currency: integer minor units as a decimal string, exact at any size (a JSON number is not past 2^53).',
})
export class MoneyTotalView implements MoneyTotal {
  @MinorUnitsTotalField({ description: 'Integer minor units as a decimal string, e.g. "18014398509482083".' }) amount!: string;
  @CurrencyCodeField() currency!: string;
}
