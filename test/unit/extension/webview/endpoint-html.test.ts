/** The endpoint report webview HTML and its message protocol: pure, no 'vscode'. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndpointReport, ReportedCertificate } from '../../../../src/core/tls/report-types';
import { renderEndpointHtml, type EndpointViewModel } from '../../../../src/extension/webview/endpoint-html';
import { pageCsp, type WebviewResources } from '../../../../src/extension/webview/page';
import { parseEndpointMessage } from '../../../../src/extension/webview/endpoint-protocol';

const R: WebviewResources = {
  nonce: 'N0nce123abc',
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  styleUri: 'https://x.test/endpoint.css',
  scriptUri: 'https://x.test/endpoint.js',
};

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "' onmouseover='alert(3)",
  '`${alert(4)}`',
  '</title><script>alert(5)</script>',
  '<!-- --><iframe src="javascript:alert(6)">',
  '<meta http-equiv="Content-Security-Policy" content="default-src *">',
];

function cert(h: string, index: number, role: ReportedCertificate['role'] = 'leaf'): ReportedCertificate {
  return {
    index,
    sha256: h,
    spkiSha256: h,
    subject: `CN=${h}`,
    issuer: `CN=${h} issuer`,
    serialNumber: h,
    notBefore: h,
    notAfter: h,
    subjectAltNames: [`DNS:${h}`, h],
    keyAlgorithm: h,
    keySize: 256,
    signatureAlgorithm: h,
    isCA: false,
    selfSigned: false,
    mustStaple: true,
    role,
    countdown: { state: 'valid', daysLeft: 3, percentUsed: 90, text: h },
  };
}

function report(h: string): EndpointReport {
  return {
    target: h,
    host: h,
    port: 443,
    servername: h,
    verdict: { status: 'error', text: `ERROR ${h}` },
    tls: { version: h, cipher: h, alpn: h, handshakeMs: 12.5 },
    servedChain: [cert(h, 0), cert(`${h}2`, 1, 'intermediate'), { ...cert(h, 2, 'unparsable'), subject: '' }],
    problems: [
      { code: h, severity: 'error', message: h, certIndex: 0 },
      { code: 'cert-expiring', severity: 'warning', message: h, certIndex: 0 },
    ],
    ocsp: {
      stapled: true,
      responseStatus: h,
      status: 'revoked',
      thisUpdate: h,
      nextUpdate: h,
      producedAt: h,
      revokedAt: h,
      revocationReason: h,
      signature: 'valid',
      signer: h,
      stale: true,
      error: h,
    },
    mustStaple: true,
    clientCertificateRequested: true,
    authorizationError: h,
    starttls: h,
    proxy: h,
    error: { code: 'handshake', message: h, alert: h },
    checkedAt: h,
  };
}

function model(h: string): EndpointViewModel {
  return { report: report(h), options: [{ label: h, value: h }], compare: { file: h, verdict: 'same-key', text: h } };
}

describe('renderEndpointHtml escapes every string', () => {
  for (const h of HOSTILE) {
    it(JSON.stringify(h), () => {
      const html = renderEndpointHtml(model(h), R);
      assert.deepEqual(html.match(/<script\b[^>]*>/g), [`<script nonce="${R.nonce}" src="${R.scriptUri}">`]);
      assert.equal(html.match(/<(img|iframe)\b/g), null);
      assert.equal(html.match(/<meta http-equiv/g)?.length, 1, 'only our CSP meta');
      assert.equal(html.includes(h), false, 'the raw string never appears');
      // Inside real tags ('<' and '>' in text are escaped) there is no event handler attribute.
      const handlers = (html.match(/<[a-z][^>]*>/gi) ?? []).filter((tag) => /\son\w+\s*=/i.test(tag));
      assert.deepEqual(handlers, []);
      // Every tag is one the renderer writes itself.
      const tags = new Set([...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase()));
      const allowed = [
        'html',
        'head',
        'meta',
        'link',
        'title',
        'body',
        'h1',
        'h2',
        'h3',
        'div',
        'button',
        'p',
        'strong',
        'table',
        'tr',
        'th',
        'td',
        'ul',
        'li',
        'span',
        'code',
        'a',
        'section',
        'script',
      ];
      assert.deepEqual(
        [...tags].filter((t) => !allowed.includes(t)),
        [],
      );
    });
  }
});

describe('CSP', () => {
  it('is strict: nothing by default, our stylesheet origin, scripts by nonce only', () => {
    assert.equal(
      pageCsp(R),
      `default-src 'none'; style-src ${R.cspSource}; script-src 'nonce-${R.nonce}'; img-src ${R.cspSource}; font-src ${R.cspSource}`,
    );
    const html = renderEndpointHtml(model('x'), R);
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${pageCsp(R)}">`));
    assert.equal(/unsafe-inline|unsafe-eval|\*/.test(pageCsp(R)), false);
    assert.equal(html.match(/\sstyle=/g), null, 'no inline style attributes (style-src has no unsafe-inline)');
  });
});

describe('renderEndpointHtml layout', () => {
  const ok: EndpointReport = {
    ...report('ok.example'),
    verdict: { status: 'ok', text: 'OK ok.example:443: TLSv1.3, 3 certificates served, leaf expires in 60 days' },
    servedChain: [cert('leaf', 0), cert('root', 1, 'root'), cert('int', 2, 'intermediate')],
    problems: [],
    error: undefined,
    authorizationError: undefined,
    ocsp: undefined,
    mustStaple: false,
  } as EndpointReport;
  const html = renderEndpointHtml({ report: ok, options: [] }, R);
  it('the verdict is the first heading', () => {
    const body = html.slice(html.indexOf('<body>'));
    assert.match(body, /^<body>\n<h1 class="verdict ok">OK ok\.example:443: TLSv1\.3/);
  });
  it('served certificates stay in served order', () => {
    const order = [...html.matchAll(/<h3>#(\d) <span class="role">(\w+)<\/span>/g)].map((m) => `${m[1]}${m[2]}`);
    assert.deepEqual(order, ['1leaf', '2root', '3intermediate']);
  });
  it("OpenSSL's verdict sits beside ours", () => {
    assert.match(html, /<th>CertLens<\/th><td>ok<\/td>.*<th>OpenSSL \(authorizationError\)<\/th><td>accepts the chain<\/td>/s);
    const rejected = renderEndpointHtml({ report: { ...ok, authorizationError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' }, options: [] }, R);
    assert.match(rejected, /rejects the chain: UNABLE_TO_GET_ISSUER_CERT_LOCALLY/);
  });
  it('no OCSP staple and no findings are said plainly', () => {
    assert.match(html, /<th>Stapled response<\/th><td>none sent<\/td>/);
    assert.match(html, /No findings\./);
  });
  it('OCSP details when stapled', () => {
    const h = renderEndpointHtml(model('z'), R);
    assert.match(h, /<th>Certificate status<\/th><td>revoked<\/td>/);
    assert.match(h, /<th>Signature<\/th><td>checked: valid<\/td>/);
    assert.match(h, /<th>Next update<\/th><td>z \(passed: stale\)<\/td>/);
    assert.match(h, /<th>Must-staple<\/th><td>yes: the leaf requires a stapled response<\/td>/);
  });
  it('actions are disabled when nothing was served or a check runs', () => {
    const none = renderEndpointHtml({ report: { ...ok, servedChain: [] }, options: [], checking: true }, R);
    assert.match(none, /<button data-action="saveChain" disabled>/);
    assert.match(none, /<button data-action="compare" disabled>/);
    assert.match(none, /<button data-action="recheck" disabled>Checking…/);
    assert.match(html, /<button data-action="saveChain">/);
  });
  it('the countdown is coloured by its finding', () => {
    const h = renderEndpointHtml(model('c'), R);
    assert.match(h, /<p class="countdown warning">c<\/p>/);
  });
});

describe('parseEndpointMessage', () => {
  const cases: Array<[unknown, unknown]> = [
    [{ type: 'recheck' }, { type: 'recheck' }],
    [{ type: 'saveChain', extra: 1 }, { type: 'saveChain' }],
    [{ type: 'compare' }, { type: 'compare' }],
    [{ type: 'showLog' }, { type: 'showLog' }],
    [{ type: 'export' }, undefined],
    [{ type: 'constructor' }, undefined],
    [{ type: 'toString' }, undefined],
    [{}, undefined],
    [null, undefined],
    ['recheck', undefined],
    [[{ type: 'recheck' }], undefined],
  ];
  for (const [input, want] of cases) it(JSON.stringify(input), () => assert.deepEqual(parseEndpointMessage(input), want));
});
