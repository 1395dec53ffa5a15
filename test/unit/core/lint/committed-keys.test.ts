import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeText } from '../../../../src/core/analysis/decode';
import { committedKeyProblems, type GitFileState } from '../../../../src/core/lint/committed-keys';

const KEYS = join(__dirname, '..', '..', '..', 'fixtures', 'keys');
const read = (f: string) => readFileSync(join(KEYS, f), 'utf8');
const TRACKED: GitFileState = { tracked: true, ignored: false };

describe('committedKeyProblems', () => {
  const cases: Array<[string, string, GitFileState | undefined, string[]]> = [
    ['unencrypted PKCS#8, tracked', 'ec-p256.pkcs8.pem', TRACKED, ['warning']],
    ['unencrypted PKCS#1, tracked', 'rsa2048.pkcs1.pem', TRACKED, ['warning']],
    ['unencrypted SEC1, tracked', 'ec-p384.sec1.pem', TRACKED, ['warning']],
    ['encrypted PKCS#8, tracked', 'rsa2048.pkcs8-encrypted.pem', TRACKED, ['info']],
    ['encrypted PKCS#1 (Proc-Type), tracked', 'rsa2048.pkcs1-encrypted.pem', TRACKED, ['info']],
    ['unencrypted, not tracked', 'ec-p256.pkcs8.pem', { tracked: false, ignored: false }, []],
    ['unencrypted, tracked but ignored', 'ec-p256.pkcs8.pem', { tracked: true, ignored: true }, []],
    ['unencrypted, git unknown', 'ec-p256.pkcs8.pem', undefined, []],
    ['a certificate, tracked', 'ec-p256.crt.pem', TRACKED, []],
    ['a public key, tracked', 'ec-p256.spki.pem', TRACKED, []],
  ];
  for (const [name, file, git, want] of cases) {
    it(name, async () => {
      const text = read(file);
      const { items } = await decodeText(text);
      const problems = committedKeyProblems(items, git);
      assert.deepEqual(
        problems.map((p) => p.severity),
        want,
      );
      for (const p of problems) {
        assert.equal(p.code, 'private-key-committed');
        if (p.severity === 'warning') assert.match(p.message, /rotate it .* remove the file from the history/);
        // The span is the key block; the message holds no key bytes.
        assert.ok(p.span.end > p.span.start);
        const body = text.split('\n').filter((l) => l.length >= 40 && !l.includes(':'));
        for (const line of body) assert.ok(!p.message.includes(line.slice(0, 40)));
      }
    });
  }
  it('two keys in one file: two findings', async () => {
    const { items } = await decodeText(`${read('ec-p256.pkcs8.pem')}\n${read('rsa2048.pkcs8-encrypted.pem')}`);
    assert.deepEqual(
      committedKeyProblems(items, TRACKED).map((p) => p.severity),
      ['warning', 'info'],
    );
  });
});
