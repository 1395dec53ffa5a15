import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { readdirSync } from 'node:fs';
import { lintManifests } from '../../../src/core/cert-manager';
import { DecodeCancelled, DecodeClient, decodeInProcess, ManifestLintClient } from '../../../src/node/decode-client';
import { packedOf } from '../../../src/node/packed';
import { bundleEditorWorker } from './editor-worker-bundle';

const root = join(__dirname, '..', '..', '..');
const chain = readFileSync(join(root, 'test', 'fixtures', 'certs', 'chain.pem'), 'utf8');
const script = bundleEditorWorker('certlens-decode-worker-');
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

  it('a big reply (more items than a slice) is read a slice per turn, other turns between, and equals the in-process decode', async () => {
    const client = new DecodeClient(bundled);
    try {
      const text = chain.repeat(300);
      const job = { kind: 'text', text, structured: false } as const;
      const seen: Array<{ done: number; total: number }> = [];
      let on = true;
      const watch = () => {
        const r = client.receiving;
        if (r) seen.push({ done: r.done, total: r.total });
        if (on) setImmediate(watch);
      };
      watch();
      const got = await client.decode('a', job);
      on = false;
      assert.equal(got.items.length, 900);
      assert.ok(isDeepStrictEqual(got, await decodeInProcess(job)), 'the rebuilt decode differs from the in-process one');
      assert.ok(
        seen.some((r) => r.done > 0 && r.done < r.total),
        'no other turn ran while the reply was read: it held the thread for a whole turn',
      );
      assert.ok(packedOf(got.items), 'the items do not keep their slices: posting them on would serialise them again');
    } finally {
      client.dispose();
    }
  });

  it('an edit while a big reply is being read drops it: the request rejects, the worker goes on', async () => {
    const client = new DecodeClient(bundled);
    try {
      const job = { kind: 'text', text: chain.repeat(300), structured: false } as const;
      const p = client.decode('a', job);
      // Cancel as soon as the reply's first slices have been read, from another turn.
      await new Promise<void>((resolve) => {
        const poll = () => {
          const r = client.receiving;
          if (r && r.done > 0 && r.done < r.total) {
            client.cancel('a');
            resolve();
          } else setImmediate(poll);
        };
        poll();
      });
      await assert.rejects(p, DecodeCancelled);
      assert.equal((await client.decode('b', job)).items.length, 900);
      assert.equal(client.started, 1, 'the worker had finished: a cancel while reading its reply must not restart it');
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

  it('terminates the worker when idle and starts it again for the next job', async () => {
    const client = new DecodeClient({ ...bundled, idleMs: 50 });
    try {
      const first = await client.decode('a', { kind: 'text', text: chain, structured: false });
      assert.equal(client.workerAlive, true);
      for (let i = 0; i < 100 && client.workerAlive; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(client.workerAlive, false, 'gone after idleMs with nothing to do');
      const again = await client.decode('a', { kind: 'text', text: chain, structured: false });
      assert.equal(client.started, 2);
      assert.equal(client.inProcess, false, 'an idle stop is not a failure');
      assert.ok(isDeepStrictEqual(again, first));
    } finally {
      client.dispose();
    }
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

describe('ManifestLintClient', () => {
  const dirs = ['rules', 'realistic'].map((d) => join(root, 'test', 'fixtures', 'cert-manager', d));
  const files = dirs.flatMap((d) =>
    readdirSync(d)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => ({ path: join(d, f), text: readFileSync(join(d, f), 'utf8') })),
  );
  const nowMs = Date.UTC(2025, 0, 15);
  const options = { overlapMinimum: '168h', alertThreshold: '336h', pageThreshold: '72h', disabledRules: ['CM114'] };

  it('lints in a real worker thread, with the results of lintManifests on this thread, for every fixture', async () => {
    const client = new ManifestLintClient(bundled);
    try {
      assert.ok(files.length > 40);
      for (const f of files) {
        const others = files.filter((o) => o !== f && o.path.startsWith(dirname(f.path)));
        const job = { kind: 'cert-manager' as const, files: [f, ...others], nowMs, options: { ...options, only: [f.path] } };
        const got = await client.run(f.path, job);
        const want = lintManifests(job.files, { ...job.options, now: new Date(nowMs) });
        assert.ok(isDeepStrictEqual(got, want), `${f.path}: the worker's lint differs`);
      }
      assert.equal(client.started, 1);
      assert.equal(client.onMainThread, false);
    } finally {
      client.dispose();
    }
  });

  it('an edit cancels the running lint of a big manifest', async () => {
    const client = new ManifestLintClient(bundled);
    try {
      const big = files
        .map((f) => f.text)
        .join('\n---\n')
        .repeat(40);
      const running = client.run('a', { kind: 'cert-manager', files: [{ path: 'a', text: big }], nowMs, options });
      client.cancel('a');
      await assert.rejects(running, DecodeCancelled);
      const small = files[0];
      assert.ok(small);
      const again = await client.run('a', { kind: 'cert-manager', files: [small], nowMs, options });
      assert.equal(again.length, 1);
    } finally {
      client.dispose();
    }
  });
});
