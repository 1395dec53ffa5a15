/**
 * RFC 5280 §6.1 policy processing (processPolicies) on synthetic paths: the
 * certificates are minimal stand-ins carrying only the policy extensions.
 * The real-certificate coverage is NIST PKITS 4.8–4.12 (pkits.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ParsedCert } from '../../../../src/core/chain/certificate';
import { ANY_POLICY, isOid, processPolicies, type PolicyInputs } from '../../../../src/core/chain/policy';

function len(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}
const tlv = (tag: number, body: number[]): number[] => [tag, ...len(body.length), ...body];
function oid(s: string): number[] {
  const [a = 0, b = 0, ...rest] = s.split('.').map(Number);
  const out = [a * 40 + b];
  for (const n of rest) {
    const groups: number[] = [];
    let v = n;
    do {
      groups.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    out.push(...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
  }
  return tlv(0x06, out);
}
const seq = (...parts: number[][]): number[] => tlv(0x30, parts.flat());

interface Spec {
  policies?: string[];
  mappings?: [string, string][];
  requireExplicit?: number;
  inhibitMapping?: number;
  inhibitAny?: number;
  raw?: Record<string, number[]>;
  selfIssued?: boolean;
}
function cert(s: Spec): ParsedCert {
  const ext = new Map<string, { critical: boolean; value: Uint8Array }>();
  const put = (id: string, v: number[]) => ext.set(id, { critical: true, value: Uint8Array.from(v) });
  if (s.policies) put('2.5.29.32', seq(...s.policies.map((p) => seq(oid(p)))));
  if (s.mappings) put('2.5.29.33', seq(...s.mappings.map(([a, b]) => seq(oid(a), oid(b)))));
  if (s.requireExplicit !== undefined || s.inhibitMapping !== undefined)
    put(
      '2.5.29.36',
      seq(
        ...(s.requireExplicit !== undefined ? [tlv(0x80, [s.requireExplicit])] : []),
        ...(s.inhibitMapping !== undefined ? [tlv(0x81, [s.inhibitMapping])] : []),
      ),
    );
  if (s.inhibitAny !== undefined) put('2.5.29.54', tlv(0x02, [s.inhibitAny]));
  for (const [id, v] of Object.entries(s.raw ?? {})) put(id, v);
  return { extensions: ext, selfIssued: s.selfIssued ?? false } as unknown as ParsedCert;
}

const P1 = '2.16.840.1.101.3.2.1.48.1';
const P2 = '2.16.840.1.101.3.2.1.48.2';
const P3 = '2.16.840.1.101.3.2.1.48.3';

describe('processPolicies', () => {
  const cases: Array<{ name: string; path: Spec[]; inputs?: PolicyInputs; want: string[] | string }> = [
    { name: 'no policies, nothing required', path: [{}, {}], want: [] },
    { name: 'no policies, explicit policy required', path: [{}, {}], inputs: { explicitPolicy: true }, want: 'policy' },
    { name: 'one policy all the way', path: [{ policies: [P1] }, { policies: [P1] }], want: [P1] },
    { name: 'anyPolicy above, a policy below', path: [{ policies: [ANY_POLICY] }, { policies: [P2] }], want: [P2] },
    { name: 'anyPolicy all the way', path: [{ policies: [ANY_POLICY] }, { policies: [ANY_POLICY] }], want: [ANY_POLICY] },
    {
      name: 'initial set disjoint from the path, explicit',
      path: [{ policies: [P1] }, { policies: [P1] }],
      inputs: { initialPolicySet: [P2], explicitPolicy: true },
      want: 'policy',
    },
    {
      name: 'initial set disjoint, not explicit: valid with an empty set',
      path: [{ policies: [P1] }, { policies: [P1] }],
      inputs: { initialPolicySet: [P2] },
      want: [],
    },
    { name: "a CA's requireExplicitPolicy:0", path: [{ requireExplicit: 0 }, {}], want: 'policy' },
    { name: 'requireExplicitPolicy:1 counts the leaf too (§6.1.5 (a))', path: [{ requireExplicit: 1 }, {}], want: 'policy' },
    { name: 'requireExplicitPolicy:2 leaves room past the leaf', path: [{ requireExplicit: 2 }, {}], want: [] },
    { name: 'mapping P1 → P2', path: [{ policies: [P1], mappings: [[P1, P2]] }, { policies: [P2] }], want: [P1] },
    {
      name: 'mapping inhibited by the input',
      path: [{ policies: [P1], mappings: [[P1, P2]] }, { policies: [P2] }],
      inputs: { inhibitPolicyMapping: true, explicitPolicy: true },
      want: 'policy',
    },
    {
      name: 'anyPolicy mapped from anyPolicy node',
      path: [{ policies: [ANY_POLICY], mappings: [[P1, P3]] }, { policies: [P3] }],
      inputs: { initialPolicySet: [P1] },
      want: [P1],
    },
    {
      name: 'inhibitAnyPolicy input: anyPolicy in the leaf is not honoured',
      path: [{ policies: [P1] }, { policies: [ANY_POLICY] }],
      inputs: { inhibitAnyPolicy: true, explicitPolicy: true },
      want: 'policy',
    },
    {
      name: "a CA's inhibitAnyPolicy:0",
      path: [{ policies: [ANY_POLICY], inhibitAny: 0 }, { policies: [ANY_POLICY] }],
      inputs: { explicitPolicy: true },
      want: 'policy',
    },
    // Malformed input: a finding with a code, never a throw.
    { name: 'mapping to anyPolicy', path: [{ policies: [P1], mappings: [[P1, ANY_POLICY]] }, {}], want: 'malformed' },
    { name: 'certificatePolicies is not DER', path: [{ raw: { '2.5.29.32': [0x30, 0x05, 0x06] } }, {}], want: 'malformed' },
    { name: 'certificatePolicies empty', path: [{ raw: { '2.5.29.32': [0x30, 0x00] } }, {}], want: 'malformed' },
    {
      name: 'certificatePolicies with a truncated OID',
      path: [{ raw: { '2.5.29.32': seq(seq([0x06, 0x02, 0x2a])) } }, {}],
      want: 'malformed',
    },
    { name: 'a policy OID twice', path: [{ policies: [P1, P1] }, {}], want: 'malformed' },
    { name: 'policyConstraints empty', path: [{ raw: { '2.5.29.36': [0x30, 0x00] } }, {}], want: 'malformed' },
    { name: 'inhibitAnyPolicy negative', path: [{ raw: { '2.5.29.54': [0x02, 0x01, 0xff] } }, {}], want: 'malformed' },
    {
      name: 'policyMappings with trailing bytes',
      path: [{ raw: { '2.5.29.33': [...seq(seq(oid(P1), oid(P2))), 0] } }, {}],
      want: 'malformed',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = processPolicies(c.path.map(cert), c.inputs);
      if (typeof c.want === 'string') {
        assert.equal(r.ok, false);
        assert.equal(!r.ok && r.code, c.want, !r.ok ? r.message : '');
      } else assert.deepEqual(r.ok && r.policies, c.want, !r.ok ? r.message : '');
    });
  }

  it('a policy tree that would grow exponentially stops at the node cap with budget-exceeded', () => {
    const ps = Array.from({ length: 20 }, (_, i) => `1.2.3.${i + 1}`);
    const everyToEvery = ps.flatMap((a) => ps.map((b) => [a, b] as [string, string]));
    const ca: Spec = { policies: ps, mappings: everyToEvery };
    // 20 policies mapped every-to-every over 5 CAs would be 20^6 nodes: the cap stops it.
    const r = processPolicies([ca, ca, ca, ca, ca, { policies: ps }].map(cert));
    assert.equal(!r.ok && r.code, 'budget-exceeded');
  });

  it('isOid', () => {
    for (const good of ['1.2', '2.5.29.32.0', '1.3.6.1.4.1.55555.1.1']) assert.ok(isOid(good), good);
    for (const bad of ['', '1', '3.1', '1.02', '1..2', '1.2.', 'a.b', ' 1.2', '1.2.3x']) assert.ok(!isOid(bad), bad);
  });
});
