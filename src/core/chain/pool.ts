/**
 * The certificates chain findings work over: a pool (every certificate of the
 * workspace or of a scan, each with its file and item index), trust anchors,
 * and in file mode the workspace's own self-signed roots as private anchors.
 * Prepared once and reused for every file, so the store is parsed and
 * indexed once per scan.
 */
import { createPathValidator, type AnchorInput, type CertInput, type PathValidator, type PolicyInputs, type ScanBudget } from './index.js';
import { nobleDigest } from '../x509/digest';
import type { ChainMode } from './codes';
import type { CertificateItem } from '../analysis/decode';
import { summarizeCertificate, type CertificateSummary } from '../x509/certificate';
import { inPool } from './dependants';

/** Where a certificate sits: a file (path or URI string) and the item index in its decode. */
export interface ChainCertRef {
  readonly file: string;
  readonly index: number;
}

export interface ChainPoolCert {
  readonly ref: ChainCertRef;
  readonly item: CertificateItem;
}

/** A trust anchor; `label` says where it came from (`trust store`, `--ca root.pem`, `extraAnchors: ca/root.pem`). */
export interface ChainAnchor {
  readonly der: Uint8Array;
  readonly source: 'store' | 'extra';
  readonly label: string;
}

/** One certificate known to the analysis, deduplicated by DER. */
export interface ChainNode {
  readonly der: Uint8Array;
  readonly key: string;
  /** The plainest workspace copy (alone in its file first), when the certificate is in the pool. */
  item?: CertificateItem;
  where?: ChainCertRef;
  /** How plain `where` is (see `plainness`). */
  plain?: number;
  readonly anchor?: ChainAnchor;
  /** A self-signed CA of the workspace that no anchor matches (file mode only). */
  readonly private?: boolean;
}

/** A CRL of the workspace (or a `--crl` file) for revocation inside path validation. */
export interface ChainCrl {
  readonly der: Uint8Array;
  readonly ref: ChainCertRef;
}

/** RFC 5280 inputs beyond the anchors: policies (§6.1.1) and revocation (§6.3). */
export interface ChainValidation {
  readonly policy?: PolicyInputs;
  /** Every certificate on a path must have a determined revocation status (hard fail). */
  readonly requireRevocation?: boolean;
  readonly crls?: readonly ChainCrl[];
  /** The scan's path-building budget (budget.ts), shared by every target validated against this pool. */
  readonly budget?: ScanBudget;
}

/** The per-validation options of a ChainValidation. */
export function validationOptions(v: ChainValidation | undefined): { policy?: PolicyInputs; requireRevocation?: boolean } {
  return { ...(v?.policy && { policy: v.policy }), ...(v?.requireRevocation && { requireRevocation: true }) };
}

export interface PreparedChains {
  readonly mode: ChainMode;
  readonly validation?: ChainValidation;
  readonly nodes: readonly ChainNode[];
  readonly byKey: ReadonlyMap<string, number>;
  readonly validator: PathValidator<number>;
  readonly pool: readonly ChainPoolCert[];
  readonly anchors: readonly ChainAnchor[];
  /** Certificates per file when the pool holds only some of them (prepareWorkspace's `issuersOnly`). */
  readonly certsPerFile?: ReadonlyMap<string, number>;
}

const KEYS = new WeakMap<Uint8Array, string>();
/**
 * A DER identity key: its SHA-256, cached per buffer (anchors are keyed once
 * per session). Pass the fingerprint when it is known (a decoded item's
 * `certificate.sha256`): the hex of the whole DER it replaced kept ~1.3 KB a
 * certificate alive, 40 MB for a 20 MB bundle.
 */
export function derKey(der: Uint8Array, sha256?: string): string {
  let k = KEYS.get(der);
  if (k === undefined) KEYS.set(der, (k = sha256 ?? nobleDigest('SHA-256', der)));
  return k;
}

/** The identity key of a pool certificate (derKey with its fingerprint). */
export function poolKey(c: ChainPoolCert): string {
  return derKey(c.item.der, c.item.certificate.sha256);
}

/** How many of `certs` each file holds. */
export function countPerFile(certs: readonly ChainPoolCert[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of certs) out.set(c.ref.file, (out.get(c.ref.file) ?? 0) + 1);
  return out;
}

/** 3: alone in its file; 2: a block of a bundle; 1: inside a container (PKCS#7, PKCS#12, keystore); 0: embedded in YAML/JSON. */
function plainness(p: ChainPoolCert, perFile: ReadonlyMap<string, number>): number {
  if (p.item.embedded) return 0;
  if (p.item.container !== undefined) return 1;
  return perFile.get(p.ref.file) === 1 ? 3 : 2;
}

/**
 * Indexes pool and anchors once. In `file` mode every self-signed CA of the
 * pool that is not an anchor becomes a private anchor, so a workspace PKI is
 * validated up to its own root (reported as `chain-private-root`).
 * `validation.budget` is the scan's path-building budget; without one each target gets
 * the default per-target step budget and no time budget. `certsPerFile`
 * counts each file's certificates when `pool` holds only some of them, so a
 * copy is ranked (`plainness`) by its file, not by what the pool kept.
 */
export function prepareChains(
  pool: readonly ChainPoolCert[],
  anchors: readonly ChainAnchor[],
  mode: ChainMode,
  validation?: ChainValidation,
  certsPerFile?: ReadonlyMap<string, number>,
): PreparedChains {
  const nodes: ChainNode[] = [];
  const byKey = new Map<string, number>();
  for (const a of anchors) {
    const key = derKey(a.der);
    if (byKey.has(key)) continue;
    byKey.set(key, nodes.length);
    nodes.push({ der: a.der, key, anchor: a });
  }
  const perFile = certsPerFile ?? countPerFile(pool);
  for (const p of pool) {
    const key = poolKey(p);
    const seen = byKey.get(key);
    if (seen !== undefined) {
      const n = nodes[seen]!;
      // Name the plainest copy: a root in `root-ca.crt` rather than inside a kubeconfig or a bundle.
      if (!n.item || plainness(p, perFile) > n.plain!) {
        n.item = p.item;
        n.where = p.ref;
        n.plain = plainness(p, perFile);
      }
      continue;
    }
    byKey.set(key, nodes.length);
    const c = p.item.certificate;
    nodes.push({
      der: p.item.der,
      key,
      item: p.item,
      where: p.ref,
      plain: plainness(p, perFile),
      ...(mode === 'file' && c.selfSigned && c.isCA && { private: true }),
    });
  }
  const anchorInputs: AnchorInput<number>[] = [];
  const intermediates: CertInput<number>[] = [];
  nodes.forEach((n, i) => {
    if (n.anchor) anchorInputs.push({ der: n.der, ref: i, source: n.anchor.source });
    else if (n.private) anchorInputs.push({ der: n.der, ref: i, source: 'extra' });
    else intermediates.push({ der: n.der, ref: i });
  });
  // CRL refs are negative (-1 is crls[0]) so they never collide with node indices.
  const crls = validation?.crls ?? [];
  const crlLabel = (r: number): string => {
    const c = crls[-r - 1];
    return c ? (c.ref.index > 0 ? `${c.ref.file} #${c.ref.index + 1}` : c.ref.file) : String(r);
  };
  const validator = createPathValidator({
    intermediates,
    anchors: anchorInputs,
    ...(crls.length > 0 && { crls: crls.map((c, i) => ({ der: c.der, ref: -i - 1 })), crlLabel }),
    ...(validation?.budget && { scan: validation.budget }),
  });
  return { mode, nodes, byKey, validator, pool, anchors, ...(validation && { validation }), ...(certsPerFile && { certsPerFile }) };
}

/**
 * A prepared pool that also knows `certs` as path targets, without indexing
 * them again: certificates that cannot issue and that no certificate of the
 * file names as issuer (dependants.ts `inPool`) are never candidates on
 * another certificate's path, so the validator is shared; only the nodes
 * (what a path step is called and where it is) grow. Undefined otherwise:
 * then the pool must be prepared again.
 */
export function withTargets(prepared: PreparedChains, certs: readonly ChainPoolCert[]): PreparedChains | undefined {
  const fresh = certs.filter((c) => !prepared.byKey.has(poolKey(c)));
  const named = new Set(certs.filter((c) => !c.item.certificate.selfIssued).map((c) => c.item.certificate.issuerDerHex));
  if (fresh.some((c) => inPool(c.item.certificate, named))) return undefined;
  const nodes = [...prepared.nodes];
  const byKey = new Map(prepared.byKey);
  const perFile = countPerFile(certs);
  for (const c of fresh) {
    const key = poolKey(c);
    if (byKey.has(key)) continue;
    byKey.set(key, nodes.length);
    nodes.push({ der: c.item.der, key, item: c.item, where: c.ref, plain: plainness(c, perFile) });
  }
  return { ...prepared, nodes, byKey };
}

const SUMMARIES = new WeakMap<Uint8Array, Promise<CertificateSummary | undefined>>();
/** The summary of a node: the pool item's, or the anchor decoded on first use. */
export function nodeSummary(n: ChainNode): Promise<CertificateSummary | undefined> {
  if (n.item) return Promise.resolve(n.item.certificate);
  let s = SUMMARIES.get(n.der);
  if (!s) {
    s = summarizeCertificate(n.der).catch(() => undefined);
    SUMMARIES.set(n.der, s);
  }
  return s;
}

/** `CN=R11` when the name has a CN, else the whole DN. */
export function shortName(dn: string): string {
  const cn = /(?:^|,\s*)CN=((?:\\.|[^,\\])*)/.exec(dn);
  return cn ? `CN=${cn[1]}` : dn;
}
