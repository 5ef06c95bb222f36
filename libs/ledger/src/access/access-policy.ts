import type { ClientState, Department, EmployeeState, LeadState, Role } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';
import { Injectable } from '@nestjs/common';

import { LedgerError, type LedgerFailure } from '../application/ledger-error';
import { StreamReader } from '../application/stream-reader';
import { refuseActingFor, refuseManagingDepartment, refuseManagingEmployee, refuseTakingReorder, refuseWorkingLead } from './access-rules';

/** A rule asked of the stream a command is decided on (see StreamCommand.authorise): the refusal, or undefined. */
export type StreamRule<State> = (state: State) => LedgerFailure | undefined;

const ANYONE: StreamRule<unknown> = () => undefined;

/**
 * The rules of who may do what that depend on the ledger's data; the handlers
 * ask it before deciding, so REST, GraphQL and any later transport agree. Rules
 * about the very stream a command writes are answered as a StreamRule, which
 * the command runner asks of the state it decides on: the stream is read once.
 */
@Injectable()
export class AccessPolicy {
  constructor(private readonly reader: StreamReader) {}

  /** Throws FORBIDDEN unless the actor may record work done by `employeeId`. */
  async requireActingFor(actor: Actor, employeeId: string, field: string, employee?: EmployeeState): Promise<void> {
    if (!this.needsCheck(actor)) return;
    const target = employee ?? (await this.reader.employee(employeeId));
    orForbid(refuseActingFor(actor, await this.actorEmployee(actor), employeeId, target, field));
  }

  /** Throws FORBIDDEN unless the actor manages one of these departments. */
  async requireManaging(actor: Actor, departments: readonly Department[], field?: string): Promise<void> {
    if (!this.needsCheck(actor)) return;
    orForbid(refuseManagingDepartment(actor, await this.actorEmployee(actor), departments, field));
  }

  /** Throws FORBIDDEN unless the actor may add (or remove) an employee of this department in this role. */
  async requireManagingEmployee(actor: Actor, department: Department, role: Role | undefined): Promise<void> {
    if (!this.needsCheck(actor)) return;
    orForbid(refuseManagingEmployee(actor, await this.actorEmployee(actor), department, role));
  }

  /** Throws FORBIDDEN unless the actor may credit `repId` with a win; answers the rule for the lead won (its owner's). */
  async requireWinningFor(actor: Actor, repId: string, rep: EmployeeState): Promise<StreamRule<LeadState>> {
    if (!this.needsCheck(actor)) return ANYONE;
    const actorEmployee = await this.actorEmployee(actor);
    orForbid(refuseActingFor(actor, actorEmployee, repId, rep, 'repId'));
    return (lead) => refuseWorkingLead(actor, actorEmployee, lead, 'leadId');
  }

  /** The rule for closing a lead: its owner's, or a head of sales'. */
  async leadWork(actor: Actor): Promise<StreamRule<LeadState>> {
    if (!this.needsCheck(actor)) return ANYONE;
    const actorEmployee = await this.actorEmployee(actor);
    return (lead) => refuseWorkingLead(actor, actorEmployee, lead, 'leadId');
  }

  /** Throws FORBIDDEN unless the actor may record a reorder taken by `takerId`; answers the rule for the client (the department looking after it). */
  async requireTakingReorder(actor: Actor, takerId: string, taker: EmployeeState): Promise<StreamRule<ClientState>> {
    if (!this.needsCheck(actor)) return ANYONE;
    orForbid(refuseActingFor(actor, await this.actorEmployee(actor), takerId, taker, 'takenBy'));
    return (client) => refuseTakingReorder(actor, takerId, taker, client);
  }

  private needsCheck(actor: Actor): actor is Extract<Actor, { type: 'user' }> {
    return actor.type === 'user' && actor.role !== 'admin';
  }

  /** The ledger's record of the actor: only a head's rules consult it (the department they head). */
  private async actorEmployee(actor: Actor): Promise<EmployeeState | undefined> {
    return actor.type === 'user' && actor.role === 'head' ? this.reader.employee(actor.id) : undefined;
  }
}

function orForbid(refusal: LedgerFailure | undefined): void {
  if (refusal) throw new LedgerError(refusal);
}
