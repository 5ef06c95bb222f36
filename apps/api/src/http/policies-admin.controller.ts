import { GetPolicyStatusQuery, type PolicyStatus } from '@ledger/ledger';
import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';

import { PolicyStatusView } from '../contract/projections';
import { ApiSecured } from './openapi';
import { QueryRoute } from './operation-routes';

/** The policies that act on their own (automatic handoff, key-account escalation): switched on or off, lag, clients waiting. */
@Controller('v1/admin/policies')
@ApiTags('operations')
@ApiSecured()
export class PoliciesAdminController {
  constructor(private readonly queries: QueryBus) {}

  @QueryRoute('policyStatus', [PolicyStatusView])
  status(): Promise<PolicyStatus[]> {
    return this.queries.execute(new GetPolicyStatusQuery());
  }
}
