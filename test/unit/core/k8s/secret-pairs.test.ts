/** embeddedKeyMismatches: tls.key / tls.crt of one Secret, on the key's value. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findEmbeddedMaterial } from '../../../../src/core/k8s/embedded';
import { embeddedKeyMismatches } from '../../../../src/core/k8s/secret-pairs';

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'chain-findings', 'key-mismatch');
const b64 = (f: string): string => Buffer.from(readFileSync(join(DIR, f))).toString('base64');
const secret = (crt: string, key: string, eol = '\n'): string =>
  [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: web-tls',
    'type: kubernetes.io/tls',
    'data:',
    `  tls.crt: ${crt}`,
    `  tls.key: ${key}`,
    '',
  ].join(eol);

describe('embeddedKeyMismatches', () => {
  const cases: Array<{ name: string; yaml: () => string; codes: string[] }> = [
    { name: 'matching pair', yaml: () => secret(b64('client.crt'), b64('client.key')), codes: [] },
    { name: 'key of another certificate', yaml: () => secret(b64('server.crt'), b64('server.key')), codes: ['key-mismatch'] },
    { name: 'CRLF line endings', yaml: () => secret(b64('server.crt'), b64('server.key'), '\r\n'), codes: ['key-mismatch'] },
    { name: 'tls.key is not valid base64: nothing to compare', yaml: () => secret(b64('server.crt'), 'not*base64'), codes: [] },
    {
      name: 'two Secrets in one file: only the mismatched one',
      yaml: () => `${secret(b64('client.crt'), b64('client.key'))}---\n${secret(b64('client.crt'), b64('server.key'))}`,
      codes: ['key-mismatch'],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const text = c.yaml();
      const problems = await embeddedKeyMismatches(findEmbeddedMaterial(text).items);
      assert.deepEqual(
        problems.map((p) => p.code),
        c.codes,
      );
      for (const p of problems)
        assert.ok(
          text.slice(p.span.start, p.span.end).length > 100 &&
            text.lastIndexOf('tls.key:', p.span.start) > text.lastIndexOf('tls.crt:', p.span.start),
          'on the tls.key value',
        );
    });
  }
});
