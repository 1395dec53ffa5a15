/**
 * Who issued whom, at the level of keys: enough to say which CA generation
 * a leaf depends on and whether a trust bundle covers it. Matching is by
 * issuer name and, when both carry them, AKI = SKI (RFC 5280 §4.2.1.1);
 * signatures are the chain validator's job, not this graph's.
 */
import type { CertificateSummary } from '../x509/certificate';

export function isCaLike(c: CertificateSummary): boolean {
  return c.isCA || c.selfSigned;
}

export class CaGraph {
  private readonly bySubject = new Map<string, CertificateSummary[]>();
  private readonly certsByKey = new Map<string, CertificateSummary[]>();
  private readonly closure = new Map<string, ReadonlySet<string>>();

  constructor(certificates: Iterable<CertificateSummary>) {
    for (const c of certificates) {
      if (!isCaLike(c)) continue;
      push(this.bySubject, c.subjectDerHex, c);
      push(this.certsByKey, c.spkiSha256, c);
    }
  }

  /** CA certificates that could have issued `c` (not itself, not its own key). */
  issuers(c: CertificateSummary): CertificateSummary[] {
    // A self-signed certificate is a root: another key with its name (the next generation) did not issue it.
    if (c.selfSigned) return [];
    return (this.bySubject.get(c.issuerDerHex) ?? []).filter(
      (p) =>
        p.sha256 !== c.sha256 &&
        p.spkiSha256 !== c.spkiSha256 &&
        (c.authorityKeyId === undefined || p.subjectKeyId === undefined || c.authorityKeyId === p.subjectKeyId),
    );
  }

  /** CA certificates with this subject, by SubjectPublicKeyInfo. */
  caCertificatesBySubject(): ReadonlyMap<string, readonly CertificateSummary[]> {
    return this.bySubject;
  }

  certificatesOfKey(key: string): readonly CertificateSummary[] {
    return this.certsByKey.get(key) ?? [];
  }

  /** Every CA key above `key` (through any certificate of that key, cross-signatures included). */
  ancestorsOfKey(key: string): ReadonlySet<string> {
    const cached = this.closure.get(key);
    if (cached) return cached;
    const seen = new Set<string>();
    const queue = [key];
    for (let k = queue.pop(); k !== undefined; k = queue.pop()) {
      for (const c of this.certsByKey.get(k) ?? []) {
        for (const p of this.issuers(c)) {
          if (p.spkiSha256 === key || seen.has(p.spkiSha256)) continue;
          seen.add(p.spkiSha256);
          queue.push(p.spkiSha256);
        }
      }
    }
    this.closure.set(key, seen);
    return seen;
  }

  /** Keys of every CA above a certificate: its issuers' keys and theirs. */
  ancestorsOf(c: CertificateSummary): Set<string> {
    const out = new Set<string>();
    for (const p of this.issuers(c)) {
      out.add(p.spkiSha256);
      for (const k of this.ancestorsOfKey(p.spkiSha256)) out.add(k);
    }
    return out;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
