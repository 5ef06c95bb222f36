import { AddEmployeeCommand, RemoveEmployeeCommand, SetCommissionPlanCommand } from '@ledger/ledger';
import { Context, Resolver } from '@nestjs/graphql';

import type { GraphqlRequestContext } from '../../auth/access.guard';
import { AddEmployeeArgs, Arguments, RemoveEmployeeArgs, SetCommissionPlanArgs } from '../args';
import { GraphqlCommandRunner } from '../command-runner';
import { CommandMutation } from '../payload/command-mutation';
import type { CommandPayload } from '../payload/command-payload';

/** Who works where, and the commission plans of the departments. */
@Resolver()
export class OrganisationResolver {
  constructor(private readonly commands: GraphqlCommandRunner) {}

  @CommandMutation('addEmployee', 'An employee joins a department in a role (EmployeeJoined).')
  addEmployee(@Arguments() { input, options }: AddEmployeeArgs, @Context() request: GraphqlRequestContext): Promise<CommandPayload> {
    return this.commands.run('addEmployee', { input }, request, options, (context) => new AddEmployeeCommand(input, context), {
      employeeId: input.employeeId,
    });
  }

  @CommandMutation('removeEmployee', 'An employee leaves (EmployeeLeft).')
  removeEmployee(@Arguments() args: RemoveEmployeeArgs, @Context() request: GraphqlRequestContext): Promise<CommandPayload> {
    return this.commands.runOn('removeEmployee', 'employeeId', args, request, RemoveEmployeeCommand);
  }

  @CommandMutation('setCommissionPlan', "A department's commission rate from a date on (CommissionPlanSet).")
  setCommissionPlan(
    @Arguments() { input, options }: SetCommissionPlanArgs,
    @Context() request: GraphqlRequestContext,
  ): Promise<CommandPayload> {
    return this.commands.run('setCommissionPlan', { input }, request, options, (context) => new SetCommissionPlanCommand(input, context));
  }
}
