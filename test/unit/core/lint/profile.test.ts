/** Profile lint (RFC 5280 structure, TLS server profile) on scripts/gen-profile-lint-fixtures.sh, at a fixed clock. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeText, type CertificateItem, type Item } from '../../../../src/core/analysis/decode';
import { lintItems, LINT_CODES } from '../../../../src/core/lint/items';
import {
  cannotFire,
  computeProfile,
  hostnameLike,
  lintProfile,
  PROFILE_CODES,
  serialDefect,
  storeRootFingerprints,
  summaryProfile,
} from '../../../../src/core/lint/profile';
import type { Problem } from '../../../../src/core/types';

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'profile-lint');
const NOW = new Date('2026-05-01T00:00:00Z');
const read = (f: string): string => readFileSync(join(DIR, f), 'utf8');
const isProfile = (p: Problem): boolean => p.code in PROFILE_CODES;
const profile = (items: readonly Item[], opts: { trustedRoots?: ReadonlySet<string> } = {}): string[] =>
  lintItems(items, { now: NOW, ...opts })
    .filter(isProfile)
    .map((p) => `${p.code}/${p.severity}@${items.findIndex((i) => i.span === p.span)}`);

describe('lintProfile per fixture (one certificate per code, good ones clean)', () => {
  const crlf = (s: string) => s.replace(/\n/g, '\r\n');
  const cases: Array<{ name: string; body: () => string; want: string[]; decodeProblems?: string[] }> = [
    { name: 'root.pem (a proper root)', body: () => read('root.pem'), want: [] },
    { name: "good-fullchain.pem (Let's Encrypt-like leaf + intermediate)", body: () => read('good-fullchain.pem'), want: [] },
    { name: 'good-nocn.pem (empty subject, critical SAN)', body: () => read('good-nocn.pem'), want: [] },
    {
      name: 'cert-serial-invalid.pem (zero, 21 octets, negative)',
      body: () => read('cert-serial-invalid.pem'),
      want: ['cert-serial-invalid/warning@0', 'cert-serial-invalid/warning@1', 'cert-serial-invalid/warning@2'],
    },
    { name: 'cert-version.pem (v2 with extensions)', body: () => read('cert-version.pem'), want: ['cert-version/warning@0'] },
    {
      name: 'cert-version-v1-ca.pem (a v1 certificate issuing the leaf)',
      body: () => read('cert-version-v1-ca.pem'),
      want: ['cert-ca-profile/info@0', 'cert-version/warning@1', 'cert-ca-profile/info@1'],
    },
    {
      name: 'the v1 CA alone issues nothing here',
      body: () => read('cert-version-v1-ca.pem').split(/(?<=-----END CERTIFICATE-----\n)/)[1]!,
      want: ['cert-ca-profile/info@0'],
    },
    {
      name: 'cert-ca-profile.pem (no keyUsage, non-critical BC, no SKI)',
      body: () => read('cert-ca-profile.pem'),
      want: ['cert-ca-profile/warning@0', 'cert-ca-profile/warning@1', 'cert-ca-profile/warning@2'],
    },
    { name: 'cert-ca-profile-no-aki.pem (info)', body: () => read('cert-ca-profile-no-aki.pem'), want: ['cert-ca-profile/info@0'] },
    { name: 'cert-san-empty-subject.pem', body: () => read('cert-san-empty-subject.pem'), want: ['cert-san-empty-subject/error@0'] },
    { name: 'cert-validity-inverted.pem', body: () => read('cert-validity-inverted.pem'), want: ['cert-validity-inverted/error@0'] },
    { name: 'cert-duplicate-extension.pem', body: () => read('cert-duplicate-extension.pem'), want: ['cert-duplicate-extension/error@0'] },
    { name: 'cert-no-san.pem', body: () => read('cert-no-san.pem'), want: ['cert-no-san/warning@0'] },
    { name: 'cert-cn-not-in-san.pem', body: () => read('cert-cn-not-in-san.pem'), want: ['cert-cn-not-in-san/warning@0'] },
    // Malformed input: the same findings through CRLF, a BOM and junk; nothing from a block that does not decode.
    { name: 'CRLF and a BOM', body: () => '\uFEFF' + crlf(read('cert-no-san.pem')), want: ['cert-no-san/warning@0'] },
    {
      name: 'junk between blocks',
      body: () => `junk\n${read('cert-cn-not-in-san.pem')}more junk\r\n${read('root.pem')}`,
      want: ['cert-cn-not-in-san/warning@0'],
    },
    {
      name: 'truncated base64: a decode problem, no profile finding',
      body: () => read('cert-no-san.pem').replace(/\n[A-Za-z0-9+/=]+\n-----END/, '\n-----END'),
      want: [],
      decodeProblems: ['der-malformed'],
    },
    {
      name: 'mismatched BEGIN/END',
      body: () => read('cert-no-san.pem').replace('END CERTIFICATE', 'END X509 CRL'),
      want: [],
      decodeProblems: ['pem-malformed'],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { items, problems } = await decodeText(c.body());
      assert.deepEqual(
        problems.map((p) => p.code),
        c.decodeProblems ?? [],
      );
      assert.deepEqual(profile(items), c.want);
      for (const p of lintItems(items, { now: NOW }).filter(isProfile)) {
        assert.ok(p.code in LINT_CODES, `${p.code} is documented`);
        assert.ok(
          items.some((i) => i.span === p.span),
          'the problem sits on its block',
        );
      }
    });
  }

  it('messages name the certificate and the rule', async () => {
    const { items } = await decodeText(read('cert-ca-profile.pem'));
    const msgs = lintItems(items, { now: NOW })
      .filter(isProfile)
      .map((p) => p.message);
    assert.deepEqual(msgs, [
      'intermediate "CertLens PL CA no keyUsage": CA certificate without keyUsage (RFC 5280 §4.2.1.3: CA certificates MUST include it, with keyCertSign)',
      'intermediate "CertLens PL CA non-critical BC": basicConstraints is not critical in a CA certificate (RFC 5280 §4.2.1.9)',
      'intermediate "CertLens PL CA no SKI": CA certificate without subjectKeyIdentifier (RFC 5280 §4.2.1.2)',
    ]);
  });

  it('disabled codes are left out', async () => {
    const { items } = await decodeText(read('cert-serial-invalid.pem') + read('cert-no-san.pem'));
    const codes = (disabled: string[]) =>
      lintItems(items, { now: NOW, disabled: new Set(disabled) })
        .filter(isProfile)
        .map((p) => p.code);
    assert.equal(codes([]).length, 4);
    assert.deepEqual(codes(['cert-serial-invalid']), ['cert-no-san']);
    assert.deepEqual(codes(['cert-serial-invalid', 'cert-no-san']), []);
  });

  it('a copy of a trust-store root is exempt (trustedRoots), other certificates are not', async () => {
    const { items } = await decodeText(read('cert-ca-profile.pem'));
    const first = (items[0] as CertificateItem).der;
    const roots = await storeRootFingerprints([
      { der: first, source: 'store' },
      { der: (items[1] as CertificateItem).der, source: 'extra' },
    ]);
    assert.equal(roots.size, 1);
    assert.deepEqual(profile(items, { trustedRoots: roots }), ['cert-ca-profile/warning@1', 'cert-ca-profile/warning@2']);
  });
});

describe('lintProfile on mutated DER (bytes openssl will not write)', () => {
  async function mutated(file: string, from: string, to: string): Promise<CertificateItem> {
    const { items } = await decodeText(read(file));
    const item = items[0] as CertificateItem;
    const hex = Buffer.from(item.der).toString('hex');
    assert.ok(hex.includes(from), `${from} in ${file}`);
    const der = new Uint8Array(Buffer.from(hex.replace(from, to), 'hex'));
    return { ...item, der };
  }
  const cases: Array<{ name: string; file: string; from: string; to: string; want: string[] }> = [
    { name: 'version v4', file: 'cert-no-san.pem', from: 'a003020102', to: 'a003020103', want: ['cert-version', 'cert-no-san'] },
    {
      name: 'version v1 spelled out, with extensions',
      file: 'cert-no-san.pem',
      from: 'a003020102',
      to: 'a003020100',
      want: ['cert-version', 'cert-no-san'],
    },
    // An unparsable TBSCertificate (the validator's parser rejects it): no profile findings, never a throw.
    { name: 'serial tag broken', file: 'cert-no-san.pem', from: 'a0030201020202', to: 'a0030201020402', want: [] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const item = await mutated(c.file, c.from, c.to);
      assert.deepEqual(
        lintProfile(item, [item.certificate]).map((p) => p.code),
        c.want,
      );
    });
  }
});

describe('helpers', () => {
  it('serialDefect counts the value, not the DER sign octet (as zlint)', () => {
    const table: Array<[number[], string | undefined]> = [
      [[], 'is zero'],
      [[0], 'is zero'],
      [[0, 0], 'is zero'],
      [[0x80], 'is negative'],
      [[0xff, 0x01], 'is negative'],
      [[0x01], undefined],
      [[0x00, ...Array<number>(20).fill(0xff)], undefined],
      [Array<number>(20).fill(0x7f), undefined],
      [Array<number>(21).fill(0x7f), 'is 21 octets long'],
    ];
    for (const [bytes, want] of table) assert.equal(serialDefect(Uint8Array.from(bytes)), want, JSON.stringify(bytes));
  });

  it('hostnameLike', () => {
    const table: Array<[string, boolean]> = [
      ['api.example.com', true],
      ['*.example.com', true],
      ['example.com.', true],
      ['localhost', true],
      ['LOCALHOST', true],
      ['192.0.2.1', true],
      ['2001:db8::1', true],
      ['under_score.example.com', true],
      ['Acme Root CA', false],
      ['1.2', false],
      ['myserver', false],
      ['', false],
      ['a..example.com', false],
      ['*.*.example.com', false],
      ['example.com/path', false],
    ];
    for (const [cn, want] of table) assert.equal(hostnameLike(cn), want, cn);
  });
});

describe("Debian's trust store bundle", () => {
  const BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
  it(
    'no error-severity profile finding on any root; no leaf rule fires',
    { skip: !existsSync(BUNDLE) && `${BUNDLE} is absent` },
    async () => {
      const { items } = await decodeText(readFileSync(BUNDLE, 'utf8'));
      const certs = items.filter((i): i is CertificateItem => i.kind === 'certificate');
      assert.ok(certs.length > 50, `${certs.length} roots`);
      // Without the trust-store exemption, to see what the rules themselves say about roots.
      const found = lintItems(items, { now: NOW }).filter(isProfile);
      assert.deepEqual(
        found.filter((p) => p.severity === 'error').map((p) => p.message),
        [],
      );
      assert.deepEqual(
        found.filter((p) => ['cert-no-san', 'cert-cn-not-in-san', 'cert-san-empty-subject'].includes(p.code)).map((p) => p.message),
        [],
      );
      const byCode = new Map<string, number>();
      for (const p of found) byCode.set(`${p.code}/${p.severity}`, (byCode.get(`${p.code}/${p.severity}`) ?? 0) + 1);
      console.log(`  ${certs.length} roots; profile findings without the exemption: ${JSON.stringify(Object.fromEntries(byCode))}`);
      for (const p of found) console.log(`    ${p.message}`);
      // With the exemption (what scan and the editor do), a vendored copy of the bundle is silent.
      const roots = await storeRootFingerprints(certs.map((c) => ({ der: c.der, source: 'store' })));
      assert.deepEqual(lintItems(items, { now: NOW, trustedRoots: roots }).filter(isProfile), []);
    },
  );
});

describe('chain-invalid does not repeat a profile finding on the same block', () => {
  it('file mode: the profile code stands alone, the verdict still says the chain rejects it; endpoint mode keeps chain-invalid', async () => {
    const { analyzeChains, prepareChains } = await import('../../../../src/core/chain/findings');
    const { poolCerts } = await import('../../../../src/core/chain/workspace');
    const root = (await decodeText(read('root.pem'))).items[0] as CertificateItem;
    const ica = poolCerts('good-fullchain.pem', (await decodeText(read('good-fullchain.pem'))).items).slice(1);
    const anchors = [{ der: root.der, source: 'extra' as const, label: '--ca root.pem' }];
    for (const f of ['cert-duplicate-extension.pem', 'cert-serial-invalid.pem', 'cert-version.pem']) {
      const mine = poolCerts(f, (await decodeText(read(f))).items);
      const file = await analyzeChains(prepareChains([...mine, ...ica], anchors, 'file'), mine, { now: NOW });
      assert.deepEqual(
        file.problems.filter((p) => p.code === 'chain-invalid').map((p) => p.message),
        [],
        f,
      );
      assert.ok(
        file.verdicts.every((v) => !v.ok && v.text.startsWith('chain rejects the certificate')),
        f,
      );
      const served = await analyzeChains(prepareChains([mine[0]!, ...ica], anchors, 'endpoint'), [mine[0]!, ...ica], { now: NOW });
      assert.deepEqual(served.problems.filter((p) => p.code === 'chain-invalid').length, 1, `${f} served`);
    }
  });
});

describe('cannotFire: the summary screen never hides a finding', () => {
  const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  const sources = [
    ...walk(FIXTURES).filter((f) => /\.(pem|crt|cer|ya?ml)$/.test(f)),
    ...(existsSync('/etc/ssl/certs/ca-certificates.crt') ? ['/etc/ssl/certs/ca-certificates.crt'] : []),
  ];
  it(`on every certificate of ${sources.length} fixture files (and the system bundle): screened ⇒ the full check finds nothing`, async () => {
    let screened = 0;
    let total = 0;
    for (const f of sources) {
      const items = (await decodeText(readFileSync(f, 'utf8'), { structured: /\.ya?ml$/.test(f) })).items;
      const certs = items.filter((i): i is CertificateItem => i.kind === 'certificate');
      const summaries = certs.map((c) => c.certificate);
      for (const c of certs) {
        total++;
        if (!cannotFire(c)) continue;
        screened++;
        assert.deepEqual(
          computeProfile(c, summaries).map((p) => p.code),
          [],
          `${f}: "${c.certificate.subject}" was screened out but has findings`,
        );
      }
    }
    assert.ok(total > 100, `only ${total} certificates read`);
    // The screen must also earn its keep: most well-formed certificates skip the second parse.
    assert.ok(screened > total / 2, `only ${screened} of ${total} certificates screened`);
  });

  it('summaryProfile: wherever it decides, it finds exactly what the full check finds (codes, severities, messages)', async () => {
    let decided = 0;
    let withFindings = 0;
    for (const f of sources) {
      const items = (await decodeText(readFileSync(f, 'utf8'), { structured: /\.ya?ml$/.test(f) })).items;
      const certs = items.filter((i): i is CertificateItem => i.kind === 'certificate');
      const summaries = certs.map((c) => c.certificate);
      for (const c of certs) {
        const fast = summaryProfile(c);
        if (!fast) continue;
        decided++;
        if (fast.length) withFindings++;
        assert.deepEqual(fast, computeProfile(c, summaries), `${f}: "${c.certificate.subject}"`);
      }
    }
    assert.ok(decided > 100, `only ${decided} certificates decided on the summary`);
    assert.ok(withFindings > 0, 'no decided certificate had findings: the comparison proves little');
  });

  it('a TLS leaf whose CN is a DNS name of its subjectAltName is screened out (no second parse per leaf of a bundle)', async () => {
    const [leaf] = (await decodeText(readFileSync(join(FIXTURES, 'certs', 'healthy.pem'), 'utf8'))).items;
    assert.ok(leaf?.kind === 'certificate' && leaf.certificate.commonName === 'healthy.example.test');
    assert.deepEqual(leaf.certificate.subjectAltNames, ['DNS:healthy.example.test']);
    assert.equal(cannotFire(leaf), true);
  });

  it('a defect the summary shows is never screened out', async () => {
    for (const f of ['cert-serial-invalid.pem', 'cert-version.pem', 'cert-no-san.pem', 'cert-cn-not-in-san.pem']) {
      if (!existsSync(join(DIR, f))) continue;
      for (const i of (await decodeText(read(f))).items)
        if (i.kind === 'certificate') assert.equal(cannotFire(i), false, `${f}: ${i.certificate.subject}`);
    }
  });
});
