/** CA/B Forum validity rules: the schedule, the inclusive day count, and the gate on public trust-store anchors. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CABF_VALIDITY_SCHEDULE, validityDays, validityLimitAt, validityPeriodMs } from '../../../../src/core/lint/cabf';
import { CABF_CODES, lintCabf } from '../../../../src/core/lint/cabf-lint';
import { CABF_LIMITS } from '../../../../src/core/cert-manager/issuers';
import { DAY } from '../../../../src/core/cert-manager/duration';
import { analyzeChains, prepareChains, type ChainAnchor, type ChainPoolCert } from '../../../../src/core/chain/findings';
import { decodeText, type CertificateItem } from '../../../../src/core/analysis/decode';
import { poolCerts } from '../../../../src/core/chain/workspace';

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'profile-lint');
const NOW = new Date('2026-05-01T00:00:00Z');
const read = (f: string): string => readFileSync(join(DIR, f), 'utf8');
const certs = async (f: string, body = read(f)): Promise<ChainPoolCert[]> => poolCerts(f, (await decodeText(body)).items);
const anchor = async (source: ChainAnchor['source']): Promise<ChainAnchor> => ({
  der: (await certs('root.pem'))[0]!.item.der,
  source,
  label: source,
});
const ica = async (): Promise<ChainPoolCert[]> => (await certs('good-fullchain.pem')).slice(1);

async function cabf(file: string, source: ChainAnchor['source'] | 'workspace'): Promise<string[]> {
  const mine = await certs(file);
  const pool = [...mine, ...(await ica()), ...(source === 'workspace' ? await certs('root.pem') : [])];
  const anchors = source === 'workspace' ? [] : [await anchor(source)];
  const r = await analyzeChains(prepareChains(pool, anchors, 'file'), mine, { now: NOW });
  return r.problems.filter((p) => p.code in CABF_CODES).map((p) => `${p.code}/${p.severity}`);
}

describe('CABF validity on leaves that chain to a trust-store anchor', () => {
  const cases: Array<{ file: string; want: string[]; note: string }> = [
    { file: 'good-fullchain.pem', want: [], note: '90 days issued 2026-04-01: under 100 from 2027-03-15; 2029 is not the next step' },
    {
      file: 'cabf-validity-too-long.pem',
      want: ['cabf-validity-too-long/error'],
      note: 'notAfter = notBefore + 398 d: 398 d + 1 s inclusive = 399 BR days',
    },
    {
      file: 'cabf-200-days.pem',
      want: ['cabf-validity-upcoming/info'],
      note: 'exactly 200 days inclusive: allowed, but over 100 from 2027-03-15',
    },
    { file: 'cabf-200-days-plus-1s.pem', want: ['cabf-validity-too-long/error'], note: 'one second more' },
    {
      file: 'cabf-validity-upcoming.pem',
      want: ['cabf-validity-upcoming/info'],
      note: '397 days issued 2025-06-01: fine then, over 200 from 2026-03-15',
    },
    { file: 'cert-no-san.pem', want: [], note: 'serverAuth EKU, 90 days' },
    { file: 'cert-validity-inverted.pem', want: [], note: 'inverted validity is the RFC rule, not this one' },
  ];
  for (const c of cases) {
    it(`${c.file}: ${c.want.join(', ') || 'nothing'} (${c.note})`, async () => {
      assert.deepEqual(await cabf(c.file, 'store'), c.want);
    });
  }

  it('never for a private PKI: a --ca / extraAnchors root or an untrusted workspace root', async () => {
    for (const f of ['cabf-validity-too-long.pem', 'cabf-validity-upcoming.pem', 'cabf-200-days-plus-1s.pem']) {
      assert.deepEqual(await cabf(f, 'extra'), [], `${f} with --ca`);
      assert.deepEqual(await cabf(f, 'workspace'), [], `${f} under a workspace root`);
    }
  });

  it('messages give the BR day count, the limit and its date', async () => {
    const mine = await certs('cabf-validity-too-long.pem');
    const r = await analyzeChains(prepareChains([...mine, ...(await ica())], [await anchor('store')], 'file'), mine, { now: NOW });
    const p = r.problems.find((x) => x.code === 'cabf-validity-too-long')!;
    assert.match(
      p.message,
      /is valid for 399 days .*issued on or after 2020-09-01 may last at most 398 days \(CA\/B Forum BR §6\.3\.2, SC31\)/,
    );
    assert.deepEqual(p.span, mine[0]!.item.span);
    assert.deepEqual(p.data, { days: 399, maxDays: 398, since: '2020-09-01' });
  });

  it('a CA certificate, a client-only leaf and an unparsable certificate get nothing (never a throw)', async () => {
    const [icaCert] = await ica();
    assert.deepEqual(lintCabf(icaCert!.item), []);
    const leaf = (await certs('cabf-validity-too-long.pem'))[0]!.item;
    const broken: CertificateItem = { ...leaf, der: leaf.der.subarray(0, 40) };
    assert.deepEqual(lintCabf(broken), []);
  });
});

describe('the BR schedule', () => {
  it('validityLimitAt picks the limit in force at notBefore', () => {
    const table: Array<[string, number | undefined]> = [
      ['2017-12-31T23:59:59Z', undefined],
      ['2018-03-01T00:00:00Z', 825],
      ['2020-08-31T23:59:59Z', 825],
      ['2020-09-01T00:00:00Z', 398],
      ['2026-03-14T23:59:59Z', 398],
      ['2026-03-15T00:00:00Z', 200],
      ['2027-03-15T00:00:00Z', 100],
      ['2029-03-14T23:59:59Z', 100],
      ['2029-03-15T00:00:00Z', 47],
      ['2100-01-01T00:00:00Z', 47],
    ];
    for (const [at, want] of table) assert.equal(validityLimitAt(Date.parse(at))?.maxDays, want, at);
  });

  it('validity is inclusive (+1 s) and part days round up (BR §6.3.2)', () => {
    const d = 86_400_000;
    const t0 = Date.parse('2026-04-01T00:00:00Z');
    assert.equal(validityDays(validityPeriodMs(t0, t0)), 1);
    assert.equal(validityDays(validityPeriodMs(t0, t0 + 200 * d - 1000)), 200);
    assert.equal(validityDays(validityPeriodMs(t0, t0 + 200 * d)), 201);
    assert.ok(validityPeriodMs(t0, t0 - 1000) <= 0);
  });

  it("cert-manager's CABF_LIMITS are the SC-081v3 rows, in Go-duration nanoseconds", () => {
    assert.deepEqual(CABF_LIMITS, [
      { date: '2026-03-15', max: 200 * DAY },
      { date: '2027-03-15', max: 100 * DAY },
      { date: '2029-03-15', max: 47 * DAY },
    ]);
    assert.equal(CABF_VALIDITY_SCHEDULE.length, 5);
  });
});

describe('certlens check (servedChainAnalyzer)', () => {
  it('a served leaf under a trust-store root gets cabf-validity-too-long; under --ca it does not', async () => {
    const { servedChainAnalyzer } = await import('../../../../src/core/chain/endpoint');
    const served = [(await certs('cabf-validity-too-long.pem'))[0]!.item.der, (await ica())[0]!.item.der];
    const root = await anchor('store');
    const ctx = { servername: 'www.example.com', now: NOW, anchors: [] as Uint8Array[], systemTrust: true };
    const store = await servedChainAnalyzer([root])(served, ctx);
    assert.deepEqual(
      store.filter((f) => f.code.startsWith('cabf-')).map((f) => `${f.code}/${f.severity}@${f.certIndex}`),
      ['cabf-validity-too-long/error@0'],
    );
    const extra = await servedChainAnalyzer([])(served, { ...ctx, anchors: [root.der] });
    assert.deepEqual(
      extra.filter((f) => f.code.startsWith('cabf-')),
      [],
    );
  });
});
