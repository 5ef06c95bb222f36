import { type Department, employeeDecider, type Role, streamIds } from '@ledger/domain';
import type { HistoricalBounds } from '@ledger/projections';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { LedgerError } from '../application/ledger-error';
import { describeBounds, StreamReader } from '../application/stream-reader';

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

/** One employee as their own stream tells it (on both clocks); EMPLOYEE_NOT_FOUND before they joined. */
export class GetEmployeeQuery extends Query<EmployeeView> {
  constructor(
    readonly employeeId: string,
    readonly at: HistoricalBounds = {},
  ) {
    super();
  }
}

@QueryHandler(GetEmployeeQuery)
export class GetEmployeeHandler implements IQueryHandler<GetEmployeeQuery> {
  constructor(private readonly reader: StreamReader) {}

  async execute({ employeeId, at }: GetEmployeeQuery): Promise<EmployeeView> {
    const employee = await employeeOf(this.reader, employeeId, at);
    if (employee === undefined) {
      const when = at.asOf || at.asKnownAt ? ` ${describeBounds(at)}` : '';
      throw new LedgerError({ code: 'EMPLOYEE_NOT_FOUND', message: `employee ${employeeId} had not joined${when}` });
    }
    return employee;
  }
}

/** The employee as their stream folds within the bounds; undefined before they joined. */
export async function employeeOf(reader: StreamReader, employeeId: string, at: HistoricalBounds): Promise<EmployeeView | undefined> {
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
