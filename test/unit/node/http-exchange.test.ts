/** httpExchange against loopback servers: answers, bounds and failures in plain words. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { HttpExchangeError, httpExchange } from '../../../src/node/http-exchange';

let server: Server;
let base = '';
const seen: Array<{ method?: string; url?: string; body: string }> = [];

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString() });
      if (req.url?.endsWith('/ok')) res.end('hello');
      else if (req.url?.endsWith('/echo')) res.end(Buffer.concat(chunks));
      else if (req.url?.endsWith('/declared-big')) res.writeHead(200, { 'content-length': 5000 }).end('x'.repeat(5000));
      else if (req.url?.endsWith('/streamed-big')) {
        res.writeHead(200);
        res.write('x'.repeat(600));
        res.end('x'.repeat(600));
      } else if (req.url?.endsWith('/silent'))
        return; // never answers
      else res.writeHead(404, 'Not Found').end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const get = (path: string, extra: Partial<Parameters<typeof httpExchange>[0]> = {}) =>
  httpExchange({ url: new URL(`${base}${path}`), method: 'GET', maxBytes: 1024, timeoutMs: 2000, ...extra });

describe('httpExchange', () => {
  it('a 200 answer resolves with its body', async () => {
    assert.equal(Buffer.from(await get('/ok')).toString(), 'hello');
  });
  it('POST sends the body with its length', async () => {
    const body = new Uint8Array([1, 2, 3]);
    const got = await httpExchange({ url: new URL(`${base}/echo`), method: 'POST', body, maxBytes: 1024, timeoutMs: 2000 });
    assert.deepEqual([...got], [1, 2, 3]);
  });
  it('through a proxy the absolute URL is the request target', async () => {
    const port = Number(new URL(base).port);
    await httpExchange({
      url: new URL('http://responder.example.test/ok'),
      method: 'GET',
      maxBytes: 1024,
      timeoutMs: 2000,
      proxy: { host: '127.0.0.1', port },
    });
    assert.equal(seen.at(-1)!.url, 'http://responder.example.test/ok');
  });
  const bad: Array<[string, () => Promise<Uint8Array>, RegExp]> = [
    ['HTTP 404 with its reason', () => get('/nope'), /^HTTP 404 Not Found$/],
    ['a declared length over the bound', () => get('/declared-big'), /^5000 bytes, more than 1024$/],
    ['a streamed body over the bound', () => get('/streamed-big'), /^more than 1024 bytes$/],
    ['silence past the timeout', () => get('/silent', { timeoutMs: 200 }), /^no answer within 200 ms \(timed out\)$/],
    [
      'nobody listening',
      () => httpExchange({ url: new URL('http://127.0.0.1:1/'), method: 'GET', maxBytes: 10, timeoutMs: 2000 }),
      /^connection refused$/,
    ],
  ];
  for (const [name, run, re] of bad) {
    it(`${name} → HttpExchangeError in plain words`, async () => {
      const e = await run().catch((x: unknown) => x);
      assert.ok(e instanceof HttpExchangeError, String(e));
      assert.match(e.message, re);
    });
  }
});
