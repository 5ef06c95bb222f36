import type { AddressInfo } from 'node:net';

import type { AccessRole } from '@ledger/ledger';
import type { GraphQLFormattedError } from 'graphql';
import { ClientError, GraphQLClient, type Variables } from 'graphql-request';
import { type Client, createClient } from 'graphql-ws';
import { WebSocket } from 'ws';

import { seedOrganisation, TestApp, tokenFor, winClient } from './test-app';

/** The real app listening on a free port (with the settings given, e.g. policies on), for real GraphQL clients over HTTP and websockets. */
export async function startListening(options?: Parameters<typeof TestApp.start>[0]): Promise<{ app: TestApp; url: string; wsUrl: string }> {
  const app = await TestApp.start(options);
  await app.app.listen(0, '127.0.0.1');
  const { port } = app.app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}/graphql`, wsUrl: `ws://127.0.0.1:${port}/graphql` };
}

/** The real app listening, with the organisation most scenarios start from and these clients (winClient). */
export async function startSeededListening(...clientIds: string[]): Promise<{ app: TestApp; url: string; wsUrl: string }> {
  const listening = await startListening();
  await seedOrganisation(listening.app);
  for (const clientId of clientIds) await winClient(listening.app, clientId);
  return listening;
}

/** The real app listening, with the organisation most scenarios start from and these clients (winClient), and a GraphQL client for `role`. */
export async function startSeededGraphql(role: AccessRole, ...clientIds: string[]): Promise<{ app: TestApp; graphql: GraphQLClient }> {
  const { app, url } = await startSeededListening(...clientIds);
  return { app, graphql: graphqlAs(url, role) };
}

/** Headers (or websocket connection params) carrying a bearer token for the role, acting as `actorId` (default `test-<role>`). */
export const bearer = (role: AccessRole, actorId?: string): { Authorization: string } => ({
  Authorization: `Bearer ${tokenFor(role, actorId)}`,
});

/** A GraphQL client carrying a bearer token for the role, acting as `actorId` (default `test-<role>`). */
export const graphqlAs = (url: string, role: AccessRole, actorId?: string): GraphQLClient =>
  new GraphQLClient(url, { headers: bearer(role, actorId) });

/** Every error a test has seen, so a suite can check that none of them leaks a stack trace. */
export const seenErrors: GraphQLFormattedError[] = [];

/** The errors of a request that must fail; throws if it succeeded. */
export async function errorsOf(request: Promise<unknown>): Promise<GraphQLFormattedError[]> {
  try {
    const data = await request;
    throw new Error(`expected errors, got ${JSON.stringify(data)}`);
  } catch (error) {
    if (!(error instanceof ClientError)) throw error;
    const errors = (error.response.errors ?? []) as GraphQLFormattedError[];
    seenErrors.push(...errors);
    return errors;
  }
}

/** The one error of a request that must fail, checked to carry `code`. */
export async function expectGraphqlError(request: Promise<unknown>, code: string): Promise<GraphQLFormattedError> {
  const errors = await errorsOf(request);
  if (errors.length !== 1 || errors[0].extensions?.code !== code) throw new Error(`expected one ${code}, got ${JSON.stringify(errors)}`);
  return errors[0];
}

/** A graphql-ws client over a real websocket; connectionParams carry the credentials. */
export function socketClient(wsUrl: string, connectionParams: Record<string, unknown>): Client {
  return createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
}

/** The websocket clients a suite opens, closed together when it ends (an open one would keep jest waiting). */
export class SuiteSockets {
  private readonly open: Client[] = [];

  /** `wsUrl` is asked on each connect: the suite learns it once its app listens. */
  constructor(private readonly wsUrl: () => string) {}

  connect(connectionParams: Record<string, unknown>): Client {
    const client = socketClient(this.wsUrl(), connectionParams);
    this.open.push(client);
    return client;
  }

  async closeAll(): Promise<void> {
    for (const client of this.open) await client.dispose();
  }
}

/** Reads the subscription's next results, failing after `timeoutMs` rather than hanging the suite. */
export async function take<T>(results: AsyncIterator<T>, count: number, timeoutMs = 5_000): Promise<T[]> {
  const taken: T[] = [];
  const deadline = Date.now() + timeoutMs;
  while (taken.length < count) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`took ${taken.length} of ${count} results in ${timeoutMs} ms`)),
        Math.max(0, deadline - Date.now()),
      );
    });
    try {
      const next = await Promise.race([results.next(), timeout]);
      if (next.done) throw new Error(`the subscription ended after ${taken.length} of ${count} results`);
      taken.push(next.value);
    } finally {
      clearTimeout(timer);
    }
  }
  return taken;
}

export type { Variables };
