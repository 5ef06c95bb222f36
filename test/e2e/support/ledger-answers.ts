import type { StorageConfig } from '@ledger/event-store';

import { storageEnvironment } from './cli';
import { TestApp } from './test-app';

/** What an auditor and an analyst read of one ledger, to hold its copies against each other. */
export interface LedgerAnswers {
  readonly headPosition: number;
  readonly headHash: string;
  /** The whole log as NDJSON, each event with its chain hash. */
  readonly export: string;
  readonly verify: unknown;
  readonly checkpoint: { readonly treeSize: number; readonly rootHash: string };
  readonly reports: Record<string, unknown>;
}

const REPORTS = ['/v1/pipeline', '/v1/retention', '/v1/revenue?groupBy=department', '/v1/clients?limit=500'];

/** The API over the ledger, started as any start-up: it builds its read models and Merkle tree from the log, then answers. */
export async function answersOf(storage: StorageConfig): Promise<LedgerAnswers> {
  const app = await TestApp.start({ env: storageEnvironment(storage) });
  try {
    const headPosition = await app.headPosition();
    const exported = await app.as('auditor').get('/v1/events').set('Accept', 'application/x-ndjson').buffer(true).expect(200);
    const checkpoint = (await app.as('auditor').post('/v1/audit/checkpoints').expect(201)).body as LedgerAnswers['checkpoint'];
    const reports: Record<string, unknown> = {};
    for (const report of REPORTS) reports[report] = (await app.http.get(report).expect(200)).body;
    return {
      headPosition,
      headHash: exported.headers['x-ledger-chain-head-hash'] as string,
      export: exported.text,
      verify: (await app.as('auditor').get('/v1/audit/verify').expect(200)).body,
      checkpoint: { treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash },
      reports,
    };
  } finally {
    // Stops the app; its own folder goes, the ledger it served stays (a schema is dropped by the suite).
    await app.stop({ keepFiles: true });
  }
}

/** A copied ledger answers as its original, field by field, so a difference names what differs. */
export function expectSameLedger(copy: LedgerAnswers, original: LedgerAnswers): void {
  expect(copy.headPosition).toBe(original.headPosition);
  expect(copy.headHash).toBe(original.headHash);
  expect(copy.verify).toEqual(original.verify);
  expect(copy.checkpoint).toEqual(original.checkpoint);
  expect(copy.reports).toEqual(original.reports);
  expect(copy.export).toBe(original.export);
}
