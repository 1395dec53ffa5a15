import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndpointFinding, EndpointReport } from '../../../../src/core/tls/report-types';
import { verdictGap } from '../../../../src/core/tls/verdict-gap';

function report(problems: Array<[string, 'error' | 'warning']>, authorizationError?: string, tls = true): EndpointReport {
  return {
    target: 'a.test:443',
    host: 'a.test',
    port: 443,
    servername: 'a.test',
    verdict: { status: 'ok', text: '' },
    ...(tls && { tls: { version: 'TLSv1.3', cipher: 'x', alpn: null, handshakeMs: 1 } }),
    servedChain: [],
    problems: problems.map(([code, severity]): EndpointFinding => ({ code, severity, message: code })),
    mustStaple: false,
    clientCertificateRequested: false,
    ...(authorizationError && { authorizationError }),
    checkedAt: '2026-01-01T00:00:00Z',
  };
}

describe('verdictGap: the report says why CertLens and OpenSSL disagree', () => {
  const cases: Array<[string, EndpointReport, RegExp | undefined]> = [
    ['both accept, no findings', report([]), undefined],
    ['both reject', report([['hostname-mismatch', 'error']], 'ERR_TLS_CERT_ALTNAME_INVALID'), undefined],
    ['no handshake', report([], undefined, false), undefined],
    [
      'both accept, CertLens warns',
      report([['cert-expiring', 'warning']]),
      /^Both accept the chain; CertLens adds warnings OpenSSL does not check: cert-expiring\.$/,
    ],
    [
      'CertLens rejects on policy',
      report([['cabf-validity-too-long', 'error']]),
      /OpenSSL accepts the chain, CertLens does not: cabf-validity-too-long is a check OpenSSL does not make\./,
    ],
    ['CertLens rejects the path', report([['chain-eku', 'error']]), /chain-eku: CertLens validates the path as RFC 5280 describes/],
    [
      'OpenSSL rejects, a named code',
      report([], 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'),
      /^OpenSSL rejects the chain, CertLens does not: OpenSSL found no issuer .* same anchors/,
    ],
    ['OpenSSL rejects, an unknown code', report([], 'SOMETHING_NEW'), /OpenSSL reports SOMETHING_NEW/],
  ];
  for (const [name, r, want] of cases) {
    it(name, () => {
      const got = verdictGap(r);
      if (want) assert.match(got ?? '', want);
      else assert.equal(got, undefined);
    });
  }
});
