import type { Response } from 'supertest';

import type { TestApp } from './test-app';

/*
 * Given-state builders: each records one fact over REST as an admin and checks the ledger accepted it (201),
 * answering the response (the event appended) for a scenario that needs its position. The scenario under test
 * sends its own requests; these only build the history it starts from.
 */

export interface Contact {
  readonly repId: string;
  readonly company: string;
  readonly channel?: string;
  readonly outcome?: string;
  readonly note?: string;
  readonly occurredAt?: string;
}

/** A contact with the lead (by call, and the lead interested, unless said), which opens it on the first. */
export const contactLead = (
  app: TestApp,
  leadId: string,
  { repId, company, channel = 'call', outcome = 'interested', note, occurredAt }: Contact,
): Promise<Response> =>
  app.http.post(`/v1/leads/${leadId}/contacts`).send({ repId, company, channel, outcome, note, occurredAt }).expect(201);

/** The open lead lost. */
export const loseLead = (app: TestApp, leadId: string, loss: { reason: string; occurredAt?: string }): Promise<Response> =>
  app.http.post(`/v1/leads/${leadId}/loss`).send(loss).expect(201);

/** An order's total in whole cents; EUR unless said. */
interface Total {
  readonly amount: number;
  readonly currency?: string;
}

const totalOf = ({ amount, currency = 'EUR' }: Total) => ({ amount, currency });

export interface Win extends Total {
  readonly clientId: string;
  /** The lead won, already contacted (default the client's id). */
  readonly leadId?: string;
  readonly repId?: string;
  /** The first order's id. */
  readonly orderId: string;
  readonly occurredAt?: string;
}

/** A contacted lead won by `repId` (default rep-anna) as a client, with its first order. */
export const recordWin = (
  app: TestApp,
  { clientId, leadId = clientId, repId = 'rep-anna', orderId, occurredAt, ...total }: Win,
): Promise<Response> =>
  app.http
    .post('/v1/clients')
    .send({ clientId, leadId, repId, firstOrder: { orderId, total: totalOf(total) }, occurredAt })
    .expect(201);

export interface Reorder extends Total {
  readonly orderId: string;
  readonly takenBy: string;
  readonly occurredAt?: string;
}

/** A reorder of the client, taken by `takenBy`. */
export const placeReorder = (app: TestApp, clientId: string, { orderId, takenBy, occurredAt, ...total }: Reorder): Promise<Response> =>
  app.http
    .post(`/v1/clients/${clientId}/orders`)
    .send({ orderId, total: totalOf(total), takenBy, occurredAt })
    .expect(201);

export interface Handoff {
  readonly toManagerId: string;
  readonly reason: string;
  readonly occurredAt?: string;
}

/** The client handed from sales to a manager of the client department. */
export const handOff = (app: TestApp, clientId: string, handoff: Handoff): Promise<Response> =>
  app.http.post(`/v1/clients/${clientId}/handoff`).send(handoff).expect(201);

export interface Escalation {
  readonly ownerId: string;
  readonly reason: string;
  readonly occurredAt?: string;
}

/** The client escalated to a key account owned by `ownerId`. */
export const escalateKeyAccount = (app: TestApp, clientId: string, escalation: Escalation): Promise<Response> =>
  app.http.post(`/v1/clients/${clientId}/key-account`).send(escalation).expect(201);

export interface Hire {
  readonly employeeId: string;
  readonly name: string;
  readonly department: string;
  readonly role: string;
  readonly occurredAt?: string;
}

/** An employee who joins. */
export const addEmployee = (app: TestApp, hire: Hire): Promise<Response> => app.http.post('/v1/employees').send(hire).expect(201);

/** The employee leaves the company. */
export const recordDeparture = (app: TestApp, employeeId: string, departure: { reason: string; occurredAt?: string }): Promise<Response> =>
  app.http.post(`/v1/employees/${employeeId}/departure`).send(departure).expect(201);

/** Carl, the client-department manager, leaves on 1 June 2024 in the scenarios where someone has left. */
export const recordCarlLeaving = (app: TestApp): Promise<Response> =>
  recordDeparture(app, 'mgr-carl', { reason: 'moved on', occurredAt: '2024-06-01T08:00:00Z' });

/** How REST answers Carl once he has left (recordCarlLeaving): his record, revision 1. */
export const CARL_WHO_LEFT = {
  employeeId: 'mgr-carl',
  name: 'Carl Manager',
  department: 'client',
  role: 'manager',
  status: 'left',
  joinedAt: '2024-01-01T08:00:00.000Z',
  leftAt: '2024-06-01T08:00:00.000Z',
  revision: 1,
} as const;
