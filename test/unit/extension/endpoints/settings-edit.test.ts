/** UI edits of `certlens.endpoints`: pure, table-driven; what is written loads back as the same endpoint. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readEndpointSettings } from '../../../../src/extension/endpoints/settings';
import {
  entryAt,
  entryFromRequest,
  entryProblem,
  withEndpoint,
  withoutEndpoint,
  type RequestShape,
} from '../../../../src/extension/endpoints/settings-edit';

describe('entryFromRequest: an ad-hoc check saved as an endpoint', () => {
  const cases: Array<[string, RequestShape, Record<string, unknown>, Record<string, unknown>]> = [
    ['bare host', { target: 'example.com' }, { host: 'example.com' }, { target: 'example.com:443' }],
    ['host:port', { target: 'example.com:8443' }, { host: 'example.com', port: 8443 }, { target: 'example.com:8443' }],
    ['IPv6', { target: '[::1]:8443' }, { host: '::1', port: 8443 }, { target: '[::1]:8443' }],
    ['URL keeps its scheme', { target: 'smtp://mail.test' }, { host: 'smtp://mail.test' }, { starttls: 'smtp', port: 25 }],
    [
      'every option',
      {
        target: 'api.test:443',
        name: ' API ',
        servername: 'internal.api.test',
        starttls: 'imap',
        alpn: ['h2'],
        client: { kind: 'pem', cert: 'certs/client.crt', key: 'certs/client.key' },
        anchors: ['ca/root.pem'],
      },
      {
        name: 'API',
        host: 'api.test',
        port: 443,
        servername: 'internal.api.test',
        starttls: 'imap',
        alpn: ['h2'],
        clientCert: 'certs/client.crt',
        clientKey: 'certs/client.key',
        anchors: ['ca/root.pem'],
      },
      { label: 'API', servername: 'internal.api.test', anchors: ['ca/root.pem'], clientCert: 'certs/client.crt' },
    ],
    [
      'PKCS#12 client: the path, never the password',
      { target: 'a.test', client: { kind: 'pfx', pfx: 'c.p12' } },
      { host: 'a.test', pfx: 'c.p12' },
      { pfx: 'c.p12' },
    ],
    ['"no SNI" cannot be saved and is dropped', { target: 'a.test', servername: null }, { host: 'a.test' }, { target: 'a.test:443' }],
  ];
  for (const [name, req, entry, loaded] of cases) {
    it(name, () => {
      const e = entryFromRequest(req);
      assert.deepEqual(e, entry);
      assert.equal(entryProblem(e), undefined);
      const back = readEndpointSettings([e]);
      assert.deepEqual(back.problems, []);
      for (const [k, v] of Object.entries(loaded)) assert.deepEqual((back.endpoints[0] as unknown as Record<string, unknown>)[k], v, k);
    });
  }
  it('an invalid entry is refused with the reason', () => {
    assert.match(entryProblem({ host: 'a.test', port: 70000 }) ?? '', /port/);
    assert.match(entryProblem({ host: '' }) ?? '', /host/);
  });
});

describe('withEndpoint / withoutEndpoint / entryAt', () => {
  const raw = ['a.test', { host: 'b.test', bogus: 1 }, { host: 42 }];
  it('add appends and leaves every other entry as written', () => {
    assert.deepEqual(withEndpoint(raw, { host: 'c.test' }), [...raw, { host: 'c.test' }]);
    assert.deepEqual(raw.length, 3, 'input not mutated');
  });
  it('edit replaces in place', () =>
    assert.deepEqual(withEndpoint(raw, { host: 'x.test' }, 1), ['a.test', { host: 'x.test' }, { host: 42 }]));
  it('edit out of range appends', () => assert.equal(withEndpoint(raw, { host: 'x.test' }, 9).length, 4));
  it('remove by index; out of range is a no-op', () => {
    assert.deepEqual(withoutEndpoint(raw, 0), [{ host: 'b.test', bogus: 1 }, { host: 42 }]);
    assert.deepEqual(withoutEndpoint(raw, 7), raw);
  });
  it('a setting that is not an array becomes one', () => {
    assert.deepEqual(withEndpoint(undefined, { host: 'a.test' }), [{ host: 'a.test' }]);
    assert.deepEqual(withEndpoint({ host: 'x' }, { host: 'a.test' }), [{ host: 'a.test' }]);
  });
  it('entryAt reads strings and objects, not junk', () => {
    assert.deepEqual(entryAt(raw, 0), { host: 'a.test' });
    assert.equal(entryAt(raw, 1)?.host, 'b.test');
    assert.equal(entryAt(raw, 2), undefined);
    assert.equal(entryAt(raw, 9), undefined);
  });
  it('the index of a saved endpoint points at its raw entry even after a skipped one', () => {
    const s = readEndpointSettings([{ host: 42 }, 'a.test', { host: 'b.test' }]);
    assert.deepEqual(
      s.endpoints.map((e) => [e.index, e.host]),
      [
        [1, 'a.test'],
        [2, 'b.test'],
      ],
    );
  });
});
