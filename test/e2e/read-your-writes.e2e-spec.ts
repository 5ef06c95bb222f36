import { expectProblem, seedOrganisation, suiteApp, winClient } from './support/test-app';

/**
 * A read naming a log position (minPosition, or the Ledger-Min-Position header)
 * answers only once the read models have stored it; past LEDGER_READ_WAIT_MS it
 * is refused with 503 READ_MODEL_BEHIND, saying how far behind they are.
 */
describe('read your writes: minPosition', () => {
  const app = suiteApp({ env: { LEDGER_READ_WAIT_MS: '300' } }, seedOrganisation);

  it('answers a report at or after the position a command answered with, by parameter, header and GraphQL argument', async () => {
    await winClient(app(), 'acme');
    const order = await app()
      .http.post('/v1/clients/acme/orders')
      .send({ orderId: 'acme-o2', total: { amount: 25_000, currency: 'EUR' }, takenBy: 'rep-anna', occurredAt: '2024-02-20T10:00:00Z' })
      .expect(201);
    const position = order.body.position as number;

    const byParameter = await app().http.get(`/v1/revenue?from=2024-02-01&to=2024-02-29&minPosition=${position}`).expect(200);
    expect(byParameter.body.position).toBeGreaterThanOrEqual(position);
    expect(byParameter.body.rows).toEqual([expect.objectContaining({ key: 'sales', newRevenue: '100000', repeatRevenue: '25000' })]);

    const byHeader = await app().http.get('/v1/clients?limit=5').set('Ledger-Min-Position', String(position)).expect(200);
    expect(byHeader.body.position).toBeGreaterThanOrEqual(position);
    expect(byHeader.body.clients.map((client: { clientId: string }) => client.clientId)).toEqual(['acme']);

    const graphql = await app()
      .http.post('/graphql')
      .send({
        query: `{ revenue(from: "2024-02-01", to: "2024-02-29", minPosition: ${position}) { position rows { key repeatRevenue } } }`,
      })
      .expect(200);
    expect(graphql.body.errors).toBeUndefined();
    expect(graphql.body.data.revenue.position).toBeGreaterThanOrEqual(position);
  });

  it('refuses, after LEDGER_READ_WAIT_MS, a position the read models have not stored, saying how far behind they are', async () => {
    const head = await app().headPosition();
    const started = Date.now();
    const response = await app().http.get(`/v1/pipeline?minPosition=${head + 10}`);
    expectProblem(response, 503, 'READ_MODEL_BEHIND');
    expect(response.body.detail).toContain(`up to position ${head}, 10 events short of position ${head + 10}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);

    const viaHeader = await app()
      .http.get('/v1/audit/handoffs')
      .set('Ledger-Min-Position', String(head + 1));
    expectProblem(viaHeader, 503, 'READ_MODEL_BEHIND');
    const graphql = await app()
      .http.post('/graphql')
      .set('Ledger-Min-Position', String(head + 1))
      .send({ query: '{ pipeline { position } }' })
      .expect(200);
    expect(graphql.body.errors[0].extensions.code).toBe('READ_MODEL_BEHIND');
  });

  it('refuses a position that is not a whole number of at least 0, by parameter or header, before waiting', async () => {
    expectProblem(await app().http.get('/v1/revenue?minPosition=-1'), 400, 'VALIDATION_FAILED');
    expectProblem(await app().http.get('/v1/revenue?minPosition=abc'), 400, 'VALIDATION_FAILED');
    expectProblem(await app().http.get('/v1/revenue').set('Ledger-Min-Position', '12abc'), 400, 'VALIDATION_FAILED');
    expectProblem(await app().http.get('/v1/revenue').set('Ledger-Min-Position', '99999999999999999999'), 400, 'VALIDATION_FAILED');
  });
});
