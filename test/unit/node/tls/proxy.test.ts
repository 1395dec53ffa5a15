import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noProxyMatches, parseProxyUrl, resolveProxy } from '../../../../src/node/tls/proxy';

describe('NO_PROXY matching', () => {
  const cases: Array<[string | undefined, string, number, boolean]> = [
    [undefined, 'example.com', 443, false],
    ['*', 'anything.example', 443, true],
    ['example.com', 'example.com', 443, true],
    ['example.com', 'www.example.com', 443, true],
    ['.example.com', 'www.example.com', 443, true],
    ['*.example.com', 'www.example.com', 443, true],
    ['example.com', 'notexample.com', 443, false],
    ['example.com:8443', 'example.com', 443, false],
    ['example.com:8443', 'example.com', 8443, true],
    ['localhost, 127.0.0.1 ,::1', '::1', 443, true],
    ['[::1]', '::1', 443, true],
    [' , ', 'example.com', 443, false],
  ];
  for (const [env, host, port, want] of cases) {
    it(`${JSON.stringify(env)} ${host}:${port} → ${want}`, () => assert.equal(noProxyMatches(env, host, port), want));
  }
});

describe('proxy URLs', () => {
  it('parses credentials and default port', () => {
    assert.deepEqual(parseProxyUrl('http://us%40er:p%3Ass@proxy.example'), {
      host: 'proxy.example',
      port: 80,
      auth: 'us@er:p:ss',
      display: 'http://proxy.example',
    });
    assert.deepEqual(parseProxyUrl('proxy.example:3128'), { host: 'proxy.example', port: 3128, display: 'http://proxy.example:3128' });
    assert.deepEqual(parseProxyUrl('http://[::1]:3128'), { host: '::1', port: 3128, display: 'http://[::1]:3128' });
  });
  it('rejects other schemes and junk', () => {
    assert.match((parseProxyUrl('https://proxy.example') as { error: string }).error, /only http:\/\//);
    assert.match((parseProxyUrl('http://') as { error: string }).error, /not a proxy URL/);
  });
  it('explicit beats environment; false disables; NO_PROXY bypasses the environment only', () => {
    const env = { HTTPS_PROXY: 'http://env-proxy:3128', NO_PROXY: 'internal.example' };
    assert.equal((resolveProxy('a.example', 443, undefined, env) as { host: string }).host, 'env-proxy');
    assert.equal(resolveProxy('x.internal.example', 443, undefined, env), undefined);
    assert.equal((resolveProxy('x.internal.example', 443, 'http://explicit:1', env) as { host: string }).host, 'explicit');
    assert.equal(resolveProxy('a.example', 443, false, env), undefined);
    assert.equal((resolveProxy('a.example', 443, undefined, { https_proxy: 'http://lower:8080' }) as { port: number }).port, 8080);
    assert.equal(resolveProxy('a.example', 443, undefined, {}), undefined);
  });
});
