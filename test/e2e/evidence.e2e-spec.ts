import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import type { StorageConfig } from '@ledger/event-store';
import {
  eventLeafHash,
  parseNoteVerifierKey,
  verifyCheckpoint,
  verifyCheckpointConsistency,
  verifyEvidenceBundle,
  verifyInclusion,
} from '@ledger/evidence';

import { cli } from './support/cli';
import { rewriteLog } from './support/log-surgery';
import { expectProblem, seedOrganisation, TestApp, winClient } from './support/test-app';

/** Somewhere no database answers: verify-evidence must not need one. */
const NO_DATABASE: StorageConfig = { kind: 'postgres', url: 'postgresql://nobody@127.0.0.1:1/none', schema: 'none' };

const decode = (hashes: readonly string[]) => hashes.map((hash) => Buffer.from(hash, 'base64'));

describe('evidence for auditors: signed checkpoints, proofs and bundles (REST and GraphQL) verified offline', () => {
  const keys = generateKeyPairSync('ed25519');
  const files = mkdtempSync(path.join(tmpdir(), 'ledger-evidence-'));
  const file = (name: string, content: string) => {
    writeFileSync(path.join(files, name), content);
    return path.join(files, name);
  };
  const keyFile = file('checkpoint-key.pem', keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const outsideDir = path.join(files, 'worm');
  let app: TestApp;

  const order = (orderId: string) =>
    app.http
      .post('/v1/clients/c-audit/orders')
      .send({ orderId, total: { amount: 50_000, currency: 'EUR' }, takenBy: 'rep-anna', occurredAt: '2024-03-01T10:00:00Z' })
      .expect(201);
  const checkpoint = async () =>
    (await app.as('auditor').post('/v1/audit/checkpoints').expect(201)).body as { treeSize: number; note: string };

  /** A GraphQL query as an auditor: its data, no error expected. */
  const graphql = async (query: string) => {
    const { body } = await app.as('auditor').post('/graphql').send({ query }).expect(200);
    expect(body.errors).toBeUndefined();
    return body.data as Record<string, unknown>;
  };

  beforeAll(async () => {
    app = await TestApp.start({
      env: { LEDGER_CHECKPOINT_KEY: keyFile, LEDGER_CHECKPOINT_ORIGIN: 'ledger.test/sales', LEDGER_CHECKPOINT_DIR: outsideDir },
    });
    await seedOrganisation(app);
    await winClient(app, 'c-audit');
    await order('o-2');
  });
  afterAll(async () => {
    await app.stop();
    rmSync(files, { recursive: true, force: true });
  });

  it('publishes the configured key at the well-known route, to anyone, as a verifier key and as PEM', async () => {
    const { body } = await app.anonymous.get('/.well-known/ledger-checkpoint-key').expect(200);
    expect(body).toMatchObject({ origin: 'ledger.test/sales', keyName: 'sales-ledger', ephemeral: false });
    expect(body.publicKeyPem).toBe(keys.publicKey.export({ type: 'spki', format: 'pem' }));
    expect(parseNoteVerifierKey(body.verifierKey).publicKey.equals(keys.publicKey)).toBe(true);
  });

  it('signs a checkpoint of the whole log on demand, for auditors and admins, and keeps it', async () => {
    const head = await app.headPosition();
    const made = await checkpoint();
    expect(made.treeSize).toBe(head);
    expect(verifyCheckpoint(made.note, keys.publicKey)).toMatchObject({
      verified: true,
      checkpoint: { origin: 'ledger.test/sales', treeSize: head },
    });
    expect((await app.as('auditor').get('/v1/audit/checkpoints').expect(200)).body[0]).toEqual(made);
    expect(readFileSync(path.join(outsideDir, `checkpoint-${head}.note`), 'utf8')).toBe(made.note);
    await app.as('admin').post('/v1/audit/checkpoints').expect(201);
    expectProblem(await app.as('rep', 'rep-anna').post('/v1/audit/checkpoints'), 403, 'FORBIDDEN');
    expectProblem(await app.as('analyst').get('/v1/audit/checkpoints'), 403, 'FORBIDDEN');
  });

  it('proves an event, by position or by id, against a kept checkpoint; refuses one beyond it, and an unknown checkpoint or event', async () => {
    const made = await checkpoint();
    const { body: byPosition } = await app.as('auditor').get('/v1/audit/proofs/inclusion?position=7').expect(200);
    expect(byPosition).toMatchObject({ treeSize: made.treeSize, leafIndex: 6, event: { position: 7, type: 'ClientWon' } });
    expect(byPosition.event.hash).toMatch(/^[0-9a-f]{64}$/);
    const root = verifyCheckpoint(made.note, keys.publicKey);
    if (!root.verified) throw new Error(root.reason);
    const leafHash = eventLeafHash(byPosition.event);
    expect(leafHash.toString('base64')).toBe(byPosition.leafHash);
    const proven = { leafIndex: 6, treeSize: made.treeSize, leafHash, proof: decode(byPosition.proof), root: root.checkpoint.rootHash };
    expect(verifyInclusion(proven)).toMatchObject({ valid: true });
    const { body: byId } = await app.as('auditor').get(`/v1/audit/proofs/inclusion?eventId=${byPosition.event.eventId}`).expect(200);
    expect(byId).toEqual(byPosition);
    const overGraphql = await graphql(
      `{ inclusionProof(eventId: "${byPosition.event.eventId}") { treeSize leafIndex event leafHash proof checkpoint { treeSize rootHash time note } } }`,
    );
    expect(overGraphql.inclusionProof).toEqual(byPosition);

    await order('o-3');
    const beyond = await app.as('auditor').get(`/v1/audit/proofs/inclusion?position=${made.treeSize + 1}`);
    expectProblem(beyond, 409, 'EVENT_NOT_IN_CHECKPOINT');
    expectProblem(await app.as('auditor').get('/v1/audit/proofs/inclusion?position=1&treeSize=3'), 404, 'CHECKPOINT_NOT_FOUND');
    expectProblem(await app.as('auditor').get('/v1/audit/proofs/inclusion?eventId=no-such-event'), 404, 'EVENT_NOT_FOUND');
    expectProblem(await app.as('auditor').get('/v1/audit/proofs/inclusion'), 400, 'VALIDATION_FAILED');
    expectProblem(await app.as('auditor').get('/v1/audit/proofs/inclusion?position=0'), 400, 'VALIDATION_FAILED');
  });

  it('proves a later checkpoint extends an earlier one, and refuses a range that runs backwards', async () => {
    const earlier = await checkpoint();
    await order('o-4');
    const later = await checkpoint();
    const { body } = await app.as('auditor').get(`/v1/audit/proofs/consistency?from=${earlier.treeSize}`).expect(200);
    expect(body).toMatchObject({ from: earlier, to: later });
    expect(verifyCheckpointConsistency(body.from.note, body.to.note, decode(body.proof), keys.publicKey)).toMatchObject({
      consistent: true,
    });
    const checkpointFields = '{ treeSize rootHash time note }';
    const overGraphql = await graphql(
      `{ consistencyProof(from: ${earlier.treeSize}) { from ${checkpointFields} to ${checkpointFields} proof } checkpoints ${checkpointFields} }`,
    );
    expect(overGraphql.consistencyProof).toEqual(body);
    expect(overGraphql.checkpoints).toEqual((await app.as('auditor').get('/v1/audit/checkpoints').expect(200)).body);
    const backwards = await app.as('auditor').get(`/v1/audit/proofs/consistency?from=${later.treeSize}&to=${earlier.treeSize}`);
    expectProblem(backwards, 400, 'EVIDENCE_RANGE_INVALID');
  });

  it("exports a client's bundle that the CLI verifies offline, with no database, against the key from the well-known route", async () => {
    const kept = await checkpoint();
    await order('o-5');
    const latest = await checkpoint();
    const { body: bundle } = await app
      .as('auditor')
      .get(`/v1/audit/evidence?clientId=c-audit&earlierTreeSize=${kept.treeSize}`)
      .expect(200);
    expect(bundle).toMatchObject({
      format: 'sales-ledger-evidence/1',
      scope: { kind: 'streams', streamIds: ['client-c-audit'] },
      checkpoint: latest.note,
    });
    expect(bundle.events.map((entry: { event: { streamId: string } }) => entry.event.streamId)).toEqual(
      Array(bundle.events.length).fill('client-c-audit'),
    );
    expect((await graphql(`{ evidenceBundle(clientId: "c-audit", earlierTreeSize: ${kept.treeSize}) }`)).evidenceBundle).toEqual(bundle);
    const key = file('key.json', JSON.stringify((await app.anonymous.get('/.well-known/ledger-checkpoint-key').expect(200)).body));
    const keptFile = file('kept.note', kept.note);

    const verified = await cli(
      NO_DATABASE,
      'verify-evidence',
      file('client.json', JSON.stringify(bundle)),
      '--public-key',
      key,
      '--kept-checkpoint',
      keptFile,
    );
    expect(verified).toEqual({
      stdout: `verified: ${bundle.events.length} events proven against the checkpoint of ${latest.treeSize} events\n`,
      stderr: '',
      code: 0,
    });
    const { body: range } = await app.as('auditor').get('/v1/audit/evidence?from=2&to=6').expect(200);
    expect(range.events.map((entry: { event: { position: number } }) => entry.event.position)).toEqual([2, 3, 4, 5, 6]);
    const pem = file('key.pem', keys.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    expect((await cli(NO_DATABASE, 'verify-evidence', file('range.json', JSON.stringify(range)), '--public-key', pem)).code).toBe(0);

    bundle.events[0].event.data.firstOrder.total.amount = 1;
    const edited = await cli(NO_DATABASE, 'verify-evidence', file('edited.json', JSON.stringify(bundle)), '--public-key', key);
    expect(edited.code).toBe(3);
    expect(edited.stdout).toMatch(
      /^event: the event at position 7 \(ClientWon .* in client-c-audit\) is not proven in the checkpoint's tree/m,
    );
    expect(edited.stdout).toMatch(/^NOT verified: /m);
  });

  it('refuses a bundle beyond the checkpoint, or of a client and a range at once', async () => {
    const made = await checkpoint();
    expectProblem(await app.as('auditor').get(`/v1/audit/evidence?from=1&to=${made.treeSize + 1}`), 409, 'EVENT_NOT_IN_CHECKPOINT');
    expectProblem(await app.as('auditor').get('/v1/audit/evidence?from=5&to=2'), 400, 'EVIDENCE_RANGE_INVALID');
    expectProblem(await app.as('auditor').get('/v1/audit/evidence?clientId=c-audit&from=1'), 400, 'VALIDATION_FAILED');
    expectProblem(await app.as('auditor').get('/v1/audit/evidence?clientId=nobody'), 404, 'CLIENT_NOT_FOUND');
  });

  describe('a log rewritten in the database, the chain re-hashed: caught by the checkpoint the auditor kept', () => {
    const verifyAgainstKept = async (bundle: unknown, kept: string) =>
      cli(
        NO_DATABASE,
        'verify-evidence',
        file('after.json', JSON.stringify(bundle)),
        '--public-key',
        file('kept-key.pem', keys.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
        '--kept-checkpoint',
        file('kept-before.note', kept),
      );

    it('an edited event, re-hashed: the chain verifies, the kept tree does not prove it, and a tree rebuilt over it forks', async () => {
      const kept = await checkpoint();
      await rewriteLog(
        app.config.storage,
        (events) =>
          events.map((event) => (event.position === 7 ? { ...event, data: { ...(event.data as object), note: 'rewritten' } } : event)),
        { clearEvidence: false },
      );
      app = await app.restart();
      expect((await app.as('auditor').get('/v1/audit/verify').expect(200)).body).toMatchObject({ intact: true });
      const { body: stale } = await app.as('auditor').get(`/v1/audit/evidence?from=1&to=${kept.treeSize}`).expect(200);
      const staleCheck = verifyEvidenceBundle(stale, keys.publicKey, { keptCheckpoint: kept.note });
      expect(staleCheck.failures).toEqual([expect.objectContaining({ kind: 'event', position: 7 })]);

      await rewriteLog(app.config.storage, (events) => events, { clearEvidence: true });
      app = await app.restart();
      const resigned = await checkpoint();
      expect(resigned.treeSize).toBe(kept.treeSize);
      // The file written outside the database when the honest checkpoint was made is still the honest one.
      expect(readFileSync(path.join(outsideDir, `checkpoint-${kept.treeSize}.note`), 'utf8')).toBe(kept.note);
      const { body: forged } = await app.as('auditor').get(`/v1/audit/evidence?from=1&to=${kept.treeSize}`).expect(200);
      expect(verifyEvidenceBundle(forged, keys.publicKey).valid).toBe(true);
      const caught = await verifyAgainstKept(forged, kept.note);
      expect(caught.code).toBe(3);
      expect(caught.stdout).toContain(
        `consistency: the bundle's checkpoint and the kept one both cover ${kept.treeSize} events but differ in root: the histories fork`,
      );
    });

    it('the newest events cut off, the tree rebuilt and signed anew: the kept checkpoint shows the truncation', async () => {
      const kept = await checkpoint();
      await rewriteLog(app.config.storage, (events) => events.slice(0, -2), { clearEvidence: true });
      app = await app.restart();
      expect((await app.as('auditor').get('/v1/audit/verify').expect(200)).body).toMatchObject({
        intact: true,
        verifiedUpTo: kept.treeSize - 2,
      });
      const resigned = await checkpoint();
      expect(resigned.treeSize).toBe(kept.treeSize - 2);
      const { body: bundle } = await app.as('auditor').get('/v1/audit/evidence?from=1').expect(200);
      const caught = await verifyAgainstKept(bundle, kept.note);
      expect(caught.code).toBe(3);
      expect(caught.stdout).toContain(
        `consistency: the bundle's checkpoint covers ${kept.treeSize - 2} events, fewer than the ${kept.treeSize} of the kept one: the log was truncated`,
      );
    });
  });
});
