/**
 * The remote store's HTTP client (src/store/remote-http.ts) against a real local HTTP server that drops
 * connections: a request whose body can be sent again is resent after a dropped connection, a few times at most,
 * and a failure that remains says what failed underneath instead of fetch's bare "fetch failed".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { DigestClient } from '../src/store/remote-http.js';

describe('DigestClient over connections the server drops', () => {
  let server: Server;
  let url: string;
  /** Requests still to drop before answering; the bodies that arrived. */
  let drop = 0;
  const received: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (drop > 0) {
          drop--;
          req.socket.destroy();
          return;
        }
        received.push(body);
        res.end(`got ${body.length} bytes`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graph`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends a text body again after the connection was dropped, up to twice', async () => {
    drop = 2;
    received.length = 0;
    const res = await new DigestClient(undefined).fetch(url, { method: 'PUT', body: '<a> <b> <c> .\n' });
    expect(await res.text()).toBe('got 14 bytes');
    expect(received).toEqual(['<a> <b> <c> .\n']);
  });

  it('gives up after the third drop and names the cause', async () => {
    drop = 3;
    await expect(new DigestClient(undefined).fetch(url, { method: 'PUT', body: 'x' })).rejects.toThrow(/fetch failed \(\w+/);
    drop = 0;
  });

  it('does not send a streamed body again', async () => {
    drop = 1;
    received.length = 0;
    const body = Readable.toWeb(Readable.from([Buffer.from('streamed')])) as unknown as ReadableStream;
    await expect(new DigestClient(undefined).fetch(url, { method: 'PUT', body, duplex: 'half' } as RequestInit & { method: string })).rejects.toThrow(/fetch failed \(/);
    expect(received).toEqual([]);
    drop = 0;
  });
});
