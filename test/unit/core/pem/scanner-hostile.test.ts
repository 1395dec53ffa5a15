/**
 * scanPem on hostile arrangements (issue 16): linear work for any mix of
 * BEGIN/END lines, a bounded problem list, and body errors that say PEM,
 * base64 and the line. Sizes are chosen so the quadratic scanner this
 * replaced would not finish within the test runner's patience; assertions
 * are on counts, never on time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeBase64 } from '../../../../src/core/pem/base64';
import { MAX_PEM_PROBLEMS, scanPem } from '../../../../src/core/pem/scanner';

const der = Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x05]);
const good = `-----BEGIN CERTIFICATE-----\n${encodeBase64(der, 64)}\n-----END CERTIFICATE-----\n`;

describe('scanPem: hostile arrangements stay linear and bounded', () => {
  const N = 200_000;
  const cases: Array<{ name: string; text: string; blocks: number }> = [
    { name: `${N} BEGIN lines without END`, text: '-----BEGIN CERTIFICATE-----\n'.repeat(N) + good, blocks: 1 },
    { name: `${N} BEGIN markers on one line`, text: '-----BEGIN CERTIFICATE-----'.repeat(N) + '\n' + good, blocks: 1 },
    { name: `${N} BEGIN markers with no label, no newline`, text: '-----BEGIN '.repeat(N) + '\n' + good, blocks: 1 },
    { name: `${N} blocks whose END has no label`, text: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END \n'.repeat(N) + good, blocks: 1 },
    { name: `${N} mismatched blocks`, text: '-----BEGIN A-----\nAAAA\n-----END B-----\n'.repeat(N) + good, blocks: 1 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = scanPem(c.text);
      assert.equal(r.blocks.length, c.blocks, 'the good block after the noise is still found');
      assert.equal(r.problems.length, MAX_PEM_PROBLEMS + 1, 'the first problems are listed, the rest summed up');
      const last = r.problems.at(-1);
      assert.equal(last?.code, 'pem-malformed');
      assert.match(last.message, new RegExp(`^${N - MAX_PEM_PROBLEMS} more malformed PEM blocks after the first ${MAX_PEM_PROBLEMS}`));
    });
  }
  it(`${N} END lines and no BEGIN: nothing to report`, () => {
    assert.deepEqual(scanPem('-----END CERTIFICATE-----\n'.repeat(N)).problems, []);
  });
});

describe('scanPem: body errors name PEM, base64 and the line', () => {
  const cases: Array<{ name: string; text: string; message: string }> = [
    {
      name: 'NUL on line 3',
      text: '-----BEGIN CERTIFICATE-----\nMIIB\nAA\u0000A\n-----END CERTIFICATE-----',
      message: 'PEM CERTIFICATE body, line 3: invalid base64: character "\\u0000"',
    },
    {
      name: 'bad character after text lines',
      text: 'a\nb\n-----BEGIN CERTIFICATE-----\nMIIB\nMIIB\nMI*B\n-----END CERTIFICATE-----',
      message: 'PEM CERTIFICATE body, line 6: invalid base64: character "*"',
    },
    {
      name: 'bad character after RFC 1421 headers',
      text: '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMIIB\nMI!B\n-----END RSA PRIVATE KEY-----',
      message: 'PEM RSA PRIVATE KEY body, line 6: invalid base64: character "!"',
    },
    {
      name: 'truncated base64',
      text: '-----BEGIN CERTIFICATE-----\nMIIBA\n-----END CERTIFICATE-----',
      message: 'PEM CERTIFICATE body, line 2: truncated base64: one character cannot encode a byte',
    },
    {
      name: 'CRLF line endings',
      text: '-----BEGIN CERTIFICATE-----\r\nMIIB\r\nMI\u0001B\r\n-----END CERTIFICATE-----',
      message: 'PEM CERTIFICATE body, line 3: invalid base64: character "\\u0001"',
    },
    {
      name: 'JSON string with \\n escapes: the line of the string',
      text: '{\n"pem": "-----BEGIN CERTIFICATE-----\\nMIIB\\nM*IB\\n-----END CERTIFICATE-----"}',
      message: 'PEM CERTIFICATE body, line 2: invalid base64: character "*"',
    },
    { name: 'empty body', text: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----', message: 'PEM CERTIFICATE body: empty body' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = scanPem(c.text);
      assert.deepEqual(
        r.problems.map((p) => [p.code, p.message]),
        [['pem-malformed', c.message]],
      );
    });
  }
});
