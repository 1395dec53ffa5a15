/**
 * CRL revocation across a workspace: every CRL of the pool is indexed by
 * issuer name, and each certificate's status comes from the RFC 5280 §6.3
 * routine that path validation also uses (`crl-status.ts`: scope,
 * distribution points, reasons, delta CRLs, signature and cRLSign), with the
 * issuer certificate of the pool or trust store whose key issued it. Here a
 * CRL past nextUpdate still counts and says so; the chain validator, with
 * `--require-revocation`, does not. CRL blocks get `crl-bad-signature` or
 * `crl-unsupported` (unreadable, unknown critical extension, attribute
 * certificates only, unaccepted signature algorithm).
 *
 * @example
 * ```ts
 * const rev = prepareRevocation(files, () => anchorsAndPoolDer);
 * const { problems, statuses } = await checkRevocation(rev, 'certs/leaf.pem', items, now);
 * statuses[0].text; // 'REVOKED on 2025-05-01 (keyCompromise) per crl/int.crl'
 * ```
 */
import type { ParsedCert } from '../chain/certificate.js';
import { validatorView } from '../analysis/certificate-parse';
import { KeyCache, keyInfo, verifySignature } from '../chain/crypto.js';
import { toHex as hex } from '../util/bytes.js';
import type { CrlItem, Item } from '../analysis/decode';
import type { Problem, Severity, Span } from '../types';
import { parseCrl, type ParsedCrl } from './crl-parse';
import { CrlIndex, crlStatus } from './crl-status';

export const REVOCATION_CODES = {
  'cert-revoked': {
    severity: 'error',
    doc: 'A CRL of the workspace, signed by the issuer, lists the certificate: gives the date, reason and CRL file.',
  },
  'crl-bad-signature': {
    severity: 'error',
    doc: "The CRL's signature does not verify with the issuer certificate found for it (or that issuer may not sign CRLs).",
  },
  'crl-unsupported': {
    severity: 'info',
    doc: 'An unreadable CRL, an unknown critical extension (CRL or entry), attribute certificates only, or an unaccepted signature algorithm: the CRL is not evaluated.',
  },
} as const satisfies Record<string, { severity: Severity; doc: string }>;

export type RevocationCode = keyof typeof REVOCATION_CODES;

/** A block of the pool: file key and item index. */
export interface RevocationRef {
  readonly file: string;
  readonly index: number;
}

export interface RevocationProblem extends Problem {
  readonly code: RevocationCode;
  readonly ref: RevocationRef;
}

/** What the hover and the details view show for one certificate that some CRL of the pool covers. */
export interface RevocationStatus {
  readonly ref: RevocationRef;
  readonly span: Span;
  /** `unchecked`: a CRL of the issuer exists but cannot be used (signature, scope, time). */
  readonly state: 'good' | 'revoked' | 'unchecked';
  /** `not revoked per crl/int.crl, next update 2025-06-20` / `REVOKED on 2025-05-01 (keyCompromise) per crl/int.crl`. */
  readonly text: string;
  readonly crl?: RevocationRef;
  readonly revokedAt?: string;
  readonly reason?: string;
  readonly thisUpdate?: string;
  readonly nextUpdate?: string;
  readonly stale?: boolean;
}

export interface RevocationFindings {
  readonly problems: RevocationProblem[];
  readonly statuses: RevocationStatus[];
}

type CrlVerdict =
  | { readonly ok: true; readonly issuer: ParsedCert }
  | { readonly ok: false; readonly kind: 'no-issuer' | 'bad-signature' | 'unsupported'; readonly message: string };

interface CrlRecord {
  readonly ref: RevocationRef;
  readonly item: CrlItem;
  readonly parsed?: ParsedCrl;
  readonly error?: string;
  verdict?: Promise<CrlVerdict>;
}

export interface PreparedRevocation {
  /** CRL records by normalised issuer name (chain/names `key`). */
  readonly byIssuer: ReadonlyMap<string, readonly CrlRecord[]>;
  /** Candidate issuer certificates by subject name, built on first use. */
  issuers(): ReadonlyMap<string, readonly ParsedCert[]>;
}

const KEYS = new KeyCache(512);
function parsedCert(der: Uint8Array): ParsedCert | undefined {
  const p = validatorView(der);
  return p instanceof Error ? undefined : p;
}

function record(ref: RevocationRef, item: CrlItem): CrlRecord {
  try {
    return { ref, item, parsed: parseCrl(item.der) };
  } catch (e) {
    return { ref, item, error: e instanceof Error ? e.message : String(e) };
  }
}

function crlRecords(file: string, items: readonly Item[]): CrlRecord[] {
  const out: CrlRecord[] = [];
  items.forEach((item, index) => {
    if (item.kind === 'crl') out.push(record({ file, index }, item));
  });
  return out;
}

/**
 * Indexes the CRLs of every file. `issuerCerts` lists the DER of every
 * certificate that may have signed a CRL (pool and trust anchors); it is read
 * on first use only, and only when the pool holds a CRL.
 */
export function prepareRevocation(
  files: readonly { readonly file: string; readonly items: readonly Item[] }[],
  issuerCerts: () => readonly Uint8Array[],
): PreparedRevocation {
  const byIssuer = new Map<string, CrlRecord[]>();
  for (const f of files) for (const r of crlRecords(f.file, f.items)) if (r.parsed) push(byIssuer, r.parsed.issuer.key, r);
  let issuers: Map<string, ParsedCert[]> | undefined;
  return {
    byIssuer,
    issuers: () => {
      if (!issuers) {
        issuers = new Map();
        if (byIssuer.size > 0) {
          for (const der of issuerCerts()) {
            const c = parsedCert(der);
            if (c && byIssuer.has(c.subject.key)) push(issuers, c.subject.key, c);
          }
        }
      }
      return issuers;
    },
  };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/**
 * Revocation findings for one file: `cert-revoked` on every certificate a
 * usable CRL lists, `crl-bad-signature` / `crl-unsupported` on the file's
 * own CRL blocks, and a status for every certificate some CRL of its issuer
 * covers. `items` may be an unsaved buffer: its CRLs replace the pool's copy
 * of the file. Never throws on bad input.
 */
export async function checkRevocation(
  prepared: PreparedRevocation,
  file: string,
  items: readonly Item[],
  now: Date,
): Promise<RevocationFindings> {
  const live = crlRecords(file, items);
  // No CRL in the set or the file: nothing to check, and no certificate needs parsing (a scan without CRLs).
  if (live.length === 0 && prepared.byIssuer.size === 0) return { problems: [], statuses: [] };
  const liveByIssuer = new Map<string, CrlRecord[]>();
  for (const r of live) if (r.parsed) push(liveByIssuer, r.parsed.issuer.key, r);
  // The file's own certificates may issue its CRLs (an unsaved buffer, or a CA bundle with its CRL).
  const fileCerts = items.flatMap((i) => (i.kind === 'certificate' ? [i.der] : []));
  const issuersOf = (key: string): ParsedCert[] => {
    const found = [...(prepared.issuers().get(key) ?? [])];
    for (const der of fileCerts) {
      const c = parsedCert(der);
      if (c && c.subject.key === key && !found.some((x) => x.identity === c.identity)) found.push(c);
    }
    return found;
  };
  const problems: RevocationProblem[] = [];
  const statuses: RevocationStatus[] = [];
  for (const r of live) await crlProblems(r, issuersOf, problems);
  for (let index = 0; index < items.length; index++) {
    const item = items[index]!;
    if (item.kind !== 'certificate') continue;
    const cert = parsedCert(item.der);
    if (!cert || cert.selfIssued) continue;
    const candidates = [
      ...(prepared.byIssuer.get(cert.issuer.key) ?? []).filter((r) => r.ref.file !== file),
      ...(liveByIssuer.get(cert.issuer.key) ?? []),
    ];
    if (candidates.length === 0) continue;
    const ref = { file, index };
    const s = await statusOf(cert, candidates, issuersOf, now);
    statuses.push({ ref, span: item.span, ...s.status });
    if (s.revoked) problems.push({ code: 'cert-revoked', severity: 'error', message: s.revoked, span: item.span, ref });
  }
  return { problems, statuses };
}

/** The problems of a CRL block itself. */
async function crlProblems(r: CrlRecord, issuersOf: (key: string) => ParsedCert[], out: RevocationProblem[]): Promise<void> {
  const add = (code: RevocationCode, message: string): void => {
    out.push({ code, severity: REVOCATION_CODES[code].severity, message, span: r.item.span, ref: r.ref });
  };
  const who = `CRL from "${r.item.crl.issuerLabel}"`;
  if (!r.parsed) return add('crl-unsupported', `${who} cannot be read for revocation checking: ${r.error ?? 'malformed'}`);
  const why = unsupported(r.parsed);
  if (why) return add('crl-unsupported', `${who} is ${why}: not evaluated`);
  const v = await verdictOf(r, issuersOf);
  if (v.ok) return;
  if (v.kind === 'bad-signature') add('crl-bad-signature', `${who}: ${v.message}`);
  else if (v.kind === 'unsupported') add('crl-unsupported', `${who}: ${v.message}; not evaluated`);
}

function unsupported(c: ParsedCrl): string | undefined {
  if (c.idp?.onlyAttributeCerts) return 'a CRL of attribute certificates only';
  if (c.unknownCritical.length > 0) return `marked with the unknown critical extension ${c.unknownCritical.join(', ')} (RFC 5280 §5.2)`;
  if (c.entryUnknownCritical) return `carrying an entry with the unknown critical extension ${c.entryUnknownCritical} (RFC 5280 §5.3)`;
  return undefined;
}

/** RFC 5280 §6.3.3 (f)/(g): an issuer certificate with cRLSign whose key verifies the CRL. Cached per record. */
function verdictOf(r: CrlRecord, issuersOf: (key: string) => ParsedCert[]): Promise<CrlVerdict> {
  r.verdict ??= (async (): Promise<CrlVerdict> => {
    const crl = r.parsed!;
    const named = issuersOf(crl.issuer.key);
    const keyed = crl.authorityKeyId === undefined ? named : named.filter((c) => !c.ski || hex(c.ski) === crl.authorityKeyId);
    if (keyed.length === 0)
      return {
        ok: false,
        kind: 'no-issuer',
        message: `no certificate of "${r.item.crl.issuerLabel}"${crl.authorityKeyId ? ' with its key identifier' : ''} found to check the signature`,
      };
    let last: CrlVerdict | undefined;
    for (const issuer of keyed) {
      const v = await verifySignature(crl, issuer.spki, keyInfo(issuer.spki), hex(issuer.spki), KEYS);
      if (v.ok) {
        // §4.2.1.3 bit 6: cRLSign.
        if (issuer.keyUsage && !issuer.keyUsage.has(6)) {
          last = { ok: false, kind: 'bad-signature', message: `its issuer certificate may not sign CRLs (keyUsage lacks cRLSign)` };
          continue;
        }
        return { ok: true, issuer };
      }
      last =
        v.code === 'bad-signature'
          ? {
              ok: false,
              kind: 'bad-signature',
              message: `its signature does not verify with the key of the issuer certificate "${r.item.crl.issuerLabel}"`,
            }
          : { ok: false, kind: 'unsupported', message: v.message };
    }
    return last!;
  })();
  return r.verdict;
}

interface Outcome {
  readonly status: Omit<RevocationStatus, 'ref' | 'span'>;
  /** The `cert-revoked` message, when revoked. */
  readonly revoked?: string;
}

/**
 * The certificate's status by the RFC 5280 §6.3 routine that path validation
 * uses (`crl-status.ts`), with the issuer certificate whose key issued it. A
 * stale CRL still counts here and says so; `--require-revocation` and the
 * chain validator are strict about it.
 */
async function statusOf(
  cert: ParsedCert,
  candidates: readonly CrlRecord[],
  issuersOf: (key: string) => ParsedCert[],
  now: Date,
): Promise<Outcome> {
  const t = now.getTime();
  // Between two copies of one CRL, name the standalone file rather than a PKCS#7 member (the index sort is stable).
  const usable = candidates
    .flatMap((r) =>
      r.parsed && r.parsed.unknownCritical.length === 0 && !r.parsed.idp?.onlyAttributeCerts ? [{ ref: r, crl: r.parsed }] : [],
    )
    .sort((a, b) => Number(a.ref.item.container !== undefined) - Number(b.ref.item.container !== undefined));
  const index = new CrlIndex(usable);
  const keyId = cert.aki?.keyId ? hex(cert.aki.keyId) : undefined;
  const issuers = issuersOf(cert.issuer.key);
  const issuer = issuers.find((c) => keyId && c.ski && hex(c.ski) === keyId) ?? issuers[0];
  if (!issuer) return { status: { state: 'unchecked', text: `revocation not checked: ${noIssuer(candidates)}` } };
  const s = await crlStatus(cert, issuer, index, { signers: issuersOf, validSigner: async () => false }, { now: t, allowStale: true });
  if (s.state === 'unknown') {
    const why = index.complete.size === 0 && index.deltas.size > 0 ? 'only a delta CRL, with no complete CRL it updates' : s.why;
    return { status: { state: 'unchecked', text: `revocation not checked: ${why}` } };
  }
  const decided = s.state === 'revoked' ? s.crl : s.crls[0];
  if (!decided) return { status: { state: 'unchecked', text: 'revocation not checked: no usable CRL' } };
  const best = decided.ref;
  const crl = decided.crl;
  const stale = s.stale;
  const times = {
    crl: best.ref,
    thisUpdate: iso(crl.thisUpdate),
    ...(crl.nextUpdate !== undefined && { nextUpdate: iso(crl.nextUpdate) }),
    stale,
  };
  const freshness =
    crl.nextUpdate === undefined
      ? ''
      : stale
        ? `, a stale CRL (next update was due ${day(crl.nextUpdate)})`
        : `, next update ${day(crl.nextUpdate)}`;
  if (s.state === 'good') return { status: { state: 'good', text: `not revoked per ${where(best)}${freshness}`, ...times } };
  const entry = s.entry;
  const hold = entry.reason === 'certificateHold';
  const invalid = entry.invalidityDate !== undefined ? `, key invalid since ${day(entry.invalidityDate)}` : '';
  const detail = `${day(entry.revocationDate)} (${entry.reason ?? 'no reason given'}${invalid}) per ${where(best)}${freshness}`;
  return {
    status: {
      state: 'revoked',
      text: `${hold ? 'ON HOLD since' : 'REVOKED on'} ${detail}`,
      revokedAt: iso(entry.revocationDate),
      ...(entry.reason && { reason: entry.reason }),
      ...times,
    },
    revoked: `certificate ${hold ? 'on hold (suspended) since' : 'revoked on'} ${detail}`,
  };
}

function noIssuer(candidates: readonly CrlRecord[]): string {
  const label = candidates[0]?.item.crl.issuerLabel ?? '?';
  return `no certificate of "${label}" found to check the CRL signature`;
}

function where(r: CrlRecord): string {
  return r.ref.index > 0 ? `${r.ref.file} #${r.ref.index + 1}` : r.ref.file;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function day(ms: number): string {
  return iso(ms).slice(0, 10);
}
