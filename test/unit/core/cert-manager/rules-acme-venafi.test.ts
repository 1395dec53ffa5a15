import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintManifest, type Fix } from '../../../../src/core/cert-manager';
import { KNOWN_ACME_DIRECTORIES, goUnmarshalCustomFields, nearAcmeDirectory } from '../../../../src/core/cert-manager/rules-acme-venafi';

describe('nearAcmeDirectory', () => {
  for (const k of KNOWN_ACME_DIRECTORIES) it(`${k.ca}: exact URL is fine`, () => assert.equal(nearAcmeDirectory(k.url), undefined));
  const cases: Array<[string, string | undefined]> = [
    ['https://acme-v02-staging.api.letsencrypt.org/directory', 'https://acme-staging-v02.api.letsencrypt.org/directory'],
    ['https://acme-staging.api.letsencrypt.org/directory', 'https://acme-staging-v02.api.letsencrypt.org/directory'],
    ['https://acme-v01.api.letsencrypt.org/directory', 'https://acme-v02.api.letsencrypt.org/directory'],
    ['https://acme-v02.api.letsencrypt.org/', 'https://acme-v02.api.letsencrypt.org/directory'],
    ['http://acme-v02.api.letsencrypt.org/directory', 'https://acme-v02.api.letsencrypt.org/directory'],
    ['https://acme-v02.api.letsencrpyt.org/directory', 'https://acme-v02.api.letsencrypt.org/directory'],
    ['https://acme.zerossl.com/v2/DV90/', 'https://acme.zerossl.com/v2/DV90'],
    ['https://dv.acme-v02.test-api.pki.goog/', 'https://dv.acme-v02.test-api.pki.goog/directory'],
    ['https://api.test4.buypass.no/acme/directory/', 'https://api.test4.buypass.no/acme/directory'],
    ['https://acme.ssl.com/sslcom-dv-ec', 'https://acme.ssl.com/sslcom-dv-ecc'],
    ['https://ca.internal:9000/acme/acme/directory', undefined],
    ['https://acme.example.com/directory', undefined],
    ['https://pebble:14000/dir', undefined],
    ['not a url', undefined],
  ];
  for (const [url, want] of cases) it(url, () => assert.equal(nearAcmeDirectory(url)?.url, want));
});

describe('goUnmarshalCustomFields (Go encoding/json into []CustomField)', () => {
  const cases: Array<[string, RegExp | undefined]> = [
    ['[{"name": "a", "value": "b"}]', undefined],
    ['[{"Name": "a", "VALUE": "b", "extra": 1}]', undefined],
    ['[{"name": "a", "value": "b", "type": "Plain"}]', undefined],
    ['null', undefined],
    ['[]', undefined],
    ['[null]', undefined],
    ['[{"name": null}]', undefined],
    ['[{"name": "a", "value": "b"},]', /invalid character '\]' looking for beginning of value/],
    ['[{"name": "a", "value": "b",}]', /invalid character '\}' looking for beginning of object key string/],
    ["[{'name': 'a'}]", /invalid JSON/],
    ['[{"name": "a"} // c\n]', /invalid JSON/],
    ['{"name": "a"}', /cannot unmarshal object into Go value of type \[\]api.CustomField/],
    ['["a"]', /cannot unmarshal string into Go value of type api.CustomField/],
    ['[{"name": "a", "value": 4711}]', /cannot unmarshal number into Go struct field CustomField.value of type string/],
    ['[{"type": true}]', /cannot unmarshal boolean into Go struct field CustomField.type/],
  ];
  for (const [text, want] of cases)
    it(JSON.stringify(text), () => {
      const got = goUnmarshalCustomFields(text);
      if (want === undefined) assert.equal(got, undefined);
      else assert.match(got ?? '', want);
    });
});

describe('CM026 on an issuer, and its fix', () => {
  it('the fix writes the intended URL and closes the finding', () => {
    const text =
      'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata: {name: le}\nspec:\n  acme:\n    server: https://acme-v02-staging.api.letsencrypt.org/directory\n    privateKeySecretRef: {name: le}\n    solvers: []\n';
    const now = new Date('2026-11-22T00:00:00Z');
    const p = lintManifest({ path: 'i.yaml', text }, { now }).problems.find((x) => x.code === 'CM026');
    assert.ok(p);
    assert.equal(text.slice(p.span.start, p.span.end), 'https://acme-v02-staging.api.letsencrypt.org/directory');
    const fix = (p.data as { fix: Fix }).fix;
    const fixed = text.slice(0, fix.span.start) + fix.newText + text.slice(fix.span.end);
    assert.deepEqual(
      lintManifest({ path: 'i.yaml', text: fixed }, { now }).problems.map((x) => x.code),
      [],
    );
  });
});
