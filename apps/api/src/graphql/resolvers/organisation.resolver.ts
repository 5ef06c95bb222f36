import { AddEmployeeCommand, type CommandAnswer, RemoveEmployeeCommand, SetCommissionPlanCommand } from '@ledger/ledger';
import { Context, Mutation, Resolver } from '@nestjs/graphql';

import { Operation } from '../../auth/access.decorators';
import type { GraphqlRequestContext } from '../../auth/access.guard';
import { CommandAnswerView } from '../../contract/command-answer';
import { AddEmployeeArgs, Arguments, RemoveEmployeeArgs, SetCommissionPlanArgs } from '../args';
import { GraphqlCommandRunner } from '../command-runner';

/** Who works where, and the commission plans of the departments. */
@Resolver()
export class OrganisationResolver {
  constructor(private readonly commands: GraphqlCommandRunner) {}

  @Operation('addEmployee')
  @Mutation(() => CommandAnswerView, { nullable: true, description: 'An employee joins a department in a role (EmployeeJoined).' })
  addEmployee(@Arguments() { input, options }: AddEmployeeArgs, @Context() request: GraphqlRequestContext): Promise<CommandAnswer> {
    return this.commands.run('addEmployee', { input }, request, options, (context) => new AddEmployeeCommand(input, context));
  }

  @Operation('removeEmployee')
  @Mutation(() => CommandAnswerView, { nullable: true, description: 'An employee leaves (EmployeeLeft).' })
  removeEmployee(
    @Arguments() { employeeId, input, options }: RemoveEmployeeArgs,
    @Context() request: GraphqlRequestContext,
  ): Promise<CommandAnswer> {
    return this.commands.run(
      'removeEmployee',
      { employeeId, input },
      request,
      options,
      (context) => new RemoveEmployeeCommand({ ...input, employeeId }, context),
    );
  }

  @Operation('setCommissionPlan')
  @Mutation(() => CommandAnswerView, { nullable: true, description: "A department's commission rate from a date on (CommissionPlanSet)." })
  setCommissionPlan(
    @Arguments() { input, options }: SetCommissionPlanArgs,
    @Context() request: GraphqlRequestContext,
  ): Promise<CommandAnswer> {
    return this.commands.run('setCommissionPlan', { input }, request, options, (context) => new SetCommissionPlanCommand(input, context));
  }
}
