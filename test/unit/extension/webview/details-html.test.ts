/** The details webview HTML and its message protocol: pure, no 'vscode'. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Item } from '../../../../src/core/analysis/decode';
import { passwordRejected, renderDetailsHtml, unlockNotice, type DetailsModel } from '../../../../src/extension/webview/details-html';
import { esc, type WebviewResources } from '../../../../src/extension/webview/page';
import { parseMessage } from '../../../../src/extension/webview/protocol';

const R: WebviewResources = {
  nonce: 'N0nce123abc',
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  styleUri: 'https://x.test/details.css',
  scriptUri: 'https://x.test/details.js',
};

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "' onmouseover='alert(3)",
  '`${alert(4)}`',
  '&lt;already&gt; & more',
  '</title><script>alert(5)</script>',
  '<!-- -->',
];

function model(h: string): DetailsModel {
  return {
    fileName: h,
    selected: 0,
    locked: false,
    problems: [{ severity: 'error', code: h, message: h }],
    entries: [
      {
        description: {
          title: h,
          status: h,
          fields: [
            { label: h, value: h, copy: true },
            { label: 'Subject', value: `CN=${h}` },
          ],
        },
        extensions: [
          { oid: h, name: h, critical: true, text: h, hex: h },
          { oid: '1.2.3.4', critical: false, hex: '04:02:ab:cd' },
        ],
        exportable: true,
      },
      { description: { title: `second ${h}`, fields: [] }, extensions: [], exportable: false },
    ],
  };
}

describe('renderDetailsHtml escapes every certificate string', () => {
  for (const h of HOSTILE) {
    it(JSON.stringify(h), () => {
      const html = renderDetailsHtml(model(h), R);
      // The only script element is ours, with the nonce.
      assert.deepEqual(html.match(/<script\b[^>]*>/g), [`<script nonce="${R.nonce}" src="${R.scriptUri}">`]);
      assert.equal(html.match(/<img\b/g), null);
      for (const tag of html.match(/<[^>]*>/g) ?? [])
        assert.doesNotMatch(tag.replace(/"[^"]*"/g, '""'), /\son\w+=/i, `event-handler attribute in ${tag}`);
      assert.equal(html.includes(h), false, 'the raw string never appears');
      // Every slot shows the escaped form: title, h1, problem code + message, 2 nav links, 2 h2, status,
      // field label, value, data-text, CN= value, extension name, OID, text, hex.
      const count = html.split(esc(h)).length - 1;
      assert.equal(count, 17, `escaped occurrences of ${h}`);
    });
  }

  it('all strings are escaped in every slot (spot check of the slots)', () => {
    const html = renderDetailsHtml(model('<b>'), R);
    for (const slot of [
      '<h1>&#60;b&#62;</h1>',
      '<title>&#60;b&#62;</title>',
      '<li class="error"><span class="sev">Error</span> <code>&#60;b&#62;</code> &#60;b&#62;</li>',
      '<a href="#item-0" class="selected">&#60;b&#62;</a>',
      '<h2>&#60;b&#62;</h2>',
      '<p class="status">&#60;b&#62;</p>',
      '<tr><th>&#60;b&#62;</th><td><span class="value fingerprint">&#60;b&#62;</span> <button class="copy" data-action="copy" data-text="&#60;b&#62;" title="Copy">Copy</button></td></tr>',
      '<th>&#60;b&#62;<br><code>&#60;b&#62;</code> <span class="critical">critical</span></th>',
      '<code class="hex">&#60;b&#62;</code>',
      '<th>Unknown extension<br><code>1.2.3.4</code></th>',
    ])
      assert.ok(html.includes(slot), slot);
  });
});

describe('renderDetailsHtml structure', () => {
  it('CSP meta: default-src none, nonce for scripts, nothing inline', () => {
    const html = renderDetailsHtml(model('x'), R);
    const metas = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g);
    assert.equal(metas?.length, 1);
    const csp = /content="([^"]*)"/.exec(metas![0]!)![1]!;
    assert.equal(
      csp,
      `default-src 'none'; style-src ${R.cspSource}; script-src 'nonce-${R.nonce}'; img-src ${R.cspSource}; font-src ${R.cspSource}`,
    );
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<link'), 'CSP comes before any resource');
    assert.doesNotMatch(html, /<style\b|style="/, 'no inline style');
  });

  const cases: Array<{ name: string; m: DetailsModel; has: string[]; hasNot: string[] }> = [
    {
      name: 'empty file',
      m: { fileName: 'a.pem', entries: [], problems: [] },
      has: ['<p>No certificate material found in this file.</p>'],
      hasNot: ['<nav>', 'Unlock', '<ul class="problems">'],
    },
    {
      name: 'locked PKCS#12',
      m: { fileName: 'a.p12', entries: [], problems: [], locked: true },
      has: ['data-action="unlock"', 'Locked: the certificates in this PKCS#12 file are encrypted.'],
      hasNot: ['No certificate material'],
    },
    {
      name: 'unverified keystore: its own notice, escaped',
      m: { fileName: 'a.jks', entries: [], problems: [], locked: true, lockedNotice: 'not <verified>' },
      has: ['data-action="unlock"', 'not &#60;verified&#62;'],
      hasNot: ['PKCS#12', '<verified>'],
    },
    {
      name: 'one exportable entry: no nav, export buttons',
      m: { fileName: 'a.pem', entries: [{ description: { title: 't', fields: [] }, extensions: [], exportable: true }], problems: [] },
      has: ['data-action="export" data-index="0" data-format="pem"', 'data-action="export" data-index="0" data-format="der"'],
      hasNot: ['<nav>', '<h3>Extensions</h3>'],
    },
    {
      name: 'keys are never exportable',
      m: {
        fileName: 'k.key',
        entries: [{ description: { title: 'PRIVATE KEY block', fields: [] }, extensions: [], exportable: false }],
        problems: [],
      },
      has: ['<h2>PRIVATE KEY block</h2>'],
      hasNot: ['data-action="export"'],
    },
    {
      name: 'selection beyond the entries highlights nothing',
      m: { fileName: 'a.pem', selected: 9, entries: model('x').entries, problems: [] },
      has: ['<nav><ol>'],
      hasNot: ['class="selected"', 'item selected'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const html = renderDetailsHtml(c.m, R);
      for (const s of c.has) assert.ok(html.includes(s), `has ${s}`);
      for (const s of c.hasNot) assert.ok(!html.includes(s), `has not ${s}`);
    });
  }
});

describe('renderDetailsHtml crt.sh links', () => {
  const url = `https://crt.sh/?sha256=${'a1'.repeat(32)}`;
  const base = { fileName: 'x.pem', problems: [] };
  const entry = { description: { title: 't', fields: [] }, extensions: [], exportable: true };
  it('a button per link, posting openLink with the URL, label and tooltip escaped', () => {
    const html = renderDetailsHtml(
      { ...base, entries: [{ ...entry, links: [{ label: 'Search <crt.sh>', url, title: 'Private "CAs" are not logged' }] }] },
      R,
    );
    assert.ok(
      html.includes(
        `<button data-action="openLink" data-url="${url}" title="Private &#34;CAs&#34; are not logged">Search &#60;crt.sh&#62;</button>`,
      ),
      html,
    );
  });
  it('no links, no button (setting off, keys, CSRs)', () => {
    for (const links of [undefined, []]) {
      const html = renderDetailsHtml({ ...base, entries: [{ ...entry, ...(links && { links }) }] }, R);
      assert.doesNotMatch(html, /openLink/);
    }
  });
});

describe('parseMessage', () => {
  const ok: Array<[unknown, unknown]> = [
    [
      { type: 'copy', text: 'ab:cd' },
      { type: 'copy', text: 'ab:cd' },
    ],
    [
      { type: 'copy', text: '' },
      { type: 'copy', text: '' },
    ],
    [
      { type: 'copy', text: 'x', extra: '<script>' },
      { type: 'copy', text: 'x' },
    ],
    [
      { type: 'export', index: 0, format: 'pem' },
      { type: 'export', index: 0, format: 'pem' },
    ],
    [
      { type: 'export', index: 3, format: 'der', path: '/etc/passwd' },
      { type: 'export', index: 3, format: 'der' },
    ],
    [{ type: 'unlock' }, { type: 'unlock' }],
    [{ type: 'unlock', password: 'secret' }, { type: 'unlock' }],
    [
      { type: 'openLink', url: `https://crt.sh/?sha256=${'a1'.repeat(32)}` },
      { type: 'openLink', url: `https://crt.sh/?sha256=${'a1'.repeat(32)}` },
    ],
    [
      { type: 'openLink', url: `https://crt.sh/?spkisha256=${'F0'.repeat(32)}`, target: '_self' },
      { type: 'openLink', url: `https://crt.sh/?spkisha256=${'F0'.repeat(32)}` },
    ],
  ];
  for (const [input, want] of ok) it(`accepts ${JSON.stringify(input)}`, () => assert.deepEqual(parseMessage(input), want));

  const bad: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'copy'],
    ['a number', 1],
    ['an array', ['copy', 'x']],
    ['an empty object', {}],
    ['unknown type', { type: 'eval', code: 'alert(1)' }],
    ['type in another case', { type: 'COPY', text: 'x' }],
    ['copy without text', { type: 'copy' }],
    ['copy with a number', { type: 'copy', text: 42 }],
    ['copy with an object', { type: 'copy', text: { toString: () => 'x' } }],
    ['copy of 10,000 characters', { type: 'copy', text: 'a'.repeat(10_000) }],
    ['export index as a string', { type: 'export', index: '0', format: 'pem' }],
    ['export fractional index', { type: 'export', index: 1.5, format: 'pem' }],
    ['export NaN index', { type: 'export', index: Number.NaN, format: 'pem' }],
    ['export Infinity index', { type: 'export', index: Number.POSITIVE_INFINITY, format: 'pem' }],
    ['export without format', { type: 'export', index: 0 }],
    ['export with format txt', { type: 'export', index: 0, format: 'txt' }],
    ['export with format PEM', { type: 'export', index: 0, format: 'PEM' }],
    ['openLink without url', { type: 'openLink' }],
    ['openLink to another site', { type: 'openLink', url: 'https://evil.test/?sha256=' + 'a1'.repeat(32) }],
    ['openLink over http', { type: 'openLink', url: `http://crt.sh/?sha256=${'a1'.repeat(32)}` }],
    ['openLink with a free-text query', { type: 'openLink', url: 'https://crt.sh/?q=%25.example.com' }],
    ['openLink with an extra parameter', { type: 'openLink', url: `https://crt.sh/?sha256=${'a1'.repeat(32)}&x=1` }],
    ['openLink to a command URI', { type: 'openLink', url: 'command:workbench.action.terminal.new' }],
    ['openLink with a url object', { type: 'openLink', url: { toString: () => `https://crt.sh/?sha256=${'a1'.repeat(32)}` } }],
  ];
  for (const [name, input] of bad) it(`rejects ${name}`, () => assert.equal(parseMessage(input), undefined));

  it('rejects a negative export index', () => {
    assert.equal(parseMessage({ type: 'export', index: -1, format: 'pem' }), undefined);
  });
});

describe('unlockNotice', () => {
  const base = { span: { start: 0, end: 0 }, der: new Uint8Array(0) };
  const p12 = (status: 'ok' | 'needs-password' | 'wrong-password' | 'malformed'): Item => ({
    ...base,
    label: 'PKCS12',
    kind: 'pkcs12',
    status,
    certificateCount: 0,
    keyCount: 0,
    encryption: [],
  });
  const jks = (integrity: 'verified' | 'unverified' | 'failed' | 'unknown'): Item => ({
    ...base,
    label: 'JKS',
    kind: 'keystore',
    format: 'JKS',
    integrity,
    entries: [],
  });
  const cases: Array<[string, Item[], RegExp | undefined]> = [
    ['nothing', [], undefined],
    ['PKCS#12 needs a password', [p12('needs-password')], /^Locked: the certificates in this PKCS#12 file are encrypted\.$/],
    ['PKCS#12 wrong password', [p12('wrong-password')], /Wrong password/],
    ['PKCS#12 open', [p12('ok')], undefined],
    ['PKCS#12 malformed: no password helps', [p12('malformed')], undefined],
    ['keystore unverified', [jks('unverified')], /integrity is not verified/],
    ['keystore failed', [jks('failed')], /wrong password, or the file was modified/],
    ['keystore verified', [jks('verified')], undefined],
    ['keystore malformed', [jks('unknown')], undefined],
  ];
  for (const [name, items, want] of cases) {
    it(name, () => {
      const got = unlockNotice(items);
      if (want) assert.match(got ?? '', want);
      else assert.equal(got, undefined);
    });
  }
  // The unlock prompt stays open exactly when a given password did not open the file.
  const rejected: Array<[string, Item[], boolean]> = [
    ['PKCS#12 wrong password', [p12('wrong-password')], true],
    ['PKCS#12 still needs one', [p12('needs-password')], false],
    ['PKCS#12 open', [p12('ok')], false],
    ['keystore digest failed', [jks('failed')], true],
    ['keystore verified', [jks('verified')], false],
    ['nothing', [], false],
  ];
  for (const [name, items, want] of rejected) it(`passwordRejected: ${name}`, () => assert.equal(passwordRejected(items), want));
});

describe('renderDetailsHtml: findings, chain, extensions, fingerprints', () => {
  const fp = 'AB:CD:EF:01';
  const m: DetailsModel = {
    fileName: 'leaf.pem',
    problems: [{ severity: 'info', code: 'file-note', message: 'outside every block' }],
    entries: [
      {
        description: {
          title: 'leaf · a.test',
          fields: [
            { label: 'SHA-256', value: fp, copy: true },
            { label: 'Extensions', value: 'basicConstraints (critical)' },
          ],
        },
        extensions: [{ oid: '2.5.29.19', name: 'basicConstraints', critical: true, text: 'CA:FALSE', hex: '30:00' }],
        exportable: true,
        chain: { ok: false, text: 'missing intermediate: CN=R11' },
        findings: [
          { severity: 'error', code: 'cert-expired', message: 'expired' },
          { severity: 'warning', code: 'cabf-x', message: 'warn' },
        ],
      },
    ],
  };
  const html = renderDetailsHtml(m, R);
  it('every finding of a block, in its severity colour class with the word', () => {
    assert.match(html, /<li class="error"><span class="sev">Error<\/span> <code>cert-expired<\/code> expired<\/li>/);
    assert.match(html, /<li class="warning"><span class="sev">Warning<\/span> <code>cabf-x<\/code> warn<\/li>/);
    assert.match(html, /<li class="info"><span class="sev">Info<\/span> <code>file-note<\/code>/);
  });
  it('the chain verdict, coloured when it fails', () => {
    assert.match(html, /<p class="chain bad"><strong>Chain:<\/strong> missing intermediate: CN=R11<\/p>/);
  });
  it('"Extensions" once: the table, not also a field', () => {
    assert.equal(html.split('Extensions').length - 1, 1, html);
  });
  it('fingerprints break only between bytes and copy whole', () => {
    assert.match(html, /<span class="value fingerprint">AB:<wbr>CD:<wbr>EF:<wbr>01<\/span>/);
    assert.match(html, /data-action="copy" data-text="AB:CD:EF:01"/);
  });
});
