import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

import type { FrontEndApp } from './app/contract';

/** The front-end app the tests drive (its own tsconfig; the API's does not compile it). */
export const FRONT_END_APP = path.join(__dirname, 'app');
const REPOSITORY = path.resolve(__dirname, '../..');

/**
 * Generates the app's typed clients (codegen.ts, in a process of its own as a front end's build
 * runs it) from the committed GraphQL schema and the OpenAPI document served at `openApiUrl`.
 */
export async function generateClients(openApiUrl: string): Promise<void> {
  await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'codegen.ts'), openApiUrl], {
    cwd: REPOSITORY,
    timeout: 60_000,
  });
}

/** The app, once its generated clients exist (loaded by path: the API's type-check does not compile the app itself). */
export async function loadFrontEndApp(): Promise<FrontEndApp> {
  const { frontEndApp } = (await import(path.join(FRONT_END_APP, 'index'))) as { frontEndApp: FrontEndApp };
  return frontEndApp;
}
