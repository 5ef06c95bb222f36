import { parseZonedTime } from '../shared/business-time';
import type { DomainCommand, DomainEvent } from '../shared/decider';
import { assertNever } from '../shared/exhaustive';
import { failure } from '../shared/failure';
import type { Department } from '../shared/organisation';
import { ok, refuse, type Result } from '../shared/result';
import { streamDecider, type StreamTime } from '../shared/stream-decider';

/** 10,000 basis points = 100 %. */
export const MAX_RATE_BASIS_POINTS = 10_000;

export type CommissionPlanSet = DomainEvent<
  'CommissionPlanSet',
  { department: Department; rateBasisPoints: number; effectiveFrom: string }
>;
export type CommissionPlanEvent = CommissionPlanSet;

export type SetCommissionPlan = DomainCommand<'SetCommissionPlan', CommissionPlanSet['data']>;
export type CommissionPlanCommand = SetCommissionPlan;

export interface CommissionPlan {
  readonly rateBasisPoints: number;
  readonly effectiveFrom: string;
}

export interface CommissionPlanState extends StreamTime {
  /** Oldest first; effectiveFrom strictly increases. */
  readonly plans: readonly CommissionPlan[];
}

export const commissionPlanDecider = streamDecider<CommissionPlanCommand, CommissionPlanEvent, CommissionPlanState>({
  initialState: () => ({ plans: [] }),

  decide(command: CommissionPlanCommand, state: CommissionPlanState, occurredAt: string): Result<CommissionPlanEvent[]> {
    switch (command.type) {
      case 'SetCommissionPlan': {
        const { rateBasisPoints, effectiveFrom, department } = command.data;
        if (!Number.isInteger(rateBasisPoints) || rateBasisPoints < 0 || rateBasisPoints > MAX_RATE_BASIS_POINTS) {
          return refuse(
            failure(
              'COMMISSION_RATE_OUT_OF_RANGE',
              `rateBasisPoints must be an integer from 0 to ${MAX_RATE_BASIS_POINTS}`,
              'rateBasisPoints',
            ),
          );
        }
        const from = parseZonedTime(effectiveFrom);
        if (Number.isNaN(from))
          return refuse(failure('OCCURRED_AT_INVALID', 'effectiveFrom must be an ISO 8601 time with a zone', 'effectiveFrom'));
        const current = state.plans.at(-1);
        // A plan never replaces history silently: each new one starts after the last.
        if (current && from <= Date.parse(current.effectiveFrom)) {
          return refuse(
            failure(
              'COMMISSION_PLAN_NOT_AFTER_CURRENT',
              `effectiveFrom must be after the latest plan's (${current.effectiveFrom}) for ${department}`,
              'effectiveFrom',
            ),
          );
        }
        return ok([
          {
            type: 'CommissionPlanSet',
            occurredAt,
            data: { department, rateBasisPoints, effectiveFrom: new Date(from).toISOString() },
          },
        ]);
      }
      default:
        return assertNever(command.type);
    }
  },

  evolve(state: CommissionPlanState, event: CommissionPlanEvent): CommissionPlanState {
    return {
      plans: [...state.plans, { rateBasisPoints: event.data.rateBasisPoints, effectiveFrom: event.data.effectiveFrom }],
    };
  },
});

/** The plan in force at a business time: the latest whose effectiveFrom is not after it. */
export function planInForce(plans: readonly CommissionPlan[], at: string): CommissionPlan | undefined {
  const time = Date.parse(at);
  let inForce: CommissionPlan | undefined;
  for (const plan of plans) {
    if (Date.parse(plan.effectiveFrom) <= time) inForce = plan;
  }
  return inForce;
}

/**
 * Commission in minor units for one order, rounded half to even ("banker's
 * rounding") to a whole minor unit, so rounding errors do not drift one way
 * over many orders. amount * rate can pass 2^53 for large amounts, so whole
 * multiples of 10,000 are scaled exactly and only the remainder is rounded.
 */
export function commissionOn(amount: number, plan: CommissionPlan | undefined): number {
  if (!plan) return 0;
  if (amount < 0) return -commissionOn(-amount, plan);
  const rest = amount % MAX_RATE_BASIS_POINTS;
  const scaledRest = rest * plan.rateBasisPoints; // below 10^8: exact
  const restWhole = Math.floor(scaledRest / MAX_RATE_BASIS_POINTS);
  const truncated = ((amount - rest) / MAX_RATE_BASIS_POINTS) * plan.rateBasisPoints + restWhole;
  const fraction = scaledRest - restWhole * MAX_RATE_BASIS_POINTS;
  const half = MAX_RATE_BASIS_POINTS / 2;
  return fraction > half || (fraction === half && truncated % 2 === 1) ? truncated + 1 : truncated;
}
