import { type Department, employeeDecider, type Role, streamIds } from '@ledger/domain';
import { QueryHandler } from '@nestjs/cqrs';

import { LedgerError } from '../application/ledger-error';
import { notYet, StreamQuery, StreamQueryHandler } from '../application/stream-reader';

export interface EmployeeView {
  employeeId: string;
  name: string;
  department: Department;
  role: Role;
  status: 'active' | 'left';
  revision: number;
}

/** One employee as their own stream tells it (on both clocks); `id` is the employee's id. */
export class GetEmployeeQuery extends StreamQuery<EmployeeView> {}

@QueryHandler(GetEmployeeQuery)
export class GetEmployeeHandler extends StreamQueryHandler<EmployeeView, GetEmployeeQuery> {
  async execute({ id: employeeId, at }: GetEmployeeQuery): Promise<EmployeeView> {
    const { state, revision } = await this.reader.load(employeeDecider, streamIds.employee(employeeId), at);
    if (state.status === 'unknown')
      throw new LedgerError({ code: 'EMPLOYEE_NOT_FOUND', message: `employee ${employeeId} ${notYet('added', at)}` });
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
