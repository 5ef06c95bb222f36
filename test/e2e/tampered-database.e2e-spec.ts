import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import type { RecordedEvent, StorageConfig } from '@ledger/event-store';

import { cli } from './support/cli';
import { rewriteLog } from './support/log-surgery';
import { expectProblem, seedOrganisation, TestApp, winClient } from './support/test-app';

/** Somewhere no database answers: the auditor's machine. */
const NO_DATABASE: StorageConfig = { kind: 'postgres', url: 'postgresql://nobody@127.0.0.1:1/none', schema: 'none' };
const SALES = { department: 'sales', currency: 'EUR' };

/** The won client's first order (position 7) lowered to 0.01 EUR, the chain re-hashed after it. */
const lowerTheFirstOrder = (events: RecordedEvent[]) =>
  events.map((event) => {
    if (event.position !== 7) return event;
    const data = event.data as { firstOrder: { total: object } };
    return { ...event, data: { ...data, firstOrder: { ...data.firstOrder, total: { ...data.firstOrder.total, amount: 1 } } } };
  });

/**
 * Issue 22's done-when, done to the ledger's own database file (or PostgreSQL schema) by someone with a
 * shell, while the Merkle tree and the checkpoints the ledger kept stay as they were: the chain re-hashed
 * so `verify` finds it intact. The auditor holds a checkpoint kept from before (LEDGER_CHECKPOINT_DIR);
 * the offline verifier, the read-model check and the ledger itself each find the rewrite and say what.
 */
describe('a database rewritten outside the API, the chain re-hashed: caught against the kept checkpoint and by the read-model check', () => {
  const keys = generateKeyPairSync('ed25519');
  let files: string;
  let app: TestApp;
  const file = (name: string, content: string) => {
    writeFileSync(path.join(files, name), content);
    return path.join(files, name);
  };
  const order = (orderId: string) =>
    app.http
      .post('/v1/clients/c-tamper/orders')
      .send({ orderId, total: { amount: 50_000, currency: 'EUR' }, takenBy: 'rep-anna', occurredAt: '2024-03-01T10:00:00Z' })
      .expect(201);

  beforeEach(async () => {
    files = mkdtempSync(path.join(tmpdir(), 'ledger-tampered-'));
    app = await TestApp.start({
      env: {
        LEDGER_CHECKPOINT_KEY: file('key.pem', keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
        LEDGER_CHECKPOINT_DIR: path.join(files, 'worm'),
      },
    });
    await seedOrganisation(app);
    await winClient(app, 'c-tamper');
    await order('o-2');
    await order('o-3');
  });
  afterEach(async () => {
    await app.stop();
    rmSync(files, { recursive: true, force: true });
  });

  /** The checkpoint the auditor keeps: made now, read back from the file written outside the database. */
  const keepCheckpoint = async () => {
    const { treeSize } = (await app.as('auditor').post('/v1/audit/checkpoints').expect(201)).body as { treeSize: number };
    return { treeSize, note: readFileSync(path.join(files, 'worm', `checkpoint-${treeSize}.note`), 'utf8') };
  };
  /** The CLI's answer for the bundle of every position of the latest checkpoint, fetched now, against the kept checkpoint. */
  const verifyLatestBundleAgainst = async (kept: string) => {
    const { body: bundle } = await app.as('auditor').get('/v1/audit/evidence?from=1').expect(200);
    const publicKey = file('public.pem', keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const args = ['--public-key', publicKey, '--kept-checkpoint', file('kept.note', kept)];
    return cli(NO_DATABASE, 'verify-evidence', file('bundle.json', JSON.stringify(bundle)), ...args);
  };
  const revenueCheck = async () => (await app.as('auditor').get('/v1/admin/projections/check?projection=revenue').expect(200)).body[0];
  /** The ledger still serves (reads, commands) after finding its log rewritten: it says so, it does not fall over. */
  const expectStillServing = async () => {
    await app.anonymous.get('/health').expect(200);
    await order('o-after');
  };

  it('an event edited and every later chain hash recomputed', async () => {
    const kept = await keepCheckpoint();
    await rewriteLog(app.config.storage, lowerTheFirstOrder, { clearEvidence: false });
    app = await app.restart();
    expect((await app.as('auditor').get('/v1/audit/verify').expect(200)).body).toMatchObject({ intact: true, verifiedUpTo: 9 });

    // The ledger's own tree still holds the event as it was: it will not sign a checkpoint over the rewritten log.
    const refused = await app.as('auditor').post('/v1/audit/checkpoints');
    expectProblem(refused, 409, 'LOG_REWRITTEN');
    expect(refused.body.detail).toMatch(/^the event at position 7 is not the one the Merkle tree hashed there: the log was edited/);

    const verified = await verifyLatestBundleAgainst(kept.note);
    expect(verified.code).toBe(3);
    expect(verified.stdout).toMatch(
      /^event: the event at position 7 \(ClientWon .* in client-c-tamper\) is not proven in the checkpoint's tree/m,
    );
    expect(verified.stdout).toMatch(/^NOT verified: 1 failures, 8 events proven/m);

    // The read models were built from the log as it was: rebuilt from the rewritten one, February's revenue differs.
    const revenue = await revenueCheck();
    expect(revenue).toMatchObject({ projection: 'revenue', equal: false });
    expect(revenue.differences).toContainEqual({
      table: 'monthly_department_totals',
      key: { month: '2024-02', ...SALES },
      stored: expect.objectContaining({ new_revenue: 100_000 }),
      rebuilt: expect.objectContaining({ new_revenue: 1 }),
    });
    await expectStillServing();
  });

  it('the newest events cut off', async () => {
    const kept = await keepCheckpoint();
    expect(kept.treeSize).toBe(9);
    await rewriteLog(app.config.storage, (events) => events.slice(0, -2), { clearEvidence: false });
    app = await app.restart();
    expect((await app.as('auditor').get('/v1/audit/verify').expect(200)).body).toMatchObject({ intact: true, verifiedUpTo: 7 });

    const refused = await app.as('auditor').post('/v1/audit/checkpoints');
    expectProblem(refused, 409, 'LOG_REWRITTEN');
    expect(refused.body.detail).toMatch(
      /^the log holds no event at positions 8 to 9, which the Merkle tree of 9 events hashed: it was truncated/,
    );

    const verified = await verifyLatestBundleAgainst(kept.note);
    expect(verified.code).toBe(3);
    expect(verified.stdout).toContain('missing: positions 8 to 9 are missing from the bundle of positions 1 to 9\n');

    // March's two orders are gone from the log but not from the stored report.
    const revenue = await revenueCheck();
    expect(revenue).toMatchObject({ projection: 'revenue', equal: false });
    expect(revenue.differences).toContainEqual(
      expect.objectContaining({ table: 'monthly_department_totals', key: { month: '2024-03', ...SALES } }),
    );
    await expectStillServing();
    // Appending again does not make the tree take other events in place of those it hashed.
    expectProblem(await app.as('auditor').post('/v1/audit/checkpoints'), 409, 'LOG_REWRITTEN');
  });
});
