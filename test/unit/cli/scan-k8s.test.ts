/**
 * `certlens scan --json` on the Kubernetes manifests of test/fixtures/k8s
 * (scripts/gen-k8s-fixtures.sh): CSR resources, cert-manager
 * CertificateRequests next to lint findings, and TLS Secret findings.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli/main';

const ROOT = join(__dirname, '..', '..', '..');

interface Out {
  files: Array<{
    path: string;
    items: Array<{ kind: string; field?: string; subject?: string; range: { start: { line: number } } }>;
    problems: Array<{ code: string; range: { start: { line: number } } }>;
    secrets?: Array<{ field: string; summary: string }>;
  }>;
}

async function scan(): Promise<{ code: number; out: Out }> {
  let stdout = '';
  const code = await main(
    [
      'scan',
      '--json',
      '--no-git',
      '--now',
      '2025-06-01T00:00:00Z',
      '--no-system-trust',
      '--ca',
      'test/fixtures/certs/root.pem',
      'test/fixtures/k8s',
    ],
    {
      stdout: (s) => void (stdout += s),
      stderr: () => {},
      cwd: ROOT,
      now: () => new Date('2000-01-01T00:00:00Z'),
    },
  );
  return { code, out: JSON.parse(stdout) as Out };
}

describe('certlens scan --json test/fixtures/k8s', async () => {
  const { code, out } = await scan();
  const file = (name: string) => out.files.find((f) => f.path.endsWith(`/${name}`))!;
  const cases: Array<{ file: string; items: Array<[string, string | undefined]>; codes: string[] }> = [
    {
      file: 'csr-v1.yaml',
      items: [
        ['csr', 'spec.request'],
        ['certificate', 'status.certificate'],
        ['certificate', 'status.certificate'],
      ],
      codes: ['chain-ok'],
    },
    { file: 'csr-v1beta1.json', items: [['csr', 'spec.request']], codes: [] },
    { file: 'csr-bad-base64.yaml', items: [], codes: ['embedded-base64-invalid'] },
    {
      // Embedded decoding and the cert-manager linter in one file; the root in status.ca is not "extra bytes".
      file: 'certificate-request.yaml',
      items: [
        ['csr', 'spec.request'],
        ['certificate', 'status.certificate'],
        ['certificate', 'status.ca'],
        ['csr', 'spec.request'],
      ],
      codes: ['CM002', 'CM114', 'chain-ok', 'CM001'],
    },
    { file: 'secret-ok.yaml', items: [], codes: ['chain-ok'] },
    { file: 'secret-leaf-not-first.yaml', items: [], codes: ['secret-leaf-not-first', 'chain-ok', 'chain-misordered'] },
    { file: 'secret-root-in-tls-crt.yaml', items: [], codes: ['chain-ok', 'chain-root-included'] },
    {
      file: 'secret-stringdata.yaml',
      items: [],
      codes: ['secret-leaf-not-first', 'chain-misordered', 'chain-root-included', 'chain-ok', 'secret-ca-crt-not-ca'],
    },
  ];
  for (const c of cases) {
    it(c.file, () => {
      const f = file(c.file);
      assert.ok(f, `${c.file} not in the scan`);
      if (c.items.length)
        assert.deepEqual(
          f.items.map((i) => [i.kind, i.field]),
          c.items,
        );
      assert.deepEqual(
        f.problems.map((p) => p.code),
        c.codes,
      );
    });
  }
  it('the CSR item names its subject', () => {
    assert.equal(file('csr-v1.yaml').items[0]!.subject, 'CN=healthy.example.test,O=CertLens Test');
  });
  it('every TLS Secret carries its summary on tls.crt', () => {
    assert.deepEqual(file('secret-ok.yaml').secrets, [
      {
        field: 'data.tls.crt',
        name: 'web-tls',
        summary:
          'tls.crt: leaf CN=healthy.example.test + 1 intermediate (CN=CertLens Test Intermediate) · ca.crt: root CN=CertLens Test Root',
        range: { start: { line: 7, character: 2 }, end: { line: 7, character: 9 } },
      },
    ]);
  });
  it('a root in ca.crt is not chain-root-included', () => {
    const ok = file('secret-ok.yaml');
    assert.ok(!ok.problems.some((p) => p.code === 'chain-root-included'));
  });
  it('exits 1: CM001/CM002 are errors', () => assert.equal(code, 1));
});
