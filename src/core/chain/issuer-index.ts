/**
 * The candidate-issuer index of the path builder: the untrusted pool and the
 * anchors, indexed once by subject name, by (subject name, SKI) and by SKI,
 * plus the signature verdicts computed so far and which certificates can
 * reach a trust anchor at all. Reused across targets, so a workspace of N
 * certificates indexes once and verifies each (child, issuer) pair at most
 * once, and a thousand CAs sharing a name cost a target whose AKI names one
 * of them a single lookup (RFC 4158 §3.5.12, key identifiers as hints).
 */
import type { ParsedCert } from './certificate.js';
import { certKey, issuerChecks, type CheckContext, type Rejection } from './checks.js';
import { KeyCache, verifySignature, type Verdict } from './crypto.js';
import { bytesEqual, toHex as hex } from '../util/bytes.js';
import type { AnchorSource } from './types.js';

export interface PoolEntry<R> {
  readonly cert: ParsedCert;
  readonly ref: R;
  readonly anchor?: AnchorSource;
}

/** Candidate issuers of one certificate, in the order they are tried. */
export interface Candidates<R> {
  /** Same issuer name and an SKI equal to the child's AKI keyIdentifier. */
  readonly matched: readonly PoolEntry<R>[];
  /** Same issuer name, no SKI (or a child without AKI): nothing says they are wrong. */
  readonly unknown: readonly PoolEntry<R>[];
  /** Same issuer name, SKI differs from the AKI: tried only when nothing above found a path. */
  readonly mismatched: readonly PoolEntry<R>[];
}

/** Imported keys and SPKI keys are pure functions of the bytes, so they are shared across runs. */
const SHARED_KEYS = new KeyCache();
const SPKI_KEYS = new WeakMap<ParsedCert, string>();
/** By DER buffer, not by parse: a target's parse is not kept (validatorViewOnce), its verdicts are. */
const CERT_IDS = new WeakMap<Uint8Array, number>();
let nextCertId = 0;
function idOf(c: ParsedCert): number {
  let id = CERT_IDS.get(c.der);
  if (id === undefined) CERT_IDS.set(c.der, (id = nextCertId++));
  return id;
}

const EMPTY: readonly never[] = [];

/** Anchors first, then the longest-lived (RFC 4158 §3.5.4-style ordering). */
function byPreference<R>(a: PoolEntry<R>, b: PoolEntry<R>): number {
  return (b.anchor ? 1 : 0) - (a.anchor ? 1 : 0) || b.cert.notAfter - a.cert.notAfter;
}

export class PoolIndex<R> {
  /** Subject name key → entries, anchors first then latest notAfter. */
  readonly bySubject = new Map<string, PoolEntry<R>[]>();
  /** SKI (hex) → entries, whatever their subject. */
  readonly bySki = new Map<string, PoolEntry<R>[]>();
  /** `subject|ski` → entries, in bySubject order. */
  private readonly bySubjectSki = new Map<string, PoolEntry<R>[]>();
  /** Signature verdicts by child and issuer *key*: a key certified several times verifies a child once. */
  private readonly verdicts = new Map<string, Promise<Verdict>>();
  /** Verdicts started by `prefetch` that no search has counted as work yet. */
  private readonly uncharged = new Set<string>();
  /** Issuer SPKI (hex) → a small number, for the verdict keys. */
  private readonly keyIds = new Map<string, number>();
  private readonly split = new Map<string, Candidates<R>>();
  /** Per check context (time, EKUs, profile): what is known of the entries' reach (see viableFor and deadFor). */
  private readonly reach = new Map<string, Reach<R>>();

  constructor(private readonly entries: readonly PoolEntry<R>[]) {
    for (const e of entries) {
      push(this.bySubject, e.cert.subject.key, e);
      const ski = skiKeys(e.cert);
      if (ski) push(this.bySki, ski.ski, e);
    }
    for (const list of this.bySubject.values()) if (list.length > 1) list.sort(byPreference);
    for (const list of this.bySubject.values())
      for (const e of list) {
        const ski = skiKeys(e.cert);
        if (ski) push(this.bySubjectSki, ski.subjectSki, e);
      }
  }

  /**
   * Candidate issuers by name (RFC 5280 §6.1.3 (a)(4)), split by what the
   * child's AKI says of them. Cached per (issuer name, AKI), so a name shared
   * by a thousand CAs is partitioned once, not once per step.
   */
  candidates(child: ParsedCert): Candidates<R> {
    const all = this.bySubject.get(child.issuer.key) ?? EMPTY;
    const keyId = child.aki?.keyId;
    if (!keyId || all.length === 0) return { matched: EMPTY, unknown: all, mismatched: EMPTY };
    const id = issuerAkiKey(child, keyId);
    let c = this.split.get(id);
    if (!c) {
      const matched = this.bySubjectSki.get(id) ?? EMPTY;
      // When every same-name entry matches (the common case) there is nothing left to split.
      c =
        matched.length === all.length
          ? { matched, unknown: EMPTY, mismatched: EMPTY }
          : {
              matched,
              unknown: all.filter((e) => !e.cert.ski),
              mismatched: all.filter((e) => e.cert.ski && !bytesEqual(e.cert.ski, keyId)),
            };
      this.split.set(id, c);
    }
    return c;
  }

  /**
   * Whether a valid path could continue through `e` at all: `e` passes the
   * issuer checks of `ctx` and a chain of issuer names through certificates
   * that pass them too leads to an anchor that passes them. The issuer checks
   * (RFC 5280 §6.1.4 (k)/(n), validity, profile, EKU chaining) depend on the
   * certificate and the context only, never on the certificates below, so a
   * branch ruled out here could never have validated: this is exact pruning,
   * computed once per context (a reverse breadth-first walk from the usable
   * anchors), and it turns meshes of cross-signed CAs whose roots are expired
   * or absent from exponential walks into one lookup.
   */
  viableFor(ctx: CheckContext): (e: PoolEntry<R>) => boolean {
    const r = this.reachFor(ctx);
    if (!r.viable) {
      const set = new Set<PoolEntry<R>>();
      const byIssuer = new Map<string, PoolEntry<R>[]>();
      const clean = new Set<PoolEntry<R>>();
      const checks = this.checksFor(ctx);
      for (const x of this.entries)
        if (!checks(x)) {
          clean.add(x);
          push(byIssuer, x.cert.issuer.key, x);
        }
      const queue = this.entries.filter((x) => x.anchor && clean.has(x));
      for (const a of queue) set.add(a);
      const done = new Set<string>();
      for (const top of queue) {
        const name = top.cert.subject.key;
        if (done.has(name)) continue;
        done.add(name);
        for (const child of byIssuer.get(name) ?? EMPTY)
          if (!set.has(child)) {
            set.add(child);
            queue.push(child);
          }
      }
      r.viable = set;
    }
    const viable = r.viable;
    return (e) => viable.has(e);
  }

  /**
   * Entries a search under `ctx` has proved to be dead ends: every way up
   * from them was walked to the end and failed for reasons of the
   * certificates above alone (signatures, the issuers' own checks, missing
   * issuers, untrusted roots, loops among themselves), never because of what
   * lay below (depth, pathLenConstraint, name constraints) or a budget. Such
   * an entry can lead to no valid path under `ctx`, whatever sits below it,
   * so later searches (of this target or any other) skip it: the name-level
   * pruning of viableFor cannot tell apart same-name CAs of which only some
   * reach a usable anchor, and without this a layered set of them is walked
   * once per path through it (exponentially) instead of once.
   */
  deadFor(ctx: CheckContext): Set<PoolEntry<R>> {
    return this.reachFor(ctx).dead;
  }

  /**
   * issuerChecks (RFC 5280 §6.1.4 (k)/(n), validity, profile, EKU chaining)
   * of an entry under `ctx`, computed once per entry and context: they depend
   * on nothing else, and a search places the same CAs again and again.
   */
  checksFor(ctx: CheckContext): (e: PoolEntry<R>) => Rejection | undefined {
    const memo = this.reachFor(ctx).checks;
    return (e) => {
      let v = memo.get(e);
      if (v === undefined) memo.set(e, (v = issuerChecks(e.cert, ctx, e.anchor) ?? null));
      return v ?? undefined;
    };
  }

  private reachFor(ctx: CheckContext): Reach<R> {
    const key = `${ctx.now}|${ctx.server}|${ctx.validationOnly === true}|${ctx.requiredEkus.join(',')}`;
    let r = this.reach.get(key);
    if (!r) {
      const oldest = this.reach.keys().next();
      if (this.reach.size >= 16 && !oldest.done) this.reach.delete(oldest.value);
      r = { dead: new Set(), checks: new Map() };
      this.reach.set(key, r);
    }
    return r;
  }

  /**
   * Whether a search that verifies this pair spends work on it: the pair was
   * not verified yet, or only ahead of the search (`prefetch`), which the
   * first search to use it counts as its own, so budgets see what they would
   * have without prefetching.
   */
  charge(child: ParsedCert, issuer: ParsedCert): boolean {
    const key = `${idOf(child)}>${this.keyId(issuer)}`;
    return !this.verdicts.has(key) || this.uncharged.delete(key);
  }

  /** Starts verifying a pair ahead of the search that will need it (PathValidator.prefetch). */
  prefetch(child: ParsedCert, issuer: ParsedCert): void {
    const key = `${idOf(child)}>${this.keyId(issuer)}`;
    if (this.verdicts.has(key)) return;
    this.uncharged.add(key);
    this.verify(child, issuer);
  }

  verify(child: ParsedCert, issuer: ParsedCert): Promise<Verdict> {
    const key = `${idOf(child)}>${this.keyId(issuer)}`;
    let v = this.verdicts.get(key);
    if (!v) {
      v = verifySignature(child, issuer.spki, certKey(issuer), spkiKey(issuer), SHARED_KEYS);
      this.verdicts.set(key, v);
    }
    return v;
  }

  /** The same number for every certificate of one public key (RFC 5280 §6.1.3 (a)(1) verifies with the key alone). */
  private keyId(c: ParsedCert): number {
    const spki = spkiKey(c);
    let id = this.keyIds.get(spki);
    if (id === undefined) this.keyIds.set(spki, (id = this.keyIds.size));
    return id;
  }
}

/** What searches under one check context know of the pool's entries. */
interface Reach<R> {
  /** Computed on first use (viableFor). */
  viable?: Set<PoolEntry<R>>;
  readonly dead: Set<PoolEntry<R>>;
  /** issuerChecks per entry; null when it passes. */
  readonly checks: Map<PoolEntry<R>, Rejection | null>;
}

/** Index keys of a certificate's SKI, computed once per parsed certificate. */
const SKI_KEYS = new WeakMap<ParsedCert, { readonly ski: string; readonly subjectSki: string } | null>();
function skiKeys(c: ParsedCert): { readonly ski: string; readonly subjectSki: string } | null {
  let k = SKI_KEYS.get(c);
  if (k === undefined) {
    const ski = c.ski ? hex(c.ski) : undefined;
    SKI_KEYS.set(c, (k = ski === undefined ? null : { ski, subjectSki: `${c.subject.key}|${ski}` }));
  }
  return k;
}

/** `issuer|AKI keyId`, the bySubjectSki key a child looks its issuers up by (once per parsed certificate). */
const AKI_KEYS = new WeakMap<ParsedCert, string>();
function issuerAkiKey(c: ParsedCert, keyId: Uint8Array): string {
  let k = AKI_KEYS.get(c);
  if (k === undefined) AKI_KEYS.set(c, (k = `${c.issuer.key}|${hex(keyId)}`));
  return k;
}

function spkiKey(c: ParsedCert): string {
  let k = SPKI_KEYS.get(c);
  if (k === undefined) SPKI_KEYS.set(c, (k = hex(c.spki)));
  return k;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
