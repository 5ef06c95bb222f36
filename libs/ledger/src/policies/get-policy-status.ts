import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { POLICY_RUNNER } from '../application/tokens';
import type { PolicyRunner, PolicyStatus } from './policy-runner';

/** Every policy: switched on or off, its parameters, its lag behind the head and the clients waiting. */
export class GetPolicyStatusQuery extends Query<PolicyStatus[]> {}

@QueryHandler(GetPolicyStatusQuery)
export class GetPolicyStatusHandler implements IQueryHandler<GetPolicyStatusQuery> {
  constructor(@Inject(POLICY_RUNNER) private readonly runner: PolicyRunner) {}

  execute(): Promise<PolicyStatus[]> {
    return this.runner.status();
  }
}
