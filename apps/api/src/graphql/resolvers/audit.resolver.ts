import { type LogVerification, VerifyLogQuery } from '@ledger/ledger';
import { QueryBus } from '@nestjs/cqrs';
import { Resolver } from '@nestjs/graphql';

import { HandoffTrailView, LogVerificationView } from '../../contract/audit';
import { handoffsQuery } from '../../requests/report-queries';
import { Arguments, HandoffsArgs } from '../args';
import { pageOfList } from '../graph/list-pages';
import { answerReadAt, carriedFrom } from '../graph/read-at';
import { AS_OF_REPORT_COST } from '../limits';
import { OperationQuery, ReportQuery } from '../operation-query';

/** What auditors trace: every handoff and escalation, who did it, when and why. */
@Resolver()
export class AuditResolver {
  constructor(private readonly queries: QueryBus) {}

  @ReportQuery(
    'handoffs',
    () => HandoffTrailView,
    'Every handoff and escalation, oldest first by business time, with actor, reason, correlation and causation, a page at a time (`first`, `after`); `from`/`to` select by business time.',
  )
  async handoffs(@Arguments() { first, after, ...query }: HandoffsArgs): Promise<HandoffTrailView> {
    const trail = await answerReadAt(this.queries, handoffsQuery(query));
    return { ...trail, ...pageOfList('Handoff', carriedFrom(trail, trail.handoffs), (handoff) => handoff.eventId, { first, after }) };
  }

  @OperationQuery('verifyLog', () => LogVerificationView, {
    // A walk over the whole log costs what folding it for an as-of report does.
    complexity: ({ childComplexity }) => AS_OF_REPORT_COST + childComplexity,
    description: 'Walks the hash chain over the whole log: intact up to the head, or the first position where it breaks and why.',
  })
  verifyLog(): Promise<LogVerification> {
    return this.queries.execute(new VerifyLogQuery());
  }
}
