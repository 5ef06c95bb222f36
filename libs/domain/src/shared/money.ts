import { failure } from './failure';
import { ok, refuse, type Result } from './result';

/** An amount in integer minor units (cents, pence) of an ISO 4217 currency. Never a float. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

// ICU's list is the ISO 4217 table shipped with the runtime: no hand-kept copy to drift.
const KNOWN_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export const isKnownCurrency = (code: string): boolean => KNOWN_CURRENCIES.has(code);

export function money(amount: unknown, currency: unknown, field = 'total'): Result<Money> {
  if (typeof amount !== 'number' || !Number.isInteger(amount)) {
    return refuse(
      failure('MONEY_AMOUNT_NOT_INTEGER', 'amount must be an integer number of minor units (e.g. 1999 for 19.99)', `${field}.amount`),
    );
  }
  if (!Number.isSafeInteger(amount)) {
    return refuse(failure('MONEY_AMOUNT_UNSAFE', 'amount is beyond the exactly representable integer range', `${field}.amount`));
  }
  if (amount < 0) {
    return refuse(failure('MONEY_AMOUNT_NEGATIVE', 'amount must not be negative', `${field}.amount`));
  }
  if (typeof currency !== 'string' || !isKnownCurrency(currency)) {
    return refuse(
      failure('CURRENCY_UNKNOWN', `currency must be an ISO 4217 code such as EUR, got ${JSON.stringify(currency)}`, `${field}.currency`),
    );
  }
  return ok({ amount, currency });
}

/** Sums per currency; amounts of different currencies are never added together. */
export function sumByCurrency(amounts: readonly Money[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const { amount, currency } of amounts) totals[currency] = (totals[currency] ?? 0) + amount;
  return totals;
}
