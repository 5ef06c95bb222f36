import { type LogVerification, VerifyLogQuery } from '@ledger/ledger';
import { Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';

import { HandoffTrailView, LogVerificationView } from '../contract/audit';
import { HandoffsQueryDto } from '../requests/queries';
import { handoffsQuery } from '../requests/report-queries';
import { SecuredController } from './openapi';
import { QueryRoute } from './operation-routes';

/** What auditors trace: every handoff and escalation, who did it, when and why. */
@SecuredController('v1/audit', 'audit')
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  /** Oldest first by business time; `from`/`to` select by business time, `asOf` answers as the trail stood then. */
  @QueryRoute('handoffs', HandoffTrailView, 'handoffs')
  handoffs(@Query() query: HandoffsQueryDto): Promise<HandoffTrailView> {
    return this.queries.execute(handoffsQuery(query));
  }

  /** Walks the hash chain over the whole log: intact up to the head, or the first position where it breaks. */
  @QueryRoute('verifyLog', LogVerificationView, 'verify')
  verify(): Promise<LogVerification> {
    return this.queries.execute(new VerifyLogQuery());
  }
}
