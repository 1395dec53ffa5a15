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
import { issuerChecks, type CheckContext, type Rejection } from './checks.js';
import type { Verdict } from './crypto.js';
import { toHex as hex } from '../util/bytes.js';
import type { PoolEntry, PoolIndex } from './issuer-index.js';
import { checkNameConstraints, constrainedNames } from './name-constraints.js';
import type { PathFailure, ProfileRule, ReasonCode } from './types.js';

export { PoolIndex, type PoolEntry } from './issuer-index.js';

/**
 * The work budget of one search (see budget.ts): `signatures` counts
 * verifications not yet cached, `steps` every candidate considered (cached or
 * not), `deadline` a reading of `clock` after which the search stops.
 */
export interface SearchLimits {
  readonly maxDepth: number;
  readonly maxPaths: number;
  readonly signatures: number;
  readonly steps: number;
  readonly deadline?: number;
  readonly clock?: () => number;
}

const MAX_FAILURES = 64;
const NC_LIMIT = 1 << 16;

/** One search for one target over a PoolIndex. */
export class PathSearch<R> {
  readonly failures: PathFailure<R>[] = [];
  readonly found: PoolEntry<R>[][] = [];
  /** Signature verifications spent (cache hits are free). */
  work = 0;
  /** Candidate issuers considered, cached or not. */
  steps = 0;
  /** Set when a budget ran out: without a valid path the verdict is unknown, not a failure. */
  budgetFailure: PathFailure<R> | undefined;
  stopped = false;
  private ncWork = 0;
  private readonly viable: (e: PoolEntry<R>) => boolean;

  /**
   * @param prune skip candidates that can lead to no usable anchor
   *   (PoolIndex.viableFor). Exact, but it reports such a branch as one
   *   `no-anchor` failure instead of what is wrong up there (an untrusted
   *   root, a missing issuer), so callers search without it first, on a
   *   small step budget, and prune only when that runs out.
   */
  constructor(
    private readonly index: PoolIndex<R>,
    private readonly ctx: CheckContext,
    private readonly limits: SearchLimits,
    prune = false,
  ) {
    this.viable = prune ? index.viableFor(ctx) : () => true;
  }

  /**
   * Depth-first search from `path` (leaf first); collects valid paths and
   * failures. Every candidate issuer is tried before the search gives up on a
   * certificate: first those whose SKI matches its AKI, then those without an
   * SKI, then (only while no path has been found through the others) those
   * whose SKI differs, since an AKI is a hint, not a rule (RFC 4158 §3.5.12).
   */
  async extend(path: PoolEntry<R>[]): Promise<void> {
    const child = path[path.length - 1];
    if (!child) return;
    const { matched, unknown, mismatched } = this.index.candidates(child.cert);
    const before = this.found.length;
    const state = { tried: false, looped: false, pruned: undefined as PoolEntry<R> | undefined };
    for (const tier of [matched, unknown, mismatched]) {
      if (tier === mismatched && this.found.length > before) break;
      for (const cand of tier) {
        if (this.found.length >= this.limits.maxPaths || this.stopped) return;
        if (!this.spend(child, path)) return;
        await this.consider(cand, path, state);
      }
    }
    if (state.tried) return;
    if (child.cert.selfIssued || (!state.pruned && !state.looped)) this.dangling(child, path);
    else if (state.pruned)
      this.record(
        'no-anchor',
        'none of the chains above it reaches a trust anchor valid now (they loop, miss an issuer, or pass through an expired, non-CA or otherwise rejected certificate)',
        state.pruned,
        [...path, state.pruned],
      );
    else
      this.record('no-anchor', 'every certificate with its issuer name is already on the path (a loop of cross-signatures)', child, path);
  }

  /** Counts one step; false (and the budget failure recorded) when a budget has run out. */
  private spend(child: PoolEntry<R>, path: PoolEntry<R>[]): boolean {
    const l = this.limits;
    this.steps++;
    const why =
      this.steps > l.steps
        ? `${l.steps} candidate issuers considered`
        : this.work >= l.signatures
          ? `${l.signatures} signature checks`
          : l.clock && l.deadline !== undefined && l.clock() > l.deadline
            ? 'its time budget'
            : undefined;
    if (!why) return true;
    this.stopped = true;
    this.exhaust(`path building gave up after ${why}`, path);
    return false;
  }

  /** The verdict of the target (`path[0]`) is what the budget leaves undecided. */
  private exhaust(message: string, path: PoolEntry<R>[]): void {
    const target = path[0];
    if (target) this.budgetFailure ??= { code: 'budget-exceeded', message, culprit: target.ref, path: path.map((p) => p.ref) };
  }

  private async consider(
    cand: PoolEntry<R>,
    path: PoolEntry<R>[],
    state: { tried: boolean; looped: boolean; pruned: PoolEntry<R> | undefined },
  ): Promise<void> {
    const child = path[path.length - 1];
    if (!child) return;
    // RFC 4158 §5.2 loop detection by name and key. An anchor ends the path, so
    // it cannot loop: a target equal to an anchor in name and key (a key
    // rollover, a re-issued root) still reaches it.
    if (!cand.anchor && path.some((p) => p.cert.identity === cand.cert.identity)) {
      state.looped = true;
      return;
    }
    // A candidate that passes its own checks but leads to no usable anchor is
    // never walked (PoolIndex.viableFor). One that fails its own checks is still
    // tried, to report why (expired, not a CA…), and so is a self-issued one,
    // to name the untrusted root the path ends at; neither is extended.
    const dead = !this.viable(cand);
    if (dead && !cand.cert.selfIssued && !issuerChecks(cand.cert, this.ctx, cand.anchor)) {
      state.pruned ??= cand;
      return;
    }
    state.tried = true;
    const verdict = await this.verify(child.cert, cand.cert);
    if (!verdict.ok) {
      // A weak signature algorithm is the child's fault; a key that does not verify only rules out this candidate.
      this.record(verdict.code, verdict.message, verdict.code === 'bad-signature' ? cand : child, [...path, cand]);
      return;
    }
    const next = [...path, cand];
    const bad = this.placeIssuer(cand, path);
    if (bad) {
      if (bad.code === 'budget-exceeded') this.exhaust(bad.message, next);
      else this.record(bad.code, bad.message, cand, next, bad.rule);
      return;
    }
    if (cand.anchor) this.found.push(next);
    else if (dead) this.dangling(cand, next);
    // Depth counts cand too, as the intermediate it would become ([...next, anyIssuer]).
    else if (this.intermediates([...next, cand]) > this.limits.maxDepth || next.length > this.limits.maxDepth * 2 + 2) {
      this.record('depth-exceeded', `more than ${this.limits.maxDepth} intermediates`, cand, next);
    } else await this.extend(next);
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
