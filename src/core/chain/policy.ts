/**
 * Certificate policy processing of RFC 5280 §6.1: the valid_policy_tree with
 * policy mappings, the explicit_policy / policy_mapping / inhibit_anyPolicy
 * counters, and the user-constrained-policy-set output (§6.1.6). Policy
 * qualifiers are ignored, as §6.1.3 (d) allows.
 *
 * The tree is kept level by level (depth i holds the nodes for certificate
 * i). Policy trees can grow exponentially with crafted mappings
 * (CVE-2023-0464), so the node count is capped: past it the path is rejected
 * with `budget-exceeded`, never silently accepted.
 *
 * @example
 * ```ts
 * const r = processPolicies([ica, leaf], { initialPolicySet: ['2.16.840.1.101.3.2.1.48.1'] });
 * if (!r.ok) console.log(r.message); else console.log(r.policies);
 * ```
 */
import { EXT, type ParsedCert } from './certificate.js';
import { DerError, TAG, children, decodeOid, decodeSmallInt, expectTag, parseDer, type Tlv } from './der.js';
import type { ReasonCode } from './types.js';
import { decodeOnce } from '../util/memo';

export const ANY_POLICY = '2.5.29.32.0';

/** RFC 5280 §6.1.1 (c), (e), (f), (g). */
export interface PolicyInputs {
  /** user-initial-policy-set; default {anyPolicy}. */
  readonly initialPolicySet?: readonly string[];
  /** initial-explicit-policy */
  readonly explicitPolicy?: boolean;
  /** initial-policy-mapping-inhibit */
  readonly inhibitPolicyMapping?: boolean;
  /** initial-any-policy-inhibit */
  readonly inhibitAnyPolicy?: boolean;
}

export type PolicyOutcome =
  | { readonly ok: true; readonly policies: readonly string[] }
  | { readonly ok: false; readonly code: ReasonCode; readonly message: string; readonly index: number };

/** The policy extensions of one certificate (§4.2.1.4, .5, .11, .14). */
export interface PolicyExtensions {
  readonly policies?: readonly string[];
  readonly mappings?: readonly (readonly [issuerDomain: string, subjectDomain: string])[];
  readonly requireExplicitPolicy?: number;
  readonly inhibitPolicyMapping?: number;
  readonly inhibitAnyPolicy?: number;
}

const MAX_NODES = 4096;
const OID_RE = /^[0-2](\.(0|[1-9]\d*))+$/;

/** True when `s` is a dotted OID (for settings and CLI flags). */
export function isOid(s: string): boolean {
  return OID_RE.test(s) && s.length <= 200;
}

/** Whether a certificate has any of the extensions §6.1 policy processing reads (a quick test, nothing decoded). */
export function carriesPolicies(c: ParsedCert): boolean {
  const x = c.extensions;
  return x.has(EXT.POLICIES) || x.has(EXT.POLICY_MAPPINGS) || x.has(EXT.POLICY_CONSTRAINTS) || x.has(EXT.INHIBIT_ANY);
}

/** Decodes a certificate's policy extensions once; an Error when one is malformed. */
export const policyExtensions: (c: ParsedCert) => PolicyExtensions | Error = decodeOnce(decodePolicyExtensions);

function seq(v: Uint8Array, what: string): Tlv[] {
  return children(expectTag(parseDer(v), TAG.SEQUENCE, what));
}

function decodePolicyExtensions(c: ParsedCert): PolicyExtensions {
  const out: { -readonly [K in keyof PolicyExtensions]: PolicyExtensions[K] } = {};
  const cp = c.extensions.get(EXT.POLICIES);
  if (cp) {
    const infos = seq(cp.value, 'certificatePolicies');
    if (infos.length === 0) throw new DerError('empty certificatePolicies');
    const oids = infos.map((pi) =>
      decodeOid(expectTag(children(expectTag(pi, TAG.SEQUENCE, 'PolicyInformation'))[0], TAG.OID, 'policyIdentifier')),
    );
    // §4.2.1.4: a policy OID MUST NOT appear more than once.
    if (new Set(oids).size !== oids.length) throw new DerError('duplicate policy identifier in certificatePolicies');
    out.policies = oids;
  }
  const pm = c.extensions.get(EXT.POLICY_MAPPINGS);
  if (pm) {
    const maps = seq(pm.value, 'policyMappings').map((m) => {
      const [a, b, extra] = children(expectTag(m, TAG.SEQUENCE, 'PolicyMapping'));
      if (extra) throw new DerError('bad PolicyMapping');
      return [decodeOid(expectTag(a, TAG.OID, 'issuerDomainPolicy')), decodeOid(expectTag(b, TAG.OID, 'subjectDomainPolicy'))] as const;
    });
    if (maps.length === 0) throw new DerError('empty policyMappings');
    out.mappings = maps;
  }
  const pc = c.extensions.get(EXT.POLICY_CONSTRAINTS);
  if (pc) {
    const parts = seq(pc.value, 'policyConstraints');
    // §4.2.1.11: conforming CAs MUST NOT issue an empty policyConstraints.
    if (parts.length === 0) throw new DerError('empty policyConstraints');
    for (const p of parts) {
      const n = decodeSmallInt({ ...p, tag: TAG.INTEGER });
      if (p.tag === 0x80) out.requireExplicitPolicy = n;
      else if (p.tag === 0x81) out.inhibitPolicyMapping = n;
      else throw new DerError('bad policyConstraints field');
    }
  }
  const ia = c.extensions.get(EXT.INHIBIT_ANY);
  if (ia) out.inhibitAnyPolicy = decodeSmallInt(expectTag(parseDer(ia.value), TAG.INTEGER, 'SkipCerts'));
  return out;
}

interface Node {
  readonly policy: string;
  expected: Set<string>;
  readonly parent: Node | undefined;
  readonly children: Node[];
  dead?: boolean;
}

/**
 * Runs §6.1.2–§6.1.5 policy processing over `path`, ordered from the
 * certificate the trust anchor issued down to the target (the anchor itself
 * is not part of the path, §6.1.1 (d)). `index` in a failure is the position
 * in that order. Never throws.
 */
export function processPolicies(path: readonly ParsedCert[], inputs: PolicyInputs = {}): PolicyOutcome {
  const n = path.length;
  const initial = inputs.initialPolicySet && inputs.initialPolicySet.length > 0 ? [...new Set(inputs.initialPolicySet)] : [ANY_POLICY];
  let explicit = inputs.explicitPolicy ? 0 : n + 1;
  let mapping = inputs.inhibitPolicyMapping ? 0 : n + 1;
  let inhibitAny = inputs.inhibitAnyPolicy ? 0 : n + 1;
  const root: Node = { policy: ANY_POLICY, expected: new Set([ANY_POLICY]), parent: undefined, children: [] };
  let level: Node[] | undefined = [root];
  let count = 1;
  const make = (parent: Node, policy: string, expected: Iterable<string>): Node => {
    const node: Node = { policy, expected: new Set(expected), parent, children: [] };
    parent.children.push(node);
    count++;
    return node;
  };
  for (const [i, c] of path.entries()) {
    const last = i === n - 1;
    const ext = policyExtensions(c);
    if (ext instanceof Error) return { ok: false, code: 'malformed', message: `malformed policy extension: ${ext.message}`, index: i };
    if (ext.policies && level) {
      // §6.1.3 (d)(1): children for each non-anyPolicy policy, matched by expected_policy_set.
      const next: Node[] = [];
      for (const p of ext.policies) {
        if (p === ANY_POLICY) continue;
        const matched = level.filter((x) => x.expected.has(p));
        const parents = matched.length > 0 ? matched : level.filter((x) => x.policy === ANY_POLICY);
        for (const parent of parents) next.push(make(parent, p, [p]));
      }
      // (d)(2): anyPolicy, unless inhibited (a self-issued intermediate still passes it on).
      if (ext.policies.includes(ANY_POLICY) && (inhibitAny > 0 || (!last && c.selfIssued))) {
        for (const parent of level) {
          const have = new Set(parent.children.map((x) => x.policy));
          for (const e of parent.expected) if (!have.has(e)) next.push(make(parent, e, [e]));
        }
      }
      if (count > MAX_NODES) return { ok: false, code: 'budget-exceeded', message: `policy tree exceeds ${MAX_NODES} nodes`, index: i };
      level = prune(next, level);
    } else level = undefined; // (e)
    // (f)
    if (explicit <= 0 && !level) return noPolicy(i, 'no acceptable certificate policy (explicit policy required)');
    if (!last) {
      // §6.1.4 (a), (b): policy mappings.
      if (ext.mappings) {
        if (ext.mappings.some(([a, b]) => a === ANY_POLICY || b === ANY_POLICY))
          return { ok: false, code: 'malformed', message: 'policyMappings maps to or from anyPolicy (RFC 5280 §6.1.4 (a))', index: i };
        if (level) level = applyMappings(level, ext.mappings, mapping > 0, make);
      }
      if (count > MAX_NODES) return { ok: false, code: 'budget-exceeded', message: `policy tree exceeds ${MAX_NODES} nodes`, index: i };
      // (h)
      if (!c.selfIssued) {
        if (explicit > 0) explicit--;
        if (mapping > 0) mapping--;
        if (inhibitAny > 0) inhibitAny--;
      }
      // (i), (j)
      if (ext.requireExplicitPolicy !== undefined) explicit = Math.min(explicit, ext.requireExplicitPolicy);
      if (ext.inhibitPolicyMapping !== undefined) mapping = Math.min(mapping, ext.inhibitPolicyMapping);
      if (ext.inhibitAnyPolicy !== undefined) inhibitAny = Math.min(inhibitAny, ext.inhibitAnyPolicy);
    } else {
      // §6.1.5 (a), (b)
      if (explicit > 0) explicit--;
      if (ext.requireExplicitPolicy === 0) explicit = 0;
    }
  }
  // §6.1.5 (g): intersect with the user-initial-policy-set.
  if (level && !initial.includes(ANY_POLICY)) level = intersect(root, level, new Set(initial), make);
  if (explicit <= 0 && !level)
    return noPolicy(n - 1, `no certificate policy acceptable to ${initial.join(', ')} (explicit policy required)`);
  return { ok: true, policies: level ? userConstrained(root, level) : [] };
}

function noPolicy(index: number, message: string): PolicyOutcome {
  return { ok: false, code: 'policy', message, index };
}

/** §6.1.3 (d)(3): removes nodes above the new level that have no children; undefined when the tree is empty. */
function prune(next: Node[], level: Node[]): Node[] | undefined {
  let up: Node[] = level;
  while (up.length > 0) {
    const parents = new Set<Node>();
    for (const x of up) {
      if (x.children.every((c) => c.dead)) {
        x.dead = true;
        if (x.parent) parents.add(x.parent);
      }
    }
    up = [...parents].filter((p) => !p.dead);
  }
  const live = next.filter((x) => !x.dead);
  return live.length > 0 ? live : undefined;
}

function applyMappings(
  level: Node[],
  mappings: readonly (readonly [string, string])[],
  allowed: boolean,
  make: (parent: Node, policy: string, expected: Iterable<string>) => Node,
): Node[] | undefined {
  const byIssuer = new Map<string, string[]>();
  for (const [a, b] of mappings) byIssuer.set(a, [...(byIssuer.get(a) ?? []), b]);
  let out = [...level];
  for (const [idp, subjects] of byIssuer) {
    const nodes = out.filter((x) => x.policy === idp);
    if (allowed) {
      // §6.1.4 (b)(1)
      if (nodes.length > 0) for (const x of nodes) x.expected = new Set(subjects);
      else {
        const any = out.find((x) => x.policy === ANY_POLICY);
        if (any?.parent) out.push(make(any.parent, idp, subjects));
      }
    } else {
      // (b)(2): delete the mapped nodes and prune.
      for (const x of nodes) x.dead = true;
      out = out.filter((x) => !x.dead);
      const parents = [...new Set(nodes.map((x) => x.parent).filter((p): p is Node => !!p))];
      for (const p of parents) if (p.children.every((c) => c.dead)) markUp(p);
    }
  }
  return out.length > 0 ? out : undefined;
}

function markUp(x: Node): void {
  x.dead = true;
  if (x.parent && x.parent.children.every((c) => c.dead)) markUp(x.parent);
}

/** §6.1.5 (g)(iii) */
function intersect(
  root: Node,
  level: Node[],
  initial: Set<string>,
  make: (parent: Node, policy: string, expected: Iterable<string>) => Node,
): Node[] | undefined {
  const set = policyNodeSet(root);
  for (const x of set) if (x.policy !== ANY_POLICY && !initial.has(x.policy)) killSubtree(x);
  let out = level.filter((x) => !isDead(x));
  const anyLeaf = out.find((x) => x.policy === ANY_POLICY);
  if (anyLeaf?.parent) {
    const present = new Set(policyNodeSet(root).map((x) => x.policy));
    for (const p of initial) if (!present.has(p)) out.push(make(anyLeaf.parent, p, [p]));
    anyLeaf.dead = true;
    out = out.filter((x) => x !== anyLeaf);
  }
  for (const x of level) if (isDead(x) && x.parent && x.parent.children.every((c) => isDead(c))) markUp(x.parent);
  out = out.filter((x) => !isDead(x));
  return out.length > 0 ? out : undefined;
}

function killSubtree(x: Node): void {
  x.dead = true;
  for (const c of x.children) killSubtree(c);
}

function isDead(x: Node): boolean {
  for (let p: Node | undefined = x; p; p = p.parent) if (p.dead) return true;
  return false;
}

/** The valid_policy_node_set of §6.1.5 (g)(iii)(1): live nodes whose parent is anyPolicy. */
function policyNodeSet(root: Node): Node[] {
  const out: Node[] = [];
  const walk = (x: Node): void => {
    for (const c of x.children) {
      if (c.dead) continue;
      out.push(c);
      if (c.policy === ANY_POLICY) walk(c);
    }
  };
  walk(root);
  return out;
}

/**
 * The user-constrained-policy-set (§6.1.6): the authority-domain policies of
 * the final tree; anyPolicy only when an anyPolicy branch reaches the target.
 */
function userConstrained(root: Node, level: Node[]): string[] {
  const live = new Set(level.filter((x) => !isDead(x)));
  const reaches = (x: Node): boolean => live.has(x) || x.children.some((c) => !c.dead && reaches(c));
  const out = new Set<string>();
  for (const x of policyNodeSet(root)) {
    if (!reaches(x)) continue;
    if (x.policy !== ANY_POLICY) out.add(x.policy);
    else if (live.has(x)) out.add(ANY_POLICY);
  }
  return [...out].sort();
}
