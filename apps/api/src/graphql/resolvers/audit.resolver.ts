import { GetHandoffsQuery, type HandoffTrailView as LedgerHandoffTrailView, type LogVerification, VerifyLogQuery } from '@ledger/ledger';
import { QueryBus } from '@nestjs/cqrs';
import { Query, Resolver } from '@nestjs/graphql';

import { Operation } from '../../auth/access.decorators';
import { HandoffTrailView, LogVerificationView } from '../../contract/audit';
import { historicalBounds, periodOf } from '../../requests/bounds';
import { HandoffsQueryDto } from '../../requests/queries';
import { Arguments } from '../args';
import { readAt } from '../graph/read-at';
import { AS_OF_REPORT_COST, reportComplexity } from '../limits';

/** What auditors trace: every handoff and escalation, who did it, when and why. */
@Resolver()
export class AuditResolver {
  constructor(private readonly queries: QueryBus) {}

  @Operation('handoffs')
  @Query(() => HandoffTrailView, {
    nullable: true,
    complexity: reportComplexity,
    description:
      'Every handoff and escalation, oldest first by business time, with actor, reason, correlation and causation; `from`/`to` select by business time.',
  })
  async handoffs(@Arguments() query: HandoffsQueryDto): Promise<LedgerHandoffTrailView> {
    const { clientId, employeeId, department } = query;
    const bounds = historicalBounds(query);
    return readAt(
      await this.queries.execute(new GetHandoffsQuery({ clientId, employeeId, department, period: periodOf(query) }, bounds)),
      bounds,
    );
  }

  @Operation('verifyLog')
  @Query(() => LogVerificationView, {
    nullable: true,
    // A walk over the whole log costs what folding it for an as-of report does.
    complexity: ({ childComplexity }) => AS_OF_REPORT_COST + childComplexity,
    description: 'Walks the hash chain over the whole log: intact up to the head, or the first position where it breaks and why.',
  })
  verifyLog(): Promise<LogVerification> {
    return this.queries.execute(new VerifyLogQuery());
  }
}
