import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';

import pino from 'pino';

import { requestLogging } from './logging';

/** The lines requestLogging writes for GETs of `paths` to a real server, which answers each as `answer` says. */
async function linesLoggedFor(
  options: pino.LoggerOptions,
  paths: readonly string[],
  answer: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<string[]> {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
  const log = requestLogging(pino(options, sink));
  const server: Server = createServer((request, response) => {
    answer(request, response);
    log(request, response);
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    for (const path of paths) {
      await new Promise<void>((resolve, reject) =>
        get({ host: '127.0.0.1', port, path }, (response) => response.resume().on('end', resolve)).on('error', reject),
      );
    }
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  return lines;
}

describe('request log lines', () => {
  it('never carry a credential sent in the query string, in the message or the url', async () => {
    const lines = await linesLoggedFor(
      { level: 'info' },
      ['/v1/clients?access_token=SECRET-1&status=active', '/missing?api_key=SECRET-2', '/graphql?Token=SECRET-3'],
      (request, response) => (response.statusCode = request.url!.startsWith('/missing') ? 404 : 200),
    );
    expect(lines).toHaveLength(3);
    expect(lines.join('')).not.toMatch(/SECRET/);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      req: { url: '/v1/clients?access_token=REDACTED&status=active' },
      msg: expect.stringContaining('/v1/clients?access_token=REDACTED&status=active'),
    });
  });

  it("write pino-http's line: the same keys in the same order, err on a 5xx, warn on a 4xx", async () => {
    const lines = await linesLoggedFor(
      { level: 'info', base: undefined, formatters: { level: (label) => ({ level: label }) } },
      ['/201', '/404', '/503'],
      (request, response) => {
        Object.assign(request, { id: 'request-1', correlationId: 'correlation-1' });
        response.statusCode = Number(request.url!.slice(1));
      },
    );
    const [created, missing, failed] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const keys = ['level', 'time', 'req', 'requestId', 'correlationId', 'res', 'responseTime', 'msg'];
    expect(Object.keys(created!)).toEqual(keys);
    expect(created).toMatchObject({
      level: 'info',
      req: { method: 'GET', url: '/201' },
      requestId: 'request-1',
      correlationId: 'correlation-1',
      res: { statusCode: 201 },
      msg: expect.stringMatching(/^GET \/201 201 \d+ ms$/),
    });
    expect(Object.keys(missing!)).toEqual(keys);
    expect(missing).toMatchObject({ level: 'warn', res: { statusCode: 404 } });
    expect(Object.keys(failed!)).toEqual(['level', 'time', 'req', 'requestId', 'correlationId', 'res', 'err', 'responseTime', 'msg']);
    expect(failed).toMatchObject({
      level: 'error',
      err: { type: 'Error', message: 'failed with status code 503' },
      msg: 'GET /503 503: failed with status code 503',
    });
  });
});
