/** Core never throws: every fixture, cut at many points or with junk spliced in, still lints. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lintManifest } from '../../../../src/core/cert-manager';
import { findEmbeddedMaterial } from '../../../../src/core/k8s/embedded';

const DIR = join(__dirname, '../../../fixtures/cert-manager/rules');
const NOW = new Date('2026-11-22T00:00:00Z');
const JUNK = ['\u0000', '{{', ': :', '\t', '- [', '"', '&a', '*a', '\r'];

describe('robustness', () => {
  for (const f of readdirSync(DIR).filter((n) => n.endsWith('.yaml'))) {
    it(`${f}: truncations and junk never throw`, () => {
      const text = readFileSync(join(DIR, f), 'utf8');
      const step = Math.max(1, Math.floor(text.length / 8));
      for (let i = 0; i <= text.length; i += step) {
        const variants = [text.slice(0, i), ...JUNK.map((j) => text.slice(0, i) + j + text.slice(i))];
        for (const v of variants) {
          const r = lintManifest({ path: f, text: v }, { now: NOW });
          assert.ok(r.problems.filter((p) => p.code === 'yaml-syntax').length <= 1);
          for (const p of r.problems)
            assert.ok(p.span.start >= 0 && p.span.end <= v.length && p.span.start <= p.span.end, `${p.code} span`);
          findEmbeddedMaterial(v);
        }
      }
    });
  }
});
