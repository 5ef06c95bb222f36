import type { GraphQLClient } from 'graphql-request';

import { contactLead, loseLead, placeReorder } from './support/given';
import { startSeededGraphql } from './support/graphql';
import type { TestApp } from './support/test-app';

describe('typed outputs: DateTime, Month, CurrencyCode, EventType, Money in every report, typed lists', () => {
  let app: TestApp;
  let graphql: GraphQLClient;

  beforeAll(async () => {
    ({ app, graphql } = await startSeededGraphql('analyst', 'acme'));
    await placeReorder(app, 'acme', {
      orderId: 'acme-r1',
      amount: 2_500,
      currency: 'HUF',
      takenBy: 'rep-anna',
      occurredAt: '2024-03-01T10:00:00+01:00',
    });
    for (const [leadId, reason] of [
      ['lead-a', 'price'],
      ['lead-b', 'price'],
      ['lead-c', 'timing'],
    ]) {
      await contactLead(app, leadId, { repId: 'rep-anna', company: leadId, occurredAt: '2024-02-01T09:00:00Z' });
      await loseLead(app, leadId, { reason, occurredAt: '2024-02-05T09:00:00Z' });
    }
  });
  afterAll(() => app.stop());

  it('types times, months, currencies and event types in the schema', async () => {
    const { client, cohort, event, money } = await graphql.request<Record<string, { fields: { name: string; type: unknown }[] }>>(`{
      client: __type(name: "Client") { fields { name type { name ofType { name kind } } } }
      cohort: __type(name: "RetentionCohort") { fields { name type { name ofType { name kind } } } }
      event: __type(name: "RecordedEvent") { fields { name type { name ofType { name kind } } } }
      money: __type(name: "Money") { fields { name type { name ofType { name kind } } } }
    }`);
    const typeOf = (fields: { name: string; type: unknown }[], name: string) => fields.find((field) => field.name === name)!.type;
    expect(typeOf(client.fields, 'wonAt')).toEqual({ name: null, ofType: { name: 'DateTime', kind: 'SCALAR' } });
    expect(typeOf(cohort.fields, 'cohort')).toEqual({ name: null, ofType: { name: 'Month', kind: 'SCALAR' } });
    expect(typeOf(event.fields, 'type')).toEqual({ name: null, ofType: { name: 'EventType', kind: 'ENUM' } });
    expect(typeOf(money.fields, 'currency')).toEqual({ name: null, ofType: { name: 'CurrencyCode', kind: 'ENUM' } });
  });

  it('answers the same text on the wire as REST does: times (milliseconds and Z included), months, codes, event types', async () => {
    const rest = (await app.as('analyst').get('/v1/clients/acme').expect(200)).body;
    const restEvents = (await app.as('analyst').get('/v1/clients/acme/events').expect(200)).body.events;
    const { client, clientEvents, revenue } = await graphql.request<{
      client: { wonAt: string; orders: { occurredAt: string; total: { currency: string } }[] };
      clientEvents: { nodes: { type: string; occurredAt: string; recordedAt: string }[] };
      revenue: { rows: { month: string }[]; asOf: string };
    }>(`{
      client(clientId: "acme") { wonAt orders { occurredAt total { currency } } }
      clientEvents(clientId: "acme") { nodes { type occurredAt recordedAt } }
      revenue(asOf: "2024-12-31T23:00:00-01:00") { rows { month } asOf }
    }`);
    expect(client.wonAt).toBe(rest.wonAt);
    expect(client.orders.map((order) => order.occurredAt)).toEqual(rest.orders.map((order: { occurredAt: string }) => order.occurredAt));
    expect(client.orders[1].occurredAt).toBe('2024-03-01T09:00:00.000Z');
    expect(client.orders.map((order) => order.total.currency)).toEqual(['EUR', 'HUF']);
    expect(clientEvents.nodes).toEqual(
      restEvents.map((event: Record<string, unknown>) => ({
        type: event.type,
        occurredAt: event.occurredAt,
        recordedAt: event.recordedAt,
      })),
    );
    const restRevenue = (await app.as('analyst').get('/v1/revenue?asOf=2024-12-31T23:00:00-01:00').expect(200)).body;
    expect(revenue.asOf).toBe(restRevenue.asOf);
    expect(revenue.rows.map((row) => row.month)).toEqual(restRevenue.rows.map((row: { month: string }) => row.month));
  });

  it('answers every report amount as Money beside the deprecated text and currency, the same sums', async () => {
    const { revenue, retention } = await graphql.request<{
      revenue: {
        rows: Record<string, string | { amount: string; currency: string }>[];
        salesToClientRatio: Record<string, string | { amount: string; currency: string }>[];
      };
      retention: {
        cohorts: { revenue: Record<string, string[]>; revenueRetainedPct: Record<string, number[]>; revenueByCurrency: unknown[] }[];
      };
    }>(`{
      revenue { rows { currency newRevenue repeatRevenue commission newRevenueTotal { amount currency } repeatRevenueTotal { amount currency } commissionTotal { amount currency } }
        salesToClientRatio { currency salesRevenue clientRevenue salesRevenueTotal { amount currency } clientRevenueTotal { amount currency } } }
      retention(from: "2024-01-01") { cohorts { revenue revenueRetainedPct revenueByCurrency { currency byMonth { amount currency } retainedPct } } }
    }`);
    expect(revenue.rows.length).toBeGreaterThan(1);
    for (const row of revenue.rows) {
      expect(row.newRevenueTotal).toEqual({ amount: row.newRevenue, currency: row.currency });
      expect(row.repeatRevenueTotal).toEqual({ amount: row.repeatRevenue, currency: row.currency });
      expect(row.commissionTotal).toEqual({ amount: row.commission, currency: row.currency });
    }
    for (const ratio of revenue.salesToClientRatio) {
      expect(ratio.salesRevenueTotal).toEqual({ amount: ratio.salesRevenue, currency: ratio.currency });
      expect(ratio.clientRevenueTotal).toEqual({ amount: ratio.clientRevenue, currency: ratio.currency });
    }
    expect(retention.cohorts.length).toBeGreaterThan(0);
    for (const cohort of retention.cohorts) {
      expect(cohort.revenueByCurrency).toEqual(
        Object.entries(cohort.revenue).map(([currency, amounts]) => ({
          currency,
          byMonth: amounts.map((amount) => ({ amount, currency })),
          retainedPct: cohort.revenueRetainedPct[currency],
        })),
      );
    }
  });

  it("lists the pipeline's lost reasons as counts, most first, the same as the deprecated object", async () => {
    const { pipeline } = await graphql.request<{
      pipeline: { total: { lostReasons: Record<string, number>; lostReasonCounts: { reason: string; count: number }[] }; rows: unknown[] };
    }>('{ pipeline { total { lostReasons lostReasonCounts { reason count } } rows { lostReasonCounts { reason count } } } }');
    expect(pipeline.total.lostReasons).toEqual({ price: 2, timing: 1 });
    expect(pipeline.total.lostReasonCounts).toEqual([
      { reason: 'price', count: 2 },
      { reason: 'timing', count: 1 },
    ]);
    expect(pipeline.rows).toEqual([{ lostReasonCounts: pipeline.total.lostReasonCounts }]);
  });

  it("answers each event's data as the typed payload of its type, the same values as the deprecated `data`", async () => {
    const { events } = await graphql.request<{
      events: { nodes: { type: string; data: Record<string, unknown>; payload: Record<string, unknown> }[] };
    }>(`{ events(first: 100) { nodes { type data payload {
      __typename
      ... on EmployeeJoinedPayload { employeeId name department role }
      ... on LeadContactedPayload { leadId repId company channel outcome note }
      ... on LeadLostPayload { leadId reason }
      ... on LeadConvertedPayload { leadId clientId }
      ... on ClientWonPayload { clientId leadId repId department firstOrder { orderId total { amount currency } } }
      ... on ReorderPlacedPayload { clientId orderId total { amount currency } takenBy creditedDepartment creditedOwnerId }
    } } } }`);
    const types = new Set(events.nodes.map((event) => event.type));
    expect([...types].sort()).toEqual(['ClientWon', 'EmployeeJoined', 'LeadContacted', 'LeadConverted', 'LeadLost', 'ReorderPlaced']);
    for (const { type, data, payload } of events.nodes) {
      const { __typename, ...fields } = payload;
      expect({ type, __typename }).toEqual({ type, __typename: `${type}Payload` });
      expect(fields).toEqual(data);
    }
  });
});
