import { startSeeded, TestApp, winClient } from '../e2e/support/test-app';
import { recordFigures, SOAK } from './support/figures';

/**
 * Concurrent commands over HTTP on one stream: each is appended or refused
 * with a conflict, never lost; exactly one of competing handoffs wins; and
 * retries racing with one Idempotency-Key append one event.
 */
const CONCURRENT = SOAK ? 200 : 50;
const FIRST_ORDER = 100_000;

describe('races on one client over HTTP', () => {
  let app: TestApp;
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    app = await startSeeded();
  });
  afterAll(async () => {
    recordFigures('races', figures);
    await app.stop();
  });

  const eventsOf = async (clientId: string) =>
    (await app.http.get(`/v1/clients/${clientId}/events`).expect(200)).body.events as {
      type: string;
      eventId: string;
      data: Record<string, unknown>;
    }[];

  it(`${CONCURRENT} concurrent reorders: each appended or 409, and the revenue is the sum of the acknowledged ones`, async () => {
    await winClient(app, 'race-orders');
    const amounts = Array.from({ length: CONCURRENT }, (_, index) => 1_000 + index);
    const answers = await Promise.all(
      amounts.map((amount, index) =>
        app.http
          .post('/v1/clients/race-orders/orders')
          .send({ orderId: `race-${index}`, total: { amount, currency: 'EUR' }, takenBy: 'rep-anna' }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status !== 201 && status !== 409)).toEqual([]);
    for (const refused of answers.filter((answer) => answer.status === 409)) expect(refused.body.code).toBe('CONCURRENCY_CONFLICT');
    const acknowledged = amounts.filter((_, index) => statuses[index] === 201);
    const reorders = (await eventsOf('race-orders')).filter((event) => event.type === 'ReorderPlaced');
    expect(reorders.map((event) => event.data.orderId).sort()).toEqual(
      answers.flatMap((answer, index) => (answer.status === 201 ? [`race-${index}`] : [])).sort(),
    );
    const client = (await app.http.get('/v1/clients/race-orders').expect(200)).body;
    expect(JSON.stringify(client.revenue)).toContain(String(FIRST_ORDER + acknowledged.reduce((sum, amount) => sum + amount, 0)));
    figures.concurrentReorders = CONCURRENT;
    figures.reordersAcknowledged = acknowledged.length;
    figures.reordersRefusedWithConflict = CONCURRENT - acknowledged.length;
  });

  it('concurrent manual handoffs of one client: exactly one wins', async () => {
    await winClient(app, 'race-handoff');
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        app.http.post('/v1/clients/race-handoff/handoff').send({ toManagerId: 'mgr-carl', reason: `attempt ${index}` }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status !== 201 && status !== 409)).toEqual([]);
    expect((await eventsOf('race-handoff')).filter((event) => event.type === 'ClientHandedToClientDepartment')).toHaveLength(1);
    figures.concurrentHandoffs = answers.length;
  });

  it('retries racing each other with one Idempotency-Key: one event, and every success answers it', async () => {
    await winClient(app, 'race-retries');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        app.http
          .post('/v1/clients/race-retries/orders')
          .set('Idempotency-Key', 'race-retry-key-1')
          .send({ orderId: 'retried', total: { amount: 5_000, currency: 'EUR' }, takenBy: 'rep-anna' }),
      ),
    );
    const succeeded = answers.filter((answer) => answer.status === 201);
    expect(answers.filter((answer) => answer.status !== 201 && answer.status !== 409)).toEqual([]);
    expect(succeeded.length).toBeGreaterThan(0);
    const reorders = (await eventsOf('race-retries')).filter((event) => event.type === 'ReorderPlaced');
    expect(reorders).toHaveLength(1);
    expect(new Set(succeeded.map((answer) => answer.body.eventId))).toEqual(new Set([reorders[0]!.eventId]));
    figures.racingRetries = answers.length;
    figures.racingRetriesAnswered201 = succeeded.length;
  });
});
