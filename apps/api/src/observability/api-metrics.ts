import { type LedgerMetrics, type PolicyStatus, STORE_FAULT_CODES } from '@ledger/ledger';
import type { ProjectionStatus, ReadModelCheck } from '@ledger/projections';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds; requests and appends on the embedded store take from well under a millisecond to seconds for an import. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Each metric's help text, by its name, as /metrics prints them. */
const HELP = {
  http_request_duration_seconds: 'HTTP requests by method, route pattern and status, and how long they took to answer.',
  ledger_append_duration_seconds:
    'Writes to the event store (one per command, one per group of an import), and how long each took to commit.',
  ledger_appended_events_total: 'Events appended by this process.',
  ledger_conflicts_total: 'Commands refused for a concurrent change: CONCURRENCY_CONFLICT (409) or REVISION_MISMATCH (412, If-Match).',
  ledger_idempotent_replays_total:
    "Retries answered with their first attempt's result, appending nothing: by the Idempotency-Key's stored answer, or by the first attempt's event ids.",
  ledger_log_head_position: 'Global position of the last event in the log (the number of events, on the SQL stores).',
  ledger_projection_lag_events: 'Events each projection is behind the head of the log.',
  ledger_projection_failed: '1 while a projection has stopped on a failure of its code (it answers 503 until rebuilt).',
  ledger_projection_rebuild_in_progress: '1 while a projection is being rebuilt beside the live one.',
  ledger_policy_lag_events: "Events each enabled policy's facts are behind the head of the log.",
  ledger_store_fault_answers_total:
    'Requests answered with a database fault (STORE_UNAVAILABLE, STORE_TIMEOUT, STORE_OUTCOME_UNKNOWN, STORE_FULL, STORE_READ_ONLY): how long and how hard an outage hit clients.',
  ledger_read_model_check_equal:
    "1 when the last check of the projection's stored read model against the log found it equal, 0 when it found differences (absent before the first check).",
  ledger_read_model_check_differing_rows:
    'Rows the last check found stored but not given by the log, plus rows given by the log but not stored (a changed row counts twice).',
  ledger_read_model_check_timestamp_seconds: 'When the projection was last checked against the log, Unix seconds.',
  ledger_store_up: '1 when the database answered at the last scrape, 0 when it did not.',
};

type MetricName = keyof typeof HELP;

/**
 * The API's Prometheus metrics, in a registry of its own: each app instance has
 * one (tests run several in one process, where prom-client's global registry
 * would refuse the second set of names). The ledger reports appends, conflicts
 * and replays through its LedgerMetrics port; the read models' positions are
 * read at each scrape (see `observeLedger`).
 */
export class ApiMetrics implements LedgerMetrics {
  readonly registry = new Registry();

  private readonly httpDuration = this.histogram('http_request_duration_seconds', ['method', 'route', 'status']);
  private readonly appends = this.histogram('ledger_append_duration_seconds');
  private readonly appendedEvents = this.counter('ledger_appended_events_total');
  private readonly conflicts = this.counter('ledger_conflicts_total', ['code']);
  private readonly replays = this.counter('ledger_idempotent_replays_total', ['via']);
  private readonly head = this.gauge('ledger_log_head_position');
  private readonly projectionLag = this.gauge('ledger_projection_lag_events', ['projection']);
  private readonly projectionFailed = this.gauge('ledger_projection_failed', ['projection']);
  private readonly rebuilds = this.gauge('ledger_projection_rebuild_in_progress', ['projection']);
  private readonly policyLag = this.gauge('ledger_policy_lag_events', ['policy']);
  private readonly storeFaults = this.counter('ledger_store_fault_answers_total', ['code']);
  private readonly readModelEqual = this.gauge('ledger_read_model_check_equal', ['projection']);
  private readonly readModelDiffering = this.gauge('ledger_read_model_check_differing_rows', ['projection']);
  private readonly readModelCheckedAt = this.gauge('ledger_read_model_check_timestamp_seconds', ['projection']);
  private readonly storeUp = this.gauge('ledger_store_up');

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Every known series from the start, so a rate over them never begins with a gap.
    for (const code of ['CONCURRENCY_CONFLICT', 'REVISION_MISMATCH'] as const) this.conflicts.inc({ code }, 0);
    for (const via of ['stored-answer', 'event-id'] as const) this.replays.inc({ via }, 0);
    for (const code of STORE_FAULT_CODES) this.storeFaults.inc({ code }, 0);
  }

  // Every metric on this instance's own registry; requests and appends are timed in DURATION_BUCKETS.
  private histogram<const L extends string>(name: MetricName, labelNames: readonly L[] = []): Histogram<L> {
    return new Histogram({ name, help: HELP[name], labelNames, buckets: DURATION_BUCKETS, registers: [this.registry] });
  }

  private counter<const L extends string>(name: MetricName, labelNames: readonly L[] = []): Counter<L> {
    return new Counter({ name, help: HELP[name], labelNames, registers: [this.registry] });
  }

  private gauge<const L extends string>(name: MetricName, labelNames: readonly L[] = []): Gauge<L> {
    return new Gauge({ name, help: HELP[name], labelNames, registers: [this.registry] });
  }

  /** Whether the database answered at this scrape. */
  observeStore(up: boolean): void {
    this.storeUp.set(up ? 1 : 0);
  }

  appended(events: number, seconds: number): void {
    this.appends.observe(seconds);
    this.appendedEvents.inc(events);
  }

  conflict(code: 'CONCURRENCY_CONFLICT' | 'REVISION_MISMATCH'): void {
    this.conflicts.inc({ code });
  }

  idempotentReplay(via: 'stored-answer' | 'event-id'): void {
    this.replays.inc({ via });
  }

  /** Sets the gauges of the log and its readers from their current status (called at each scrape). */
  observeLedger(projections: readonly ProjectionStatus[], policies: readonly PolicyStatus[]): void {
    const head = Math.max(0, ...projections.map((status) => status.head), ...policies.map((status) => status.head));
    this.head.set(head);
    for (const status of projections) {
      const projection = status.projection;
      // An uncountable lag (a store without dense positions) is left out rather than reported as a number it is not.
      if (status.lag === null) this.projectionLag.remove({ projection });
      else this.projectionLag.set({ projection }, status.lag);
      this.projectionFailed.set({ projection }, status.state === 'failed' ? 1 : 0);
      this.rebuilds.set({ projection }, status.rebuild ? 1 : 0);
    }
    for (const status of policies) {
      const policy = status.policy;
      if (!status.enabled || status.lag === null) this.policyLag.remove({ policy });
      else this.policyLag.set({ policy }, status.lag);
    }
  }

  /** Sets the gauges of the last check of each read model against the log (called at each scrape). */
  observeReadModelChecks(checks: readonly ReadModelCheck[]): void {
    for (const { projection, equal, tables, checkedAt } of checks) {
      this.readModelEqual.set({ projection }, equal ? 1 : 0);
      this.readModelDiffering.set(
        { projection },
        tables.reduce((sum, table) => sum + table.storedOnly + table.rebuiltOnly, 0),
      );
      this.readModelCheckedAt.set({ projection }, Date.parse(checkedAt) / 1000);
    }
  }

  /**
   * Times every request, labelled by the route pattern that served it
   * (/v1/clients/:clientId, never the raw URL, so the labels stay few), or
   * `unmatched` for a path no route serves.
   */
  readonly timeRequests = (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    let timed = false;
    const time = () => {
      if (timed) return;
      timed = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // An abandoned request (the client went away) has no status of its own.
      const status = response.writableFinished ? String(response.statusCode) : 'aborted';
      this.httpDuration.observe({ method: request.method, route: routePatternOf(request), status }, seconds);
      const code: unknown = response.locals.problemCode;
      if (typeof code === 'string' && STORE_FAULT_CODES.has(code as never)) this.storeFaults.inc({ code });
    };
    response.once('finish', time);
    response.once('close', time);
    next();
  };

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/**
 * The pattern of the last route Express matched. Nest mounts middleware as
 * catch-all routes (`/{*path}`, `/graphql/{*path}`); such a match names only
 * its mount point, or nothing (`unmatched`) when no controller took the request.
 */
function routePatternOf(request: Request): string {
  const { route } = request as { route?: { path?: unknown } };
  const path = route !== undefined && typeof route.path === 'string' ? `${request.baseUrl}${route.path}` : request.baseUrl;
  return path.replace(/\/?\{\*\w+\}$/, '') || 'unmatched';
}
