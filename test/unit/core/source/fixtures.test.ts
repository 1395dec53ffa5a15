/**
 * The source-code fixtures (scripts/gen-source-fixtures.mjs): every form
 * decodes to the committed certificate, on the exact range of its literal,
 * with no `pem-malformed`.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeText } from '../../../../src/core/analysis/decode';
import { scanPem } from '../../../../src/core/pem/scanner';
import { LineIndex } from '../../../../src/core/util/line-index';
import type { Span } from '../../../../src/core/types';

const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures');
const SOURCE = join(FIXTURES, 'source');
const pemDer = (f: string) => scanPem(readFileSync(join(FIXTURES, 'certs', f), 'utf8')).blocks[0]?.der ?? new Uint8Array(0);
const DER = {
  root: pemDer('root.pem'),
  int: pemDer('int.pem'),
  leaf: new Uint8Array(readFileSync(join(FIXTURES, 'certs', 'healthy.der'))),
};

/** `line:column`, both 1-based, as an editor shows them. */
type Pos = `${number}:${number}`;
interface Expected {
  readonly cert: keyof typeof DER;
  readonly form: string;
  readonly from: Pos;
  readonly to: Pos;
}
interface Row {
  readonly file: string;
  readonly items: Expected[];
  /** `pem-skipped` infos, by range. */
  readonly skipped?: Array<[Pos, Pos]>;
  readonly language?: string;
}

const rows: Row[] = [
  { file: 'esp32-wifi-client-secure.ino', items: [{ cert: 'root', form: 'continuation', from: '9:6', to: '20:35' }] },
  { file: 'arduino-continued-literal.ino', items: [{ cert: 'root', form: 'continuation', from: '4:39', to: '15:29' }] },
  {
    file: 'aws-iot-secrets.h',
    items: [
      { cert: 'root', form: 'raw-string', from: '9:43', to: '22:6' },
      { cert: 'int', form: 'raw-string', from: '25:44', to: '39:6' },
    ],
  },
  {
    file: 'azure-iot-certs.c',
    items: [
      { cert: 'root', form: 'adjacent', from: '7:1', to: '18:32' },
      { cert: 'int', form: 'adjacent', from: '20:1', to: '32:32' },
    ],
  },
  { file: 'root-ca-define.h', items: [{ cert: 'root', form: 'define', from: '5:5', to: '16:34' }] },
  { file: 'esp32-ca-der.h', items: [{ cert: 'root', form: 'byte-array', from: '2:26', to: '43:2' }] },
  { file: 'esp32-ca-pem-bytes.h', items: [{ cert: 'root', form: 'byte-array', from: '1:40', to: '61:2' }] },
  { file: 'device-cert-escaped.c', items: [{ cert: 'leaf', form: 'escaped-bytes', from: '3:5', to: '44:67' }] },
  { file: 'pinned-root.cpp', items: [{ cert: 'root', form: 'raw-string', from: '4:33', to: '15:28' }] },
  {
    file: 'tls_test.go',
    language: 'go',
    items: [
      { cert: 'root', form: 'backtick', from: '5:17', to: '18:2' },
      { cert: 'int', form: 'concatenation', from: '20:23', to: '32:31' },
    ],
  },
  {
    file: 'test_tls.py',
    language: 'python',
    items: [
      { cert: 'root', form: 'multiline-string', from: '4:12', to: '16:4' },
      { cert: 'int', form: 'adjacent', from: '19:5', to: '31:34' },
      { cert: 'leaf', form: 'escaped-bytes', from: '34:12', to: '34:1632' },
    ],
    // The docstring's example (`MIIB...`) is an example, not a certificate.
    skipped: [['41:9', '44:12']],
  },
  {
    file: 'tls.rs',
    language: 'rust',
    items: [
      { cert: 'root', form: 'raw-string', from: '3:28', to: '15:3' },
      { cert: 'int', form: 'continuation', from: '17:36', to: '29:64' },
    ],
  },
  {
    file: 'TlsTest.java',
    language: 'java',
    items: [
      { cert: 'root', form: 'concatenation', from: '7:9', to: '18:38' },
      { cert: 'int', form: 'multiline-string', from: '20:52', to: '34:12' },
    ],
  },
  {
    file: 'TlsTest.kt',
    language: 'kotlin',
    items: [
      { cert: 'root', form: 'multiline-string', from: '3:15', to: '16:4' },
      { cert: 'int', form: 'concatenation', from: '18:23', to: '30:34' },
    ],
  },
  {
    file: 'TlsTests.cs',
    language: 'csharp',
    items: [
      { cert: 'root', form: 'concatenation', from: '6:9', to: '17:38' },
      { cert: 'int', form: 'verbatim-string', from: '19:44', to: '31:27' },
    ],
  },
  {
    file: 'tls.test.js',
    language: 'javascript',
    items: [
      { cert: 'root', form: 'backtick', from: '4:17', to: '16:2' },
      { cert: 'int', form: 'concatenation', from: '19:3', to: '31:32' },
    ],
  },
  {
    file: 'tls.test.ts',
    language: 'typescript',
    items: [{ cert: 'root', form: 'backtick', from: '17:25', to: '30:2' }],
    // The JSDoc example, then the template with ${body}.
    skipped: [
      ['5:4', '7:29'],
      ['11:15', '13:27'],
    ],
  },
  { file: 'TlsTests.swift', language: 'swift', items: [{ cert: 'root', form: 'multiline-string', from: '4:19', to: '17:12' }] },
  {
    file: 'templates.c',
    items: [],
    // Commented block, commented block, printf format, printf call; the bare marker constant gets nothing.
    skipped: [
      ['4:30', '4:74'],
      ['8:4', '10:29'],
      ['13:10', '13:72'],
      ['16:4', '18:29'],
    ],
  },
];

describe('source fixtures: each form on its exact range', () => {
  it('covers every fixture file', () => {
    assert.deepEqual(rows.map((r) => r.file).sort(), readdirSync(SOURCE).sort());
  });
  for (const row of rows) {
    it(row.file, async () => {
      const text = readFileSync(join(SOURCE, row.file), 'utf8');
      const lines = new LineIndex(text);
      const pos = (o: number): Pos => {
        const p = lines.position(o);
        return `${p.line + 1}:${p.character + 1}`;
      };
      const range = (s: Span) => [pos(s.start), pos(s.end)];
      const d = await decodeText(text, row.language ? { language: row.language } : {});
      assert.deepEqual(
        d.items.map((i) => ({ kind: i.kind, form: i.source?.form, language: i.source?.language, range: range(i.span) })),
        row.items.map((e) => ({ kind: 'certificate', form: e.form, language: row.language, range: [e.from, e.to] })),
      );
      row.items.forEach((e, n) => assert.deepEqual(d.items[n]?.der, DER[e.cert], `item ${n} is ${e.cert}`));
      assert.deepEqual(
        d.problems.map((p) => [p.code, p.severity, ...range(p.span)]).sort(),
        (row.skipped ?? []).map(([a, b]) => ['pem-skipped', 'info', a, b]).sort(),
      );
    });
  }
  it('no fixture has a pem-malformed finding', async () => {
    let items = 0;
    for (const f of readdirSync(SOURCE)) {
      const d = await decodeText(readFileSync(join(SOURCE, f), 'utf8'));
      assert.deepEqual(
        d.problems.filter((p) => p.code === 'pem-malformed' || p.severity !== 'info'),
        [],
        f,
      );
      items += d.items.length;
    }
    assert.equal(items, 28);
  });
  it('a range starts on the literal (quote or prefix) and ends after its closing quote or bracket', async () => {
    for (const f of readdirSync(SOURCE)) {
      const text = readFileSync(join(SOURCE, f), 'utf8');
      for (const i of (await decodeText(text)).items) {
        assert.match(text.slice(i.span.start, i.span.start + 7), /^(?:["'`{]|R"|r#"|@"|b')/, f);
        assert.match(text.slice(i.span.end - 1, i.span.end), /["'`}#]/, f);
      }
    }
  });
});
