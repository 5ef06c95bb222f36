import { type Department, employeeDecider, type Role, streamIds } from '@ledger/domain';
import { QueryHandler } from '@nestjs/cqrs';

import { type StreamBounds, StreamQuery, type StreamReader, StreamViewHandler } from '../application/stream-reader';

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
export class GetEmployeeHandler extends StreamViewHandler<EmployeeView> {
  protected readonly read = { notFound: 'EMPLOYEE_NOT_FOUND', noun: 'employee', started: 'added', view: employeeOf } as const;
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
