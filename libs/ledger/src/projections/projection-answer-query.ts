import type { HistoricalBounds, LedgerAnswerOf, LedgerProjectionName, LedgerQueryOf } from '@ledger/projections';
import { Injectable } from '@nestjs/common';
import { type IQueryHandler, Query } from '@nestjs/cqrs';

import { ProjectionQueries, type ProjectionView, type ReportName, type ReportQueryOf, type ReportView } from './projection-queries';

/**
 * A projection's answer to a filter, live or within historical bounds. Each projection has a subclass of its own,
 * because the query bus finds a query's handler by its class.
 */
export abstract class ProjectionAnswerQuery<Name extends LedgerProjectionName> extends Query<ProjectionView<LedgerAnswerOf<Name>>> {
  constructor(
    readonly filter: LedgerQueryOf<Name>,
    readonly at: HistoricalBounds = {},
  ) {
    super();
  }
}

/** Answers a projection's query from the projection it names; a subclass may settle the filter first (defaults, checks). */
@Injectable()
export abstract class ProjectionAnswerHandler<Name extends LedgerProjectionName> implements IQueryHandler<ProjectionAnswerQuery<Name>> {
  protected abstract readonly projection: Name;

  constructor(private readonly projections: ProjectionQueries) {}

  execute({ filter, at }: ProjectionAnswerQuery<Name>): Promise<ProjectionView<LedgerAnswerOf<Name>>> {
    return this.projections.answer(this.projection, this.settled(filter), at);
  }

  /** The filter as the projection is asked it: as given, unless a subclass checks it or fills in a default. */
  protected settled(filter: LedgerQueryOf<Name>): LedgerQueryOf<Name> {
    return filter;
  }
}

/** A report over a period (its days as given, and perhaps a time zone), answered in that zone or the company's. */
export abstract class ReportAnswerQuery<Name extends ReportName> extends Query<ReportView<LedgerAnswerOf<Name>>> {
  constructor(
    readonly filter: ReportQueryOf<Name>,
    readonly at: HistoricalBounds = {},
  ) {
    super();
  }
}

/** Answers a report from the projection it names; a subclass may settle the filter first (defaults). */
@Injectable()
export abstract class ReportAnswerHandler<Name extends ReportName> implements IQueryHandler<ReportAnswerQuery<Name>> {
  protected abstract readonly projection: Name;

  constructor(private readonly projections: ProjectionQueries) {}

  execute({ filter, at }: ReportAnswerQuery<Name>): Promise<ReportView<LedgerAnswerOf<Name>>> {
    return this.projections.report(this.projection, this.settled(filter), at);
  }

  protected settled(filter: ReportQueryOf<Name>): ReportQueryOf<Name> {
    return filter;
  }
}
