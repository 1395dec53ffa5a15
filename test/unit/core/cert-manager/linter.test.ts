import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintManifest, lintManifests, type Fix } from '../../../../src/core/cert-manager';
import { letsEncryptLifetime } from '../../../../src/core/cert-manager/issuers';
import { DAY, HOUR } from '../../../../src/core/cert-manager/duration';
import { LineIndex } from '../../../../src/core/util/line-index';

const NOW = new Date('2026-11-22T00:00:00Z');

function cert(spec: string, name = 'web'): string {
  return `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: ${name}\nspec:\n  secretName: ${name}-tls\n  dnsNames: [${name}.example.com]\n  issuerRef:\n    name: ca\n    kind: Issuer\n  privateKey:\n    rotationPolicy: Always\n${spec}`;
}
function applyFix(text: string, f: Fix): string {
  return text.slice(0, f.span.start) + f.newText + text.slice(f.span.end);
}
const codes = (text: string, path = 'x.yaml'): string[] => lintManifest({ path, text }, { now: NOW }).problems.map((p) => p.code);

describe('parsing', () => {
  const invalid: Array<[string, string, number]> = [
    ['unclosed flow', 'kind: Certificate\nspec: {a: [1, 2\n', 1],
    ['bad indentation', 'a:\n  b: 1\n c: 2\n', 1],
    ['tab indentation', 'a:\n\tb: 1\n', 1],
    ['two broken documents', 'a: [\n---\nb: {\n', 1],
    ['empty', '', 0],
    ['only comments', '# nothing\n', 0],
    ['BOM', '\ufeffkind: Certificate\napiVersion: cert-manager.io/v1\n', 0],
    ['binary junk', '\u0000\u0001\u0002: :\n', -1],
  ];
  for (const [name, text, n] of invalid) {
    it(`${name}: ${n < 0 ? 'does not throw' : `${n} yaml-syntax problem(s)`}`, () => {
      const r = lintManifest({ path: 'a.yaml', text }, { now: NOW });
      const syntax = r.problems.filter((p) => p.code === 'yaml-syntax');
      if (n >= 0) assert.equal(syntax.length, n);
      assert.ok(syntax.length <= 1);
    });
  }
  it('a Helm template that does not parse gets no syntax error', () => {
    const text = 'metadata:\n  name: {{ .Values.name }\n  labels: {{ toYaml .Values.labels }}: x: y\n';
    assert.deepEqual(codes(text, 'chart/templates/cert.yaml'), []);
  });
  it('templated values are skipped, the rest still linted', () => {
    const text = cert('  duration: {{ .Values.duration }}\n  renewBefore: 90d\n');
    assert.deepEqual(
      codes(text, 'chart/templates/c.yaml').filter((c) => c.startsWith('CM00')),
      ['CM002'],
    );
  });
  it('CRLF: spans land on the right line and character', () => {
    const text = cert('  duration: 90d\n').replace(/\n/g, '\r\n');
    const r = lintManifest({ path: 'a.yaml', text }, { now: NOW });
    const p = r.problems.find((x) => x.code === 'CM002')!;
    assert.deepEqual(new LineIndex(text).range(p.span), { start: { line: 12, character: 12 }, end: { line: 12, character: 15 } });
    assert.equal(text.slice(p.span.start, p.span.end), '90d');
  });
  it('a very long file (2,000 documents) lints every Certificate', () => {
    const text = Array.from({ length: 2000 }, (_, i) => cert('  duration: 2160h0m0s\n', `c${i}`)).join('---\n');
    const r = lintManifest({ path: 'big.yaml', text }, { now: NOW });
    assert.equal(r.items.length, 2000);
    assert.equal(r.problems.filter((p) => p.severity === 'error').length, 0);
  });
  it('ignores non-cert-manager resources', () => {
    assert.deepEqual(codes('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {duration: 90d}\n'), []);
  });
});

describe('quick fixes', () => {
  const cases: Array<[string, string, string, string]> = [
    ['90d → 2160h0m0s (canonical: no CM120 after the fix)', cert('  duration: 90d\n'), 'CM002', '  duration: 2160h0m0s\n'],
    ['quoted 2w → "336h0m0s"', cert('  duration: "2w"\n'), 'CM002', '  duration: "336h0m0s"\n'],
    ['renewBefore ≥ duration → a third', cert('  duration: 720h\n  renewBefore: 800h\n'), 'CM005', '  renewBefore: 240h0m0s\n'],
    [
      'rsa → RSA',
      cert('').replace('    rotationPolicy: Always\n', '    rotationPolicy: Always\n    algorithm: rsa\n'),
      'CM011',
      '    algorithm: RSA\n',
    ],
    ['canonical duration', cert('  duration: 2160h\n'), 'CM120', '  duration: 2160h0m0s\n'],
  ];
  for (const [name, text, code, expectLine] of cases) {
    it(name, () => {
      const p = lintManifest({ path: 'a.yaml', text }, { now: NOW }).problems.find((x) => x.code === code)!;
      const fixed = applyFix(text, (p.data as { fix: Fix }).fix);
      assert.ok(fixed.includes(expectLine), fixed);
      assert.ok(!codes(fixed).includes(code), `${code} still reported after the fix`);
    });
  }
  it('renewBefore and percentage: two fixes, each removing one line', () => {
    const text = cert('  duration: 2160h0m0s\n  renewBefore: 360h0m0s\n  renewBeforePercentage: 25\n');
    const p = lintManifest({ path: 'a.yaml', text }, { now: NOW }).problems.find((x) => x.code === 'CM006')!;
    const fixes = (p.data as { fixes: Fix[] }).fixes;
    assert.equal(fixes.length, 2);
    for (const f of fixes) assert.ok(!codes(applyFix(text, f)).includes('CM006'));
    assert.ok(!applyFix(text, fixes[0]!).includes('renewBefore: 360h'));
  });
  it('missing issuerRef.kind → the ClusterIssuer found in another file', () => {
    const issuer = 'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: ca\nspec:\n  ca:\n    secretName: ca\n';
    const text = cert('').replace('    kind: Issuer\n', '');
    const [r] = lintManifests(
      [
        { path: 'c.yaml', text },
        { path: 'i.yaml', text: issuer },
      ],
      { now: NOW, only: ['c.yaml'] },
    );
    const p = r!.problems.find((x) => x.code === 'CM121')!;
    const fixed = applyFix(text, (p.data as { fix: Fix }).fix);
    assert.ok(fixed.includes('    name: ca\n    kind: ClusterIssuer\n'), fixed);
    const again = lintManifests(
      [
        { path: 'c.yaml', text: fixed },
        { path: 'i.yaml', text: issuer },
      ],
      { now: NOW },
    );
    assert.ok(!again[0]!.problems.some((x) => x.code === 'CM121'));
    assert.equal(again[0]!.items[0]!.issuer?.resolved, true);
  });
  it('an issuer name defined in several files resolves to the nearest definition (same file, then same folder)', () => {
    const le = (profile: string) =>
      `apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: le\nspec:\n  acme:\n    server: https://acme-v02.api.letsencrypt.org/directory\n    profile: ${profile}\n    privateKeySecretRef:\n      name: k\n    solvers: [{http01: {ingress: {}}}]\n`;
    const c = cert('').replace('    name: ca\n    kind: Issuer\n', '    name: le\n    kind: ClusterIssuer\n');
    const lifetimeOf = (files: Array<{ path: string; text: string }>, only: string): string =>
      lintManifests(files, { now: NOW, only: [only] })[0]!.items[0]!.timeline.renewal.lifetime;
    const files = [
      { path: 'a/classic.yaml', text: le('classic') },
      { path: 'b/short.yaml', text: `${le('shortlived')}---\n${c}` },
      { path: 'c/issuer.yaml', text: le('shortlived') },
      { path: 'c/cert.yaml', text: c },
    ];
    assert.equal(lifetimeOf(files, 'b/short.yaml'), lifetimeOf([files[1]!], 'b/short.yaml'));
    assert.equal(lifetimeOf(files, 'c/cert.yaml'), lifetimeOf([files[1]!], 'b/short.yaml'));
    assert.notEqual(lifetimeOf(files, 'c/cert.yaml'), lifetimeOf([files[0]!, { path: 'd/cert.yaml', text: c }], 'd/cert.yaml'));
  });
});

describe('options', () => {
  it('disabled rules are not reported', () => {
    const r = lintManifest({ path: 'a.yaml', text: cert('  duration: 90d\n') }, { now: NOW, disabledRules: ['CM002'] });
    assert.ok(!r.problems.some((p) => p.code === 'CM002'));
  });
  it('overlap minimum and thresholds are configurable', () => {
    const text = cert('  duration: 2160h0m0s\n  renewBefore: 240h0m0s\n');
    assert.ok(!codes(text).includes('CM106'));
    const r = lintManifest({ path: 'a.yaml', text }, { now: NOW, overlapMinimum: '336h', alertThreshold: '240h' });
    assert.ok(r.problems.some((p) => p.code === 'CM106'));
    assert.ok(r.problems.some((p) => p.code === 'CM119'));
    assert.match(r.items[0]!.timeline.text, /alert 10d/);
  });
});

describe("Let's Encrypt lifetime schedule", () => {
  const cases: Array<[string, string, number | undefined]> = [
    ['classic', '2026-11-22', 90 * DAY],
    ['classic', '2027-02-10', 64 * DAY],
    ['classic', '2028-02-16', 45 * DAY],
    ['tlsserver', '2026-05-12', 90 * DAY],
    ['tlsserver', '2026-05-13', 45 * DAY],
    ['shortlived', '2026-01-01', 160 * HOUR],
    ['tlsclient', '2026-07-08', undefined],
    ['unknown', '2026-07-08', undefined],
  ];
  for (const [profile, date, life] of cases) {
    it(`${profile} on ${date}`, () => assert.equal(letsEncryptLifetime(profile, new Date(`${date}T00:00:00Z`)), life));
  }
  it('staging classic goes to 64d on 2026-10-14', () =>
    assert.equal(letsEncryptLifetime('classic', new Date('2026-10-14T00:00:00Z'), true), 64 * DAY));
});

describe('timeline', () => {
  it('gives dates from issue to expiry', () => {
    const r = lintManifest({ path: 'a.yaml', text: cert('  duration: 2160h0m0s\n') }, { now: NOW });
    const t = r.items[0]!.timeline;
    assert.equal(t.text, 'renews 30d before expiry (at 67% of 90d) · overlap 30d · alert 14d · page 3d');
    assert.deepEqual(
      t.events.map((e) => [e.label, e.at.slice(0, 10)]),
      [
        ['issue', '2026-11-22'],
        ['renewal', '2027-01-21'],
        ['alert', '2027-02-06'],
        ['page', '2027-02-17'],
        ['expiry', '2027-02-20'],
      ],
    );
  });
});

describe('renderTimelineMarkdown', () => {
  it('places R, A and P proportionally and lists the dates', async () => {
    const { renderTimelineMarkdown } = await import('../../../../src/core/cert-manager');
    const t = lintManifest({ path: 'a.yaml', text: cert('  duration: 2160h0m0s\n') }, { now: NOW }).items[0]!.timeline;
    const md = renderTimelineMarkdown(t);
    const bar = md.split('\n')[3]!;
    assert.equal(bar.indexOf('R'), 32);
    assert.equal(bar.indexOf('A'), 41);
    assert.equal(bar.indexOf('P'), 46);
    assert.match(md, /\| renewal \| 2027-01-21 00:00 UTC \|/);
  });
});

describe('timeline with renewal disabled', () => {
  it('says so and has no renewal event', () => {
    const t = lintManifest({ path: 'a.yaml', text: cert('  renewal:\n    policy: Disabled\n') }, { now: NOW }).items[0]!.timeline;
    assert.equal(t.text, 'renewal disabled · expires after 90d · alert 14d · page 3d');
    assert.deepEqual(
      t.events.map((e) => e.label),
      ['issue', 'alert', 'page', 'expiry'],
    );
  });
});

describe('renewal windows (applyRenewBeforeWithWindows)', () => {
  const windows = (cron: string, len: string): string =>
    `  duration: 2160h0m0s\n  renewal:\n    policy: RenewBefore\n    windows:\n      - cron: "${cron}"\n        windowDuration: ${len}\n`;
  const cases: Array<[string, string, string, string | undefined]> = [
    ['desired time outside: the next window start', '0 2 * * 6', '2h', '2027-01-23T02:00:00.000Z'],
    ['desired time inside a daily 24h window: unchanged', '0 0 * * *', '24h', '2027-01-21T00:00:00.000Z'],
    ['no window before expiry + windowDuration: none', '0 0 1 1 *', '1h', undefined],
  ];
  for (const [name, cron, len, at] of cases) {
    it(name, () => {
      const t = lintManifest({ path: 'a.yaml', text: cert(windows(cron, len)) }, { now: NOW }).items[0]!.timeline;
      assert.equal(t.events.find((e) => e.label === 'renewal')?.at, at);
    });
  }
  it('says when the window moves the renewal', () => {
    const t = lintManifest({ path: 'a.yaml', text: cert(windows('0 2 * * 6', '2h')) }, { now: NOW }).items[0]!.timeline;
    assert.match(t.text, /^renews at the next window, 27\.9d before expiry \(wanted 30d of 90d\)/);
  });
});

describe('no false positives', () => {
  const issuer = 'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: ca\nspec:\n  ca:\n    secretName: ca\n';
  it('CM121 stays silent when issuerRef.kind is templated', () => {
    const text = cert('').replace('    kind: Issuer\n', '    kind: {{ .Values.issuer.kind }}\n');
    const [r] = lintManifests(
      [
        { path: 'templates/c.yaml', text },
        { path: 'i.yaml', text: issuer },
      ],
      { now: NOW, only: ['templates/c.yaml'] },
    );
    assert.deepEqual(
      r!.problems.map((p) => p.code),
      [],
    );
  });
  it('CM106 accepts the default third for short lifetimes', () => {
    for (const d of ['160h', '24h', '100h0m1s']) assert.ok(!codes(cert(`  duration: ${d}\n`)).includes('CM106'), d);
  });
});

describe('parseLiteralSubject', () => {
  const cases: Array<[string, { cn?: string; unknown: string[]; error?: string }]> = [
    ['CN=foo,O=Acme', { cn: 'foo', unknown: [] }],
    ['C=O,B=TX,CN=foo', { cn: 'foo', unknown: ['TX'] }],
    ['CN=James \\"Jim\\" Smith\\, III,DC=net', { cn: 'James "Jim" Smith, III', unknown: [] }],
    ['O=Acme+2.5.4.11=IT', { unknown: [] }],
    ['garbage', { unknown: [], error: 'DN ended with incomplete type, value pair in "garbage"' }],
  ];
  for (const [input, want] of cases) {
    it(input, async () => {
      const { parseLiteralSubject } = await import('../../../../src/core/cert-manager/rules-names');
      assert.deepEqual(parseLiteralSubject(input), want);
    });
  }
  it('a literal CN counts as identity (no CM009)', () => {
    const text = cert('  literalSubject: "CN=lit.example.com"\n').replace('  dnsNames: [web.example.com]\n', '');
    assert.ok(!codes(text).includes('CM009'));
  });
});
