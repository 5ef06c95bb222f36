import { failure } from './failure';
import { ok, refuse, type Result } from './result';

/** An amount in integer minor units (cents, pence) of an ISO 4217 currency. Never a float. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

// ICU's list is the ISO 4217 table shipped with the runtime: no hand-kept copy to drift.
export const KNOWN_CURRENCY_CODES: readonly string[] = Intl.supportedValuesOf('currency');
const KNOWN_CURRENCIES: ReadonlySet<string> = new Set(KNOWN_CURRENCY_CODES);

export const isKnownCurrency = (code: string): boolean => KNOWN_CURRENCIES.has(code);

/**
 * The largest amount one order may carry: 10^12 minor units (10,000,000,000.00
 * of a two-decimal currency). A business maximum, far above any real order and
 * far below 2^53, so a single amount is always an exact JSON number; sums of
 * amounts are exact whatever their size (see sumByCurrency and MoneyTotal).
 */
export const MAX_ORDER_AMOUNT = 1_000_000_000_000;

export function money(amount: unknown, currency: unknown, field = 'total'): Result<Money> {
  if (typeof amount !== 'number' || !Number.isInteger(amount)) {
    return refuse(
      failure('MONEY_AMOUNT_NOT_INTEGER', 'amount must be an integer number of minor units (e.g. 1999 for 19.99)', `${field}.amount`),
    );
  }
  if (amount < 0) {
    return refuse(failure('MONEY_AMOUNT_NEGATIVE', 'amount must not be negative', `${field}.amount`));
  }
  if (amount > MAX_ORDER_AMOUNT) {
    return refuse(failure('MONEY_AMOUNT_UNSAFE', `amount must be at most ${MAX_ORDER_AMOUNT} minor units`, `${field}.amount`));
  }
  if (typeof currency !== 'string' || !isKnownCurrency(currency)) {
    return refuse(
      failure('CURRENCY_UNKNOWN', `currency must be an ISO 4217 code such as EUR, got ${JSON.stringify(currency)}`, `${field}.currency`),
    );
  }
  return ok({ amount, currency });
}

/**
 * A sum of amounts in one currency. Sums have no bound (a ledger holds any
 * number of orders), so the amount is integer minor units as a decimal string,
 * exact at any size ("18014398509482083"): a JSON number stops counting every
 * unit past 2^53.
 */
export interface MoneyTotal {
  readonly amount: string;
  readonly currency: string;
}

/** Sums per currency, exactly, as decimal strings; amounts of different currencies are never added together. */
export function sumByCurrency(amounts: readonly Money[]): Record<string, string> {
  const totals: Record<string, bigint> = {};
  for (const { amount, currency } of amounts) totals[currency] = (totals[currency] ?? 0n) + BigInt(amount);
  return Object.fromEntries(Object.entries(totals).map(([currency, total]) => [currency, total.toString()]));
}
