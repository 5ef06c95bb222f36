import { money, sumByCurrency } from './money';

describe('Money', () => {
  it('accepts integer minor units, zero included, in a known currency', () => {
    expect(money(1999, 'EUR')).toEqual({ ok: true, value: { amount: 1999, currency: 'EUR' } });
    expect(money(0, 'GBP')).toEqual({ ok: true, value: { amount: 0, currency: 'GBP' } });
    expect(money(Number.MAX_SAFE_INTEGER, 'JPY').ok).toBe(true);
  });

  it.each([
    ['a float', 19.99, 'MONEY_AMOUNT_NOT_INTEGER'],
    ['NaN', Number.NaN, 'MONEY_AMOUNT_NOT_INTEGER'],
    ['Infinity', Number.POSITIVE_INFINITY, 'MONEY_AMOUNT_NOT_INTEGER'],
    ['a string', '1999', 'MONEY_AMOUNT_NOT_INTEGER'],
    ['a negative amount', -1, 'MONEY_AMOUNT_NEGATIVE'],
    ['an unsafe integer', 2 ** 53, 'MONEY_AMOUNT_UNSAFE'],
  ])('refuses %s', (_name, amount, code) => {
    expect(money(amount, 'EUR')).toEqual({ ok: false, failure: expect.objectContaining({ code, field: 'total.amount' }) });
  });

  it.each(['XXY', 'eur', '', 'EURO', 42])('refuses the currency %j', (currency) => {
    expect(money(100, currency, 'price')).toEqual({ ok: false, failure: expect.objectContaining({ code: 'CURRENCY_UNKNOWN', field: 'price.currency' }) });
  });

  it('never adds amounts of different currencies', () => {
    expect(sumByCurrency([{ amount: 100, currency: 'EUR' }, { amount: 5, currency: 'GBP' }, { amount: 250, currency: 'EUR' }])).toEqual({ EUR: 350, GBP: 5 });
  });
});
