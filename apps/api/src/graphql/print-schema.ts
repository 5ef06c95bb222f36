import 'reflect-metadata';

import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';

import { createApp } from '../app';
import { loadApiConfig } from '../config';
import { SCHEMA_FILE, schemaFileText } from './schema-file';

/**
 * Writes apps/api/schema.graphql from the code: builds the app as it runs
 * (on a throwaway in-memory ledger), takes the schema it serves, prints it.
 * Run from the repository root: node -r @swc-node/register apps/api/src/graphql/print-schema.ts
 */
async function main(): Promise<void> {
  const config = loadApiConfig({ LEDGER_SQLITE_PATH: ':memory:', LEDGER_JWT_SECRET: randomBytes(32).toString('base64url') });
  const app = await createApp(config, { logger: false });
  await app.init();
  try {
    writeFileSync(SCHEMA_FILE, schemaFileText(app));
    process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
  } finally {
    await app.close();
  }
}

void main();
