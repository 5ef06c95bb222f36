import { GetHandoffsQuery, type LogVerification, VerifyLogQuery } from '@ledger/ledger';
import { Controller, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';

import { HandoffTrailView, LogVerificationView } from '../contract/audit';
import { historicalBounds, periodOf } from '../requests/bounds';
import { HandoffsQueryDto } from '../requests/queries';
import { ApiSecured } from './openapi';
import { QueryRoute } from './operation-routes';

/** What auditors trace: every handoff and escalation, who did it, when and why. */
@Controller('v1/audit')
@ApiTags('audit')
@ApiSecured()
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  /** Oldest first by business time; `from`/`to` select by business time, `asOf` answers as the trail stood then. */
  @QueryRoute('handoffs', HandoffTrailView, 'handoffs')
  handoffs(@Query() query: HandoffsQueryDto): Promise<HandoffTrailView> {
    const { clientId, employeeId, department } = query;
    return this.queries.execute(new GetHandoffsQuery({ clientId, employeeId, department, ...periodOf(query) }, historicalBounds(query)));
  }

  /** Walks the hash chain over the whole log: intact up to the head, or the first position where it breaks. */
  @QueryRoute('verifyLog', LogVerificationView, 'verify')
  verify(): Promise<LogVerification> {
    return this.queries.execute(new VerifyLogQuery());
  }
}
