import { fold } from '../shared/decider';
import { eventOf } from '../testing/events';
import { commandOf, SPEC_AT as at, specFor } from '../testing/given-when-then';
import {
  commissionOn,
  type CommissionPlan,
  commissionPlanDecider,
  type CommissionPlanSet,
  MAX_RATE_BASIS_POINTS,
  planInForce,
  type SetCommissionPlan,
} from './commission-plan';

const given = specFor(commissionPlanDecider);

const setPlan = (rateBasisPoints: number, effectiveFrom = '2024-07-01T00:00:00Z', occurredAt = at) =>
  commandOf<SetCommissionPlan>('SetCommissionPlan', occurredAt, { department: 'sales', rateBasisPoints, effectiveFrom });
const planSet = (rateBasisPoints: number, effectiveFrom = '2024-07-01T00:00:00.000Z', occurredAt = at): CommissionPlanSet =>
  eventOf('CommissionPlanSet', occurredAt, { department: 'sales', rateBasisPoints, effectiveFrom });

const januaryPlan = planSet(500, '2024-01-01T00:00:00.000Z', '2023-12-20T00:00:00.000Z');
const julyPlan = planSet(700, '2024-07-01T00:00:00.000Z', '2024-05-20T00:00:00.000Z');

describe('commission plan', () => {
  describe('the rate is a whole number of basis points from 0 to 100 %', () => {
    it('100 % is 10,000 basis points', () => {
      expect(MAX_RATE_BASIS_POINTS).toBe(10_000);
    });

    it.each([0, 1, 500, 9_999, 10_000])('a department may be paid %d basis points', (rate) => {
      given([])
        .when(setPlan(rate))
        .then([planSet(rate)]);
    });

    it.each([-1, 10_001, 12.5, Number.NaN, Number.POSITIVE_INFINITY])(
      'a rate of %d basis points is refused with COMMISSION_RATE_OUT_OF_RANGE',
      (rate) => {
        given([]).when(setPlan(rate)).thenFails('COMMISSION_RATE_OUT_OF_RANGE', 'rateBasisPoints');
      },
    );
  });

  describe('a new plan starts strictly after the latest one, never rewriting the past', () => {
    it('the first plan of a department may start at any time', () => {
      given([])
        .when(setPlan(500, '2020-01-01T00:00:00Z'))
        .then([planSet(500, '2020-01-01T00:00:00.000Z')]);
    });

    it("a plan starting after the latest plan's start is set", () => {
      given([januaryPlan])
        .when(setPlan(700))
        .then([planSet(700)]);
    });

    it("a plan starting a millisecond after the latest plan's start is set", () => {
      given([januaryPlan])
        .when(setPlan(600, '2024-01-01T00:00:00.001Z'))
        .then([planSet(600, '2024-01-01T00:00:00.001Z')]);
    });

    it('a plan starting at the same instant as the latest plan is refused, even written in another zone', () => {
      given([januaryPlan]).when(setPlan(600, '2024-01-01T00:00:00Z')).thenFails('COMMISSION_PLAN_NOT_AFTER_CURRENT', 'effectiveFrom');
      given([januaryPlan]).when(setPlan(600, '2024-01-01T01:00:00+01:00')).thenFails('COMMISSION_PLAN_NOT_AFTER_CURRENT', 'effectiveFrom');
    });

    it("a plan starting before the latest plan's start is refused", () => {
      given([januaryPlan]).when(setPlan(600, '2023-06-01T00:00:00Z')).thenFails('COMMISSION_PLAN_NOT_AFTER_CURRENT', 'effectiveFrom');
    });

    it('it is compared with the latest plan, not the first', () => {
      given([januaryPlan, julyPlan])
        .when(setPlan(600, '2024-03-01T00:00:00Z'))
        .thenFails('COMMISSION_PLAN_NOT_AFTER_CURRENT', 'effectiveFrom');
      given([januaryPlan, julyPlan])
        .when(setPlan(600, '2024-08-01T00:00:00Z'))
        .then([planSet(600, '2024-08-01T00:00:00.000Z')]);
    });

    it('the start is recorded in ISO UTC', () => {
      given([])
        .when(setPlan(500, '2024-07-01T02:00:00+02:00'))
        .then([planSet(500, '2024-07-01T00:00:00.000Z')]);
    });

    it.each([
      ['words', 'soon'],
      ['words around a year', 'garbage 2024'],
      ['a time without a zone', '2024-07-01T00:00:00'],
      ['a day that does not exist', '2024-06-31T00:00:00Z'],
    ])('a start that is not a zoned ISO 8601 time (%s) is refused with OCCURRED_AT_INVALID', (_name, effectiveFrom) => {
      given([]).when(setPlan(500, effectiveFrom)).thenFails('OCCURRED_AT_INVALID', 'effectiveFrom');
    });
  });

  describe('business time on the commission-plan stream', () => {
    it('never runs backwards', () => {
      given([januaryPlan, julyPlan])
        .when(setPlan(800, '2024-09-01T00:00:00Z', '2024-05-19T23:59:59.999Z'))
        .thenFails('OCCURRED_AT_BACKWARDS', 'occurredAt');
    });

    it('does not lie beyond the allowed clock skew', () => {
      given([januaryPlan])
        .when(setPlan(800, '2024-09-01T00:00:00Z', '2024-06-01T12:05:00.001Z'))
        .thenFails('OCCURRED_AT_IN_FUTURE', 'occurredAt');
    });

    it('a plan may be decided now to take effect later: effectiveFrom is not limited by the clock', () => {
      given([januaryPlan])
        .when(setPlan(800, '2030-01-01T00:00:00Z'))
        .then([planSet(800, '2030-01-01T00:00:00.000Z')]);
    });
  });

  describe('the state a reader folds', () => {
    it('no plans before any was set', () => {
      expect(fold(commissionPlanDecider, [])).toEqual({ plans: [] });
    });

    it('plans oldest first, with the time of the latest decision', () => {
      expect(fold(commissionPlanDecider, [januaryPlan, julyPlan])).toEqual({
        plans: [
          { rateBasisPoints: 500, effectiveFrom: '2024-01-01T00:00:00.000Z' },
          { rateBasisPoints: 700, effectiveFrom: '2024-07-01T00:00:00.000Z' },
        ],
        latestOccurredAt: julyPlan.occurredAt,
      });
    });
  });

  describe('the plan in force at a business time', () => {
    const plans = fold(commissionPlanDecider, [januaryPlan, julyPlan]).plans;

    it('is none when no plan was ever set', () => {
      expect(planInForce([], '2024-06-01T00:00:00.000Z')).toBeUndefined();
    });

    it('is none before the first plan takes effect', () => {
      expect(planInForce(plans, '2023-12-31T23:59:59.999Z')).toBeUndefined();
    });

    it('is the first plan from its first instant', () => {
      expect(planInForce(plans, '2024-01-01T00:00:00.000Z')).toEqual({ rateBasisPoints: 500, effectiveFrom: '2024-01-01T00:00:00.000Z' });
    });

    it('is the earlier plan until the next one takes effect', () => {
      expect(planInForce(plans, '2024-06-30T23:59:59.999Z')?.rateBasisPoints).toBe(500);
    });

    it('is the new plan on the boundary, whatever zone the time is written in', () => {
      expect(planInForce(plans, '2024-07-01T00:00:00.000Z')?.rateBasisPoints).toBe(700);
      expect(planInForce(plans, '2024-07-01T02:00:00+02:00')?.rateBasisPoints).toBe(700);
      expect(planInForce(plans, '2024-07-01T01:59:59+02:00')?.rateBasisPoints).toBe(500);
    });

    it('is the latest plan for ever after', () => {
      expect(planInForce(plans, '2030-01-01T00:00:00.000Z')?.rateBasisPoints).toBe(700);
    });
  });

  describe('commission on an amount', () => {
    const plan = (rateBasisPoints: number): CommissionPlan => ({ rateBasisPoints, effectiveFrom: '2024-01-01T00:00:00.000Z' });

    it('is the rate applied to the amount in minor units', () => {
      expect(commissionOn(125_000, plan(500))).toBe(6_250);
    });

    it('is rounded to a whole minor unit: down below a half, up above a half, to the even neighbour at exactly a half', () => {
      expect(commissionOn(1_010, plan(250))).toBe(25); // 25.25
      expect(commissionOn(1_020, plan(250))).toBe(26); // 25.5 → even 26
      expect(commissionOn(1_060, plan(250))).toBe(26); // 26.5 → even 26
      expect(commissionOn(1_100, plan(250))).toBe(28); // 27.5 → even 28
      expect(commissionOn(1_030, plan(250))).toBe(26); // 25.75
      expect(commissionOn(4_999, plan(1))).toBe(0); // 0.4999
      expect(commissionOn(5_000, plan(1))).toBe(0); // 0.5 → even 0
      expect(commissionOn(15_000, plan(1))).toBe(2); // 1.5 → even 2
      expect(commissionOn(15_001, plan(1))).toBe(2); // 1.5001
    });

    it('is nothing at a rate of zero, nothing on nothing, and nothing without a plan in force', () => {
      expect(commissionOn(125_000, plan(0))).toBe(0);
      expect(commissionOn(0, plan(500))).toBe(0);
      expect(commissionOn(125_000, undefined)).toBe(0);
    });

    it('is the whole amount at 100 %', () => {
      expect(commissionOn(125_001, plan(10_000))).toBe(125_001);
    });

    it('stays exact up to the largest amount money accepts', () => {
      expect(commissionOn(Number.MAX_SAFE_INTEGER, plan(10_000))).toBe(Number.MAX_SAFE_INTEGER);
      expect(commissionOn(Number.MAX_SAFE_INTEGER, plan(5_000))).toBe(4_503_599_627_370_496); // 4,503,599,627,370,495.5 → even …496
      expect(commissionOn(Number.MAX_SAFE_INTEGER, plan(9_999))).toBe(9_006_298_534_815_517); // …516.9009
    });
  });
});
