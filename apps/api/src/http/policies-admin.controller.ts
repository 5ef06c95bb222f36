import { GetPolicyStatusQuery, type PolicyStatus } from '@ledger/ledger';
import { QueryBus } from '@nestjs/cqrs';

import { PolicyStatusView } from '../contract/projections';
import { SecuredController } from './openapi';
import { QueryRoute } from './operation-routes';

/** The policies that act on their own (automatic handoff, key-account escalation): switched on or off, lag, clients waiting. */
@SecuredController('v1/admin/policies', 'operations')
export class PoliciesAdminController {
  constructor(private readonly queries: QueryBus) {}

  @QueryRoute('policyStatus', [PolicyStatusView])
  status(): Promise<PolicyStatus[]> {
    return this.queries.execute(new GetPolicyStatusQuery());
  }
}
