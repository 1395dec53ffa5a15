import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dnsMatches, ipToText, isValidDnsName, parseIp } from '../../../../src/core/chain/hostname.js';
import { checkNameConstraints } from '../../../../src/core/chain/name-constraints.js';
import type { GeneralName } from '../../../../src/core/chain/names.js';

describe('dnsMatches (RFC 6125 §6.4.3)', () => {
  const cases: [string, string, boolean][] = [
    ['example.com', 'EXAMPLE.com', true],
    ['*.example.com', 'foo.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'a.b.example.com', false],
    ['abc.example.com', 'def.example.com', false],
    // Shared with the endpoint check (tls/hostname.ts) since the two matchers merged:
    ['example.com.', 'example.com', true],
    ['*.example.com', 'www.example.com.', true],
    ['*.example.com', '.example.com', false],
    ['*.com', 'example.com', false],
    ['*.*.example.com', 'a.b.example.com', false],
    ['w*.example.com', 'www.example.com', false],
    ['', '', false],
    ['*.', 'a.', false],
  ];
  for (const [p, h, want] of cases) it(`${p} vs ${h}`, () => assert.equal(dnsMatches(p, h), want));
});

describe('isValidDnsName', () => {
  const cases: [string, boolean, boolean][] = [
    ['example.com', false, true],
    ['*.example.com', true, true],
    ['*.example.com', false, false],
    ['*', true, false],
    ['foo.*.example.com', true, false],
    ['ba*.example.com', true, false],
    ['foo_bar.example.com', false, false],
    ['.example.com', false, false],
    ['', false, false],
  ];
  for (const [n, wc, want] of cases) it(`${JSON.stringify(n)} wildcard=${wc}`, () => assert.equal(isValidDnsName(n, wc), want));
});

describe('parseIp / ipToText', () => {
  const cases: [string, string | undefined][] = [
    ['192.0.2.1', '192.0.2.1'],
    ['192.000.2.1', undefined],
    ['256.0.0.1', undefined],
    ['::1', '::1'],
    ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
    ['1:2:3:4:5:6:7:8:9', undefined],
    ['example.com', undefined],
  ];
  for (const [text, canon] of cases) {
    it(text, () => {
      const b = parseIp(text);
      assert.equal(b ? ipToText(b) : undefined, canon);
    });
  }
});

describe('checkNameConstraints (RFC 5280 §4.2.1.10)', () => {
  const dns = (text: string): GeneralName => ({ kind: 'dns', text, ascii: true });
  const ip = (...b: number[]): GeneralName => ({ kind: 'ip', bytes: Uint8Array.from(b) });
  const email = (text: string): GeneralName => ({ kind: 'email', text, ascii: true });
  const cases: [string, { permitted?: GeneralName[]; excluded?: GeneralName[] }, GeneralName[], boolean][] = [
    ['subdomain permitted', { permitted: [dns('example.com')] }, [dns('a.b.example.com')], true],
    ['suffix is not a label boundary', { permitted: [dns('example.com')] }, [dns('notexample.com')], false],
    ['excluded wins over permitted', { permitted: [dns('example.com')], excluded: [dns('example.com')] }, [dns('example.com')], false],
    ['wildcard SAN inside permitted', { permitted: [dns('foo.com')] }, [dns('*.foo.com')], true],
    ['wildcard SAN wider than permitted', { permitted: [dns('foo.example.com')] }, [dns('*.example.com')], false],
    ['wildcard SAN covers an excluded name', { excluded: [dns('bar.example.com')] }, [dns('*.example.com')], false],
    ['other type unconstrained', { permitted: [ip(192, 0, 2, 0, 255, 255, 255, 0)] }, [dns('example.com')], true],
    ['IP in range', { permitted: [ip(192, 0, 2, 0, 255, 255, 255, 0)] }, [ip(192, 0, 2, 9)], true],
    ['IP out of range', { permitted: [ip(192, 0, 2, 0, 255, 255, 255, 0)] }, [ip(192, 0, 3, 9)], false],
    ['non-contiguous mask rejected', { permitted: [ip(192, 0, 2, 0, 255, 0, 255, 0)] }, [ip(192, 0, 2, 9)], false],
    ['malformed IP constraint', { permitted: [ip(192, 0, 2, 0)] }, [ip(192, 0, 2, 0)], false],
    ['wildcard constraint rejected', { permitted: [dns('*.example.com')] }, [dns('a.example.com')], false],
    ['email mailbox literal asterisk', { permitted: [email('*@example.com')] }, [email('user@example.com')], false],
    ['email host', { permitted: [email('example.com')] }, [email('foo@example.com')], true],
    ['malformed email SAN', { permitted: [email('example.com')] }, [email('a@b@example.com')], false],
  ];
  for (const [name, nc, names, ok] of cases) it(name, () => assert.equal(checkNameConstraints(nc, names, 1000).ok, ok));
  it('gives up past the comparison limit', () => {
    const many = Array.from({ length: 100 }, (_, i) => dns(`h${i}.example.com`));
    assert.equal(checkNameConstraints({ permitted: many }, many, 1000).ok, false);
  });
});
