/**
 * The API end to end over HTTP, in its own process over the bench's large ledger, against
 * its floor: a bare NestJS application on the same adapter (bare-nest-app.ts), measured
 * first in the same run. autocannon (in the bench's process) sends `GET /v1/revenue` and
 * `POST /v1/clients/{id}/orders` at saturation, each given as a ratio of the bare
 * application's GET or POST, then at half the bare application's saturation rate (the
 * issue's latency load) and at half the route's own; throughput and p50/p99 latency.
 * Meanwhile the API's resident set is sampled: its peak, serving that ledger, is the
 * memory figure.
 */
import { cpus } from 'node:os';

import autocannon from 'autocannon';

import { BENCH_API_KEY, BenchApi } from './api-process';
import { BareNestApp } from './bare-nest-process';
import { BENCH_REP, benchClient } from './commands.bench';
import type { BenchFigure } from './figures';

export interface HttpBenchOptions {
  readonly file: string;
  /** Events in the ledger, for the labels. */
  readonly events: number;
  /** Bench clients the commands bench added (bench-client-0 …). */
  readonly clients: number;
  /** Seconds each load runs. */
  readonly seconds: number;
}

const CONNECTIONS = 10;
/** Each saturation load runs this many times and keeps its best: the other work on the machine only ever lowers a round. */
const SATURATION_ROUNDS = 2;
const MB = 2 ** 20;
/** Said beside every HTTP figure: autocannon takes CPU from the server it measures. */
const SHARED = `autocannon and the server share this machine's ${cpus().length} cores`;

type Method = 'GET' | 'POST';

interface Load {
  readonly label: string;
  readonly method: Method;
  readonly request: () => autocannon.RequestOptions;
}

/** Saturation throughput of the bare application, per method. */
type Floor = Record<Method, number>;

export async function benchHttp(options: HttpBenchOptions, report: (figure: BenchFigure) => void): Promise<void> {
  const events = options.events.toLocaleString('en-US');
  const floor = await benchBareNest(options.seconds, report);
  const api = await BenchApi.start(options.file);
  let peakSampled = 0;
  const sampler = setInterval(() => (peakSampled = Math.max(peakSampled, api.memory().rss)), 100);
  try {
    const started = api.memory();
    report({ measure: `API over ${events} events: start to /health/ready`, value: api.readyAfterSeconds, unit: 's', aim: { atMost: 2 } });
    report({
      measure: `API over ${events} events: resident set once listening`,
      value: started.rss / MB,
      unit: 'MB',
      note: `peak during start-up ${Math.round(started.peakRss / MB)} MB`,
    });
    const headers = { authorization: `Bearer ${BENCH_API_KEY}`, 'content-type': 'application/json' };
    await oneClientAsOf(api.url, headers, options, report);
    let order = 0;
    const loads: Load[] = [
      { label: 'GET /v1/revenue', method: 'GET', request: () => ({ method: 'GET', path: '/v1/revenue', headers }) },
      {
        label: 'POST /v1/clients/{id}/orders',
        method: 'POST',
        request: () => {
          const index = order++;
          const clientId = benchClient(index % options.clients);
          return {
            method: 'POST',
            path: `/v1/clients/${clientId}/orders`,
            headers,
            body: JSON.stringify({
              orderId: `${clientId}-h${process.pid}-${index}`,
              total: { amount: 50_000 + (index % 1_000), currency: 'EUR' },
              takenBy: BENCH_REP,
            }),
          };
        },
      },
    ];
    report({
      measure: '  then the Merkle tree caught up and the API idle (under 5 % of a core over 0.5 s) after',
      value: await api.settled(),
      unit: 's',
      note: 'a checkpoint asked for, so the background catch-up after ready is done before the loads',
    });
    await apiWithoutWork(api.url, headers, floor.GET, options.seconds, report);
    for (const load of loads) {
      // Warm up: the first requests compile the code paths.
      await hammer(api.url, load, 1);
      const bare = floor[load.method];
      const saturated = await saturate(api.url, load, options.seconds);
      reportLoad(
        `HTTP ${load.label} at saturation (${CONNECTIONS} connections, best of ${SATURATION_ROUNDS})`,
        saturated,
        options.seconds,
        report,
      );
      const ours = saturated.requests.average;
      report({
        measure: `  ours / the bare NestJS application's ${load.method}`,
        value: ours / bare,
        unit: 'ratio',
        note: `${Math.round(ours).toLocaleString('en-US')} / ${Math.round(bare).toLocaleString('en-US')} req/s; ${SHARED}`,
        aim: { atLeast: 0.6 },
      });
      await reportCaughtUp(api.url, headers, report);
      // The issue's latency load (half of what the bare application served), then half of the route's own
      // saturation: when the first is past what the route serves, its p99 is queueing; the second shows the route's own.
      const rates: ReadonlyArray<readonly [number, string, { atMost: number } | undefined]> = [
        [Math.round(bare / 2), `half the bare ${load.method}`, { atMost: 10 }],
        [Math.round(ours / 2), 'half its own saturation', undefined],
      ];
      for (const [rate, what, aim] of rates) {
        const result = await hammer(api.url, load, options.seconds, rate);
        reportLoad(`HTTP ${load.label} at ${rate.toLocaleString('en-US')} req/s (${what})`, result, options.seconds, report, aim);
        await reportCaughtUp(api.url, headers, report);
      }
    }
    const memory = api.memory();
    report({
      measure: `API serving ${events} events: peak resident set`,
      value: Math.max(memory.peakRss, peakSampled) / MB,
      unit: 'MB',
      note: 'start-up (read models loaded), then the loads above; VmHWM',
      aim: { atMost: 250 },
    });
  } finally {
    clearInterval(sampler);
    await api.stop();
  }
}

/** The floor: the bare NestJS application (same adapter, no work) at saturation, GET then POST, in its own process. */
async function benchBareNest(seconds: number, report: (figure: BenchFigure) => void): Promise<Floor> {
  const bare = await BareNestApp.start();
  try {
    const headers = { 'content-type': 'application/json' };
    const body = JSON.stringify({ orderId: 'bare-1', total: { amount: 50_000, currency: 'EUR' }, takenBy: 'bare' });
    const floor: Floor = { GET: 0, POST: 0 };
    const loads: Load[] = [
      { label: `GET ${bare.path}`, method: 'GET', request: () => ({ method: 'GET', path: bare.path, headers: {} }) },
      { label: `POST ${bare.path}`, method: 'POST', request: () => ({ method: 'POST', path: bare.path, headers, body }) },
    ];
    for (const load of loads) {
      await hammer(bare.url, load, 1);
      const result = await saturate(bare.url, load, seconds);
      reportLoad(
        `HTTP bare NestJS (Express), ${load.label} at saturation (${CONNECTIONS} connections, best of ${SATURATION_ROUNDS})`,
        result,
        seconds,
        report,
      );
      floor[load.method] = result.requests.average;
    }
    return floor;
  } finally {
    await bare.stop();
  }
}

/**
 * Between the bare application and the ledger's routes: the API's own `GET /health/live`
 * (every middleware of the API, no store or read model), so a low ratio can be split into
 * what the API's request pipeline costs and what the route's work costs.
 */
async function apiWithoutWork(
  url: string,
  headers: Record<string, string>,
  bareGet: number,
  seconds: number,
  report: (figure: BenchFigure) => void,
): Promise<void> {
  const load: Load = { label: 'GET /health/live', method: 'GET', request: () => ({ method: 'GET', path: '/health/live', headers }) };
  await hammer(url, load, 1);
  const result = await saturate(url, load, seconds);
  reportLoad(
    `HTTP the API's GET /health/live (its middleware, no work) at saturation (best of ${SATURATION_ROUNDS})`,
    result,
    seconds,
    report,
  );
  const ours = result.requests.average;
  report({
    measure: `  the API's GET /health/live / the bare NestJS application's GET`,
    value: ours / bareGet,
    unit: 'ratio',
    note: `${Math.round(ours).toLocaleString('en-US')} / ${Math.round(bareGet).toLocaleString('en-US')} req/s; ${SHARED}`,
  });
}

/** The best of SATURATION_ROUNDS loads at saturation, bare application and ledger alike. */
async function saturate(url: string, load: Load, seconds: number): Promise<autocannon.Result> {
  let best: autocannon.Result | undefined;
  for (let round = 0; round < SATURATION_ROUNDS; round++) {
    const result = await hammer(url, load, seconds);
    if (!best || result.requests.average > best.requests.average) best = result;
  }
  return best!;
}

/** One autocannon load of `seconds` on one route: at saturation, or at a fixed overall rate. */
function hammer(url: string, load: Load, seconds: number, rate?: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    ...(rate === undefined ? {} : { overallRate: rate }),
    requests: [{ setupRequest: () => load.request() }],
  });
}

/** Throughput, p50 and p99 of one load; more than 1 % failed answers stops the bench. */
function reportLoad(
  label: string,
  result: autocannon.Result,
  seconds: number,
  report: (figure: BenchFigure) => void,
  p99Aim?: { atMost: number },
): void {
  const failed = result.non2xx + result.errors + result.timeouts;
  const note = `${result.requests.total.toLocaleString('en-US')} requests in ${seconds} s${failed > 0 ? `, ${failed} failed: ${JSON.stringify(result.statusCodeStats)}` : ''}`;
  if (failed > result.requests.total / 100) throw new Error(`${label}: ${note}`);
  report({ measure: `${label}: throughput`, value: result.requests.average, unit: 'req/s', note: `${note}; ${SHARED}` });
  report({ measure: `  p50 latency`, value: result.latency.p50, unit: 'ms', note: SHARED });
  report({ measure: `  p99 latency`, value: result.latency.p99, unit: 'ms', note: SHARED, ...(p99Aim ? { aim: p99Aim } : {}) });
}

/** One client as of a random moment over HTTP (a fold of its own stream only): median and p99 of sequential requests. */
async function oneClientAsOf(
  url: string,
  headers: Record<string, string>,
  options: HttpBenchOptions,
  report: (figure: BenchFigure) => void,
): Promise<void> {
  const times: number[] = [];
  const wonAt = new Map<string, number>();
  for (let run = 0; run < 60; run++) {
    const clientId = benchClient(run % options.clients);
    // A moment between the client's win and now, different each time (with --quick the win may be seconds old).
    if (!wonAt.has(clientId)) {
      const current = await fetch(`${url}/v1/clients/${clientId}`, { headers });
      if (!current.ok) throw new Error(`GET /v1/clients/${clientId}: ${current.status}`);
      wonAt.set(clientId, Date.parse(((await current.json()) as { wonAt: string }).wonAt));
    }
    const since = wonAt.get(clientId)!;
    const asOf = new Date(since + ((run % 30) / 30) * (Date.now() - since)).toISOString();
    const started = process.hrtime.bigint();
    const response = await fetch(`${url}/v1/clients/${clientId}?asOf=${encodeURIComponent(asOf)}`, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET /v1/clients/${clientId}?asOf: ${response.status}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  report({
    measure: 'HTTP GET /v1/clients/{id}?asOf, one after another: median',
    value: times[30]!,
    unit: 'ms',
    note: SHARED,
    aim: { atMost: 50 },
  });
  report({ measure: '  p99', value: times[59]!, unit: 'ms', note: SHARED, aim: { atMost: 200 } });
}

/** After a load that appended, how long the read models took to catch up, when noticeable. */
async function reportCaughtUp(url: string, headers: Record<string, string>, report: (figure: BenchFigure) => void): Promise<void> {
  const caughtUp = await projectionsCaughtUp(url, headers);
  if (caughtUp > 0.05)
    report({ measure: '  then the read models caught up with the appends in', value: caughtUp, unit: 's', note: SHARED });
}

/** Seconds until /health shows every projection at lag 0 (at most 60). */
async function projectionsCaughtUp(url: string, headers: Record<string, string>): Promise<number> {
  const started = process.hrtime.bigint();
  for (;;) {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (seconds > 60) return seconds;
    try {
      const health = (await (await fetch(`${url}/health`, { headers })).json()) as {
        info?: { projections?: Record<string, { lag?: number } | string> };
      };
      const lags = Object.values(health.info?.projections ?? {}).flatMap((entry) =>
        typeof entry === 'object' && typeof entry.lag === 'number' ? [entry.lag] : [],
      );
      if (lags.length > 0 && lags.every((lag) => lag === 0)) return seconds;
    } catch {
      // Not answering yet: try again.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
