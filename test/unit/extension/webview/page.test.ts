/** The shared webview page shell: escaping, CSP, nonce. Pure, no 'vscode'. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { esc, newNonce, pageCsp, renderPage, type WebviewResources } from '../../../../src/extension/webview/page';

const R: WebviewResources = {
  nonce: 'N0nce123abc',
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  styleUri: 'https://x.test/p.css',
  scriptUri: 'https://x.test/p.js',
};

describe('esc', () => {
  const cases: Array<[string, string]> = [
    ['', ''],
    ['plain', 'plain'],
    ['&', '&#38;'],
    ['<script>', '&#60;script&#62;'],
    ['"double"', '&#34;double&#34;'],
    ["'single'", '&#39;single&#39;'],
    ['`back`', '&#96;back&#96;'],
    ['&#60;', '&#38;#60;'],
    ['Zürich 東京 🔒', 'Zürich 東京 🔒'],
  ];
  for (const [input, want] of cases) it(JSON.stringify(input), () => assert.equal(esc(input), want));
});

describe('pageCsp', () => {
  it('nothing by default, our origin for styles, images and fonts, scripts by nonce only', () => {
    assert.equal(
      pageCsp(R),
      `default-src 'none'; style-src ${R.cspSource}; script-src 'nonce-${R.nonce}'; img-src ${R.cspSource}; font-src ${R.cspSource}`,
    );
    assert.doesNotMatch(pageCsp(R), /unsafe-inline|unsafe-eval|\*/);
  });
});

describe('newNonce', () => {
  it('is 32 hex digits and fresh each time', () => {
    const a = newNonce();
    assert.match(a, /^[0-9a-f]{32}$/);
    assert.notEqual(newNonce(), a);
  });
});

describe('renderPage', () => {
  // The nonce is ours (newNonce); the URIs come from VS Code and are escaped all the same.
  const hostile: WebviewResources = {
    nonce: R.nonce,
    cspSource: R.cspSource,
    styleUri: 'x" onload="alert(1)',
    scriptUri: "y' onerror='alert(2)",
  };
  const rows: Array<[name: string, title: string, r: WebviewResources]> = [
    ['plain', 'server.pem', R],
    ['hostile title', '</title><script>alert(5)</script>', R],
    ['hostile resource URIs', 'x', hostile],
    ['empty title', '', R],
  ];
  for (const [name, title, r] of rows) {
    it(name, () => {
      const html = renderPage(title, '<p>BODY</p>', r);
      assert.equal(html.match(/<meta http-equiv/g)?.length, 1, 'one CSP meta');
      assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<link'), 'CSP comes before any resource');
      assert.ok(html.includes(`<title>${esc(title)}</title>`));
      assert.equal(html.match(/<script/g)?.length, 1, 'only our script');
      assert.ok(html.includes(`<script nonce="${esc(r.nonce)}" src="${esc(r.scriptUri)}"></script>`));
      assert.ok(html.includes(`<link rel="stylesheet" href="${esc(r.styleUri)}">`));
      assert.ok(html.includes('\n<p>BODY</p>\n'), 'the body as given');
    });
  }
});
