/** `certlens.endpoints` validation: pure, table-driven, malformed entries in the table. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readEndpointSettings, hostPort } from '../../../../src/extension/endpoints/settings';

describe('readEndpointSettings: valid entries', () => {
  const cases: Array<[string, unknown, Record<string, unknown>]> = [
    [
      'bare host → 443',
      { host: 'example.com' },
      { id: 'example.com:443', label: 'example.com:443', host: 'example.com', port: 443, target: 'example.com:443' },
    ],
    ['host:port', { host: 'example.com:8443' }, { port: 8443, target: 'example.com:8443' }],
    ['port field wins over host:port', { host: 'example.com:8443', port: 9443 }, { port: 9443, target: 'example.com:9443' }],
    ['port as a numeric string', { host: 'example.com', port: '993' }, { port: 993 }],
    ['IPv6 bracketed', { host: '[::1]:8443' }, { host: '::1', port: 8443, target: '[::1]:8443', id: '[::1]:8443' }],
    ['bare IPv6', { host: '2001:db8::1' }, { host: '2001:db8::1', port: 443, target: '[2001:db8::1]:443' }],
    ['URL with scheme and path', { host: 'https://Example.COM:8443/x?y#z' }, { host: 'example.com', port: 8443 }],
    ['smtp:// implies STARTTLS and port 25', { host: 'smtp://mail.example' }, { port: 25, starttls: 'smtp', id: 'mail.example:25+smtp' }],
    ['starttls sets the default port', { host: 'db.example', starttls: 'postgres' }, { port: 5432, starttls: 'postgres' }],
    ['ldaps:// → 636', { host: 'ldaps://dir.example' }, { port: 636 }],
    ['a plain string is a host', 'example.org', { target: 'example.org:443' }],
    [
      'name, servername, alpn list',
      { name: 'API', host: '10.0.0.1', servername: 'api.example', alpn: ['h2', ' http/1.1 '] },
      { label: 'API', servername: 'api.example', alpn: ['h2', 'http/1.1'], id: '10.0.0.1:443/api.example' },
    ],
    ['alpn as a comma string', { host: 'a.example', alpn: 'h2,http/1.1' }, { alpn: ['h2', 'http/1.1'] }],
    [
      'client cert and key',
      { host: 'a.example', clientCert: 'certs/c.pem', clientKey: 'certs/c.key' },
      { clientCert: 'certs/c.pem', clientKey: 'certs/c.key' },
    ],
    ['pfx', { host: 'a.example', pfx: 'client.p12' }, { pfx: 'client.p12' }],
    ['empty strings are absent', { host: 'a.example', servername: '', name: '' }, { label: 'a.example:443' }],
  ];
  for (const [title, entry, want] of cases) {
    it(title, () => {
      const r = readEndpointSettings([entry]);
      assert.deepEqual(r.problems, []);
      assert.equal(r.endpoints.length, 1);
      for (const [k, v] of Object.entries(want)) assert.deepEqual((r.endpoints[0] as unknown as Record<string, unknown>)[k], v, k);
    });
  }
});

describe('readEndpointSettings: malformed entries are skipped with a located problem', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['no host', { port: 443 }, /\[0\]: host is required/],
    ['host not a string', { host: 42 }, /host must be a string/],
    ['null entry', null, /must be an object/],
    ['array entry', ['a'], /must be an object/],
    ['port 0', { host: 'a.example', port: 0 }, /port must be a whole number 1-65535/],
    ['port 70000', { host: 'a.example', port: 70000 }, /port/],
    ['port 1.5', { host: 'a.example', port: 1.5 }, /port/],
    ['port "https"', { host: 'a.example', port: 'https' }, /port/],
    ['port in the host out of range', { host: 'a.example:99999' }, /not a port/],
    ['unknown starttls', { host: 'a.example', starttls: 'xmpp' }, /starttls must be one of smtp, imap, pop3, ftp, ldap, postgres, mysql/],
    ['unknown scheme', { host: 'gopher://a.example' }, /unknown scheme/],
    ['spaces in the host', { host: 'a example' }, /not a host name/],
    ['unclosed bracket', { host: '[::1:443' }, /missing '\]'/],
    ['bad IPv6', { host: '[fe80::zz]:443' }, /not an IPv6 address/],
    ['cert without key', { host: 'a.example', clientCert: 'c.pem' }, /clientCert and clientKey go together/],
    ['key without cert', { host: 'a.example', clientKey: 'c.key' }, /go together/],
    ['pfx and pem', { host: 'a.example', pfx: 'c.p12', clientCert: 'c.pem', clientKey: 'c.key' }, /either pfx or clientCert/],
    ['alpn of numbers', { host: 'a.example', alpn: [1, 2] }, /alpn must be/],
    ['servername not a string', { host: 'a.example', servername: true }, /servername must be a string/],
  ];
  for (const [title, entry, want] of cases) {
    it(title, () => {
      const r = readEndpointSettings([entry, { host: 'ok.example' }]);
      assert.equal(r.endpoints.length, 1, 'the valid entry survives');
      assert.equal(r.endpoints[0]!.host, 'ok.example');
      assert.equal(r.problems.length, 1, JSON.stringify(r.problems));
      assert.match(r.problems[0]!, /^certlens\.endpoints\[0\]: /);
      assert.match(r.problems[0]!, want);
    });
  }

  it('not an array', () => {
    assert.deepEqual(readEndpointSettings({ host: 'a' }), {
      endpoints: [],
      problems: ['certlens.endpoints: must be an array of {host, port?, …}'],
    });
    assert.deepEqual(readEndpointSettings('a.example').endpoints, []);
  });
  it('undefined and null are "none configured"', () => {
    assert.deepEqual(readEndpointSettings(undefined), { endpoints: [], problems: [] });
    assert.deepEqual(readEndpointSettings(null), { endpoints: [], problems: [] });
  });
  it('unknown keys are reported but the entry is kept', () => {
    const r = readEndpointSettings([{ host: 'a.example', sni: 'x' }]);
    assert.equal(r.endpoints.length, 1);
    assert.deepEqual(r.problems, ["certlens.endpoints[0]: unknown key 'sni' (ignored)"]);
  });
  it('duplicate endpoints get distinct ids', () => {
    const r = readEndpointSettings([{ host: 'a.example' }, { host: 'a.example:443', name: 'again' }]);
    assert.deepEqual(
      r.endpoints.map((e) => e.id),
      ['a.example:443', 'a.example:443#2'],
    );
  });
});

describe('hostPort', () => {
  it('brackets IPv6 only', () => {
    assert.equal(hostPort('example.com', 443), 'example.com:443');
    assert.equal(hostPort('127.0.0.1', 1), '127.0.0.1:1');
    assert.equal(hostPort('::1', 8443), '[::1]:8443');
  });
});
