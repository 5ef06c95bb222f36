import type { HistoricalBounds } from '@ledger/projections';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import type { AccessRole } from '../access/access-rules';
import { StreamReader } from '../application/stream-reader';
import { employeeOf, type EmployeeView } from './get-employee';

/** The caller: who their credentials say they are, and the employee of that id, if the ledger has one. */
export interface ViewerView {
  /** The credentials' subject (a token's `sub`, an API key's actor). */
  id: string;
  role: AccessRole;
  /** Null for a caller who is no employee (analysts, auditors, admins, services often are not). */
  employee: EmployeeView | null;
}

export class GetViewerQuery extends Query<ViewerView> {
  constructor(
    readonly id: string,
    readonly role: AccessRole,
    readonly at: HistoricalBounds = {},
  ) {
    super();
  }
}

@QueryHandler(GetViewerQuery)
export class GetViewerHandler implements IQueryHandler<GetViewerQuery> {
  constructor(private readonly reader: StreamReader) {}

  async execute({ id, role, at }: GetViewerQuery): Promise<ViewerView> {
    return { id, role, employee: (await employeeOf(this.reader, id, at)) ?? null };
  }
}
