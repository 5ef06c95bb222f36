import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import type { AccessRole } from '@ledger/ledger';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { createApp } from '../../../apps/api/src/app';
import { signToken } from '../../../apps/api/src/auth/authenticator';
import { type ApiConfig, loadApiConfig } from '../../../apps/api/src/config';
import { dropSchemasAt, TEST_POSTGRES_URL } from '../../../libs/event-store/src/testing/postgres-test-server';
import { contactLead, recordWin } from './given';

/** The secret every test app signs and checks its tokens with. */
export const TEST_JWT_SECRET = 'test-secret-of-at-least-thirty-two-characters';

/** The real application over a real SQLite file in a fresh folder, as `npm start` builds it. */
export class TestApp {
  private constructor(
    readonly app: INestApplication,
    readonly config: ApiConfig,
    private readonly folder: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static async start(options: { folder?: string; env?: NodeJS.ProcessEnv } = {}): Promise<TestApp> {
    const folder = options.folder ?? mkdtempSync(path.join(tmpdir(), 'ledger-e2e-'));
    // LEDGER_TEST_STORE=postgres runs the same scenarios on PostgreSQL, each app in a fresh schema (as each gets a fresh file).
    const env = { ...storeUnderTest(folder), ...options.env };
    // Policies act on their own in the background: scenarios about something else would race them, so they opt in.
    // So does the rate limit: a scenario sends far more requests a minute than any front end.
    const config = loadApiConfig({
      LEDGER_SQLITE_PATH: path.join(folder, 'ledger.db'),
      LEDGER_JWT_SECRET: TEST_JWT_SECRET,
      LEDGER_POLICIES: 'none',
      LEDGER_RATE_LIMIT_PER_MINUTE: '0',
      ...env,
    });
    const app = await createApp(config, { logger: false });
    await app.init();
    return new TestApp(app, config, folder, env);
  }

  /** Requests as an admin (`test-admin`), for scenarios about something other than access. */
  get http() {
    return this.as('admin');
  }

  /** Requests carrying a token for the role, acting as `actorId` (default `test-<role>`). */
  as(role: AccessRole, actorId = `test-${role}`) {
    return request.agent(this.app.getHttpServer()).set('Authorization', `Bearer ${tokenFor(role, actorId)}`);
  }

  /** Requests without credentials. */
  get anonymous() {
    return request(this.app.getHttpServer());
  }

  /** The same database, reopened by a new process-like app instance (with some settings changed, if given). */
  async restart(env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
    await this.app.close();
    return TestApp.start({ folder: this.folder, env: { ...this.env, ...env } });
  }

  async headPosition(): Promise<number> {
    const response = await this.http.get('/v1/events?limit=1').expect(200);
    return response.body.headPosition as number;
  }

  async stop({ keepFiles = false } = {}): Promise<void> {
    await this.app.close();
    if (keepFiles) return;
    rmSync(this.folder, { recursive: true, force: true });
    if (this.config.storage.kind === 'postgres') await dropSchemasAt(this.config.storage.url, this.config.storage.schema);
  }
}

/** The PostgreSQL server the suite runs against when LEDGER_TEST_STORE=postgres (the int suites' own). */
export { TEST_POSTGRES_URL };

/**
 * The store settings for a new app: SQLite (the default) needs only its folder; PostgreSQL gets a schema of its own;
 * EventStoreDB (LEDGER_TEST_STORE=eventstoredb with EVENTSTORE_URL) is one server shared by every app, with the
 * read models in the app's folder, so only scenarios written for a shared log run on it (see test:e2e:eventstoredb).
 */
function storeUnderTest(folder: string): Record<string, string> {
  if (process.env.LEDGER_TEST_STORE === 'eventstoredb') {
    return {
      LEDGER_STORE: 'eventstoredb',
      EVENTSTORE_URL: process.env.EVENTSTORE_URL ?? '',
      LEDGER_READ_MODEL_STORE: 'sqlite',
      LEDGER_SQLITE_PATH: path.join(folder, 'read-models.db'),
    };
  }
  if (process.env.LEDGER_TEST_STORE !== 'postgres') return {};
  return {
    LEDGER_STORE: 'postgres',
    LEDGER_POSTGRES_URL: TEST_POSTGRES_URL,
    LEDGER_POSTGRES_SCHEMA: schemaNamedAfter('e2e', folder),
  };
}

/** A PostgreSQL schema name of its own for the scenario whose files are in `folder` (a fresh temporary one). */
export const schemaNamedAfter = (prefix: string, folder: string): string =>
  `${prefix}_${path
    .basename(folder)
    .replace(/[^a-z0-9]/gi, '_')
    .toLowerCase()}`;

export const tokenFor = (role: AccessRole, actorId = `test-${role}`, expiresInSeconds?: number): string =>
  signToken(TEST_JWT_SECRET, { sub: actorId, role }, expiresInSeconds);

/** The organisation most scenarios start from: a sales rep and head, a client-department manager, a key-account manager. */
export const ORGANISATION = [
  { employeeId: 'rep-anna', name: 'Anna Rep', department: 'sales', role: 'rep' },
  { employeeId: 'head-sam', name: 'Sam Head', department: 'sales', role: 'head' },
  { employeeId: 'mgr-carl', name: 'Carl Manager', department: 'client', role: 'manager' },
  { employeeId: 'kam-kim', name: 'Kim Keyaccount', department: 'key_accounts', role: 'manager' },
] as const;

/** Builds the organisation most scenarios start from. */
export async function seedOrganisation(app: TestApp): Promise<void> {
  for (const person of ORGANISATION) {
    await app.http
      .post('/v1/employees')
      .send({ ...person, occurredAt: '2024-01-01T08:00:00Z' })
      .expect(201);
  }
}

/** A started app holding the organisation most scenarios start from (seedOrganisation) and these clients (winClient). */
export async function startSeeded(...clientIds: string[]): Promise<TestApp> {
  const app = await TestApp.start();
  await seedOrganisation(app);
  for (const clientId of clientIds) await winClient(app, clientId);
  return app;
}

/** For every test of the suite: the log's head is where it was before (nothing appended), and the server still answers. */
export function expectEachTestAppendsNothing(app: () => TestApp): void {
  let headBefore: number;
  beforeEach(async () => {
    headBefore = await app().headPosition();
  });
  afterEach(async () => {
    expect(await app().headPosition()).toBe(headBefore);
    await app().http.get('/health').expect(200);
  });
}

/** How winClient records a client: when the lead was contacted and won, with what first order, from which lead. */
export interface ClientWin {
  readonly leadId?: string;
  readonly company?: string;
  /** The rep who contacted and won the lead (default rep-anna). */
  readonly repId?: string;
  /** How the rep contacted the lead (default a call). */
  readonly channel?: string;
  readonly contactedAt?: string;
  readonly wonAt?: string;
  /** The first order's id (default `<clientId>-o1`). */
  readonly orderId?: string;
  readonly firstOrder?: { readonly amount: number; readonly currency: string };
}

/**
 * A lead contacted by rep-anna (or `repId`) and won as a client with a first order; by default contacted on 1 February 2024,
 * won on 10 February with an order of 1,000.00 EUR.
 */
export async function winClient(app: TestApp, clientId: string, win: ClientWin = {}): Promise<void> {
  const {
    leadId = `lead-of-${clientId}`,
    company = `Company ${clientId}`,
    repId = 'rep-anna',
    channel = 'call',
    contactedAt = '2024-02-01T09:00:00Z',
    wonAt = '2024-02-10T10:00:00Z',
    orderId = `${clientId}-o1`,
    firstOrder = { amount: 100_000, currency: 'EUR' },
  } = win;
  await contactLead(app, leadId, { repId, company, channel, occurredAt: contactedAt });
  await recordWin(app, { clientId, leadId, repId, orderId, ...firstOrder, occurredAt: wonAt });
}

export function expectProblem(response: request.Response, status: number, code: string): void {
  if (response.status !== status || response.body.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${response.status}: ${JSON.stringify(response.body)}`);
  }
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
}

/** A 400 VALIDATION_FAILED problem whose errors name `field` (perhaps among others). */
export function expectValidationFailedNaming(response: request.Response, field: string): void {
  expectProblem(response, 400, 'VALIDATION_FAILED');
  expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
}

/** For each case, a GET of its url answers 400 VALIDATION_FAILED naming its field. */
export function itRefusesQueriesNamingTheField(
  app: () => TestApp,
  cases: ReadonlyArray<readonly [story: string, url: string, field: string]>,
): void {
  it.each(cases)('answers 400 for %s, naming the field', async (_story, url, field) => {
    expectValidationFailedNaming(await app().http.get(url), field);
  });
}

type StartOptions = Parameters<typeof TestApp.start>[0];
/** What a suite records in its app before its tests run (seedOrganisation, say). */
type Prepare = (app: TestApp) => Promise<unknown>;

/** An app started with `options` and prepared in the `before` hook, stopped in the `after` one. */
function appAround(before: jest.Lifecycle, after: jest.Lifecycle, options: StartOptions, prepare?: Prepare): () => TestApp {
  let app: TestApp | undefined;
  before(async () => {
    app = await TestApp.start(options);
    await prepare?.(app);
  });
  after(async () => {
    await app?.stop();
    app = undefined;
  });
  return () => {
    if (!app) throw new Error('the app is read before it started: read it inside a test or a hook');
    return app;
  };
}

/** The app a suite's tests share: started (and prepared) before them, stopped after them; tests read it as `app()`. */
export const suiteApp = (options?: StartOptions, prepare?: Prepare): (() => TestApp) => appAround(beforeAll, afterAll, options, prepare);

/** A fresh app for each test of a suite: started (and prepared) before it, stopped after it; tests read it as `app()`. */
export const appPerTest = (options?: StartOptions, prepare?: Prepare): (() => TestApp) =>
  appAround(beforeEach, afterEach, options, prepare);
