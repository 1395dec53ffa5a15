import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeText } from '../../../src/core/analysis/decode';
import { encodeBase64 } from '../../../src/core/pem/base64';
import { nodeDigest } from '../../../src/node/digest';
import { decodeStructuredSplit } from '../../../src/node/split-decode';

const CERTS = join(__dirname, '..', '..', 'fixtures', 'certs');
const b64 = (name: string): string => encodeBase64(readFileSync(join(CERTS, name)));

function secrets(n: number): string {
  const crts = ['chain.pem', 'expired.pem', 'healthy.pem', 'root.pem'].map(b64);
  const key = b64('healthy.key');
  return Array.from(
    { length: n },
    (_, i) =>
      `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: s${i}\ndata:\n  tls.crt: ${crts[i % crts.length]}\n  tls.key: ${i % 3 ? key : '""'}\n`,
  ).join('---\n');
}

describe('decodeStructuredSplit: one YAML file on several threads', () => {
  it('gives exactly decodeText, with a worker decoding the later parts', async () => {
    const text = secrets(120);
    const split = await decodeStructuredSplit(text, nodeDigest, { threads: 3, minChars: 1000 });
    assert.ok(split, 'split');
    assert.equal(split.clean, true);
    assert.equal(split.lintMayRead, false);
    assert.deepStrictEqual(split.decoded, await decodeText(text, { structured: true, digest: nodeDigest }));
    assert.ok(split.decoded.items.length > 120);
    assert.equal(split.decoded.secrets?.length, 120);
  });

  it('leaves the text to the caller when it is small, on one thread, or not safe to split', async () => {
    const text = secrets(8);
    assert.equal(await decodeStructuredSplit(text, nodeDigest, { threads: 2 }), undefined, 'below the threshold');
    assert.equal(await decodeStructuredSplit(text, nodeDigest, { threads: 1, minChars: 10 }), undefined, 'one thread');
    assert.equal(await decodeStructuredSplit(`%YAML 1.2\n---\n${text}`, nodeDigest, { threads: 2, minChars: 10 }), undefined, 'directive');
    const broken = `${text}---\na: "unterminated\n---\n${text}`;
    assert.equal(await decodeStructuredSplit(broken, nodeDigest, { threads: 2, minChars: 10 }), undefined, 'syntax error');
  });

  it('says when the lint may read the text, from any part', async () => {
    const text = `${secrets(20)}---\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: c\n`;
    const split = await decodeStructuredSplit(text, nodeDigest, { threads: 2, minChars: 10 });
    assert.equal(split?.lintMayRead, true);
  });
});
