import { ObjectType } from '@nestjs/graphql';
import type { Money } from '@ledger/domain';
import { CurrencyField, SafeIntField } from './fields';

@ObjectType('Money', { description: 'An amount in integer minor units of one currency; amounts of different currencies are never added.' })
export class MoneyView implements Money {
  @SafeIntField({ minimum: 0, description: 'Integer minor units, e.g. 1999 for 19.99 EUR.', example: 125000 }) amount!: number;
  @CurrencyField() currency!: string;
}
