/** fetchCaIssuers against a local HTTP server: body, size bound, status, scheme. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { AiaFetchError, fetchCaIssuers } from '../../../src/node/aia-fetch';

let server: Server;
let base = '';
before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ica.der') res.end(Buffer.from([0x30, 0x03, 1, 2, 3]));
    else if (req.url === '/big') res.end(Buffer.alloc(2048));
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

describe('fetchCaIssuers', () => {
  it('returns the body', async () => assert.deepEqual([...(await fetchCaIssuers(`${base}/ica.der`))], [0x30, 3, 1, 2, 3]));
  const bad: Array<{ name: string; url: () => string; message: RegExp }> = [
    { name: 'over the size bound', url: () => `${base}/big`, message: /more than 1024/ },
    { name: 'HTTP 404', url: () => `${base}/nope`, message: /HTTP 404/ },
    { name: 'https is refused (AIA is http)', url: () => 'https://example.test/x.der', message: /only http:/ },
    { name: 'not a URL', url: () => 'ht tp://', message: /not a URL/ },
  ];
  for (const c of bad) {
    it(c.name, async () => {
      await assert.rejects(
        fetchCaIssuers(c.url(), { maxBytes: 1024 }),
        (e: unknown) => e instanceof AiaFetchError && c.message.test(e.message),
      );
    });
  }
});
