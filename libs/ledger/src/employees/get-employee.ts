import { type Department, employeeDecider, type Role, streamIds } from '@ledger/domain';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { LedgerError } from '../application/ledger-error';
import { describeBounds, type StreamBounds, StreamReader } from '../application/stream-reader';

export interface EmployeeView {
  employeeId: string;
  name: string;
  department: Department;
  role: Role;
  status: 'active' | 'left';
  revision: number;
}

/** One employee as their own stream tells it (on both clocks); EMPLOYEE_NOT_FOUND before they joined. */
export class GetEmployeeQuery extends Query<EmployeeView> {
  constructor(
    readonly employeeId: string,
    readonly at: StreamBounds = {},
  ) {
    super();
  }
}

@QueryHandler(GetEmployeeQuery)
export class GetEmployeeHandler implements IQueryHandler<GetEmployeeQuery> {
  constructor(private readonly reader: StreamReader) {}

  async execute({ employeeId, at }: GetEmployeeQuery): Promise<EmployeeView> {
    const { state, revision } = await this.reader.load(employeeDecider, streamIds.employee(employeeId), at);
    if (state.status === 'unknown') {
      const when = at.asOf || at.asKnownAt ? ` ${describeBounds(at)}` : '';
      throw new LedgerError({ code: 'EMPLOYEE_NOT_FOUND', message: `employee ${employeeId} had not joined${when}` });
    }
    return {
      employeeId,
      name: state.name!,
      department: state.department!,
      role: state.role!,
      status: state.status,
      revision: revision!,
    };
  }
}
