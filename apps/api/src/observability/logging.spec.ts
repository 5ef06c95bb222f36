import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';

import pino from 'pino';

import { requestLogging } from './logging';

describe('request log lines', () => {
  it('never carry a credential sent in the query string, in the message or the url', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
    const log = requestLogging(pino({ level: 'info' }, sink));
    const server: Server = createServer((request, response) => {
      log(request, response);
      response.statusCode = request.url!.startsWith('/missing') ? 404 : 200;
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      for (const path of ['/v1/clients?access_token=SECRET-1&status=active', '/missing?api_key=SECRET-2', '/graphql?Token=SECRET-3']) {
        await new Promise<void>((resolve, reject) =>
          get({ host: '127.0.0.1', port, path }, (response) => response.resume().on('end', resolve)).on('error', reject),
        );
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(lines).toHaveLength(3);
    expect(lines.join('')).not.toMatch(/SECRET/);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      req: { url: '/v1/clients?access_token=REDACTED&status=active' },
      msg: expect.stringContaining('/v1/clients?access_token=REDACTED&status=active'),
    });
  });
});
