import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintManifest } from '../../../../src/core/cert-manager';
import { placeRenewalLens, timelineTooltip } from '../../../../src/core/cert-manager/lens-place';

const NOW = new Date('2026-11-22T00:00:00Z');
const cert = (spec: string) =>
  `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: w\nspec:\n  secretName: w-tls\n  dnsNames: [w.example.com]\n  issuerRef:\n    name: ca\n    kind: Issuer\n  privateKey:\n    rotationPolicy: Always\n${spec}`;

function place(text: string) {
  const r = lintManifest({ path: 'a.yaml', text }, { now: NOW });
  const item = r.items[0];
  assert.ok(item);
  const p = placeRenewalLens(text, item, r.problems);
  const line = text.slice(0, p.span.start).split('\n').length - 1;
  return { line: (text.split('\n')[line] ?? '').trim(), key: text.slice(p.span.start, p.span.end), error: p.error?.code };
}

describe('placeRenewalLens', () => {
  const cases: Array<[string, string, { line: string; key: string; error?: string }]> = [
    ['on spec.duration', cert('  duration: 2160h0m0s\n  renewBefore: 720h0m0s\n'), { line: 'duration: 2160h0m0s', key: 'duration' }],
    ['on renewBefore without a duration', cert('  renewBefore: 720h0m0s\n'), { line: 'renewBefore: 720h0m0s', key: 'renewBefore' }],
    ['on kind: Certificate without either', cert(''), { line: 'kind: Certificate', key: 'Certificate' }],
    ['an invalid duration: the error, not defaults', cert('  duration: 90d\n'), { line: 'duration: 90d', key: 'duration', error: 'CM002' }],
    [
      'windowDuration is not spec.duration',
      cert('  renewalWindows: []\n  x:\n    windowDuration: 1h\n'),
      // The schema rejects the unknown fields (CM030), and the lens says so, still on kind: Certificate.
      { line: 'kind: Certificate', key: 'Certificate', error: 'CM030' },
    ],
  ];
  for (const [name, text, want] of cases) {
    it(name, () => {
      const got = place(text);
      assert.equal(got.line, want.line);
      assert.equal(got.key, want.key);
      assert.equal(got.error, want.error);
    });
  }
  it('a warning does not replace the timeline', () => {
    // CM120 (non-canonical) is a warning-or-info: the lens still shows the timeline.
    assert.equal(place(cert('  duration: 2160h\n')).error, undefined);
  });
});

describe('timelineTooltip', () => {
  it('explains alert and page and names their settings', () => {
    const t = timelineTooltip('14d', '3d');
    assert.match(t, /alert 14d: .*before expiry.*alertThreshold/);
    assert.match(t, /page 3d: .*before expiry.*pageThreshold/);
  });
});
