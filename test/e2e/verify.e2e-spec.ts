import type { StorageConfig } from '@ledger/event-store';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';

import { cli } from './support/cli';
import { expectProblem, startSeeded, TestApp } from './support/test-app';

const VERIFY_LOG = '{ verifyLog { intact verifiedUpTo events brokenAt reason summary } }';

describe('tamper evidence: GET /v1/audit/verify, GraphQL verifyLog and the CLI verify', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startSeeded('c-verify');
    await app.http
      .post('/v1/clients/c-verify/orders')
      .send({ orderId: 'o-2', total: { amount: 50_000, currency: 'EUR' }, takenBy: 'rep-anna', occurredAt: '2024-03-01T10:00:00Z' })
      .expect(201);
  });
  afterAll(() => app.stop());

  const verifyOverRest = async () => (await app.as('auditor').get('/v1/audit/verify').expect(200)).body as Record<string, unknown>;
  const verifyOverGraphql = async () => {
    const response = await app.as('auditor').post('/graphql').send({ query: VERIFY_LOG }).expect(200);
    expect(response.body.errors).toBeUndefined();
    return response.body.data.verifyLog as Record<string, unknown>;
  };

  it('finds the log the API wrote intact up to the head, the same over REST, GraphQL and the CLI', async () => {
    const head = await app.headPosition();
    expect(head).toBe(8);
    const expected = {
      intact: true,
      verifiedUpTo: head,
      events: head,
      brokenAt: null,
      reason: null,
      summary: `intact up to position ${head} (${head} events)`,
    };
    expect(await verifyOverRest()).toEqual(expected);
    expect(await verifyOverGraphql()).toEqual(expected);

    const verified = await cli(app.config.storage, 'verify');
    expect(verified).toEqual({ stdout: `intact up to position ${head} (${head} events)\n`, stderr: '', code: 0 });
    expect(JSON.parse((await cli(app.config.storage, 'verify', '--json')).stdout)).toEqual(expected);
  });

  it('is for auditors, analysts and admins, not for the business roles', async () => {
    await app.as('analyst').get('/v1/audit/verify').expect(200);
    await app.as('admin').get('/v1/audit/verify').expect(200);
    expectProblem(await app.as('rep', 'rep-anna').get('/v1/audit/verify'), 403, 'FORBIDDEN');
    await app.anonymous.get('/v1/audit/verify').expect(401);
  });

  it('documents the exit codes of the CLI command', async () => {
    const { stdout, code } = await cli(app.config.storage, 'verify', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Exit codes:');
    expect(stdout).toMatch(/0 {2}the log is intact/);
    expect(stdout).toMatch(/3 {2}the chain is broken/);
  });

  it('finds a row edited outside the application, at its position, over REST, GraphQL and the CLI', async () => {
    // The win with its first order: four employees joined, the lead was contacted and converted, then the client won.
    const { events } = (await app.as('auditor').get('/v1/clients/c-verify/events').expect(200)).body as {
      events: Array<{ position: number; type: string }>;
    };
    const won = events[0]!;
    expect(won).toMatchObject({ type: 'ClientWon', position: 7 });

    // What the API refuses, someone with the database and a shell can do: set the guard aside and lower the amount.
    await tamperOutsideTheApplication(app.config.storage, won.position);

    const reason = 'the content of the event at position 7 does not match its hash (or the chain link from position 6 was rewritten)';
    const expected = { intact: false, verifiedUpTo: 6, events: null, brokenAt: 7, reason, summary: `broken at position 7: ${reason}` };
    expect(await verifyOverRest()).toEqual(expected);
    expect(await verifyOverGraphql()).toEqual(expected);

    const verified = await cli(app.config.storage, 'verify');
    expect(verified).toEqual({ stdout: `broken at position 7: ${reason}\n`, stderr: '', code: 3 });
  });
});

/** Lowers the first order's amount of the event at `position`, by hand, with the append-only guard set aside for the moment. */
async function tamperOutsideTheApplication(storage: StorageConfig, position: number): Promise<void> {
  if (storage.kind === 'eventstoredb') throw new Error('an EventStoreDB log is not tampered with here: it keeps no hash chain to break');
  if (storage.kind === 'postgres') {
    const client = new Client({ connectionString: storage.url });
    await client.connect();
    try {
      await client.query(`SET search_path = ${storage.schema}`);
      await expect(client.query("UPDATE events SET data = '{}' WHERE position = 7")).rejects.toThrow(/append-only/);
      await client.query('BEGIN');
      await client.query('ALTER TABLE events DISABLE TRIGGER events_append_only');
      await client.query("UPDATE events SET data = jsonb_set(data::jsonb, '{firstOrder,total,amount}', '1')::text WHERE position = $1", [
        position,
      ]);
      await client.query('ALTER TABLE events ENABLE TRIGGER events_append_only');
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    return;
  }
  const outside = new BetterSqlite3(storage.path);
  try {
    const trigger = outside.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'events_are_never_updated'").get()!
      .sql;
    expect(() => outside.prepare("UPDATE events SET data = '{}' WHERE position = 7").run()).toThrow(/append-only/);
    outside.transaction(() => {
      outside.exec('DROP TRIGGER events_are_never_updated');
      outside.prepare("UPDATE events SET data = json_set(data, '$.firstOrder.total.amount', 1) WHERE position = ?").run(position);
      outside.exec(trigger);
    })();
  } finally {
    outside.close();
  }
}
