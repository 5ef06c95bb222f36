import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';

import type { GraphqlRequestContext } from '../../auth/access.guard';
import { EmployeeView } from '../../contract/employee';
import { RelatedReads } from '../../requests/related-reads';
import type { ComputedField } from './computed-fields';
import { readAtOf } from './read-at';

/** An operation's context with its RelatedReads, made on first use. */
interface GraphContext extends GraphqlRequestContext {
  relatedReads?: RelatedReads;
}

/** One RelatedReads per GraphQL operation, kept in its context (a new one per HTTP request and per graphql-ws operation). */
@Injectable()
export class RelatedReadsOfOperation {
  constructor(private readonly queries: QueryBus) {}

  of(context: GraphqlRequestContext): RelatedReads {
    return ((context as GraphContext).relatedReads ??= new RelatedReads(this.queries));
  }
}

/** A field answering the employee an id of its parent names, as an object read (once per operation) on the parent's clocks. */
export const employeeNamedBy = <Parent extends object>(
  idOf: (parent: Parent) => string,
  description: string,
): ComputedField<Parent, RelatedReadsOfOperation> => ({
  type: () => EmployeeView,
  options: { nullable: true, description },
  resolve: (parent, related, context) => related.of(context).employee(idOf(parent), readAtOf(parent)),
});
