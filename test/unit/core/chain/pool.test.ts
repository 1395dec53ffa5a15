/** prepareChains: which workspace copy of a certificate the findings name. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { derKey, prepareChains } from '../../../../src/core/chain/pool';
import { decodeText } from '../../../../src/core/analysis/decode';
import { poolCerts } from '../../../../src/core/chain/workspace';

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'chain-findings');
const root = readFileSync(join(DIR, 'root.pem'), 'utf8');
const chain = readFileSync(join(DIR, 'chain-ok', 'fullchain.pem'), 'utf8');
const kubeconfig = `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    certificate-authority-data: ${Buffer.from(root).toString('base64')}\n`;

async function pool(files: Record<string, string>) {
  const out = [];
  for (const [file, text] of Object.entries(files))
    out.push(...poolCerts(file, (await decodeText(text, { structured: file.endsWith('.yaml') })).items));
  return out;
}

describe('prepareChains: the copy a finding names', () => {
  const cases: Array<{ name: string; files: Record<string, string>; want: string }> = [
    {
      name: 'a file of its own beats a kubeconfig and a bundle',
      files: { 'a/kubeconfig.yaml': kubeconfig, 'b/bundle.pem': chain + root, 'c/root.pem': root },
      want: 'c/root.pem',
    },
    { name: 'a bundle beats a kubeconfig', files: { 'a/kubeconfig.yaml': kubeconfig, 'b/bundle.pem': chain + root }, want: 'b/bundle.pem' },
    { name: 'the first of equals stays', files: { 'a/root.pem': root, 'b/root.pem': root }, want: 'a/root.pem' },
    { name: 'an embedded copy alone is named', files: { 'a/kubeconfig.yaml': kubeconfig }, want: 'a/kubeconfig.yaml' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const p = await pool(c.files);
      const rootDer = (await decodeText(root)).items[0]!;
      const prepared = prepareChains(p, [], 'file');
      const n = prepared.nodes[prepared.byKey.get(derKey((rootDer as { der: Uint8Array }).der))!]!;
      assert.equal(n.where?.file, c.want);
    });
  }
});
