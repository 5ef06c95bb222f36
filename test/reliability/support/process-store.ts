import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { dropSchemas } from '../../../libs/event-store/src/testing/postgres-test-server';
import { ApiProcess } from '../../e2e/support/api-process';
import { schemaNamedAfter, TEST_POSTGRES_URL } from '../../e2e/support/test-app';
import { STORE_UNDER_TEST } from './figures';

/**
 * The store the API processes of one scenario share, in the store under test: a SQLite file in a fresh folder,
 * or with LEDGER_TEST_STORE=postgres a fresh schema of its own, named after the folder.
 */
export class ProcessStore {
  private readonly folder: string;
  private readonly schema: string;
  private readonly started: ApiProcess[] = [];

  /** `name` tells the folder and schema of one scenario from another's; `settings` are the scenario's other settings. */
  constructor(
    name: string,
    private readonly settings: Record<string, string>,
  ) {
    this.folder = mkdtempSync(path.join(tmpdir(), `ledger-${name}-`));
    this.schema = schemaNamedAfter(`rel_${name.replace(/-/g, '_')}`, this.folder);
  }

  /** The environment an API process on this store runs with: the scenario's settings and where the store is. */
  get env(): Record<string, string> {
    return {
      ...this.settings,
      ...(STORE_UNDER_TEST === 'postgres'
        ? { LEDGER_STORE: 'postgres', LEDGER_POSTGRES_URL: TEST_POSTGRES_URL, LEDGER_POSTGRES_SCHEMA: this.schema }
        : {}),
    };
  }

  /** A new API process on this store. */
  async start(): Promise<ApiProcess> {
    const api = await ApiProcess.start({ databasePath: path.join(this.folder, 'ledger.db'), env: this.env });
    this.started.push(api);
    return api;
  }

  /** Ends every process still running on the store (a test that failed midway leaves one, and it would keep jest from exiting), then removes the store. */
  async remove(): Promise<void> {
    await Promise.all(this.started.map((api) => api.kill('SIGKILL')));
    rmSync(this.folder, { recursive: true, force: true });
    if (STORE_UNDER_TEST === 'postgres') await dropSchemas(this.schema);
  }
}
