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
import { certKey, issuerChecks, type CheckContext } from './checks.js';
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
const CERT_IDS = new WeakMap<ParsedCert, number>();
let nextCertId = 0;
function idOf(c: ParsedCert): number {
  let id = CERT_IDS.get(c);
  if (id === undefined) CERT_IDS.set(c, (id = nextCertId++));
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
  private readonly verdicts = new Map<string, Promise<Verdict>>();
  private readonly split = new Map<string, Candidates<R>>();
  /** Per check context (time, EKUs, profile): the entries that can still lead to a usable anchor. */
  private readonly viable = new Map<string, Set<PoolEntry<R>>>();

  constructor(private readonly entries: readonly PoolEntry<R>[]) {
    for (const e of entries) {
      push(this.bySubject, e.cert.subject.key, e);
      if (e.cert.ski) push(this.bySki, hex(e.cert.ski), e);
    }
    for (const list of this.bySubject.values()) list.sort(byPreference);
    for (const list of this.bySubject.values())
      for (const e of list) if (e.cert.ski) push(this.bySubjectSki, `${e.cert.subject.key}|${hex(e.cert.ski)}`, e);
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
    const id = `${child.issuer.key}|${hex(keyId)}`;
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
    const key = `${ctx.now}|${ctx.server}|${ctx.requiredEkus.join(',')}`;
    let set = this.viable.get(key);
    if (!set) {
      set = new Set<PoolEntry<R>>();
      const byIssuer = new Map<string, PoolEntry<R>[]>();
      const clean = new Set<PoolEntry<R>>();
      for (const x of this.entries)
        if (!issuerChecks(x.cert, ctx, x.anchor)) {
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
      const oldest = this.viable.keys().next();
      if (this.viable.size >= 16 && !oldest.done) this.viable.delete(oldest.value);
      this.viable.set(key, set);
    }
    const viable = set;
    return (e) => viable.has(e);
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
