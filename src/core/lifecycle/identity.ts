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
  // One representative summary per distinct certificate, with all its locations.
  const entries = [...unique.values()].flatMap((locs) => (locs[0] ? [{ cert: locs[0].certificate, locs }] : []));
  const parent = entries.map((_, i) => i);
  const find = (i: number): number => {
    let r = i;
    for (let p = parent[r] ?? r; p !== r; p = parent[r] ?? r) r = p;
    parent[i] = r;
    return r;
  };
  const firstByKey = new Map<string, number>();
  entries.forEach(({ cert: c }, i) => {
    for (const key of [`n:${nameKey(c)}`, `k:${c.spkiSha256}|${c.isCA ? 'ca' : 'ee'}`]) {
      const seen = firstByKey.get(key);
      if (seen === undefined) firstByKey.set(key, i);
      else {
        const [ra, rb] = [find(seen), find(i)];
        if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
      }
    }
  });
  const groups = new Map<number, typeof entries>();
  entries.forEach((e, i) => {
    const root = find(i);
    const list = groups.get(root);
    if (list) list.push(e);
    else groups.set(root, [e]);
  });
  const out: Identity[] = [];
  for (const group of groups.values()) {
    group.sort((a, b) => byValidity(a.cert, b.cert));
    const first = group[0];
    const last = group[group.length - 1];
    if (!first || !last) continue;
    out.push({
      key: nameKey(first.cert),
      label: last.cert.subjectLabel,
      certificates: group.map((e) => e.cert),
      locations: new Map(group.map((e) => [e.cert.sha256, e.locs])),
    });
  }
  return out;
}

export function byValidity(a: CertificateSummary, b: CertificateSummary): number {
  return a.notBefore - b.notBefore || a.notAfter - b.notAfter || (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0);
}
