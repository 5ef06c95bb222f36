import { commissionOn, type CommissionPlan } from '@ledger/domain';
import type { ReadModelReader } from '@ledger/event-store';

import type { AnswerContext } from '../shared/projection';
import { compareText } from '../shared/text-order';

interface StoredPlan {
  position: number;
  department: string;
  effective_from: string;
  rate_basis_points: number;
  occurred_at: string;
  recorded_at: string;
}

interface KnownPlan extends CommissionPlan {
  readonly position: number;
}

/**
 * The commission plans as a historical answer knows them: those set by asOf and
 * recorded by asKnownAt. A plan not known yet may still be in the table, and
 * the rollups' commission counts it from its effectiveFrom on.
 */
export class KnownPlans {
  private constructor(
    private readonly known: ReadonlyMap<string, readonly KnownPlan[]>,
    private readonly earliestUnknown: ReadonlyMap<string, string>,
  ) {}

  static async read(db: ReadModelReader, context: AnswerContext): Promise<KnownPlans> {
    const rows = await db.all<StoredPlan>(
      'SELECT position, department, effective_from, rate_basis_points, occurred_at, recorded_at FROM {commission_plans}',
    );
    const known = new Map<string, KnownPlan[]>();
    const unknownFrom = new Map<string, string>();
    for (const row of rows) {
      const knownThen =
        (context.asOf === undefined || row.occurred_at <= context.asOf) &&
        (context.asKnownAt === undefined || row.recorded_at <= context.asKnownAt);
      if (knownThen) {
        const plans = known.get(row.department) ?? [];
        plans.push({ position: row.position, effectiveFrom: row.effective_from, rateBasisPoints: row.rate_basis_points });
        known.set(row.department, plans);
      } else {
        const earliest = unknownFrom.get(row.department);
        if (earliest === undefined || row.effective_from < earliest) unknownFrom.set(row.department, row.effective_from);
      }
    }
    // Of two plans in force from the same moment, the later recorded counts.
    for (const plans of known.values()) plans.sort((a, b) => compareText(a.effectiveFrom, b.effectiveFrom) || a.position - b.position);
    return new KnownPlans(known, unknownFrom);
  }

  /** The earliest effectiveFrom of the department's plans not known under the bounds: stored commission from then on is not the answer's. */
  unknownFrom(department: string): string | undefined {
    return this.earliestUnknown.get(department);
  }

  /** An order's commission under the plan known to be in force at its business time. */
  commissionOn(department: string, occurredAt: string, amount: number): number {
    let inForce: KnownPlan | undefined;
    for (const plan of this.known.get(department) ?? []) {
      if (plan.effectiveFrom > occurredAt) break;
      inForce = plan;
    }
    return commissionOn(amount, inForce);
  }
}
