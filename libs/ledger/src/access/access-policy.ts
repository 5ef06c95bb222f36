import { Injectable } from '@nestjs/common';
import type { Department, EmployeeState } from '@ledger/domain';
import type { Actor } from '@ledger/event-store';
import { LedgerError } from '../application/ledger-error';
import { StreamReader } from '../application/stream-reader';
import { refuseActingFor, refuseManagingDepartment } from './access-rules';

/**
 * The rules of who may do what that depend on the ledger's data; the handlers
 * ask it before deciding, so REST, GraphQL and any later transport agree.
 */
@Injectable()
export class AccessPolicy {
  constructor(private readonly reader: StreamReader) {}

  /** Throws FORBIDDEN unless the actor may record work done by `employeeId`. */
  async requireActingFor(actor: Actor, employeeId: string, field: string, employee?: EmployeeState): Promise<void> {
    if (!this.needsCheck(actor)) return;
    const target = employee ?? (await this.reader.employee(employeeId));
    const refusal = refuseActingFor(actor, await this.actorEmployee(actor), employeeId, target, field);
    if (refusal) throw new LedgerError(refusal);
  }

  /** Throws FORBIDDEN unless the actor manages one of these departments. */
  async requireManaging(actor: Actor, departments: readonly Department[], field?: string): Promise<void> {
    if (!this.needsCheck(actor)) return;
    const refusal = refuseManagingDepartment(actor, await this.actorEmployee(actor), departments, field);
    if (refusal) throw new LedgerError(refusal);
  }

  private needsCheck(actor: Actor): actor is Extract<Actor, { type: 'user' }> {
    return actor.type === 'user' && actor.role !== 'admin';
  }

  private async actorEmployee(actor: Actor): Promise<EmployeeState | undefined> {
    return actor.type === 'user' ? this.reader.employee(actor.id) : undefined;
  }
}
