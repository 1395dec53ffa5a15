import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadFiles, PARALLEL_THRESHOLD } from '../../../src/node/decode-pool';

const LIFECYCLE = join(__dirname, '..', '..', 'fixtures', 'lifecycle');
const tmp = mkdtempSync(join(tmpdir(), 'certlens-pool-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('loadFiles on worker threads', () => {
  const sources = ['gap/api-old.pem', 'ca-rotation/kubeconfig.yaml', 'ca-rotation/ca-bundle-both.pem', 'policy/.certlens.yaml'];
  const paths: string[] = [];
  mkdirSync(join(tmp, 'f'));
  for (let i = 0; i < PARALLEL_THRESHOLD + 40; i++) {
    const src = sources[i % sources.length]!;
    const p = join(tmp, 'f', `${i}-${src.replace(/\//g, '_')}`);
    writeFileSync(p, i % 7 === 0 ? '-----BEGIN CERTIFICATE-----\nMIIB!!\n' : readFileSync(join(LIFECYCLE, src)));
    paths.push(p);
  }
  const strip = (fs: Awaited<ReturnType<typeof loadFiles>>) =>
    fs.map(
      (f) =>
        f && {
          path: f.path,
          items: f.decoded.items.map((i) => [i.kind, i.span, (i as { certificate?: { sha256: string } }).certificate?.sha256]),
          problems: f.decoded.problems.map((p) => p.code),
        },
    );

  it('gives the same results, in order, as the main thread', async () => {
    const explicit = new Set([paths[3]!]);
    const parallel = await loadFiles(paths, explicit, { threads: 2 });
    const serial = await loadFiles(paths, explicit, { threads: 1 });
    assert.equal(parallel.length, paths.length);
    assert.deepEqual(strip(parallel), strip(serial));
    assert.equal(parallel[3]?.path, paths[3], 'an explicit file with nothing in it is still reported');
    assert.ok(parallel.some((f) => f?.decoded.problems.some((p) => p.code === 'pem-malformed')));
    assert.ok(parallel[1]!.decoded.items[0]!.der instanceof Uint8Array);
  });

  it('reports a file that vanished after the walk as a finding on it, like the main thread', async () => {
    const gone = join(tmp, 'gone.pem');
    const [parallel, serial] = [
      await loadFiles([...paths, gone], new Set([gone]), { threads: 2 }),
      await loadFiles([gone], new Set([gone]), { threads: 1 }),
    ];
    const codes = (f: (typeof parallel)[number]) => f?.decoded.problems.map((p) => p.code);
    assert.deepEqual(codes(parallel[paths.length]), codes(serial[0]));
    assert.match(codes(serial[0])?.[0] ?? '', /^file-/);
  });
});
