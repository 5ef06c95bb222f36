import {
  type HistoricalBounds,
  type LedgerAnswerOf,
  type LedgerProjectionName,
  type LedgerQueryOf,
  type Period,
  type ProjectionAnswer,
  ProjectionFailedError,
  type ProjectionRunner,
  UnknownProjectionError,
  UTC_ZONE,
} from '@ledger/projections';
import { Inject, Injectable } from '@nestjs/common';

import { LedgerError } from '../application/ledger-error';
import { LEDGER_OPTIONS, type LedgerOptions, PROJECTION_RUNNER } from '../application/tokens';
import { ReadModelPositions } from './read-model-positions';
import { periodIn } from './report-period';

/** A projection's answer as the transports return it: the answer, and what it reflects. */
export type ProjectionView<Answer> = Answer & {
  /** The business time asked about, or null for the live answer. */
  readonly asOf: string | null;
  /** The record time asked about ("as the ledger knew it then"), or null. */
  readonly asKnownAt: string | null;
  /** The last global position the answer reflects. */
  readonly position: number;
};

/** A report's answer: a projection's view, and the time zone its days and months are in. */
export type ReportView<Answer> = ProjectionView<Answer> & {
  /** The IANA zone the report's days and months are in: the request's, or the company's (LEDGER_TIME_ZONE). */
  readonly timeZone: string;
};

/** The named projection's answer as the transports return it. */
export type ProjectionViewOf<Name extends LedgerProjectionName> = ProjectionView<LedgerAnswerOf<Name>>;

/** The projections that answer reports over a period, in a time zone. */
export type ReportName = 'pipeline' | 'retention' | 'revenue' | 'handoffs';

/** What a report over a period is asked: its period as given (days or zoned times) and, if any, its time zone. */
export type ReportQueryOf<Name extends LedgerProjectionName> = LedgerQueryOf<Name> & {
  readonly period: Period;
  readonly timeZone?: string;
};

/** The named report's answer as the transports return it. */
export type ReportViewOf<Name extends ReportName> = ReportView<LedgerAnswerOf<Name>>;

/** Asks the runner (once the read models have stored the position asked for) and turns its failures into the ledger's failure codes. */
@Injectable()
export class ProjectionQueries {
  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    private readonly positions: ReadModelPositions,
    @Inject(LEDGER_OPTIONS) private readonly options: LedgerOptions,
  ) {}

  /** A report over a period, in the request's time zone or the company's: its days are that zone's, and the answer names it. */
  async report<Name extends ReportName>(projection: Name, query: ReportQueryOf<Name>, at: HistoricalBounds): Promise<ReportViewOf<Name>> {
    const timeZone = query.timeZone ?? this.options.timeZone ?? UTC_ZONE;
    const view = await this.answer(projection, { ...query, timeZone, period: periodIn(query.period, timeZone) }, at);
    return { ...view, timeZone };
  }

  /** The named projection's answer: the name picks the query and answer types. */
  async answer<Name extends LedgerProjectionName>(
    projection: Name,
    query: LedgerQueryOf<Name>,
    at: HistoricalBounds,
  ): Promise<ProjectionViewOf<Name>> {
    if (at.minPosition !== undefined) await this.positions.waitFor(at.minPosition);
    const result: ProjectionAnswer<LedgerAnswerOf<Name>> = await this.runner
      .query<LedgerQueryOf<Name>, LedgerAnswerOf<Name>>(projection, query, at)
      .catch(rethrowAsLedgerError);
    return {
      asOf: at.asOf ?? null,
      asKnownAt: at.asKnownAt ?? null,
      position: result.position,
      ...(result.answer as LedgerAnswerOf<Name> & object),
    };
  }
}

export function rethrowAsLedgerError(error: unknown): never {
  if (error instanceof UnknownProjectionError) throw new LedgerError({ code: 'PROJECTION_NOT_FOUND', message: error.message });
  if (error instanceof ProjectionFailedError) throw new LedgerError({ code: 'PROJECTION_UNAVAILABLE', message: error.message });
  throw error;
}
