/**
 * Trust-bundle coverage during a CA rotation. When the scan holds two
 * generations of a CA (same subject with a new key, or a new root
 * cross-signed by the old one), every trust bundle must trust both while
 * leaves of both live: add the new CA first, then switch the leaves, then
 * remove the old CA after its last leaf expires.
 */
import type { CertificateSummary } from '../x509/certificate';
import { CaGraph, isCaLike } from './ca-graph';
import { describeCertificate, describeLocation, uniqueCertificates, utcDay, type FleetCertificate, type FleetFinding } from './fleet';

/** A file or field holding only CA certificates. */
export interface TrustBundle {
  readonly file: string;
  readonly field?: string;
  readonly alias?: string;
  readonly members: readonly FleetCertificate[];
  readonly keys: ReadonlySet<string>;
}

export interface CaGeneration {
  readonly old: CertificateSummary;
  readonly new: CertificateSummary;
  readonly how: 'new-key' | 'cross-signed';
}

/**
 * Single-certificate files are bundles only by name: `ca.crt`, `ca-bundle.pem`,
 * `truststore.pem`, `cacerts`, `roots.pem`, `anchors.pem`, or any file in a
 * folder so named (`bundles/`, `truststore/`, `trust-anchors/`).
 */
const BUNDLE_NAME = /(^ca\.(crt|pem|cer)$)|bundle|trust|cacerts|ca-certificates|(^|[^a-z])roots\b|anchors?\b/i;
const BUNDLE_FOLDER = /bundle|trust|anchors?\b|cacerts/i;
/** Fields meant for trust anchors (`ca.crt`, `caBundle`, kubeconfig `certificate-authority-data`). */
const BUNDLE_FIELD = /(^|\.)ca\.crt$|caBundle$|certificate-authority-data$|(^|\.)status\.ca$/;

/**
 * Finds the bundles among the certificates. `filesWithKeys` names files
 * that also hold a private key: a CA's own key pair is never a bundle.
 */
export function findTrustBundles(certs: readonly FleetCertificate[], filesWithKeys: ReadonlySet<string> = new Set()): TrustBundle[] {
  const groups = new Map<string, FleetCertificate[]>();
  for (const c of certs) {
    if (c.entryType === 'PrivateKeyEntry') continue;
    const id = `${c.file}\0${c.field ?? ''}\0${c.entryType === 'trustedCertEntry' ? `ks${c.container ?? ''}` : ''}`;
    const list = groups.get(id);
    if (list) list.push(c);
    else groups.set(id, [c]);
  }
  const out: TrustBundle[] = [];
  for (const members of groups.values()) {
    const first = members[0];
    if (!first || !members.every((m) => isCaLike(m.certificate))) continue;
    const named =
      first.entryType === 'trustedCertEntry' ||
      first.role === 'ca' ||
      (first.field !== undefined
        ? BUNDLE_FIELD.test(first.field)
        : !filesWithKeys.has(first.file) && (members.length >= 2 || namedLikeBundle(first.file)));
    if (!named) continue;
    out.push({
      file: first.file,
      ...(first.field !== undefined && { field: first.field }),
      ...(first.entryType === 'trustedCertEntry' && { alias: first.alias }),
      members,
      keys: new Set(members.map((m) => m.certificate.spkiSha256)),
    });
  }
  return out;
}

/** Pairs of CA generations: same subject with a later key, or a root cross-signed by an older root. */
export function findCaGenerations(graph: CaGraph): CaGeneration[] {
  const out: CaGeneration[] = [];
  for (const certs of graph.caCertificatesBySubject().values()) {
    // One generation per key, ordered by its first notBefore; shown by its longest-lived certificate.
    const byKey = new Map<string, { since: number; shown: CertificateSummary }>();
    for (const c of certs) {
      const g = byKey.get(c.spkiSha256);
      if (!g) byKey.set(c.spkiSha256, { since: c.notBefore, shown: c });
      else byKey.set(c.spkiSha256, { since: Math.min(g.since, c.notBefore), shown: c.notAfter > g.shown.notAfter ? c : g.shown });
    }
    const gens = [...byKey.values()].sort((a, b) => a.since - b.since).map((g) => g.shown);
    gens.forEach((g, i) => {
      const older = gens[i - 1];
      if (older) out.push({ old: older, new: g, how: 'new-key' });
    });
    // A new root R2 certified by an old root R1 (the cross-certificate shares R2's key).
    for (const x of certs) {
      if (x.selfIssued) continue;
      const selfSignedTwin = graph.certificatesOfKey(x.spkiSha256).find((c) => c.selfSigned);
      if (!selfSignedTwin) continue;
      for (const p of graph.issuers(x)) if (p.selfSigned) out.push({ old: p, new: selfSignedTwin, how: 'cross-signed' });
    }
  }
  return out;
}

export interface CoverageOptions {
  readonly now: number;
  readonly filesWithKeys?: ReadonlySet<string>;
}

const LISTED = 5;

/** `trust-bundle-missing-new-ca` and `trust-bundle-dropped-old-ca` on the bundles that need them. */
export function analyzeTrustBundles(certs: readonly FleetCertificate[], options: CoverageOptions): FleetFinding[] {
  const unique = uniqueCertificates(certs);
  const firsts = [...unique.values()].flatMap((l) => (l[0] ? [l[0]] : []));
  const graph = new CaGraph(firsts.map((l) => l.certificate));
  const generations = findCaGenerations(graph);
  if (generations.length === 0) return [];
  const bundles = findTrustBundles(certs, options.filesWithKeys);
  const leaves = firsts
    .filter((l) => !isCaLike(l.certificate) && l.certificate.notAfter >= options.now)
    .map((l) => ({ loc: l, above: graph.ancestorsOf(l.certificate) }));
  const findings: FleetFinding[] = [];
  for (const g of generations) {
    const trusts = (b: TrustBundle, ca: CertificateSummary) =>
      b.keys.has(ca.spkiSha256) || [...graph.ancestorsOfKey(ca.spkiSha256)].some((k) => b.keys.has(k));
    const uncovered = (b: TrustBundle, ca: CertificateSummary) =>
      leaves.filter((l) => l.above.has(ca.spkiSha256) && ![...l.above].some((k) => b.keys.has(k))).map((l) => l.loc);
    for (const b of bundles) {
      const tOld = trusts(b, g.old);
      const tNew = trusts(b, g.new);
      if (tOld === tNew) continue;
      const atRisk = uncovered(b, tOld ? g.new : g.old);
      if (atRisk.length === 0) continue;
      findings.push(tOld ? missingNew(b, g, atRisk) : droppedOld(b, g, atRisk));
    }
  }
  return findings;
}

function bundleName(b: TrustBundle): string {
  return b.alias !== undefined ? `${b.file} (alias "${b.alias}")` : b.field !== undefined ? `${b.file} (${b.field})` : b.file;
}

function leafList(leaves: readonly FleetCertificate[]): string {
  const shown = leaves.slice(0, LISTED).map((l) => `"${l.certificate.subjectLabel}" in ${describeLocation(l)}`);
  return shown.join(', ') + (leaves.length > LISTED ? ` and ${leaves.length - LISTED} more` : '');
}

function findingBase(b: TrustBundle, g: CaGeneration, atRisk: readonly FleetCertificate[]) {
  const first = b.members[0] as FleetCertificate; // a bundle has at least one member (findTrustBundles)
  const last = b.members[b.members.length - 1] ?? first;
  const lastOldLeaf = Math.max(...atRisk.map((l) => l.certificate.notAfter));
  return {
    file: b.file,
    index: first.index,
    span: { start: first.span.start, end: Math.max(first.span.end, last.span.end) },
    data: {
      bundle: bundleName(b),
      oldCa: g.old.sha256,
      newCa: g.new.sha256,
      generation: g.how,
      leaves: atRisk.map((l) => ({ file: l.file, index: l.index, sha256: l.certificate.sha256 })),
      lastLeafNotAfter: lastOldLeaf,
    },
  };
}

function missingNew(b: TrustBundle, g: CaGeneration, atRisk: readonly FleetCertificate[]): FleetFinding {
  return {
    ...findingBase(b, g, atRisk),
    code: 'trust-bundle-missing-new-ca',
    severity: 'warning',
    message:
      `trust bundle ${bundleName(b)} trusts the old CA ${describeCertificate(g.old)} but not the new CA ${describeCertificate(g.new)}, ` +
      `which issued ${atRisk.length} leaf certificate(s) this bundle will reject: ${leafList(atRisk)}. ` +
      `Rollout order: add the new CA to this bundle now (trust both), then switch the leaves to the new CA, then remove the old CA after its last leaf expires.`,
  };
}

function droppedOld(b: TrustBundle, g: CaGeneration, atRisk: readonly FleetCertificate[]): FleetFinding {
  const until = utcDay(Math.max(...atRisk.map((l) => l.certificate.notAfter)));
  return {
    ...findingBase(b, g, atRisk),
    code: 'trust-bundle-dropped-old-ca',
    severity: 'error',
    message:
      `trust bundle ${bundleName(b)} trusts the new CA ${describeCertificate(g.new)} but no longer the old CA ${describeCertificate(g.old)}, ` +
      `while ${atRisk.length} unexpired leaf certificate(s) of the old CA still depend on it: ${leafList(atRisk)}. ` +
      `Rollout order: put the old CA back in this bundle (trust both), switch those leaves to the new CA, and remove the old CA only after its last leaf expires (${until}).`,
  };
}

function namedLikeBundle(file: string): boolean {
  const parts = file.split(/[\\/]/);
  const base = parts.pop() ?? '';
  // The folders a workspace gives: the last two, so that a checkout under /home/trust/… does not count.
  return BUNDLE_NAME.test(base) || parts.slice(-2).some((d) => BUNDLE_FOLDER.test(d));
}
