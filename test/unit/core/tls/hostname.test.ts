import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchesHostname } from '../../../../src/core/tls/hostname';

describe('matchesHostname (RFC 6125 §6.4)', () => {
  const cases: Array<[string, string[], string, boolean]> = [
    ['example.com', ['DNS:example.com'], '', true],
    ['EXAMPLE.com.', ['DNS:example.com'], '', true],
    ['www.example.com', ['DNS:*.example.com'], '', true],
    ['a.b.example.com', ['DNS:*.example.com'], '', false],
    ['example.com', ['DNS:*.example.com'], '', false],
    ['.example.com', ['DNS:*.example.com'], '', false],
    ['example.com', ['DNS:*.com'], '', false],
    ['www.example.com', ['DNS:w*.example.com'], '', false],
    ['other.example', ['DNS:example.com', 'DNS:www.example.com'], '', false],
    ['example.com', [], 'CN=example.com, O=Org', true],
    ['example.com', ['DNS:other.example'], 'CN=example.com', false],
    ['example.com', ['IP:192.0.2.1'], 'CN=example.com', true],
    ['192.0.2.1', ['IP:192.0.2.1'], '', true],
    ['192.0.2.1', ['DNS:192.0.2.1'], '', false],
    ['192.0.2.1', [], 'CN=192.0.2.1', false],
    ['::1', ['IP:0:0:0:0:0:0:0:1'], '', true],
    ['::1', ['IP:::1'], '', true],
    ['::2', ['IP:::1'], '', false],
    ['localhost', ['DNS:localhost', 'IP:127.0.0.1'], '', true],
    ['', ['DNS:example.com'], '', false],
  ];
  for (const [name, sans, subject, want] of cases) {
    it(`${JSON.stringify(name)} vs ${JSON.stringify(sans)} ${subject}: ${want}`, () => {
      assert.equal(matchesHostname(name, { subjectAltNames: sans, subject }), want);
    });
  }
});
