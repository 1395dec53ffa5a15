import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { decodeText, type Item } from '../../../../src/core/analysis/decode';
import { chainDependants } from '../../../../src/core/chain/dependants';
import { prepareWorkspace, type DecodedWorkspaceFile } from '../../../../src/core/chain/workspace';

const FIX = join(__dirname, '../../../fixtures');
const NOW = new Date('2025-06-01T00:00:00Z');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : /\.(pem|crt|key|crl)$/.test(n) ? [p] : [];
  });
}

async function workspace(...dirs: string[]): Promise<DecodedWorkspaceFile[]> {
  const files = dirs.flatMap((d) => walk(join(FIX, d)));
  return Promise.all(files.map(async (p) => ({ file: relative(FIX, p), items: (await decodeText(readFileSync(p, 'utf8'))).items })));
}

describe('an issuers-only chain pool', () => {
  it('gives every file the same chain findings and verdicts as the full pool', async () => {
    const files = await workspace('chain-findings', 'private-pki', 'certs', 'lifecycle');
    // Every chain file also split one certificate per file: issuers (CA or not) in other files than their leaves.
    for (const f of files.filter((x) => x.file.startsWith('chain-findings/') && x.items.length > 1)) {
      f.items.forEach((item, i) => files.push({ file: `split/${f.file}#${i}`, items: [item] }));
    }
    const full = prepareWorkspace(files, []);
    const lean = prepareWorkspace(files, [], { issuersOnly: true });
    assert.ok(lean.prepared.nodes.length < full.prepared.nodes.length, 'the lean pool holds fewer certificates');
    let compared = 0;
    for (const f of files) {
      const [a, b] = await Promise.all([full.findings(f.file, f.items, NOW), lean.findings(f.file, f.items, NOW)]);
      // Only difference allowed: a path step that is a certificate of this very file may be named
      // here (lean) rather than by its plainest copy elsewhere (full pool).
      const own = new Set(f.items.flatMap((i) => (i.kind === 'certificate' ? [i.certificate.sha256] : [])));
      const norm = (x: unknown) =>
        JSON.parse(JSON.stringify(x), (k, v) => (v && typeof v === 'object' && own.has(v.sha256) && v.where ? { ...v, where: 'own' } : v));
      assert.deepEqual(norm(b.problems), norm(a.problems), f.file);
      assert.deepEqual(norm(b.verdicts), norm(a.verdicts), f.file);
      compared += a.problems.length;
    }
    assert.ok(compared > 10, 'the fixtures produce chain findings to compare');
  });
});

describe('chainDependants', () => {
  const leaf = (files: DecodedWorkspaceFile[], name: string) => files.find((f) => f.file.endsWith(name));
  it('a CA change reaches every file issued under it, transitively; a leaf change only its key partners', async () => {
    const files = await workspace('chain-findings/chain-ok', 'certs');
    const table: Array<{
      name: string;
      file: string;
      before: (f: DecodedWorkspaceFile) => readonly Item[];
      expect: (d: Set<string>) => void;
    }> = [
      {
        name: 'root removed: files issued under it, transitively',
        file: 'certs/root.pem',
        before: (f) => f.items,
        expect: (d) => {
          assert.ok(d.has('certs/int.pem'), [...d].join());
          assert.ok(d.has('certs/healthy.pem'), [...d].join());
        },
      },
      {
        name: 'leaf removed: the files sharing its public key only, not its issuers',
        file: 'certs/healthy.pem',
        before: (f) => f.items,
        expect: (d) => assert.deepEqual([...d].sort(), ['certs/chain-misordered.pem', 'certs/chain.pem', 'certs/healthy.key']),
      },
    ];
    for (const t of table) {
      const f = leaf(files, t.file);
      assert.ok(f, t.file);
      t.expect(chainDependants(files, f.file, t.before(f), []).files);
    }
  });

  it('an unchanged CA file reaches only the files sharing its public key, not those it issued', async () => {
    const files = await workspace('certs');
    const root = leaf(files, 'certs/root.pem');
    assert.ok(root);
    const same = chainDependants(files, root.file, root.items, root.items);
    assert.equal(same.poolChanged, false);
    assert.ok(!same.files.has('certs/healthy.pem') && !same.files.has('certs/int.pem'), [...same.files].join());
    const removed = chainDependants(files, root.file, root.items, []);
    assert.equal(removed.poolChanged, true);
    assert.ok(removed.files.has('certs/healthy.pem'));
    const healthy = files.find((f) => f.file === 'certs/healthy.pem');
    assert.ok(healthy);
    assert.equal(chainDependants(files, healthy.file, healthy.items, []).poolChanged, false, 'a leaf is not in the pool');
  });

  it('in a bundle, poolChanged is true exactly when the issuers-only pool changes (members, where they sit, their ranking)', async () => {
    // The bundle comes first and int.pem (a plainer copy) is left out: the pool names the bundle's intermediate.
    const files = (await workspace('certs')).filter((f) => f.file !== 'certs/int.pem');
    const pem = (f: string) => readFileSync(join(FIX, 'certs', `${f}.pem`), 'utf8');
    const items = async (...names: string[]) => (await decodeText(names.map(pem).join(''))).items;
    const bundle = { file: 'certs/bundle.pem', items: await items('int', 'healthy', 'expired') };
    const all = [bundle, ...files];
    // What an editor's pool names: each node's certificate, the copy it names and how plain that copy is.
    const pool = (fs: DecodedWorkspaceFile[]) =>
      prepareWorkspace(fs, [], { issuersOnly: true }).prepared.nodes.map((n) => `${n.key} ${n.where?.file}#${n.where?.index} ${n.plain}`);
    const edits: Array<[string, Item[], boolean]> = [
      ['a leaf below the CA changed', await items('int', 'healthy', 'healthy'), false],
      ['a leaf below the CA removed', await items('int', 'healthy'), false],
      ['a leaf added above the CA (it moves)', await items('expired', 'int', 'healthy', 'expired'), true],
      ['the leaves removed (the CA is alone: plainer)', await items('int'), true],
      ['the CA removed', await items('healthy', 'expired'), true],
    ];
    for (const [name, after, changed] of edits) {
      const got = chainDependants(all, bundle.file, bundle.items, after).poolChanged;
      assert.equal(got, changed, name);
      const actual = pool(all).join('\n') !== pool([{ file: bundle.file, items: after }, ...files]).join('\n');
      assert.equal(actual, changed, `${name}: the pool itself`);
    }
  });
});
