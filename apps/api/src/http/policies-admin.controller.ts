import { GetPolicyStatusQuery, type PolicyStatus } from '@ledger/ledger';
import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';

import { Operation } from '../auth/access.decorators';
import { PolicyStatusView } from '../contract/projections';
import { ApiAnswer, ApiSecured } from './openapi';

/** The policies that act on their own (automatic handoff, key-account escalation): switched on or off, lag, clients waiting. */
@Controller('v1/admin/policies')
@ApiTags('operations')
@ApiSecured()
export class PoliciesAdminController {
  constructor(private readonly queries: QueryBus) {}

  @ApiAnswer([PolicyStatusView])
  @Operation('policyStatus')
  @Get()
  status(): Promise<PolicyStatus[]> {
    return this.queries.execute(new GetPolicyStatusQuery());
  }
}
