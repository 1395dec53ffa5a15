import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeText, type Item } from '../../../../src/core/analysis/decode';
import { buildFileReport } from '../../../../src/core/analysis/file-report';
import type { Problem } from '../../../../src/core/types';

const FIX = join(__dirname, '../../../fixtures');
const NOW = new Date('2025-06-01T00:00:00Z');

/** The rule as first written: the first certificate whose span holds the finding's, else the first item. */
function naive(p: Problem, items: readonly Item[]): number | undefined {
  let best: { index: number; kind: Item['kind'] } | undefined;
  items.forEach((item, index) => {
    const inside = item.span.start <= p.span.start && p.span.end <= item.span.end;
    if (inside && (!best || (best.kind !== 'certificate' && item.kind === 'certificate'))) best = { index, kind: item.kind };
  });
  return best?.index;
}

describe('buildFileReport: findings that name no item', () => {
  it('go to the first certificate (else the first item) whose block holds them, as a scan of every item would say', async () => {
    // Blocks of a bundle, a key, a PKCS#7 whose certificates share its span, and text between blocks.
    const parts = ['certs/chain.pem', 'certs/healthy.key', 'p12/chain.p7b.pem', 'certs/expired.pem'].map((f) =>
      readFileSync(join(FIX, f), 'utf8'),
    );
    const text = `# a comment\n${parts.join('\n# between\n')}\ntrailing text\n`;
    const decoded = await decodeText(text);
    const items = decoded.items;
    assert.ok(items.length >= 7, `${items.length} items`);
    const spanKey = (i: Item): string => `${i.span.start}:${i.span.end}`;
    assert.ok(new Set(items.map(spanKey)).size < items.length, 'the PKCS#7 and its certificates share a span');
    // Every span boundary ±1, whole blocks, and spans across two blocks or outside all of them.
    const points = [...new Set(items.flatMap((i) => [i.span.start, i.span.end]).flatMap((x) => [x - 1, x, x + 1]))].filter(
      (x) => x >= 0 && x <= text.length,
    );
    const spans = [
      ...items.map((i) => i.span),
      ...points.map((x) => ({ start: x, end: x })),
      ...points.slice(1).map((x, k) => ({ start: points[k] ?? 0, end: x })),
      { start: 0, end: text.length },
    ];
    const extra: Problem[] = spans.map((span, k) => ({ code: `test-${k}`, severity: 'info', message: String(k), span }));
    const report = await buildFileReport({ file: 'mixed.pem', text, decoded }, { now: NOW, extra });
    let attributed = 0;
    for (const p of extra) {
      const f = report.findings.find((x) => x.code === p.code);
      assert.ok(f, p.code);
      assert.equal(f.item, naive(p, items), `${p.code} at ${p.span.start}-${p.span.end}`);
      if (f.item !== undefined) attributed++;
    }
    assert.ok(attributed > 10 && attributed < extra.length, `${attributed} of ${extra.length} attributed`);
  });
});
