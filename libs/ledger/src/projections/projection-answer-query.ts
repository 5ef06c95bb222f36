import type { HistoricalBounds } from '@ledger/projections';
import { Inject, Injectable } from '@nestjs/common';
import { type IQueryHandler, Query } from '@nestjs/cqrs';

import { LEDGER_OPTIONS, type LedgerOptions } from '../application/tokens';
import { ProjectionQueries, type ReportName, type ReportQueryOf, type ReportViewOf } from './projection-queries';

/**
 * A question to a projection: a filter, asked live or within historical bounds. Each question has a subclass of
 * its own, because the query bus finds a query's handler by its class.
 */
export abstract class AnswerQuery<Filter, View> extends Query<View> {
  constructor(
    readonly filter: Filter,
    readonly at: HistoricalBounds = {},
  ) {
    super();
  }
}

/** Settles the filter (a subclass may check it or fill in a default), then asks the projection. */
@Injectable()
export abstract class AnswerHandler<Filter, View> implements IQueryHandler<AnswerQuery<Filter, View>> {
  constructor(
    protected readonly projections: ProjectionQueries,
    @Inject(LEDGER_OPTIONS) protected readonly options: LedgerOptions,
  ) {}

  execute({ filter, at }: AnswerQuery<Filter, View>): Promise<View> {
    return this.ask(this.settled(filter), at);
  }

  /** The filter as the projection is asked it: as given, unless a subclass checks it or fills in a default. */
  protected settled(filter: Filter): Filter {
    return filter;
  }

  protected abstract ask(filter: Filter, at: HistoricalBounds): Promise<View>;
}

/** A report over a period (its days as given, and perhaps a time zone), answered in that zone or the company's. */
export abstract class ReportAnswerQuery<Name extends ReportName> extends AnswerQuery<ReportQueryOf<Name>, ReportViewOf<Name>> {}

/** Answers a report from the projection it names. */
export abstract class ReportAnswerHandler<Name extends ReportName> extends AnswerHandler<ReportQueryOf<Name>, ReportViewOf<Name>> {
  protected abstract readonly projection: Name;

  protected ask(filter: ReportQueryOf<Name>, at: HistoricalBounds): Promise<ReportViewOf<Name>> {
    return this.projections.report(this.projection, filter, at);
  }
}
