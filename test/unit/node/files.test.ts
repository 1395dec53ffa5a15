/**
 * `loadFile` on binary-named files that are too short to be DER: they are
 * reported as `der-malformed`, never dropped (issue 16: a 1-byte `.der`
 * vanished inside a folder scan); and which YAML files it marks for the
 * cert-manager lint to skip.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadFile } from '../../../src/node/files';

const tmp = mkdtempSync(join(tmpdir(), 'certlens-files-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('loadFile: too-short and empty DER', () => {
  const cases: Array<{ name: string; file: string; bytes: number[]; message: RegExp }> = [
    { name: "1-byte .der ('0')", file: 'one.der', bytes: [0x30], message: /only 1 byte/ },
    { name: '1-byte .cer (letter)', file: 'one.cer', bytes: [0x41], message: /only 1 byte/ },
    { name: 'empty .der', file: 'empty.der', bytes: [], message: /empty file/ },
    { name: 'empty .crt', file: 'empty.crt', bytes: [], message: /empty file/ },
    { name: '3 printable bytes .der', file: 'abc.der', bytes: [0x30, 0x05, 0x02], message: /malformed DER/ },
  ];
  for (const c of cases) {
    for (const explicit of [true, false]) {
      it(`${c.name} (${explicit ? 'named' : 'inside a folder'})`, async () => {
        const path = join(tmp, c.file);
        writeFileSync(path, Uint8Array.from(c.bytes));
        const loaded = await loadFile(path, explicit);
        assert.ok(loaded, 'the file is reported');
        assert.deepEqual(
          loaded.decoded.problems.map((p) => p.code),
          ['der-malformed'],
        );
        assert.match(loaded.decoded.problems[0]?.message ?? '', c.message);
      });
    }
  }

  it('a text file with no certificate extension and no PEM stays unreported in a folder', async () => {
    const path = join(tmp, 'notes.txt');
    writeFileSync(path, 'x');
    assert.equal(await loadFile(path, false), undefined);
  });

  it('a .pem holding a NUL in its body is read as PEM: the problem names PEM, base64 and the line', async () => {
    const path = join(tmp, 'nul.pem');
    writeFileSync(path, '-----BEGIN CERTIFICATE-----\nMIIB\nAA\u0000A\n-----END CERTIFICATE-----\n');
    const loaded = await loadFile(path, false);
    assert.ok(loaded);
    const [p] = loaded.decoded.problems;
    assert.equal(p?.code, 'pem-malformed');
    assert.match(p.message, /^PEM CERTIFICATE body, line 3: invalid base64: character "\\u0000"$/);
  });
});

describe('loadFile: YAML the cert-manager lint can skip', () => {
  const secret =
    'apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: s\ndata:\n  tls.crt: TFMwdExTMUNSVWRKVGlCRFJWSlU=\n';
  const cases: Array<[string, string, string, boolean]> = [
    ['Secrets in block YAML', 'secrets.yaml', `${secret}---\n${secret}`, true],
    ['a Secret in flow style (parsed by the yaml package)', 'flow.yaml', `{kind: Secret, data: {tls.crt: TFMwdA==}}\n`, false],
    ['a Secret with a syntax error', 'broken.yaml', `${secret}  ca.crt: [\n`, false],
    ['a cert-manager Certificate', 'cert.yaml', `${secret}---\napiVersion: cert-manager.io/v1\nkind: Certificate\n`, false],
    ['a kustomization', 'kustomization.yaml', secret, false],
  ];
  for (const [name, file, text, inert] of cases) {
    it(`${name}: ${inert ? 'skipped' : 'linted'}`, async () => {
      const path = join(tmp, file);
      writeFileSync(path, text);
      const loaded = await loadFile(path, true);
      assert.equal(loaded?.lintInert === true, inert);
    });
  }
});
