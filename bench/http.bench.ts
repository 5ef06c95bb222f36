/**
 * The API end to end over HTTP, in its own process over the bench's large ledger:
 * autocannon (in the bench's process) sends `POST /v1/clients/{id}/orders` and
 * `GET /v1/revenue` at a fixed 1,000 requests/s and at saturation; throughput and
 * p50/p99 latency. Meanwhile the API's resident set is sampled: its peak, serving
 * that ledger, is the memory figure.
 */
import autocannon from 'autocannon';

import { BENCH_API_KEY, BenchApi } from './api-process';
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

const FIXED_RATE = 1_000;
const CONNECTIONS = 10;
const MB = 2 ** 20;

interface Load {
  readonly label: string;
  readonly request: () => autocannon.RequestOptions;
}

export async function benchHttp(options: HttpBenchOptions, report: (figure: BenchFigure) => void): Promise<void> {
  const events = options.events.toLocaleString('en-US');
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
      { label: 'GET /v1/revenue', request: () => ({ method: 'GET', path: '/v1/revenue', headers }) },
      {
        label: 'POST /v1/clients/{id}/orders',
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
    for (const load of loads) {
      // Warm up: the first requests compile the code paths.
      await autocannon({ url: api.url, connections: CONNECTIONS, duration: 1, requests: [{ setupRequest: () => load.request() }] });
      for (const rate of [FIXED_RATE, undefined]) {
        const result = await autocannon({
          url: api.url,
          connections: CONNECTIONS,
          duration: options.seconds,
          ...(rate === undefined ? {} : { overallRate: rate }),
          requests: [{ setupRequest: () => load.request() }],
        });
        const failed = result.non2xx + result.errors + result.timeouts;
        const where = rate === undefined ? `at saturation (${CONNECTIONS} connections)` : `at ${rate.toLocaleString('en-US')} req/s`;
        const note = `${result.requests.total.toLocaleString('en-US')} requests in ${options.seconds} s${failed > 0 ? `, ${failed} failed: ${JSON.stringify(result.statusCodeStats)}` : ''}`;
        if (failed > result.requests.total / 100) throw new Error(`${load.label} ${where}: ${note}`);
        report({ measure: `HTTP ${load.label} ${where}: throughput`, value: result.requests.average, unit: 'req/s', note });
        report({ measure: `  p50 latency`, value: result.latency.p50, unit: 'ms' });
        report({ measure: `  p99 latency`, value: result.latency.p99, unit: 'ms', ...(rate === undefined ? {} : { aim: { atMost: 10 } }) });
        const caughtUp = await projectionsCaughtUp(api.url, headers);
        if (caughtUp > 0.05) report({ measure: '  then the read models caught up with the appends in', value: caughtUp, unit: 's' });
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
  report({ measure: 'HTTP GET /v1/clients/{id}?asOf, one after another: median', value: times[30]!, unit: 'ms', aim: { atMost: 50 } });
  report({ measure: '  p99', value: times[59]!, unit: 'ms', aim: { atMost: 200 } });
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
