import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { DecodeCancelled, DecodeClient, decodeInProcess } from '../../../src/node/decode-client';

const root = join(__dirname, '..', '..', '..');
const chain = readFileSync(join(root, 'test', 'fixtures', 'certs', 'chain.pem'), 'utf8');
// The worker entry bundled as scripts/build.mjs does (worker threads do not take tsx's loader).
const script = join(mkdtempSync(join(tmpdir(), 'certlens-decode-worker-')), 'editor-decode-worker.js');
buildSync({
  entryPoints: [join(root, 'src', 'node', 'editor-decode-worker.ts')],
  outfile: script,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  keepNames: true,
  logLevel: 'silent',
});
const bundled = { script };

describe('DecodeClient', () => {
  it('decodes in a real worker thread, with the same result as in-process', async () => {
    const client = new DecodeClient(bundled);
    try {
      const got = await client.decode('a', { kind: 'text', text: chain, structured: false });
      assert.equal(client.started, 1);
      assert.equal(client.inProcess, false);
      assert.ok(got.items.length > 0);
      assert.ok(isDeepStrictEqual(got, await decodeInProcess({ kind: 'text', text: chain, structured: false })));
    } finally {
      client.dispose();
    }
  });

  it('drops a superseded request, queued or running', async () => {
    const client = new DecodeClient(bundled);
    try {
      const big = chain.repeat(400);
      const running = client.decode('a', { kind: 'text', text: big, structured: false });
      const queued = client.decode('b', { kind: 'text', text: big, structured: false });
      const queuedAgain = client.decode('b', { kind: 'text', text: chain, structured: false });
      await assert.rejects(queued, DecodeCancelled);
      const latest = client.decode('a', { kind: 'text', text: chain, structured: false });
      await assert.rejects(running, DecodeCancelled);
      assert.equal((await latest).items.length, (await queuedAgain).items.length);
      // Cancelling the running decode terminated its worker; a new one took over.
      assert.equal(client.started, 2);
    } finally {
      client.dispose();
    }
  });

  it('cancel (edit or close) and dispose reject the pending request', async () => {
    const client = new DecodeClient(bundled);
    const p = client.decode('a', { kind: 'text', text: chain, structured: false });
    client.cancel('a');
    await assert.rejects(p, DecodeCancelled);
    const q = client.decode('b', { kind: 'text', text: chain, structured: false });
    client.dispose();
    await assert.rejects(q, DecodeCancelled);
  });

  it('falls back to this thread when the worker cannot start, and logs once', async () => {
    const logs: string[] = [];
    const client = new DecodeClient({ script: join(root, 'no-such-worker.js'), log: (m) => logs.push(m) });
    try {
      const a = await client.decode('a', { kind: 'text', text: chain, structured: false });
      const b = await client.decode('b', { kind: 'binary', bytes: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]) });
      assert.ok(a.items.length > 0);
      assert.ok(b.items.length + b.problems.length > 0);
      assert.equal(client.inProcess, true);
      assert.equal(logs.length, 1);
      assert.match(logs[0]!, /decode worker unavailable/);
    } finally {
      client.dispose();
    }
  });
});
