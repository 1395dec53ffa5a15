/**
 * The revocation status of one certificate from a set of CRLs, as RFC 5280
 * §6.3.3 describes it: for each distribution point of the certificate (then
 * for the CRLs its issuer publishes without one), a complete CRL whose scope
 * covers the certificate (issuer or indirect cRLIssuer, issuingDistribution-
 * Point name, onlyUser/onlyCA/onlyAttribute, onlySomeReasons), signed by a
 * certificate with cRLSign whose own path the caller validates, combined with
 * a delta CRL of the same scope; until every reason is covered or the
 * certificate is found revoked. The same routine serves path validation
 * (`chain/index.ts`) and the workspace hover (`crl-check.ts`).
 *
 * @example
 * ```ts
 * const index = new CrlIndex([{ ref: 'ica.crl', crl: parseCrl(der) }]);
 * const s = await crlStatus(leaf, icaCert, index, hooks, { now: nowMs, allowStale: false });
 * if (s.state === 'revoked') console.log(s.entry.reason);
 * ```
 */
import type { ParsedCert } from '../chain/certificate.js';
import { KeyCache, keyInfo, verifySignature, type Verdict } from '../chain/crypto.js';
import { toHex as hex } from '../util/bytes.js';
import type { ParsedCrl, RevokedEntry } from './crl-parse.js';
import { ALL_REASONS, distributionPoints, type DistributionPoint } from './distribution-points.js';

export interface IndexedCrl<R> {
  readonly ref: R;
  readonly crl: ParsedCrl;
}

/** CRLs by issuer name, complete and delta apart. */
export class CrlIndex<R> {
  readonly complete = new Map<string, IndexedCrl<R>[]>();
  readonly deltas = new Map<string, IndexedCrl<R>[]>();
  readonly size: number;
  constructor(crls: readonly IndexedCrl<R>[]) {
    for (const c of crls) {
      const m = c.crl.delta ? this.deltas : this.complete;
      const list = m.get(c.crl.issuer.key);
      if (list) list.push(c);
      else m.set(c.crl.issuer.key, [c]);
    }
    // Newest first: a fresher CRL of the same scope wins.
    for (const m of [this.complete, this.deltas]) for (const l of m.values()) l.sort((a, b) => b.crl.thisUpdate - a.crl.thisUpdate);
    this.size = crls.length;
  }
}

export interface StatusHooks {
  /** Certificates named `issuerKey` that may have signed a CRL (pool, anchors, additional certificates). */
  signers(issuerKey: string): readonly ParsedCert[];
  /** RFC 5280 §6.3.3 (f): does `signer` have a valid path to the trust anchor of the path being checked? */
  validSigner(signer: ParsedCert): Promise<boolean>;
}

export interface StatusOptions {
  readonly now: number;
  /** Use a CRL past its nextUpdate (and say so) instead of treating the status as undetermined. */
  readonly allowStale: boolean;
  /** Also reject CRLs that break the RFC 5280 §5 issuer rules (cRLNumber missing or critical). */
  readonly strictCrl?: boolean;
}

export type CertStatus<R> =
  | { readonly state: 'good'; readonly crls: readonly IndexedCrl<R>[]; readonly stale: boolean }
  | { readonly state: 'revoked'; readonly crl: IndexedCrl<R>; readonly entry: RevokedEntry; readonly stale: boolean }
  | { readonly state: 'unknown'; readonly why: string };

const KEYS = new KeyCache(512);
const verdicts = new WeakMap<ParsedCrl, Map<string, Promise<Verdict>>>();

function verifyCrl(crl: ParsedCrl, signer: ParsedCert): Promise<Verdict> {
  let m = verdicts.get(crl);
  if (!m) verdicts.set(crl, (m = new Map()));
  let v = m.get(signer.identity);
  if (!v) m.set(signer.identity, (v = verifySignature(crl, signer.spki, keyInfo(signer.spki), hex(signer.spki), KEYS)));
  return v;
}

const CRL_SIGN = 6;

/**
 * §6.3.3 (f), (g): a signer of `crl` whose key verifies it, with cRLSign,
 * whose path is valid. `issuer` (the certificate's issuer on the path being
 * validated) needs no second validation. Returns the reason when none.
 */
async function signerOf(
  crl: ParsedCrl,
  issuer: ParsedCert,
  hooks: StatusHooks,
): Promise<{ ok: true; signer: ParsedCert } | { ok: false; why: string }> {
  const named = crl.issuer.key === issuer.subject.key ? [issuer, ...hooks.signers(crl.issuer.key)] : [...hooks.signers(crl.issuer.key)];
  const seen = new Set<string>();
  let why = 'no certificate of the CRL issuer was found to check its signature';
  for (const s of named) {
    if (seen.has(s.identity)) continue;
    seen.add(s.identity);
    if (crl.authorityKeyId && s.ski && hex(s.ski) !== crl.authorityKeyId) continue;
    const v = await verifyCrl(crl, s);
    if (!v.ok) {
      why = v.code === 'bad-signature' ? 'the CRL signature does not verify' : v.message;
      continue;
    }
    if (s.keyUsage && !s.keyUsage.has(CRL_SIGN)) {
      why = 'the CRL signer may not sign CRLs (keyUsage lacks cRLSign)';
      continue;
    }
    if (s.identity === issuer.identity || (await hooks.validSigner(s))) return { ok: true, signer: s };
    why = 'the CRL signer certificate does not validate to the same trust anchor';
  }
  return { ok: false, why };
}

/** The certificate's entry; entries are decoded on lookup, so a malformed one comes back as an Error. */
function lookup(crl: ParsedCrl, cert: ParsedCert): RevokedEntry | undefined | Error {
  try {
    return crl.lookup(cert.serial, cert.issuer.key);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/** §6.3.3 (b): does `crl`'s scope cover `cert` for the distribution point `dp`? */
function inScope(cert: ParsedCert, crl: ParsedCrl, dp: DistributionPoint): string | undefined {
  if (dp.crlIssuer) {
    if (!dp.crlIssuer.includes(crl.issuer.key)) return 'issued by another CRL issuer';
    if (!crl.idp?.indirect) return 'not an indirect CRL, but the distribution point names a cRLIssuer';
  } else if (crl.issuer.key !== cert.issuer.key) return 'issued by another CA';
  const idp = crl.idp;
  if (idp) {
    if (idp.names) {
      const mine = dp.names ?? (dp.crlIssuer ?? []).map((k) => `dn:${k}`);
      if (!idp.names.some((n) => mine.includes(n))) return 'for another distribution point';
    }
    const ca = cert.basicConstraints?.ca === true;
    if (idp.onlyUserCerts && ca) return 'limited to end-entity certificates';
    if (idp.onlyCaCerts && !ca) return 'limited to CA certificates';
    if (idp.onlyAttributeCerts) return 'limited to attribute certificates';
  }
  return undefined;
}

function unusable(crl: ParsedCrl, opts: StatusOptions): string | undefined {
  if (crl.unknownCritical.length > 0) return `marked with the unknown critical extension ${crl.unknownCritical.join(', ')} (RFC 5280 §5.2)`;
  if (crl.entryUnknownCritical) return `has an entry with the unknown critical extension ${crl.entryUnknownCritical} (RFC 5280 §5.3)`;
  if (crl.thisUpdate > opts.now) return 'not yet issued (thisUpdate in the future)';
  if (opts.strictCrl && crl.crlNumber === undefined) return 'without the cRLNumber extension (RFC 5280 §5.2.3)';
  if (opts.strictCrl && crl.crlNumberCritical) return 'marked with a critical cRLNumber (RFC 5280 §5.2.3)';
  if (!opts.allowStale && crl.nextUpdate !== undefined && crl.nextUpdate < opts.now) return 'stale (past its nextUpdate)';
  return undefined;
}

/** §6.3.3 (c): a delta CRL for `base`, same issuer and scope, based on a CRL no newer than it. */
async function deltaFor<R>(
  base: IndexedCrl<R>,
  index: CrlIndex<R>,
  issuer: ParsedCert,
  hooks: StatusHooks,
  opts: StatusOptions,
): Promise<IndexedCrl<R> | 'stale' | undefined> {
  let stale = false;
  for (const d of index.deltas.get(base.crl.issuer.key) ?? []) {
    const c = d.crl;
    if ((c.idp?.raw ?? '') !== (base.crl.idp?.raw ?? '')) continue;
    if (base.crl.crlNumber === undefined || c.baseCrlNumber === undefined || c.baseCrlNumber > base.crl.crlNumber) continue;
    if (c.crlNumber !== undefined && c.crlNumber <= base.crl.crlNumber) continue;
    const bad = unusable(c, opts);
    if (bad) {
      stale ||= bad.startsWith('stale');
      continue;
    }
    if ((await signerOf(c, issuer, hooks)).ok) return d;
  }
  return stale ? 'stale' : undefined;
}

/**
 * RFC 5280 §6.3.3 for `cert`, issued by `issuer` on the path being validated.
 * Never throws; a malformed cRLDistributionPoints extension makes the status
 * unknown.
 */
export async function crlStatus<R>(
  cert: ParsedCert,
  issuer: ParsedCert,
  index: CrlIndex<R>,
  hooks: StatusHooks,
  opts: StatusOptions,
): Promise<CertStatus<R>> {
  const dps = distributionPoints(cert);
  if (dps instanceof Error) return { state: 'unknown', why: `malformed cRLDistributionPoints: ${dps.message}` };
  let mask = 0;
  let why: string | undefined;
  let stale = false;
  const used: IndexedCrl<R>[] = [];
  // §6.3.3: each distribution point, then the issuer's CRLs that name none.
  for (const dp of [...dps, {}] as DistributionPoint[]) {
    const names = dp.crlIssuer ?? [cert.issuer.key];
    for (const key of names) {
      for (const cand of index.complete.get(key) ?? []) {
        if (mask === ALL_REASONS) break;
        const crl = cand.crl;
        const skip = inScope(cert, crl, dp) ?? unusable(crl, opts);
        if (skip) {
          why ??= `a CRL of the issuer is ${skip}`;
          continue;
        }
        // (d), (e): the reasons this CRL may add.
        const interim = (crl.idp?.reasons ?? ALL_REASONS) & (dp.reasons ?? ALL_REASONS) & ALL_REASONS;
        if ((interim & ~mask) === 0) continue;
        const s = await signerOf(crl, issuer, hooks);
        if (!s.ok) {
          why ??= `a CRL of the issuer cannot be used: ${s.why}`;
          continue;
        }
        const delta = await deltaFor(cand, index, issuer, hooks, opts);
        if (delta === 'stale') {
          why ??= 'its delta CRL is stale (past its nextUpdate)';
          continue;
        }
        const isStale = (c: ParsedCrl): boolean => c.nextUpdate !== undefined && c.nextUpdate < opts.now;
        stale ||= isStale(crl) || (!!delta && isStale(delta.crl));
        // (i), (j), (k): the delta decides first; removeFromCRL there undoes the complete CRL's entry.
        const onDelta = delta ? lookup(delta.crl, cert) : undefined;
        const entry = onDelta ? undefined : lookup(crl, cert);
        const bad = onDelta instanceof Error ? onDelta : entry instanceof Error ? entry : undefined;
        if (bad || onDelta instanceof Error || entry instanceof Error) {
          why ??= `a CRL of the issuer has a malformed entry for the certificate: ${bad?.message ?? 'unreadable'}`;
          continue;
        }
        if (delta && onDelta && onDelta.reason !== 'removeFromCRL') return { state: 'revoked', crl: delta, entry: onDelta, stale };
        if (entry && entry.reason !== 'removeFromCRL') return { state: 'revoked', crl: cand, entry, stale };
        used.push(cand);
        if (delta) used.push(delta);
        mask |= interim; // (l)
      }
    }
    if (mask === ALL_REASONS) break;
  }
  if (mask === ALL_REASONS) return { state: 'good', crls: used, stale };
  if (used.length > 0) return { state: 'unknown', why: 'the usable CRLs do not cover every revocation reason' };
  return { state: 'unknown', why: why ?? 'no CRL of the issuer is available' };
}
