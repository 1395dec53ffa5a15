/**
 * Identities: the successive certificates of one service, device or CA.
 * Two certificates belong to the same identity when they share subject and
 * SAN set (and CA-ness), or when they share a public key; the relation is
 * closed transitively (a renewal that kept the key but added a SAN joins
 * its predecessor through the key).
 */
import type { CertificateSummary } from '../x509/certificate';
import { uniqueCertificates, type FleetCertificate } from './fleet';

export interface Identity {
  /** Stable key: the name key of its earliest certificate. */
  readonly key: string;
  /** A human label: the subject label of its latest certificate. */
  readonly label: string;
  /** Distinct certificates, ordered by notBefore (then notAfter). */
  readonly certificates: readonly CertificateSummary[];
  /** Every location of each certificate, by SHA-256. */
  readonly locations: ReadonlyMap<string, readonly FleetCertificate[]>;
}

/** Same subject, same SAN set (order ignored), same CA-ness. */
export function nameKey(c: CertificateSummary): string {
  return `${c.subjectDerHex}|${[...new Set(c.subjectAltNames)].sort().join(',')}|${c.isCA ? 'ca' : 'ee'}`;
}

/**
 * Groups certificates into identities.
 *
 * @example
 * const ids = groupIdentities(fleetCertificates(files));
 * ids.filter((i) => i.certificates.length > 1); // the renewed ones
 */
export function groupIdentities(certs: readonly FleetCertificate[]): Identity[] {
  const unique = uniqueCertificates(certs);
  const shas = [...unique.keys()];
  const parent = shas.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const firstByKey = new Map<string, number>();
  shas.forEach((sha, i) => {
    const c = unique.get(sha)![0]!.certificate;
    for (const key of [`n:${nameKey(c)}`, `k:${c.spkiSha256}|${c.isCA ? 'ca' : 'ee'}`]) {
      const seen = firstByKey.get(key);
      if (seen === undefined) firstByKey.set(key, i);
      else union(seen, i);
    }
  });
  const groups = new Map<number, CertificateSummary[]>();
  shas.forEach((sha, i) => {
    const root = find(i);
    const list = groups.get(root) ?? [];
    list.push(unique.get(sha)![0]!.certificate);
    groups.set(root, list);
  });
  const out: Identity[] = [];
  for (const list of groups.values()) {
    list.sort(byValidity);
    const locations = new Map(list.map((c) => [c.sha256, unique.get(c.sha256)!]));
    out.push({ key: nameKey(list[0]!), label: list[list.length - 1]!.subjectLabel, certificates: list, locations });
  }
  return out;
}

export function byValidity(a: CertificateSummary, b: CertificateSummary): number {
  return a.notBefore - b.notBefore || a.notAfter - b.notAfter || (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0);
}
