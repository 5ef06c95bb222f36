import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { type ChainedContent, chainHash, type EventStore, GENESIS_HASH, type NewEvent, SqliteEventStore } from '@ledger/event-store';
import { EVENT_STORE } from '@ledger/ledger';
import { parse } from 'csv-parse/sync';

import { ApiProcess } from './support/api-process';
import { acmePolicyHandoff } from './support/policy-handoff';
import { startSeeded, TestApp, tokenFor } from './support/test-app';

describe('export of the log (GET /v1/events as NDJSON or CSV)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startSeeded('acme', 'beta, "quoted" & co'.replace(/[^A-Za-z0-9]/g, '-'));
    // A policy's handoff, whose metadata names the rule it applied: the export must keep it.
    await app.app
      .get<EventStore>(EVENT_STORE)
      .append('client-acme', [acmePolicyHandoff('0190f1d2-0000-7000-8000-0000000000e1', 'policy-run-1')], { expectedRevision: 'any' });
  });
  afterAll(() => app.stop());

  const exported = (accept: string, query: Record<string, number> = {}) =>
    app.http
      .get('/v1/events')
      .query(query)
      .set('Accept', accept)
      .buffer(true)
      .parse(textParser as never);

  it('streams the whole log as NDJSON, one event per line, equal to the JSON pages (plus each event’s hash)', async () => {
    const response = await exported('application/x-ndjson').expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = (response.body as string)
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    const pages = (await app.http.get('/v1/events?limit=1000').expect(200)).body.events;
    expect(lines.map(({ hash: _hash, ...event }: { hash: string }) => event)).toEqual(pages);
    expect(lines.map((event: { position: number }) => event.position)).toEqual(
      Array.from({ length: lines.length }, (_, index) => index + 1),
    );
  });

  it('streams a range: after one position, up to another', async () => {
    const response = await exported('application/x-ndjson', { after: 2, upTo: 5 }).expect(200);
    expect(
      (response.body as string)
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).position),
    ).toEqual([3, 4, 5]);
  });

  it('streams CSV with a header, the whole event in each row (data and actor as JSON cells)', async () => {
    const response = await exported('text/csv').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(response.body as string, { columns: true }) as Record<string, string>[];
    const pages = (await app.http.get('/v1/events?limit=1000').expect(200)).body.events as {
      position: number;
      data: unknown;
      metadata: { actor: unknown };
    }[];
    expect(rows).toHaveLength(pages.length);
    // The header line as a consumer reads it. rule and hash were added later, at the end, so readers of the first columns
    // by position still read the same.
    expect((response.body as string).split('\n')[0]).toBe(
      'position,eventId,streamId,revision,type,schemaVersion,occurredAt,recordedAt,actor,correlationId,causationId,data,rule,hash',
    );
    rows.forEach((row, index) => {
      expect(Number(row.position)).toBe(pages[index]!.position);
      expect(JSON.parse(row.data!)).toEqual(pages[index]!.data);
      expect(JSON.parse(row.actor!)).toEqual(pages[index]!.metadata.actor);
    });
  });

  it('gives every NDJSON event its stored hash, and names the chain head the export ends at in headers', async () => {
    const response = await exported('application/x-ndjson').expect(200);
    const lines = (response.body as string)
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as ChainedContent & { hash: string });
    // A consumer recomputes the chain from the genesis hash over what it received, and ends at the named head.
    let previous = GENESIS_HASH;
    for (const { hash, ...event } of lines) {
      expect(hash).toBe(chainHash(previous, event));
      previous = hash;
    }
    expect(response.headers['x-ledger-chain-start-hash']).toBe(GENESIS_HASH);
    expect(response.headers['x-ledger-chain-head-position']).toBe(String(lines.at(-1)!.position));
    expect(response.headers['x-ledger-chain-head-hash']).toBe(previous);
  });

  it('names where a range starts and ends in the chain, so its first event links to the start hash', async () => {
    const whole = (await exported('application/x-ndjson').expect(200)).body as string;
    const hashAt = new Map(
      whole
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as { position: number; hash: string })
        .map(({ position, hash }) => [position, hash]),
    );
    const response = await exported('application/x-ndjson', { after: 2, upTo: 5 }).expect(200);
    const [first] = (response.body as string)
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as ChainedContent & { hash: string });
    expect(response.headers['x-ledger-chain-start-hash']).toBe(hashAt.get(2));
    expect(chainHash(hashAt.get(2)!, { ...first!, hash: undefined } as ChainedContent)).toBe(first!.hash);
    expect(response.headers['x-ledger-chain-head-position']).toBe('5');
    expect(response.headers['x-ledger-chain-head-hash']).toBe(hashAt.get(5));
  });

  it('keeps every metadata field in CSV (the rule a policy applied too), the hash of each event, and names the chain head', async () => {
    const response = await exported('text/csv').expect(200);
    const rows = parse(response.body as string, { columns: true }) as Record<string, string>[];
    const pages = (await app.http.get('/v1/events?limit=1000').expect(200)).body.events as { metadata: object }[];
    expect(Object.keys(rows[0]!).slice(12)).toEqual(['rule', 'hash']);
    rows.forEach((row, index) => {
      const metadata = {
        actor: JSON.parse(row.actor!),
        correlationId: row.correlationId,
        causationId: row.causationId,
        ...(row.rule ? { rule: JSON.parse(row.rule) } : {}),
      };
      expect(metadata).toEqual(pages[index]!.metadata);
      expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    });
    expect(JSON.parse(rows.at(-1)!.rule!)).toEqual({ name: 'handoff-after-reorders', parameters: { reorders: 3, days: 90 } });
    expect(response.headers['x-ledger-chain-head-position']).toBe(rows.at(-1)!.position);
    expect(response.headers['x-ledger-chain-head-hash']).toBe(rows.at(-1)!.hash);
  });

  it('answers JSON pages when JSON is asked for or nothing is', async () => {
    const response = await app.http.get('/v1/events?limit=2').expect(200);
    expect(response.body.events).toHaveLength(2);
  });

  it('an empty range is an empty body', async () => {
    const head = await app.headPosition();
    const response = await exported('application/x-ndjson', { after: head }).expect(200);
    expect(response.body).toBe('');
    // Still naming the head it stands at: the start and the end of the empty range are one link.
    expect(response.headers['x-ledger-chain-head-position']).toBe(String(head));
    expect(response.headers['x-ledger-chain-head-hash']).toMatch(/^[0-9a-f]{64}$/);
    expect(response.headers['x-ledger-chain-start-hash']).toBe(response.headers['x-ledger-chain-head-hash']);
  });
});

function textParser(response: NodeJS.ReadableStream, callback: (error: Error | null, body: string) => void): void {
  let text = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => (text += chunk));
  response.on('end', () => callback(null, text));
}

describe('export of a 100,000-event log, from the API in its own process', () => {
  const EVENTS = 100_000;
  // Far below what the export sends (about 49 MB, twice that as JS strings) on top of what the server
  // holds anyway (its read models and policy facts of 100,000 orders, about 95 MB): a server that held
  // the export in memory runs out of heap and dies; one that streams never notices the limit.
  const HEAP_LIMIT_MB = 112;
  let api: ApiProcess;

  beforeAll(async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'ledger-export-'));
    const databasePath = path.join(folder, 'ledger.db');
    const store = SqliteEventStore.open({ path: databasePath });
    // About 150 bytes of data per event, in batches of 100 per stream (the shape of a busy ledger, quickly).
    for (let batch = 0; batch < EVENTS / 100; batch++) {
      const events: NewEvent[] = Array.from({ length: 100 }, (_, index) => ({
        eventId: `00000000-0000-4000-8000-${String(batch * 100 + index).padStart(12, '0')}`,
        type: 'ReorderPlaced',
        schemaVersion: 1,
        occurredAt: new Date(Date.UTC(2024, 0, 1) + (batch * 100 + index) * 60_000).toISOString(),
        data: {
          clientId: `c-${batch}`,
          orderId: `o-${index}`,
          total: { amount: 12_345, currency: 'EUR' },
          takenBy: 'rep-anna',
          creditedDepartment: 'sales',
          creditedOwnerId: 'rep-anna',
        },
        metadata: { actor: { type: 'user', id: 'rep-anna', role: 'rep' }, correlationId: `corr-${batch}`, causationId: `corr-${batch}` },
      }));
      await store.append(`client-c-${batch}`, events, { expectedRevision: 'no_stream' });
    }
    await store.close();
    // Every collection a full one: garbage never piles up unreturned, so what the resident set keeps is what the server holds.
    api = await ApiProcess.start({ databasePath, nodeArgs: [`--max-old-space-size=${HEAP_LIMIT_MB}`, '--gc-global'] });
  }, 120_000);
  afterAll(() => api?.kill());

  it('streams every event with flat memory: the server grows by a small fraction of what it sends', async () => {
    // The server's JS heap, as its own /metrics tells it: what an export held in memory would fill. (Its resident set
    // also counts allocator arenas that glibc keeps after freeing, which made that measure flaky: 0.1 to 33 MB.)
    const heapUsed = async () => {
      const answer = await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${tokenFor('analyst')}` } }).catch(
        (error: Error) => {
          throw new Error(`GET /metrics failed (${error.message}; ${String(error.cause)}):\n${api.printed.slice(-4_000)}`);
        },
      );
      const metrics = await answer.text();
      const heap = /^nodejs_heap_size_used_bytes (\d+)/m.exec(metrics);
      // Seen once on a loaded machine: an answer without the figure. What it was is what the next failure should tell.
      if (!heap)
        throw new Error(`GET /metrics answered ${answer.status} without the heap: ${metrics.slice(0, 500)}\n${api.printed.slice(-2_000)}`);
      return Number(heap[1]);
    };
    const before = await heapUsed();
    const rssBefore = api.memory().rss;
    let peak = before;
    let rssPeak = rssBefore;
    let sampling = Promise.resolve();
    const sample = setInterval(() => {
      rssPeak = Math.max(rssPeak, api.memory().rss);
      sampling = sampling.then(async () => {
        peak = Math.max(peak, await heapUsed());
      });
    }, 50);
    let bytes = 0;
    let lines = 0;
    let carry = '';
    await new Promise<void>((resolve, reject) => {
      const request = httpRequest(
        `${api.url}/v1/events`,
        { headers: { accept: 'application/x-ndjson', authorization: `Bearer ${tokenFor('auditor')}` } },
        (response) => {
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            bytes += chunk.length;
            // Count lines without keeping them: what a consumer writing to disk would hold.
            const text = carry + chunk;
            const parts = text.split('\n');
            carry = parts.pop()!;
            lines += parts.length;
          });
          response.on('end', () => {
            clearInterval(sample);
            resolve();
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end();
    });
    await sampling;
    expect(lines).toBe(EVENTS);
    expect(bytes).toBeGreaterThan(40 * 1024 * 1024);
    // The server's own memory, not this test process's: the client side never counts. Holding the export would take at
    // least all its bytes (twice as JS strings, past the cap); streaming leaves only the garbage between two collections.
    const growth = peak - before;
    expect(growth).toBeLessThan(bytes / 2);
    expect(api.child.exitCode).toBeNull();
    const mb = (value: number) => (value / 1024 / 1024).toFixed(1);
    process.stdout.write(
      `export of ${EVENTS} events: ${mb(bytes)} MB sent, server heap grew ${mb(growth)} MB, RSS ${mb(rssPeak - rssBefore)} MB (heap capped at ${HEAP_LIMIT_MB} MB)\n`,
    );
  }, 120_000);
});
