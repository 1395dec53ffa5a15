import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { decodeText, type Item } from '../../../../src/core/analysis/decode';
import { chainDependants } from '../../../../src/core/chain/dependants';
import { DependantsIndex } from '../../../../src/core/chain/dependants-index';
import type { DecodedWorkspaceFile } from '../../../../src/core/chain/workspace';

const FIX = join(__dirname, '../../../fixtures');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : /\.(pem|crt|key|crl|csr)$/.test(n) ? [p] : [];
  });
}

async function workspace(...dirs: string[]): Promise<DecodedWorkspaceFile[]> {
  const files = dirs.flatMap((d) => walk(join(FIX, d)));
  const out = await Promise.all(
    files.map(async (p) => ({ file: relative(FIX, p), items: (await decodeText(readFileSync(p, 'utf8'))).items })),
  );
  // Chain files also split one item per file: issuers in other files than their leaves.
  for (const f of out.filter((x) => x.file.startsWith('chain-findings/') && x.items.length > 1))
    f.items.forEach((item, i) => out.push({ file: `split/${f.file}#${i}`, items: [item] }));
  return out;
}

const sorted = (s: Set<string>) => [...s].sort();

describe('DependantsIndex', () => {
  it('finds the same dependants as chainDependants for every file edited, added and removed', async () => {
    const files = await workspace('chain-findings', 'private-pki', 'certs', 'revocation', 'keys');
    const index = new DependantsIndex(files);
    let reached = 0;
    for (const f of files) {
      const others = files.filter((x) => x !== f);
      const edits: Array<{ name: string; before: readonly Item[]; after: readonly Item[] }> = [
        { name: 'edited', before: f.items, after: f.items },
        { name: 'added', before: [], after: f.items },
        { name: 'removed', before: f.items, after: [] },
      ];
      for (const e of edits) {
        const world = e.after.length ? [...others, { file: f.file, items: e.after }] : others;
        index.set(f.file, e.after.length ? e.after : undefined);
        const want = chainDependants(world, f.file, e.before, e.after);
        const got = index.dependants(f.file, e.before, e.after);
        assert.deepEqual(sorted(got.files), sorted(want.files), `${f.file} ${e.name}`);
        assert.equal(got.poolChanged, want.poolChanged, `${f.file} ${e.name}`);
        reached += got.files.size;
      }
      index.set(f.file, f.items);
    }
    assert.equal(index.size, files.length);
    assert.ok(reached > 50, `the fixtures reach dependants (${reached})`);
  });

  it('patched one file at a time, answers as one built afresh', async () => {
    const files = await workspace('chain-findings/chain-ok', 'certs');
    const patched = new DependantsIndex();
    for (const f of files) patched.set(f.file, [{ kind: 'unknown' } as unknown as Item]);
    for (const f of files) patched.set(f.file, f.items);
    patched.set('gone.pem', files[0]?.items);
    patched.set('gone.pem', undefined);
    const fresh = new DependantsIndex(files);
    for (const f of files) {
      const [a, b] = [patched.dependants(f.file, f.items, f.items), fresh.dependants(f.file, f.items, f.items)];
      assert.deepEqual(sorted(a.files), sorted(b.files), f.file);
    }
  });
});
