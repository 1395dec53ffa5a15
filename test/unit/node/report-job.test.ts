import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { buildSync } from 'esbuild';
import { decodeText } from '../../../src/core/analysis/decode';
import { buildFileReport } from '../../../src/core/analysis/file-report';
import { prepareWorkspace } from '../../../src/core/chain/workspace';
import { DEFAULT_THRESHOLDS } from '../../../src/core/lint/expiry';
import { storeRootFingerprints } from '../../../src/core/lint/profile';
import { DecodeCancelled, ReportClient } from '../../../src/node/decode-client';
import { nodeDigest } from '../../../src/node/digest';
import { runReport, setWorkspace, type ReportJob } from '../../../src/node/report-job';

const root = join(__dirname, '..', '..', '..');
const DIR = join(root, 'test', 'fixtures', 'chain-findings');
const NOW = Date.UTC(2026, 0, 15);
const script = join(mkdtempSync(join(tmpdir(), 'certlens-report-worker-')), 'editor-decode-worker.js');
buildSync({
  entryPoints: [join(root, 'src', 'node', 'editor-decode-worker.ts')],
  outfile: script,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  keepNames: true,
  logLevel: 'silent',
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

async function workspace() {
  const files = await Promise.all(
    walk(DIR).map(async (p) => ({
      file: relative(DIR, p),
      items: (await decodeText(readFileSync(p, 'utf8'), { digest: nodeDigest })).items,
    })),
  );
  const rootPem = await decodeText(readFileSync(join(DIR, 'root.pem'), 'utf8'), { digest: nodeDigest });
  const anchors = rootPem.items.map((i) => ({ der: i.der, source: 'store' as const, label: 'trust store' }));
  return { files, anchors };
}

function job(file: string, decoded: { items: ReportJob['decoded']['items']; problems: ReportJob['decoded']['problems'] }): ReportJob {
  return {
    kind: 'report',
    file,
    decoded,
    withWorkspace: true,
    nowMs: NOW,
    thresholds: DEFAULT_THRESHOLDS,
    disabled: ['chain-root-included'],
    extra: [],
  };
}

describe('report jobs', () => {
  it('in a worker and on this thread, the report of every fixture is buildFileReport’s, chains and key pairing included', async () => {
    const { files, anchors } = await workspace();
    assert.ok(files.length > 20);
    const ws = prepareWorkspace(files, anchors, { policy: {}, clock: () => performance.now() });
    const trustedRoots = await storeRootFingerprints(anchors);
    const state = { kind: 'workspace' as const, generation: 1, files, anchors, policy: {} };
    await setWorkspace(state);
    const client = new ReportClient({ script });
    client.useWorkspace(state);
    try {
      let chained = 0;
      for (const f of files) {
        const decoded = await decodeText(readFileSync(join(DIR, f.file), 'utf8'), { digest: nodeDigest });
        const {
          file: _f,
          items: _i,
          text: _t,
          secrets: _s,
          ...want
        } = await buildFileReport(
          { file: f.file, decoded },
          {
            now: new Date(NOW),
            thresholds: DEFAULT_THRESHOLDS,
            disabled: new Set(['chain-root-included']),
            workspace: ws,
            trustedRoots,
            extra: [],
          },
        );
        chained += want.verdicts.length;
        const j = job(f.file, { items: decoded.items, problems: decoded.problems });
        assert.ok(isDeepStrictEqual(await runReport(j), want), `${f.file}: this thread differs`);
        assert.ok(isDeepStrictEqual(await client.run(f.file, j), want), `${f.file}: the worker differs`);
      }
      assert.ok(chained > 10, `only ${chained} chain verdicts: the workspace pool was not used`);
      assert.equal(client.started, 1);
    } finally {
      client.dispose();
    }
  });

  it('a restarted worker (a cancelled report) gets the workspace again', async () => {
    const { files, anchors } = await workspace();
    const client = new ReportClient({ script });
    client.useWorkspace({ kind: 'workspace', generation: 1, files, anchors, policy: {} });
    try {
      const pem = readFileSync(join(DIR, 'chain-ok', 'fullchain.pem'), 'utf8');
      const decoded = await decodeText(pem.repeat(300), { digest: nodeDigest });
      const running = client.run('a', job('big.pem', decoded));
      client.cancel('a');
      await assert.rejects(running, DecodeCancelled);
      const small = await decodeText(pem, { digest: nodeDigest });
      const again = await client.run('a', job('chain-ok/fullchain.pem', small));
      assert.equal(client.started, 2);
      assert.ok(again.verdicts.length > 0, 'no chain verdict after the restart: the workspace was lost');
    } finally {
      client.dispose();
    }
  });

  it('a newer report of the same file waits for the running one instead of restarting the worker', async () => {
    const { files, anchors } = await workspace();
    const client = new ReportClient({ script });
    client.useWorkspace({ kind: 'workspace', generation: 1, files, anchors, policy: {} });
    try {
      const pem = readFileSync(join(DIR, 'chain-ok', 'fullchain.pem'), 'utf8');
      const first = client.run('a', job('a.pem', await decodeText(pem.repeat(50), { digest: nodeDigest })));
      const second = client.run('a', job('a.pem', await decodeText(pem, { digest: nodeDigest })));
      assert.ok((await first).statuses.length > (await second).statuses.length);
      assert.equal(client.started, 1);
    } finally {
      client.dispose();
    }
  });
});
