import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';

import type { GraphqlRequestContext } from '../../auth/access.guard';
import { RelatedReads } from '../../requests/related-reads';

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
