import { randomUUID } from 'node:crypto';

import { Client } from 'pg';

import { SqlEvidenceTables } from '../evidence-tables';
import { SqlIdempotencyKeyStore } from '../idempotency-key-store';
import { SqlLeaseStore } from '../lease-store';
import { newEvent } from '../testing/contract-helpers';
import { evidenceTablesContract } from '../testing/evidence-tables-contract';
import { leaseStoreContract } from '../testing/lease-store-contract';
import { dropSchemas, postgresReachable, TEST_POSTGRES_URL } from '../testing/postgres-test-server';
import { projectionStoreContract } from '../testing/projection-store-contract';
import { readModelTablesContract } from '../testing/read-model-tables-contract';
import { PostgresEventStore } from './postgres-event-store';
import { PostgresProjectionStore } from './postgres-projection-store';
import { postgresSqlRunner } from './postgres-sql-runner';

/**
 * The PostgreSQL projection and idempotency-key stores against a real server:
 * LEDGER_TEST_POSTGRES_URL, or the machine's own server (CI starts it). Each run
 * works in schemas of its own, dropped at the end. Without a reachable server
 * the suite says so and is skipped.
 */
const URL = TEST_POSTGRES_URL;
const SCHEMA = `ledger_read_models_test_${process.pid}_${randomUUID().slice(0, 8)}`;

const reachable = postgresReachable('PostgreSQL read-model store');

const connect = (schema = SCHEMA) => PostgresEventStore.connect({ connectionString: URL, schema });

/** Stores connected by a test, closed after it even when it fails. */
const connected: PostgresEventStore[] = [];
async function stores(count: number, schema = SCHEMA): Promise<PostgresEventStore[]> {
  const opened = await Promise.all(Array.from({ length: count }, () => connect(schema)));
  connected.push(...opened);
  return opened;
}

const unique = (label: string) => `${label}-${randomUUID()}`;

/** The idempotency keys in an event store's schema, as the ledger's storage opens them. */
const keyStore = (events: PostgresEventStore, clock?: () => Date) => new SqlIdempotencyKeyStore(postgresSqlRunner(events.pool), clock);

(reachable ? describe : describe.skip)('PostgreSQL read-model stores', () => {
  const other = `${SCHEMA}_b`;
  afterEach(async () => {
    await Promise.all(connected.splice(0).map((store) => store.close()));
  });
  afterAll(() => dropSchemas(SCHEMA, other));

  const openStore = async () => {
    const events = await connect();
    return { store: new PostgresProjectionStore(events.pool, () => new Date('2024-06-01T00:00:00.000Z')), close: () => events.close() };
  };
  projectionStoreContract('PostgreSQL', openStore);
  readModelTablesContract('PostgreSQL', openStore);
  leaseStoreContract('PostgreSQL', async (clock) => {
    const events = await connect();
    return { leases: new SqlLeaseStore(postgresSqlRunner(events.pool), clock), close: () => events.close() };
  });
  // Each test in an empty schema of its own: the tree and the checkpoints are the whole ledger's.
  let evidenceSchemas = 0;
  evidenceTablesContract('PostgreSQL', async () => {
    const schema = `${SCHEMA}_e${++evidenceSchemas}`;
    const events = await connect(schema);
    return {
      events,
      tables: new SqlEvidenceTables(postgresSqlRunner(events.pool)),
      close: async () => {
        await events.close();
        await dropSchemas(schema);
      },
    };
  });

  describe('migrations', () => {
    it('adds the read-model tables as migration 2 and the leases as migration 3', async () => {
      const [events] = await stores(1);
      const { rows } = await events!.pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((row) => row.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const tables = await events!.pool.query<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
        [SCHEMA],
      );
      expect(tables.rows.map((row) => row.table_name)).toEqual(
        expect.arrayContaining(['idempotency_keys', 'leases', 'projection_documents', 'projection_generations']),
      );
    });

    it('brings a ledger at version 1 up to the latest version on connect, its events untouched', async () => {
      const schema = `${SCHEMA}_v1`;
      try {
        const [first] = await stores(1, schema);
        await first!.append('client-1', [newEvent('A', {})], { expectedRevision: 'no_stream' });
        // As a ledger made before migration 2 existed.
        await first!.pool.query(
          'DROP TABLE projection_generations, projection_documents, idempotency_keys; DELETE FROM schema_migrations WHERE version = 2',
        );
        await first!.close();
        const [again, twin] = await stores(2, schema);
        expect(
          (await again!.pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map(
            (row) => row.version,
          ),
        ).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        expect(await again!.headPosition()).toBe(1);
        expect(await again!.verifyChain()).toMatchObject({ intact: true });
        expect(await new PostgresProjectionStore(twin!.pool).createGeneration('p', 1)).toMatchObject({ generation: 1, live: true });
      } finally {
        await Promise.all(connected.splice(0).map((store) => store.close()));
        await dropSchemas(schema);
      }
    });
  });

  describe('PostgresProjectionStore across processes', () => {
    /** A store on a connection of its own, and a new projection with `generations` generations (the first live). */
    const pipelineAt = async (generations: number) => {
      const [events] = await stores(1);
      const store = new PostgresProjectionStore(events!.pool);
      const pipeline = unique('pipeline');
      for (let made = 0; made < generations; made++) await store.createGeneration(pipeline, 1);
      return { events: events!, store, pipeline };
    };

    it('makes exactly one generation live when several stores (pools) create the first one at once', async () => {
      const writers = (await stores(4)).map((events) => new PostgresProjectionStore(events.pool));
      const projections = Array.from({ length: 20 }, () => unique('pipeline'));
      const created = await Promise.all(
        projections.flatMap((projection) => writers.map((writer) => writer.createGeneration(projection, 1))),
      );
      for (const projection of projections) {
        const mine = created.filter((generation) => generation.projection === projection);
        expect(mine.filter((generation) => generation.live)).toHaveLength(1);
        expect(mine.map((generation) => generation.generation).sort()).toEqual([1, 2, 3, 4]);
        const stored = await writers[0]!.generations(projection);
        expect(stored.filter((generation) => generation.live)).toEqual([mine.find((generation) => generation.live)]);
      }
    });

    it('lets exactly one of two racing commits from the same checkpoint through, and only its documents', async () => {
      const [one, two] = (await stores(2)).map((events) => new PostgresProjectionStore(events.pool));
      for (let round = 0; round < 10; round++) {
        const pipeline = unique('pipeline');
        await one!.createGeneration(pipeline, 1);
        const batch = (writer: string) => Array.from({ length: 500 }, (_, i) => ({ key: `lead/${writer}/${i}`, body: { writer } }));
        const answers = await Promise.all([one!.commit(pipeline, 1, 0, 10, batch('one')), two!.commit(pipeline, 1, 0, 20, batch('two'))]);
        expect(answers.filter(Boolean)).toHaveLength(1);
        const winner = answers[0] ? 'one' : 'two';
        const documents = await one!.loadDocuments(pipeline, 1);
        expect(documents).toHaveLength(500);
        expect(documents.every(([, body]) => (body as { writer: string }).writer === winner)).toBe(true);
        expect((await two!.generations(pipeline))[0]!.checkpoint).toBe(winner === 'one' ? 10 : 20);
      }
    });

    it('keeps checkpoints beyond 32 bits as numbers', async () => {
      const { store, pipeline } = await pipelineAt(1);
      expect(await store.commit(pipeline, 1, 0, 5_000_000_000, [])).toBe(true);
      expect(await store.commit(pipeline, 1, 5_000_000_000, 5_000_000_001, [{ key: 'k', body: 1 }])).toBe(true);
      const [generation] = await store.generations(pipeline);
      expect(generation!.checkpoint).toBe(5_000_000_001);
      expect(typeof generation!.checkpoint).toBe('number');
    });

    it('commits 5,000 documents in one call in a few multi-row statements', async () => {
      const { store, pipeline } = await pipelineAt(1);
      // The pool's connections are pg Clients: count the statements the commits send.
      const query = jest.spyOn(Client.prototype, 'query');
      const timings: number[] = [];
      for (let round = 0; round < 3; round++) {
        const changes = Array.from({ length: 5_000 }, (_, i) => ({
          key: `lead/${i}`,
          body: { i, round, name: `Lead ${i}`, stage: 'qualified', value: 1_000 + i },
        }));
        const started = performance.now();
        expect(await store.commit(pipeline, 1, round, round + 1, changes)).toBe(true);
        timings.push(performance.now() - started);
      }
      const upserts = query.mock.calls.filter(([sql]) => typeof sql === 'string' && sql.includes('INSERT INTO projection_documents'));
      query.mockRestore();
      expect(upserts.length).toBeGreaterThan(0);
      expect(upserts.length).toBeLessThanOrEqual(3 * 10);
      expect(await store.loadDocuments(pipeline, 1)).toHaveLength(5_000);
      const best = Math.min(...timings);
      process.stdout.write(
        `PostgresProjectionStore: 5,000 documents in one commit: ${timings.map((ms) => `${ms.toFixed(0)} ms`).join(', ')} (first insert, then overwrites; best ${Math.round(5_000 / (best / 1000))} documents/s)\n`,
      );
      expect(best).toBeLessThan(10_000);
    });

    it('drops a large generation in bounded chunks, each its own statement', async () => {
      const { events, store, pipeline } = await pipelineAt(2);
      await store.commit(pipeline, 1, 0, 1, [{ key: 'kept', body: true }]);
      await store.commit(
        pipeline,
        2,
        0,
        1,
        Array.from({ length: 12_000 }, (_, i) => ({ key: `lead/${i}`, body: { i } })),
      );
      const query = jest.spyOn(events.pool, 'query');
      await store.dropGeneration(pipeline, 2);
      const deletes = query.mock.calls.filter(([sql]) => typeof sql === 'string' && sql.includes('DELETE FROM projection_documents'));
      query.mockRestore();
      expect(deletes.length).toBeGreaterThanOrEqual(3);
      const left = await events.pool.query<{ count: string }>('SELECT COUNT(*) AS count FROM projection_documents WHERE projection = $1', [
        pipeline,
      ]);
      expect(Number(left.rows[0]!.count)).toBe(1);
      expect(await store.loadDocuments(pipeline, 1)).toEqual([['kept', true]]);
    });

    it('never hands out again a generation number whose documents are still there', async () => {
      const { events, store, pipeline } = await pipelineAt(2);
      await store.commit(pipeline, 2, 0, 1, [{ key: 'old', body: 'from the dropped 2' }]);
      // A drop interrupted after removing the record (a crash): generation 2's documents are left.
      await events.pool.query('DELETE FROM projection_generations WHERE projection = $1 AND generation = 2', [pipeline]);
      expect(await store.createGeneration(pipeline, 1)).toMatchObject({ generation: 3, live: false });
      expect(await store.loadDocuments(pipeline, 3)).toEqual([]);
      await store.dropGeneration(pipeline, 2);
      expect(await store.loadDocuments(pipeline, 2)).toEqual([]);
      expect((await store.generations(pipeline)).map((generation) => generation.generation)).toEqual([1, 3]);
    });

    it('keeps each schema’s read models apart', async () => {
      const [mine] = await stores(1);
      const [theirs] = await stores(1, other);
      const pipeline = unique('pipeline');
      await new PostgresProjectionStore(mine!.pool).createGeneration(pipeline, 1);
      expect(await new PostgresProjectionStore(theirs!.pool).generations(pipeline)).toEqual([]);
      expect(await new PostgresProjectionStore(theirs!.pool).createGeneration(pipeline, 1)).toMatchObject({ generation: 1, live: true });
    });
  });

  describe('idempotency keys on PostgreSQL', () => {
    it('stores the first answer per key and keeps it', async () => {
      const [events] = await stores(1);
      const keys = keyStore(events!, () => new Date('2024-05-05T00:00:00.000Z'));
      const key = unique('k');
      expect(await keys.find(key)).toBeUndefined();
      const first = await keys.saveFirst(key, { requestFingerprint: 'f1', status: 201, body: { eventId: 'e1', note: 'Zürich 🚀' } });
      expect(first).toEqual({
        requestFingerprint: 'f1',
        status: 201,
        body: { eventId: 'e1', note: 'Zürich 🚀' },
        createdAt: '2024-05-05T00:00:00.000Z',
      });
      const second = await keys.saveFirst(key, { requestFingerprint: 'f2', status: 409, body: { eventId: 'e2' } });
      expect(second).toEqual(first);
      expect(await keys.find(key)).toEqual(first);
      expect(await keys.find(unique('other'))).toBeUndefined();
    });

    it('keeps keys apart and round-trips any JSON body', async () => {
      const [events] = await stores(1);
      const keys = keyStore(events!);
      const prefix = unique('key');
      const bodies: unknown[] = [null, 'text', 42, [1, { a: [] }], { nested: { deep: true } }, 'a\u0000b'];
      for (const [i, body] of bodies.entries())
        await keys.saveFirst(`${prefix}-${i}`, { requestFingerprint: `f${i}`, status: 200 + i, body });
      for (const [i, body] of bodies.entries()) {
        expect(await keys.find(`${prefix}-${i}`)).toMatchObject({ requestFingerprint: `f${i}`, status: 200 + i, body });
      }
    });

    it('survives closing and connecting again, in the schema of the events', async () => {
      const [events] = await stores(1);
      const key = unique('k');
      const saved = await keyStore(events!).saveFirst(key, {
        requestFingerprint: 'f',
        status: 201,
        body: { ok: true },
      });
      expect(saved.createdAt).toBe(new Date(saved.createdAt).toISOString());
      const [again] = await stores(1);
      expect(await keyStore(again!).find(key)).toEqual(saved);
      const [elsewhere] = await stores(1, other);
      expect(await keyStore(elsewhere!).find(key)).toBeUndefined();
    });

    it('answers the same first answer to both of two racing saveFirst calls (two pools)', async () => {
      const [one, two] = (await stores(2)).map((events) => keyStore(events));
      const keys = Array.from({ length: 50 }, () => unique('race'));
      const answers = await Promise.all(
        keys.map((key) =>
          Promise.all([
            one!.saveFirst(key, { requestFingerprint: 'one', status: 201, body: { by: 'one' } }),
            two!.saveFirst(key, { requestFingerprint: 'two', status: 202, body: { by: 'two' } }),
          ]),
        ),
      );
      for (const [index, [first, second]] of answers.entries()) {
        expect(second).toEqual(first);
        expect(first.body).toEqual({ by: first.requestFingerprint });
        expect(await one!.find(keys[index]!)).toEqual(first);
      }
    });
  });
});
