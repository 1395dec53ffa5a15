import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
