import type { EmployeesAnswer } from '@ledger/projections';
import { QueryHandler } from '@nestjs/cqrs';

import { ListingAnswerHandler, ListingQuery } from '../projections/listing-query';
import type { ProjectionView } from '../projections/projection-queries';

/** A page of the employee directory: `employees`, `nextCursor`, `total`, with `asOf`, `asKnownAt` and `position`. */
export type EmployeeDirectoryView = ProjectionView<EmployeesAnswer>;

/** The employee directory, filtered, searched and sorted (by name by default); pass the answer's nextCursor as `after`. */
export class ListEmployeesQuery extends ListingQuery<'employees'> {}

@QueryHandler(ListEmployeesQuery)
export class ListEmployeesHandler extends ListingAnswerHandler<'employees'> {
  protected readonly projection = 'employees';
}
