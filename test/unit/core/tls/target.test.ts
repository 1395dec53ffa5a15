import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTarget, type Target } from '../../../../src/core/tls/target';

describe('parseTarget', () => {
  const ok: Array<[string, Partial<Target>]> = [
    ['example.com', { host: 'example.com', port: 443, isIp: false }],
    ['Example.COM.:8443', { host: 'example.com', port: 8443 }],
    ['127.0.0.1:4433', { host: '127.0.0.1', port: 4433, isIp: true }],
    ['[::1]:8443', { host: '::1', port: 8443, isIp: true }],
    ['[2001:db8::1]', { host: '2001:db8::1', port: 443, isIp: true }],
    ['2001:db8::1', { host: '2001:db8::1', port: 443, isIp: true }],
    ['::ffff:192.0.2.1', { host: '::ffff:192.0.2.1', isIp: true }],
    ['https://host.example:8443/x?y#z', { host: 'host.example', port: 8443, scheme: 'https' }],
    ['https://user:pw@host.example/', { host: 'host.example', port: 443 }],
    ['smtps://mail.example', { port: 465 }],
    ['imaps://mail.example', { port: 993 }],
    ['pop3s://mail.example', { port: 995 }],
    ['ldaps://dir.example', { port: 636 }],
    ['smtp://mail.example', { port: 25, starttls: 'smtp' }],
    ['submission://mail.example', { port: 587, starttls: 'smtp' }],
    ['imap://[::1]:1143', { host: '::1', port: 1143, starttls: 'imap' }],
    ['postgresql://db.example/app', { port: 5432, starttls: 'postgres' }],
    ['mysql://db.example', { port: 3306, starttls: 'mysql' }],
    ['ldap://dir.example', { port: 389, starttls: 'ldap' }],
    ['  padded.example  ', { host: 'padded.example' }],
  ];
  for (const [input, want] of ok) {
    it(`accepts ${JSON.stringify(input)}`, () => {
      const r = parseTarget(input);
      assert.ok(r.ok, r.ok ? '' : r.reason);
      for (const [k, v] of Object.entries(want)) assert.deepEqual(r.target[k as keyof Target], v, k);
    });
  }
  it('--starttls sets the default port of a bare host', () => {
    const r = parseTarget('mail.example', { starttls: 'pop3' });
    assert.ok(r.ok);
    assert.equal(r.target.port, 110);
    assert.equal(r.target.starttls, 'pop3');
  });
  const bad: Array<[string, RegExp]> = [
    ['', /empty/],
    ['[::1:443', /missing '\]'/],
    ['[::1]x', /unexpected/],
    ['[example.com]:443', /not an IPv6/],
    ['host:0', /not a port/],
    ['host:70000', /not a port/],
    ['host:https', /not a port/],
    ['gopher://x', /unknown scheme/],
    ['1:2:3', /not an IPv6/],
    ['bad host', /not a host name/],
    ['https://', /no host/],
  ];
  for (const [input, reason] of bad) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      const r = parseTarget(input);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.reason, reason);
    });
  }
});
