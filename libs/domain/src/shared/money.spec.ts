import { isKnownCurrency, MAX_ORDER_AMOUNT, money, sumByCurrency } from './money';

describe('money', () => {
  describe('an amount is an integer number of minor units in a known currency', () => {
    it('accepts 1999 cents of EUR as 19.99 EUR', () => {
      expect(money(1999, 'EUR')).toEqual({ ok: true, value: { amount: 1999, currency: 'EUR' } });
    });

    it('accepts zero, since a free item still has a price', () => {
      expect(money(0, 'GBP')).toEqual({ ok: true, value: { amount: 0, currency: 'GBP' } });
    });

    it('accepts the business maximum of one order, 10^12 minor units', () => {
      expect(money(MAX_ORDER_AMOUNT, 'JPY')).toEqual({ ok: true, value: { amount: 1_000_000_000_000, currency: 'JPY' } });
    });

    it.each(['EUR', 'USD', 'GBP', 'CHF', 'JPY'])('knows the ISO 4217 currency %s', (currency) => {
      expect(isKnownCurrency(currency)).toBe(true);
      expect(money(100, currency).ok).toBe(true);
    });
  });

  describe('refuses an amount that is not a safe, non-negative integer, naming the amount field', () => {
    it.each([
      ['a float such as 19.99', 19.99, 'MONEY_AMOUNT_NOT_INTEGER'],
      ['NaN', Number.NaN, 'MONEY_AMOUNT_NOT_INTEGER'],
      ['Infinity', Number.POSITIVE_INFINITY, 'MONEY_AMOUNT_NOT_INTEGER'],
      ['-Infinity', Number.NEGATIVE_INFINITY, 'MONEY_AMOUNT_NOT_INTEGER'],
      ['a numeric string', '1999', 'MONEY_AMOUNT_NOT_INTEGER'],
      ['null', null, 'MONEY_AMOUNT_NOT_INTEGER'],
      ['a missing amount', undefined, 'MONEY_AMOUNT_NOT_INTEGER'],
      ['a negative amount', -1, 'MONEY_AMOUNT_NEGATIVE'],
      ['one minor unit over the maximum', MAX_ORDER_AMOUNT + 1, 'MONEY_AMOUNT_UNSAFE'],
      ['the largest safe integer', Number.MAX_SAFE_INTEGER, 'MONEY_AMOUNT_UNSAFE'],
      ['an unsafe integer such as 2**53', 2 ** 53, 'MONEY_AMOUNT_UNSAFE'],
      ['a negative unsafe integer', -(2 ** 53), 'MONEY_AMOUNT_NEGATIVE'],
    ])('refuses %s', (_name, amount, code) => {
      expect(money(amount, 'EUR')).toEqual({ ok: false, failure: { code, message: expect.any(String), field: 'total.amount' } });
    });

    it('names the amount of the field it was asked about', () => {
      expect(money(19.99, 'EUR', 'firstOrder.total')).toEqual({
        ok: false,
        failure: expect.objectContaining({ code: 'MONEY_AMOUNT_NOT_INTEGER', field: 'firstOrder.total.amount' }),
      });
    });
  });

  describe('refuses a currency that is not an ISO 4217 code, naming the currency field', () => {
    it.each([
      ['an unknown code', 'XXY'],
      ['a lowercase code', 'eur'],
      ['an empty code', ''],
      ['a name instead of a code', 'EURO'],
      ['a number', 42],
      ['a missing currency', undefined],
    ])('refuses %s (%j)', (_name, currency) => {
      expect(money(100, currency)).toEqual({
        ok: false,
        failure: { code: 'CURRENCY_UNKNOWN', message: expect.any(String), field: 'total.currency' },
      });
      expect(money(100, currency, 'price')).toEqual({
        ok: false,
        failure: expect.objectContaining({ code: 'CURRENCY_UNKNOWN', field: 'price.currency' }),
      });
    });
  });

  describe('sums per currency', () => {
    it('never adds amounts of different currencies together', () => {
      expect(
        sumByCurrency([
          { amount: 100, currency: 'EUR' },
          { amount: 5, currency: 'GBP' },
          { amount: 250, currency: 'EUR' },
          { amount: 0, currency: 'USD' },
        ]),
      ).toEqual({ EUR: '350', GBP: '5', USD: '0' });
    });

    it('sums exactly past 2^53, as a decimal string no JSON number could carry', () => {
      const orders = Array.from({ length: 9_008 }, () => ({ amount: MAX_ORDER_AMOUNT, currency: 'EUR' }));
      expect(sumByCurrency([...orders, { amount: 1, currency: 'EUR' }])).toEqual({ EUR: '9008000000000001' });
    });

    it('sums nothing to no totals at all', () => {
      expect(sumByCurrency([])).toEqual({});
    });
  });
});
