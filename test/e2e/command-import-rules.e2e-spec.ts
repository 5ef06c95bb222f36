import { crossStreamRules } from '@ledger/domain';
import type request from 'supertest';

import { startSeeded, TestApp } from './support/test-app';

/**
 * A command and an import row that ask for the same change are refused by the same
 * rule, with the same code and message: imports go through the commands' own
 * decisions (crossStreamRules and the deciders), so there is no second copy to keep in step.
 */
const AT = '2024-03-01T10:00:00Z';

interface Case {
  readonly rule: string;
  readonly code: string;
  readonly command: (app: TestApp) => request.Test;
  readonly row: Record<string, unknown>;
}

const CASES: Case[] = [
  {
    rule: 'a win by a non-sales employee',
    code: 'EMPLOYEE_NOT_IN_SALES_DEPARTMENT',
    command: (app) =>
      app.http.post('/v1/clients').send({
        clientId: 'c-new',
        leadId: 'c-new',
        repId: 'mgr-carl',
        firstOrder: { orderId: 'c-new-1', total: { amount: 100, currency: 'EUR' } },
        occurredAt: AT,
      }),
    row: {
      type: 'winClient',
      occurredAt: AT,
      clientId: 'c-new',
      leadId: 'c-new',
      repId: 'mgr-carl',
      firstOrder: { orderId: 'c-new-1', total: { amount: 100, currency: 'EUR' } },
    },
  },
  {
    rule: 'a contact by an employee who is not active',
    code: 'EMPLOYEE_UNKNOWN',
    command: (app) =>
      app.http
        .post('/v1/leads/l-new/contacts')
        .send({ repId: 'ghost', company: 'New Ltd', channel: 'call', outcome: 'interested', occurredAt: AT }),
    row: {
      type: 'contactLead',
      occurredAt: AT,
      leadId: 'l-new',
      repId: 'ghost',
      company: 'New Ltd',
      channel: 'call',
      outcome: 'interested',
    },
  },
  {
    rule: 'a reorder of a lost client',
    code: 'CLIENT_LOST',
    command: (app) =>
      app.http
        .post('/v1/clients/c-lost/orders')
        .send({ orderId: 'o-x', total: { amount: 1, currency: 'EUR' }, takenBy: 'rep-anna', occurredAt: AT }),
    row: {
      type: 'placeReorder',
      occurredAt: AT,
      clientId: 'c-lost',
      orderId: 'o-x',
      total: { amount: 1, currency: 'EUR' },
      takenBy: 'rep-anna',
    },
  },
  {
    rule: 'a handoff to an employee outside the client department',
    code: 'EMPLOYEE_NOT_IN_CLIENT_DEPARTMENT',
    command: (app) => app.http.post('/v1/clients/c-won/handoff').send({ toManagerId: 'head-sam', reason: 'repeat buyer', occurredAt: AT }),
    row: { type: 'handOffClient', occurredAt: AT, clientId: 'c-won', toManagerId: 'head-sam', reason: 'repeat buyer' },
  },
  {
    rule: 'a key-account escalation to an ineligible owner',
    code: 'KEY_ACCOUNT_OWNER_INELIGIBLE',
    command: (app) => app.http.post('/v1/clients/c-won/key-account').send({ ownerId: 'rep-anna', reason: 'big spender', occurredAt: AT }),
    row: { type: 'escalateKeyAccount', occurredAt: AT, clientId: 'c-won', ownerId: 'rep-anna', reason: 'big spender' },
  },
];

describe('one rule for commands and imports', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startSeeded('c-won', 'c-lost');
    await app.http.post('/v1/clients/c-lost/loss').send({ reason: 'price', occurredAt: '2024-02-20T10:00:00Z' }).expect(201);
  });
  afterAll(() => app.stop());

  it.each(CASES)('refuses $rule the same way from the command and from an import row', async ({ code, command, row }) => {
    const head = await app.headPosition();
    const refused = await command(app);
    expect(refused.body).toMatchObject({ code });
    const imported = await app.http
      .post('/v1/imports')
      .set('Content-Type', 'application/x-ndjson')
      .send(`${JSON.stringify(row)}\n`);
    expect(imported.status).toBe(422);
    expect(imported.body.errors).toEqual([
      {
        field: expect.stringMatching(/^line 1\b/),
        path: expect.stringMatching(/^line 1\b/),
        code,
        params: {},
        message: refused.body.detail,
      },
    ]);
    expect(await app.headPosition()).toBe(head);
  });

  it('enforces a changed rule on both with one edit', async () => {
    // A stricter handoff rule, written once: the handler and the import both refuse by it.
    const stricter = jest.spyOn(crossStreamRules, 'handOffClient').mockReturnValue({
      ok: false,
      failure: { code: 'EMPLOYEE_NOT_IN_CLIENT_DEPARTMENT', message: 'handoffs are paused this quarter', field: 'toManagerId' },
    });
    try {
      const refused = await app.http
        .post('/v1/clients/c-won/handoff')
        .send({ toManagerId: 'mgr-carl', reason: 'repeat buyer', occurredAt: AT });
      expect(refused.body).toMatchObject({ code: 'EMPLOYEE_NOT_IN_CLIENT_DEPARTMENT', detail: 'handoffs are paused this quarter' });
      const row = { type: 'handOffClient', occurredAt: AT, clientId: 'c-won', toManagerId: 'mgr-carl', reason: 'repeat buyer' };
      const imported = await app.http
        .post('/v1/imports')
        .set('Content-Type', 'application/x-ndjson')
        .send(`${JSON.stringify(row)}\n`);
      expect(imported.body.errors).toEqual([
        {
          field: 'line 1: toManagerId',
          path: 'line 1: toManagerId',
          code: 'EMPLOYEE_NOT_IN_CLIENT_DEPARTMENT',
          params: {},
          message: 'handoffs are paused this quarter',
        },
      ]);
      expect(stricter).toHaveBeenCalledTimes(2);
    } finally {
      stricter.mockRestore();
    }
  });
});
