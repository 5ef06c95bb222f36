import { specFor } from '../testing/given-when-then';
import { commissionOn, commissionPlanDecider, planInForce, type CommissionPlanSet } from './commission-plan';

const spec = specFor(commissionPlanDecider);
const at = '2024-06-01T11:00:00.000Z';
const january: CommissionPlanSet = {
  type: 'CommissionPlanSet',
  occurredAt: '2023-12-20T00:00:00.000Z',
  data: { department: 'sales', rateBasisPoints: 500, effectiveFrom: '2024-01-01T00:00:00.000Z' },
};
const set = (rateBasisPoints: number, effectiveFrom = '2024-07-01T00:00:00Z') =>
  ({ type: 'SetCommissionPlan', occurredAt: at, data: { department: 'sales', rateBasisPoints, effectiveFrom } }) as const;

describe('commission plan', () => {
  it.each([0, 1, 500, 10_000])('accepts a rate of %d basis points', (rate) => {
    spec([]).when(set(rate)).then([{ type: 'CommissionPlanSet', occurredAt: at, data: { department: 'sales', rateBasisPoints: rate, effectiveFrom: '2024-07-01T00:00:00.000Z' } }]);
  });

  it.each([-1, 10_001, 12.5])('refuses a rate of %d basis points', (rate) => {
    spec([]).when(set(rate)).thenFails('COMMISSION_RATE_OUT_OF_RANGE', 'rateBasisPoints');
  });

  it('a new plan starts after the latest one, never rewriting the past', () => {
    spec([january]).when(set(600, '2024-01-01T00:00:00Z')).thenFails('COMMISSION_PLAN_NOT_AFTER_CURRENT', 'effectiveFrom');
    spec([january]).when(set(600, '2023-06-01T00:00:00Z')).thenFails('COMMISSION_PLAN_NOT_AFTER_CURRENT', 'effectiveFrom');
    spec([january]).when(set(600, '2024-01-01T00:00:01Z')).then([
      { type: 'CommissionPlanSet', occurredAt: at, data: { department: 'sales', rateBasisPoints: 600, effectiveFrom: '2024-01-01T00:00:01.000Z' } },
    ]);
  });

  it('refuses an effectiveFrom that is not a time', () => {
    spec([]).when(set(500, 'soon')).thenFails('OCCURRED_AT_INVALID', 'effectiveFrom');
  });

  describe('the plan in force at a business time', () => {
    const plans = [
      { rateBasisPoints: 500, effectiveFrom: '2024-01-01T00:00:00.000Z' },
      { rateBasisPoints: 700, effectiveFrom: '2024-07-01T00:00:00.000Z' },
    ];

    it('is none before the first plan', () => {
      expect(planInForce(plans, '2023-12-31T23:59:59.999Z')).toBeUndefined();
    });

    it('is the earlier plan until the next one takes effect, and the new one from its first instant', () => {
      expect(planInForce(plans, '2024-06-30T23:59:59.999Z')?.rateBasisPoints).toBe(500);
      expect(planInForce(plans, '2024-07-01T00:00:00.000Z')?.rateBasisPoints).toBe(700);
      expect(planInForce(plans, '2030-01-01T00:00:00.000Z')?.rateBasisPoints).toBe(700);
    });
  });

  it('commission is a whole number of minor units, rounded half up', () => {
    expect(commissionOn(125_000, { rateBasisPoints: 500, effectiveFrom: '' })).toBe(6_250);
    expect(commissionOn(1_010, { rateBasisPoints: 250, effectiveFrom: '' })).toBe(25); // 25.25
    expect(commissionOn(1_030, { rateBasisPoints: 250, effectiveFrom: '' })).toBe(26); // 25.75
    expect(commissionOn(1_000, undefined)).toBe(0);
  });
});
