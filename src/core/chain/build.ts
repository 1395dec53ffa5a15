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
import type { CheckContext, Rejection } from './checks.js';
import type { Verdict } from './crypto.js';
import { toHex as hex } from '../util/bytes.js';
import type { PoolEntry, PoolIndex } from './issuer-index.js';
import { checkNameConstraints, constrainedNames } from './name-constraints.js';
import type { PathFailure, ProfileRule, ReasonCode } from './types.js';
import type { TargetTimer } from './budget.js';

export { PoolIndex, type PoolEntry } from './issuer-index.js';

/**
 * The work budget of one search (see budget.ts): `signatures` counts
 * verifications not yet cached, `steps` every candidate considered (cached or
 * not), `timer` the time a target may take (read every CLOCK_EVERY steps).
 */
export interface SearchLimits {
  readonly maxDepth: number;
  readonly maxPaths: number;
  readonly signatures: number;
  readonly steps: number;
  readonly timer?: TargetTimer;
}

const MAX_FAILURES = 64;
/**
 * The time budget's clock is read every this many steps (a step is
 * microseconds; a target's time is at least the per-target allowance, 20 ms
 * by default). Not on the first: ordinary chains end within a few steps, and
 * a CPU clock is a system call that a bundle of 30,000 leaves paid per
 * target. The first reading starts the target's time (TargetTimer).
 */
const CLOCK_EVERY = 8;
/** Candidates considered with a pipelined signature check (see prefetch): the first few, where ordinary chains end. */
const PREFETCH_STEPS = 8;
/** A candidate of the last tier (SKI differs from the child's AKI): `quiet` when candidates with the AKI's key exist, `only` when not. */
type OtherKey = 'quiet' | 'only';
/** Issuer rejections that depend on the certificates below the issuer, not on the issuer alone. */
const BELOW: ReadonlySet<ReasonCode> = new Set<ReasonCode>(['pathlen-exceeded', 'name-constraints', 'budget-exceeded']);
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
  /** Proven dead ends under this context (PoolIndex.deadFor), shared by every search of the index. */
  private readonly dead: Set<PoolEntry<R>>;
  /** Only the pruning search skips them; the first search walks them, to name what is wrong up there. */
  private readonly skipDead: boolean;
  /** issuerChecks, once per entry and context (PoolIndex.checksFor). */
  private readonly checks: (e: PoolEntry<R>) => Rejection | undefined;
  /**
   * The lowest path position a branch cut in the walk so far depended on
   * (a loop back to that position; 0 for depth, pathLenConstraint and name
   * constraints, which depend on everything below). An entry whose walk
   * found nothing and cut nothing below its own position is a dead end.
   */
  private floor = Infinity;

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
    this.dead = index.deadFor(ctx);
    this.checks = index.checksFor(ctx);
    this.skipDead = prune;
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
    const outerFloor = this.floor;
    this.floor = Infinity;
    const state = { tried: false, looped: false, pruned: undefined as PoolEntry<R> | undefined };
    // A candidate whose key the AKI says is not the issuer's: when the AKI's key is here too, its failing signature is no news.
    const otherKey: OtherKey = matched.length + unknown.length > 0 ? 'quiet' : 'only';
    for (const tier of [matched, unknown, mismatched]) {
      if (tier === mismatched && this.found.length > before) break;
      for (const cand of tier) {
        if (this.found.length >= this.limits.maxPaths || this.stopped || !this.spend(child, path)) {
          this.floor = -1;
          break;
        }
        await this.consider(cand, path, state, tier === mismatched ? otherKey : undefined);
      }
    }
    const at = path.length - 1;
    if (this.found.length === before && this.floor >= at && !child.anchor) this.dead.add(child);
    this.floor = Math.min(outerFloor, this.floor);
    if (this.stopped || this.found.length >= this.limits.maxPaths) return;
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
          : l.timer && this.steps % CLOCK_EVERY === 0 && l.timer.expired()
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
    otherKey: OtherKey | undefined,
  ): Promise<void> {
    const child = path[path.length - 1];
    if (!child) return;
    // RFC 4158 §5.2 loop detection by name and key. An anchor ends the path, so
    // it cannot loop: a target equal to an anchor in name and key (a key
    // rollover, a re-issued root) still reaches it.
    if (!cand.anchor) {
      const loop = path.findIndex((p) => p.cert.identity === cand.cert.identity);
      if (loop >= 0) {
        state.looped = true;
        this.floor = Math.min(this.floor, loop);
        return;
      }
    }
    // A candidate that passes its own checks but leads to no usable anchor is
    // never walked (PoolIndex.viableFor), nor is a proven dead end (deadFor).
    // One that fails its own checks is still tried, to report why (expired,
    // not a CA…), and so is a self-issued one, to name the untrusted root the
    // path ends at; neither is extended. Those whose key identifier differs
    // from the child's AKI are not worth a signature check for that.
    const dead = !this.viable(cand);
    if (this.skipDead && this.dead.has(cand)) {
      state.pruned ??= cand;
      return;
    }
    if (dead && (otherKey || !cand.cert.selfIssued) && !this.checks(cand)) {
      state.pruned ??= cand;
      return;
    }
    if (this.steps <= PREFETCH_STEPS) this.prefetch(cand);
    const verdict = await this.verify(child.cert, cand.cert);
    if (!verdict.ok && verdict.code === 'bad-signature' && otherKey === 'quiet') return;
    state.tried = true;
    if (!verdict.ok) {
      // A weak signature algorithm is the child's fault; a key that does not verify only rules out this candidate.
      this.record(verdict.code, verdict.message, verdict.code === 'bad-signature' ? cand : child, [...path, cand]);
      return;
    }
    const next = [...path, cand];
    const bad = this.placeIssuer(cand, path);
    if (bad) {
      // pathLenConstraint and name constraints judge the certificates below.
      if (BELOW.has(bad.code)) this.floor = Math.min(this.floor, bad.code === 'budget-exceeded' ? -1 : 0);
      if (bad.code === 'budget-exceeded') this.exhaust(bad.message, next);
      else this.record(bad.code, bad.message, cand, next, bad.rule);
      return;
    }
    if (cand.anchor) this.found.push(next);
    else if (dead) this.dangling(cand, next);
    // Depth counts cand too, as the intermediate it would become (next and any issuer above it).
    else if (this.intermediates(next) > this.limits.maxDepth || next.length > this.limits.maxDepth * 2 + 2) {
      this.floor = Math.min(this.floor, 0);
      this.record('depth-exceeded', `more than ${this.limits.maxDepth} intermediates`, cand, next);
    } else await this.extend(next);
  }

  private verify(child: ParsedCert, issuer: ParsedCert): Promise<Verdict> {
    if (this.index.charge(child, issuer)) this.work++;
    return this.index.verify(child, issuer);
  }

  /**
   * Starts checking `cand`'s own signature by its likeliest issuer while the
   * child's is being checked: WebCrypto verifies on a thread pool, so an
   * ordinary chain waits for one round trip instead of one per certificate.
   * Counted as work when started, and cached for the step that needs it.
   */
  private prefetch(cand: PoolEntry<R>): void {
    if (cand.anchor || cand.cert.selfIssued || this.work >= this.limits.signatures) return;
    const { matched, unknown } = this.index.candidates(cand.cert);
    const up = matched[0] ?? unknown[0];
    if (up && up.cert.identity !== cand.cert.identity) void this.verify(cand.cert, up.cert);
  }

  /** Constraints the new issuer `cand` imposes on `below` (leaf first). */
  private placeIssuer(cand: PoolEntry<R>, below: PoolEntry<R>[]): Rejection | undefined {
    const bad = this.checks(cand);
    if (bad) return bad;
    // RFC 5280 §6.1.4 (l)/(m): pathLenConstraint counts non-self-issued intermediates below.
    const pathLen = cand.cert.basicConstraints?.pathLen;
    if (pathLen !== undefined && this.intermediates(below) > pathLen)
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

  /** Non-self-issued certificates of `path` after the leaf: the intermediates below whatever is placed above it. */
  private intermediates(path: PoolEntry<R>[]): number {
    let n = 0;
    for (let i = 1; i < path.length; i++) if (!path[i]!.cert.selfIssued) n++;
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
