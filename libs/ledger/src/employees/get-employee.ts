import { type Department, employeeDecider, type Role, streamIds } from '@ledger/domain';
import { QueryHandler } from '@nestjs/cqrs';

import { LedgerError } from '../application/ledger-error';
import { notYet, type StreamBounds, StreamQuery, StreamQueryHandler, type StreamReader } from '../application/stream-reader';

export interface EmployeeView {
  employeeId: string;
  name: string;
  department: Department;
  role: Role;
  status: 'active' | 'left';
  /** Business time of their latest EmployeeJoined (a rejoin starts afresh). */
  joinedAt: string;
  /** Business time of their departure since then; null while here. */
  leftAt: string | null;
  revision: number;
}

/** One employee as their own stream tells it (on both clocks); `id` is the employee's id. */
export class GetEmployeeQuery extends StreamQuery<EmployeeView> {}

@QueryHandler(GetEmployeeQuery)
export class GetEmployeeHandler extends StreamQueryHandler<EmployeeView, GetEmployeeQuery> {
  async execute({ id: employeeId, at }: GetEmployeeQuery): Promise<EmployeeView> {
    const employee = await employeeOf(this.reader, employeeId, at);
    if (employee === undefined)
      throw new LedgerError({ code: 'EMPLOYEE_NOT_FOUND', message: `employee ${employeeId} ${notYet('added', at)}` });
    return employee;
  }
}

/** The employee as their stream folds within the bounds; undefined before they joined. */
export async function employeeOf(reader: StreamReader, employeeId: string, at: StreamBounds): Promise<EmployeeView | undefined> {
  const events = await reader.events(streamIds.employee(employeeId), at);
  const { state, revision } = reader.fold(employeeDecider, events);
  if (state.status === 'unknown') return undefined;
  const joined = events.findLast((event) => event.type === 'EmployeeJoined')!;
  const left = events.at(-1)!.type === 'EmployeeLeft' ? events.at(-1)! : undefined;
  return {
    employeeId,
    name: state.name!,
    department: state.department!,
    role: state.role!,
    status: state.status,
    joinedAt: joined.occurredAt,
    leftAt: left?.occurredAt ?? null,
    revision: revision!,
  };
}
