/** Pure helpers of "Check TLS Endpoint…": target validation (the probe's parser), history, proxy, ALPN, timeout. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  describeTarget,
  parseAlpn,
  parseTargetInput,
  parseTimeout,
  proxyEnvironment,
  pushHistory,
  validateTargetInput,
  HISTORY_MAX,
} from '../../../../src/extension/endpoints/input';

describe('validateTargetInput reuses parseTarget', () => {
  const ok: Array<[string, string]> = [
    ['example.com', 'example.com:443'],
    ['example.com:8443', 'example.com:8443'],
    ['[::1]:8443', '[::1]:8443'],
    ['::1', '[::1]:443'],
    ['https://host.example:8443/x', 'host.example:8443'],
    ['smtps://mail.example', 'mail.example:465'],
    ['ldaps://dir.example', 'dir.example:636'],
    ['smtp://mail.example', 'mail.example:25 (STARTTLS smtp)'],
    ['imap://mail.example:1143', 'mail.example:1143 (STARTTLS imap)'],
    ['  127.0.0.1:443  ', '127.0.0.1:443'],
    ['https://user:pw@host.example/', 'host.example:443'],
  ];
  for (const [input, want] of ok) {
    it(`accepts ${JSON.stringify(input)}`, () => {
      assert.equal(validateTargetInput(input), undefined);
      const r = parseTargetInput(input);
      assert.ok(r.ok);
      assert.equal(describeTarget(r.target), want);
    });
  }
  const bad: Array<[string, RegExp]> = [
    ['', /Type host/],
    ['   ', /Type host/],
    ['host:0', /not a port/],
    ['host:65536', /not a port/],
    ['host:abc', /not a port/],
    ['[::1', /missing '\]'/],
    ['[::1]x', /unexpected/],
    ['gopher://x', /unknown scheme/],
    ['a b', /not a host name/],
    ['<script>', /not a host name/],
    ['1:2:3', /not an IPv6 address/],
  ];
  for (const [input, want] of bad) it(`rejects ${JSON.stringify(input)}`, () => assert.match(validateTargetInput(input) ?? '', want));
  it('a STARTTLS option changes the default port', () => {
    const r = parseTargetInput('mail.example', 'smtp');
    assert.ok(r.ok);
    assert.equal(describeTarget(r.target), 'mail.example:25 (STARTTLS smtp)');
  });
});

describe('pushHistory', () => {
  it('puts the newest first and drops case-insensitive duplicates', () => {
    assert.deepEqual(pushHistory(['b.example', 'A.example', 'c.example'], 'a.example'), ['a.example', 'b.example', 'c.example']);
  });
  it(`keeps at most ${HISTORY_MAX}`, () => {
    const long = Array.from({ length: 30 }, (_, i) => `h${i}.example`);
    const h = pushHistory(long, 'new.example');
    assert.equal(h.length, 20);
    assert.equal(h[0], 'new.example');
    assert.equal(h[19], 'h18.example');
  });
  it('ignores junk in globalState', () => {
    assert.deepEqual(pushHistory([1, null, '', ' ', 'ok.example', { x: 1 }] as unknown[], 'n.example'), ['n.example', 'ok.example']);
    assert.deepEqual(pushHistory(undefined, 'n.example'), ['n.example']);
  });
  it('an empty entry only cleans the list', () => assert.deepEqual(pushHistory(['a', 2, 'b'] as unknown[], '  '), ['a', 'b']));
  it('trims the entry', () => assert.deepEqual(pushHistory([], '  x.example '), ['x.example']));
});

describe('proxyEnvironment', () => {
  it('uses the process environment when VS Code has no proxy', () => {
    assert.deepEqual(proxyEnvironment(undefined, [], { HTTPS_PROXY: 'http://p:3128', NO_PROXY: 'internal' }), {
      HTTPS_PROXY: 'http://p:3128',
      NO_PROXY: 'internal',
    });
    assert.deepEqual(proxyEnvironment('', undefined, { https_proxy: 'http://p:3128', no_proxy: 'x' }), {
      HTTPS_PROXY: 'http://p:3128',
      NO_PROXY: 'x',
    });
  });
  it('http.proxy wins over HTTPS_PROXY; http.noProxy joins NO_PROXY', () => {
    assert.deepEqual(
      proxyEnvironment(' http://vs:8080 ', ['a.example', '10.0.0.0'], { HTTPS_PROXY: 'http://env:3128', NO_PROXY: 'b.example' }),
      {
        HTTPS_PROXY: 'http://vs:8080',
        NO_PROXY: 'a.example,10.0.0.0,b.example',
      },
    );
  });
  it('nothing set: no proxy', () =>
    assert.deepEqual(proxyEnvironment(undefined, undefined, {}), { HTTPS_PROXY: undefined, NO_PROXY: undefined }));
});

describe('parseAlpn / parseTimeout', () => {
  it('ALPN lists', () => {
    assert.deepEqual(parseAlpn('h2, http/1.1'), ['h2', 'http/1.1']);
    assert.deepEqual(parseAlpn(' h2  http/1.1 ,,'), ['h2', 'http/1.1']);
    assert.deepEqual(parseAlpn(''), []);
  });
  const t: Array<[string, number | undefined]> = [
    ['5', 5000],
    ['2.5', 2500],
    ['5s', 5000],
    ['2500ms', 2500],
    [' 10 S ', 10000],
    ['0', undefined],
    ['50ms', undefined],
    ['301', undefined],
    ['-1', undefined],
    ['abc', undefined],
    ['', undefined],
  ];
  for (const [input, want] of t) it(`timeout ${JSON.stringify(input)}`, () => assert.equal(parseTimeout(input), want));
});
