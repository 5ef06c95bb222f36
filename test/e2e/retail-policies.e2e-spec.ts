import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { EVENT_STORE } from '@ledger/ledger';
import { parse } from 'csv-parse/sync';

import { datasetFile } from './support/datasets';
import { TestApp } from './support/test-app';

/**
 * Real data for the policies: the first part of the public "Online Retail"
 * invoices (`retail/` of the datasets folder, see support/datasets.ts), imported as a CSV of orders, with both
 * policies on. What they did is checked against the rules computed here
 * independently, from the invoices themselves.
 */
// The datasets are not part of the repository: the test runs where they are found.
const DATASET = datasetFile('retail', 'online_retail_2010_2011.part1.csv.gz');
const THRESHOLD_PENCE = 2_000_000;
const DAY_MS = 24 * 60 * 60 * 1000;

interface Order {
  readonly client: string;
  readonly orderId: string;
  readonly occurredAt: string;
  readonly amount: number;
}

/** One order per invoice of a known customer, cancellations left out, totals in pence; oldest first. */
function invoicesAsOrders(): Order[] {
  const lines = parse(gunzipSync(readFileSync(DATASET!)), { columns: true }) as Array<Record<string, string>>;
  const orders = new Map<string, { client: string; orderId: string; occurredAt: string; amount: number }>();
  for (const line of lines) {
    const customer = line.CustomerID?.split('.')[0];
    if (!customer || line.InvoiceNo!.startsWith('C')) continue;
    const key = `${customer}|${line.InvoiceNo}`;
    const order = orders.get(key) ?? {
      client: customer,
      orderId: line.InvoiceNo!,
      occurredAt: `${line.InvoiceDate!.replace(' ', 'T')}Z`,
      amount: 0,
    };
    order.amount += Math.round(Number(line.Quantity) * Number(line.UnitPrice) * 100);
    orders.set(key, order);
  }
  return [...orders.values()]
    .filter((order) => order.amount > 0)
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.orderId.localeCompare(b.orderId));
}

/** 12 calendar months before, a missing day becoming the month's last. */
function twelveMonthsBefore(at: string): number {
  const date = new Date(at);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear() - 1, date.getUTCMonth() + 1, 0)).getUTCDate();
  return Date.UTC(
    date.getUTCFullYear() - 1,
    date.getUTCMonth(),
    Math.min(date.getUTCDate(), lastDay),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  );
}

(DATASET !== undefined ? describe : describe.skip)('policies over real retail invoices', () => {
  let app: TestApp;
  let byClient: Map<string, Order[]>;
  let handoffs: RecordedEvent[];
  let escalations: RecordedEvent[];
  let store: EventStore;

  beforeAll(async () => {
    const orders = invoicesAsOrders();
    byClient = new Map();
    for (const order of orders) byClient.set(order.client, [...(byClient.get(order.client) ?? []), order]);
    app = await TestApp.start({
      env: { LEDGER_POLICIES: 'auto-handoff,key-account-escalation', LEDGER_KEY_ACCOUNT_THRESHOLDS: `GBP=${THRESHOLD_PENCE}` },
    });
    const people = [
      { employeeId: 'rep-uk', department: 'sales', role: 'rep' },
      { employeeId: 'mgr-1', department: 'client', role: 'manager' },
      { employeeId: 'mgr-2', department: 'client', role: 'manager' },
      { employeeId: 'kam-1', department: 'key_accounts', role: 'manager' },
    ];
    for (const person of people)
      await app.http
        .post('/v1/employees')
        .send({ ...person, name: person.employeeId, occurredAt: '2010-11-01T08:00:00Z' })
        .expect(201);
    const csv = [
      'client,orderId,occurredAt,amount,currency,rep',
      ...orders.map((order) => `${order.client},${order.orderId},${order.occurredAt},${order.amount},GBP,rep-uk`),
    ].join('\n');
    await app.http.post('/v1/imports').set('Content-Type', 'text/csv').send(csv).expect(201);

    store = app.app.get<EventStore>(EVENT_STORE);
    // Every client was won long ago: each ends in the client department, or went straight from sales to a key-account owner.
    const deadline = Date.now() + 60_000;
    for (;;) {
      handoffs = await store.readAll({ types: ['ClientHandedToClientDepartment'] });
      escalations = await store.readAll({ types: ['KeyAccountEscalated'] });
      const { body } = await app.as('analyst').get('/v1/admin/policies').expect(200);
      if (handoffs.length + escalatedFromSales().length >= byClient.size && body.every((policy: { lag: number }) => policy.lag === 0))
        break;
      if (Date.now() > deadline)
        throw new Error(
          `after 60 s, ${handoffs.length} handed off and ${escalatedFromSales().length} escalated from sales, of ${byClient.size} clients`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 120_000);
  afterAll(() => app?.stop());

  /** Clients escalated while the sales department still held them: those are never handed to the client department. */
  const escalatedFromSales = () =>
    escalations.filter((escalation) => (escalation.data as { fromDepartment: string }).fromDepartment === 'sales');

  it('hands every client off exactly once (unless it went to key accounts first), by the rule that came first, spread evenly over the managers', async () => {
    const perClient = new Map<string, RecordedEvent>();
    for (const handoff of handoffs) {
      const clientId = (handoff.data as { clientId: string }).clientId;
      expect(perClient.has(clientId)).toBe(false);
      perClient.set(clientId, handoff);
    }
    const straightToKeyAccounts = new Set(escalatedFromSales().map((escalation) => (escalation.data as { clientId: string }).clientId));
    for (const clientId of straightToKeyAccounts) expect(perClient.has(clientId)).toBe(false);
    expect(perClient.size + straightToKeyAccounts.size).toBe(byClient.size);
    for (const [clientId, orders] of byClient) {
      if (straightToKeyAccounts.has(clientId)) continue;
      const wonAt = Date.parse(orders[0]!.occurredAt);
      const thirdReorder = orders[3];
      const expected =
        thirdReorder && Date.parse(thirdReorder.occurredAt) <= wonAt + 90 * DAY_MS ? 'handoff-after-reorders' : 'handoff-after-days';
      expect([clientId, perClient.get(clientId)!.metadata.rule?.name]).toEqual([clientId, expected]);
    }
    const perManager = new Map<string, number>();
    for (const handoff of handoffs) {
      const manager = (handoff.data as { toManagerId: string }).toManagerId;
      perManager.set(manager, (perManager.get(manager) ?? 0) + 1);
    }
    expect(Math.abs(perManager.get('mgr-1')! - perManager.get('mgr-2')!)).toBeLessThanOrEqual(1);
  });

  it('escalates exactly the clients whose trailing-12-month revenue reached the threshold, citing the order that reached it', async () => {
    const expected = new Map<string, string>();
    for (const [clientId, orders] of byClient) {
      for (let index = 0; index < orders.length; index++) {
        const from = twelveMonthsBefore(orders[index]!.occurredAt);
        const revenue = orders
          .slice(0, index + 1)
          .filter((order) => Date.parse(order.occurredAt) > from)
          .reduce((sum, order) => sum + order.amount, 0);
        if (revenue >= THRESHOLD_PENCE) {
          expected.set(clientId, orders[index]!.orderId);
          break;
        }
      }
    }
    expect(expected.size).toBeGreaterThan(0);
    const actual = new Map<string, string>();
    for (const escalation of escalations) {
      const [cause] = (await store.readStream(escalation.streamId)).filter((event) => event.eventId === escalation.metadata.causationId);
      const data = cause!.data as { orderId?: string; firstOrder?: { orderId: string } };
      actual.set((escalation.data as { clientId: string }).clientId, data.orderId ?? data.firstOrder!.orderId);
    }
    expect(actual).toEqual(expected);
    process.stdout.write(
      `retail invoices: ${byClient.size} clients; ${handoffs.length} handed off once each, ${actual.size} escalated to key accounts (${escalatedFromSales().length} straight from sales)\n`,
    );
  });
});
