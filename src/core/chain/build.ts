/**
 * Path building (RFC 4158 style depth-first search) with validation folded
 * in: every constraint of RFC 5280 §6.1 that an issuer imposes concerns only
 * the certificates below it, so each candidate issuer is checked the moment it
 * is placed and a failing branch is abandoned at once (backtracking).
 *
 * Hand-written rather than pkijs' CertificateChainValidationEngine: that engine
 * builds one path by name only, does not backtrack across cross-signs or an
 * expired alternative, has no work budget, and does not intersect name
 * constraints across CAs or apply hostname / web PKI rules.
 */
import type { ParsedCert } from './certificate.js';
import { certKey, issuerChecks, type CheckContext, type Rejection } from './checks.js';
import { KeyCache, verifySignature, type Verdict } from './crypto.js';
import { bytesEqual, hex } from './der.js';
import { checkNameConstraints, constrainedNames } from './name-constraints.js';
import type { AnchorSource, PathFailure, ProfileRule, ReasonCode } from './types.js';

export interface PoolEntry<R> {
  readonly cert: ParsedCert;
  readonly ref: R;
  readonly anchor?: AnchorSource;
}

export interface SearchLimits {
  readonly maxDepth: number;
  readonly budget: number;
  readonly maxPaths: number;
}

const MAX_FAILURES = 64;
const NC_LIMIT = 1 << 16;
/** Imported keys and SPKI keys are pure functions of the bytes, so they are shared across runs. */
const SHARED_KEYS = new KeyCache();
const SPKI_KEYS = new WeakMap<ParsedCert, string>();
const CERT_IDS = new WeakMap<ParsedCert, number>();
let nextCertId = 0;
function idOf(c: ParsedCert): number {
  let id = CERT_IDS.get(c);
  if (id === undefined) CERT_IDS.set(c, (id = nextCertId++));
  return id;
}

/**
 * The untrusted pool and the anchors, indexed once by subject name and by
 * SKI, plus the signature verdicts computed so far. Reused across targets,
 * so a workspace of N certificates indexes once and verifies each
 * (child, issuer) signature at most once.
 */
export class PoolIndex<R> {
  readonly bySubject = new Map<string, PoolEntry<R>[]>();
  readonly bySki = new Map<string, PoolEntry<R>[]>();
  private readonly verdicts = new Map<string, Promise<Verdict>>();

  constructor(entries: readonly PoolEntry<R>[]) {
    for (const e of entries) {
      push(this.bySubject, e.cert.subject.key, e);
      if (e.cert.ski) push(this.bySki, hex(e.cert.ski), e);
    }
  }

  /** Cached verdict, or undefined when this pair has not been verified yet. */
  cached(child: ParsedCert, issuer: ParsedCert): Promise<Verdict> | undefined {
    return this.verdicts.get(`${idOf(child)}>${idOf(issuer)}`);
  }

  verify(child: ParsedCert, issuer: ParsedCert): Promise<Verdict> {
    const key = `${idOf(child)}>${idOf(issuer)}`;
    let v = this.verdicts.get(key);
    if (!v) {
      let spkiKey = SPKI_KEYS.get(issuer);
      if (!spkiKey) SPKI_KEYS.set(issuer, (spkiKey = hex(issuer.spki)));
      v = verifySignature(child, issuer.spki, certKey(issuer), spkiKey, SHARED_KEYS);
      this.verdicts.set(key, v);
    }
    return v;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** One search for one target over a PoolIndex. */
export class PathSearch<R> {
  readonly failures: PathFailure<R>[] = [];
  readonly found: PoolEntry<R>[][] = [];
  /** Signature verifications spent (cache hits are free). */
  work = 0;
  private ncWork = 0;
  private exhausted = false;

  constructor(
    private readonly index: PoolIndex<R>,
    private readonly ctx: CheckContext,
    private readonly limits: SearchLimits,
  ) {}

  /** Depth-first search from `path` (leaf first); collects valid paths and failures. */
  async extend(path: PoolEntry<R>[]): Promise<void> {
    const child = path[path.length - 1]!;
    const candidates = this.candidates(child.cert);
    let tried = false;
    for (const cand of candidates) {
      if (this.found.length >= this.limits.maxPaths || this.exhausted) return;
      if (cand === child || path.some((p) => p.cert.identity === cand.cert.identity)) continue; // RFC 4158 §5.2 loop
      if (this.work >= this.limits.budget) {
        this.exhausted = true;
        this.record('budget-exceeded', `gave up after ${this.work} signature checks`, child, path);
        return;
      }
      tried = true;
      const verdict = await this.verify(child.cert, cand.cert);
      if (!verdict.ok) {
        // A weak signature algorithm is the child's fault; a key that does not verify only rules out this candidate.
        this.record(verdict.code, verdict.message, verdict.code === 'bad-signature' ? cand : child, [...path, cand]);
        continue;
      }
      const next = [...path, cand];
      const bad = this.placeIssuer(cand, path);
      if (bad) {
        this.record(bad.code, bad.message, cand, next, bad.rule);
        continue;
      }
      if (cand.anchor) this.found.push(next);
      // Depth counts cand too, as the intermediate it would become ([...next, anyIssuer]).
      else if (this.intermediates([...next, cand]) > this.limits.maxDepth || next.length > this.limits.maxDepth * 2 + 2) {
        this.record('depth-exceeded', `more than ${this.limits.maxDepth} intermediates`, cand, next);
      } else await this.extend(next);
    }
    if (!tried) this.dangling(child, path);
  }

  /** Candidate issuers by name (RFC 5280 §6.1.3 (a)(4)), anchors first, then AKI/SKI matches, then the longest-lived. */
  private candidates(c: ParsedCert): PoolEntry<R>[] {
    const list = this.index.bySubject.get(c.issuer.key) ?? [];
    const keyId = c.aki?.keyId;
    const score = (e: PoolEntry<R>): number => (e.anchor ? 4 : 0) + (keyId && e.cert.ski ? (bytesEqual(keyId, e.cert.ski) ? 2 : -2) : 0);
    return [...list].sort((a, b) => score(b) - score(a) || b.cert.notAfter - a.cert.notAfter);
  }

  private verify(child: ParsedCert, issuer: ParsedCert): Promise<Verdict> {
    if (!this.index.cached(child, issuer)) this.work++;
    return this.index.verify(child, issuer);
  }

  /** Constraints the new issuer `cand` imposes on `below` (leaf first). */
  private placeIssuer(cand: PoolEntry<R>, below: PoolEntry<R>[]): Rejection | undefined {
    const bad = issuerChecks(cand.cert, this.ctx, cand.anchor);
    if (bad) return bad;
    // RFC 5280 §6.1.4 (l)/(m): pathLenConstraint counts non-self-issued intermediates below.
    const pathLen = cand.cert.basicConstraints?.pathLen;
    if (pathLen !== undefined && this.intermediates([...below, cand]) > pathLen)
      return { code: 'pathlen-exceeded', message: `pathLenConstraint ${pathLen} exceeded` };
    const nc = cand.cert.nameConstraints;
    if (nc) {
      // RFC 5280 §6.1.3 (b)/(c): self-issued intermediates are exempt, the leaf never is.
      for (let j = 0; j < below.length; j++) {
        const c = below[j]!.cert;
        if (j > 0 && c.selfIssued) continue;
        const out = checkNameConstraints(nc, constrainedNames(c, j === 0), NC_LIMIT - this.ncWork);
        this.ncWork += out.work;
        if (!out.ok)
          return { code: out.overLimit ? 'budget-exceeded' : 'name-constraints', message: out.message ?? 'name constraints violated' };
      }
    }
    return undefined;
  }

  /** Non-self-issued certificates strictly between the leaf and the last element. */
  private intermediates(path: PoolEntry<R>[]): number {
    let n = 0;
    for (let i = 1; i < path.length - 1; i++) if (!path[i]!.cert.selfIssued) n++;
    return n;
  }

  private dangling(top: PoolEntry<R>, path: PoolEntry<R>[]): void {
    if (top.cert.selfIssued) this.record('untrusted-root', 'path ends at a self-issued certificate that is not a trust anchor', top, path);
    else {
      // RFC 5280 §6.1.3 (a)(4) chains by name; a key-identifier match under another name is only a hint.
      const keyId = top.cert.aki?.keyId;
      const bySki = keyId ? (this.index.bySki.get(hex(keyId)) ?? []) : [];
      const hint = bySki.length > 0 ? ` (a certificate with the matching key identifier exists, but its subject differs)` : '';
      this.record('missing-issuer', `no certificate in the pool or trust store has the issuer name${hint}`, top, path);
    }
  }

  private record(code: ReasonCode, message: string, culprit: PoolEntry<R>, path: PoolEntry<R>[], rule?: ProfileRule): void {
    if (this.failures.length < MAX_FAILURES)
      this.failures.push({ code, message, ...(rule && { rule }), culprit: culprit.ref, path: path.map((p) => p.ref) });
  }
}
