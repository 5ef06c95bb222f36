import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

import { build } from 'esbuild';
import { type Browser, chromium, type Request } from 'playwright-core';

import { startListening } from '../e2e/support/graphql';
import { seedOrganisation, type TestApp, tokenFor, winClient } from '../e2e/support/test-app';
import { CLIENT_AWARENESS } from './app/contract';
import { FRONT_END_APP, generateClients } from './front-end-app';

/** Debian's Chromium (apt-get install chromium; .ci/run installs it), driven by playwright-core. */
const CHROMIUM = '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps calling Google's hosts, which this closed network refuses.
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const chromiumInstalled = existsSync(CHROMIUM);
if (!chromiumInstalled) {
  // CI installs it: there a missing browser is a failure, not a skip.
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium package`);
  process.stderr.write(`browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium)\n`);
}

/**
 * A page on one origin using the API on another, in a real browser: Apollo Client with its
 * default headers (client awareness included) and `fetch` to REST, through CORS preflights,
 * reading the headers the API exposes to scripts.
 */
(chromiumInstalled ? describe : describe.skip)('a cross-origin page in Chromium', () => {
  let pageServer: Server;
  let pageOrigin: string;
  let app: TestApp;
  let apiOrigin: string;
  let browser: Browser;

  beforeAll(async () => {
    pageServer = await servePage();
    pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
    const { app: started, url } = await startListening({ env: { LEDGER_CORS_ORIGINS: pageOrigin } });
    app = started;
    apiOrigin = new URL(url).origin;
    await seedOrganisation(app);
    await winClient(app, 'c-1');
    await generateClients(`${apiOrigin}/docs/json`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    pageServer?.close();
  });

  it('reads over GraphQL and REST and places a reorder, seeing the exposed headers', async () => {
    const page = await browser.newPage();
    const requests: Request[] = [];
    page.on('request', (request) => requests.push(request));
    const browserSaid: string[] = [];
    page.on('console', (message) => browserSaid.push(message.text()));
    const query = new URLSearchParams({ api: apiOrigin, token: tokenFor('admin'), client: 'c-1' });
    await page.goto(`${pageOrigin}/?${query.toString()}`);
    const journey = (await (await page.waitForFunction(() => (globalThis as { journey?: unknown }).journey)).jsonValue()) as Journey;

    // A refused preflight is only "Failed to fetch" to the script; the console says which header.
    if (journey.error) throw new Error(`${journey.error}; the browser's console: ${browserSaid.join(' | ')}`);
    const graphqlRequest = requests.find((request) => request.url() === `${apiOrigin}/graphql` && request.method() === 'POST');
    expect(await graphqlRequest?.allHeaders()).toMatchObject({
      origin: pageOrigin,
      'apollographql-client-name': CLIENT_AWARENESS.name,
      'apollographql-client-version': CLIENT_AWARENESS.version,
    });
    expect(journey.graphql.responses).toEqual([expect.objectContaining({ status: 200, requestId: expect.any(String) })]);

    const { read, placed, replayed } = journey.rest;
    expect(read).toMatchObject({ status: 200, requestId: expect.any(String), etag: `"${journey.graphql.revision}"` });
    expect(placed).toMatchObject({ status: 201, requestId: expect.any(String), etag: `"${journey.graphql.revision + 1}"` });
    // The same key and body again: the first answer, said to be a replay.
    expect(replayed).toMatchObject({ status: 201, etag: placed.etag, idempotentReplayed: 'true' });
    await page.close();
  });
});

/** The page's origin: an HTML page and its script, bundled from test/front-end/app/browser-page.ts on request. */
async function servePage(): Promise<Server> {
  const html = '<!doctype html><html><head><title>ledger front end</title><script src="/app.js"></script></head><body></body></html>';
  const server = createServer((request, response) => {
    if (request.url?.startsWith('/app.js')) {
      bundle().then(
        (script) => response.writeHead(200, { 'content-type': 'text/javascript' }).end(script),
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
      return;
    }
    if (request.url === '/' || request.url?.startsWith('/?'))
      return void response.writeHead(200, { 'content-type': 'text/html' }).end(html);
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(FRONT_END_APP, 'browser-page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** What the page leaves in `window.journey` (test/front-end/app/browser-page.ts). */
interface Seen {
  status: number;
  requestId: string | null;
  etag: string | null;
  idempotentReplayed: string | null;
}
interface Journey {
  error?: string;
  graphql: { revision: number; responses: Seen[] };
  rest: { read: Seen; placed: Seen; replayed: Seen };
}
