import { decodeEmployeesCursor, type EmployeesAnswer, type EmployeesQuery, type HistoricalBounds } from '@ledger/projections';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';

import { refuseInvalidCursor } from '../projections/listing-cursor';
import { ProjectionQueries, type ProjectionView } from '../projections/projection-queries';

/** A page of the employee directory: `employees`, `nextCursor`, `total`, with `asOf`, `asKnownAt` and `position`. */
export type EmployeeDirectoryView = ProjectionView<EmployeesAnswer>;

/** The employee directory, filtered, searched and sorted (by name by default); pass the answer's nextCursor as `after`. */
export class ListEmployeesQuery extends Query<EmployeeDirectoryView> {
  constructor(
    readonly filter: EmployeesQuery,
    readonly at: HistoricalBounds = {},
  ) {
    super();
  }
}

@QueryHandler(ListEmployeesQuery)
export class ListEmployeesHandler implements IQueryHandler<ListEmployeesQuery> {
  constructor(private readonly projections: ProjectionQueries) {}

  async execute({ filter, at }: ListEmployeesQuery): Promise<EmployeeDirectoryView> {
    refuseInvalidCursor(filter.after, (cursor) => decodeEmployeesCursor(filter, cursor));
    return this.projections.answer('employees', filter, at);
  }
}
