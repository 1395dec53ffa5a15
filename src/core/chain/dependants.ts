/**
 * What depends on one file of a workspace: the files whose cross-file
 * findings (chains, CRL revocation, key pairing) may change when that file's
 * items change. The editor index re-analyses these and keeps every other
 * file's report.
 */
import type { Item } from '../analysis/decode';
import type { CertificateSummary } from '../x509/certificate';
import type { DecodedWorkspaceFile } from './workspace';

const BASIC_CONSTRAINTS = '2.5.29.19';

/**
 * Whether a certificate may sign others on a path: a CA, a self-issued
 * certificate, or one whose CA-ness is not stated (v1/v2, or v3 without
 * basicConstraints; RFC 5280 §4.2.1.9 and §6.1.4 (k)). Others are only ever
 * path targets, so a chain pool needs only these.
 */
export function mayIssue(c: CertificateSummary): boolean {
  return c.isCA || c.selfIssued || c.version < 3 || !c.extensions.some((e) => e.oid === BASIC_CONSTRAINTS);
}

/** Issuer names (DER hex) that some certificate of `files` names and does not issue itself. */
export function namedIssuers(files: readonly DecodedWorkspaceFile[]): Set<string> {
  const out = new Set<string>();
  for (const f of files)
    for (const i of f.items) if (i.kind === 'certificate' && !i.certificate.selfIssued) out.add(i.certificate.issuerDerHex);
  return out;
}

/**
 * Whether a chain pool needs this certificate: it may issue, or some
 * certificate names it as issuer (a non-CA "issuer" must be found to be
 * reported as such, `chain-not-ca`, rather than as missing).
 */
export function inPool(c: CertificateSummary, issuers: { has(name: string): boolean }): boolean {
  return mayIssue(c) || issuers.has(c.subjectDerHex);
}

/**
 * The other files whose cross-file findings may change when `file` changes
 * from `before` to `after`:
 * - files holding a certificate, CSR or key with a public key of the change (key pairing);
 * - when an issuer-capable certificate or a CRL changed: every file holding a
 *   certificate issued under it, transitively (chains, CRL revocation).
 *
 * `poolChanged` says whether an issuers-only pool built over `files` (with
 * `after`) differs from one built with `before`. `subjects` and `issuerNames`
 * are where the issued-under closure started: the changed pool members'
 * subjects and CRLs' issuers. `named` replaces `namedIssuers` of `files` and
 * `before` (DependantsIndex keeps it up to date).
 *
 * @example
 * chainDependants(files, 'ca/issuing.pem', oldItems, newItems).files; // Set { 'leaves/a.pem', … }
 */
export function chainDependants(
  files: readonly DecodedWorkspaceFile[],
  file: string,
  before: readonly Item[],
  after: readonly Item[],
  named: { has(name: string): boolean } = namedIssuers([...files, { file, items: before }]),
): { files: Set<string>; poolChanged: boolean; subjects: string[]; issuerNames: string[] } {
  const changed = [...before, ...after];
  const spkis = new Set(changed.map(spkiOf).filter((s): s is string => s !== undefined));
  const poolChanged = poolKeys(before, named).join('\n') !== poolKeys(after, named).join('\n');
  const subjects = new Set<string>();
  const issuerNames = new Set<string>();
  if (poolChanged)
    for (const i of changed) {
      if (i.kind === 'certificate' && inPool(i.certificate, named)) subjects.add(i.certificate.subjectDerHex);
      if (i.kind === 'crl') issuerNames.add(i.crl.issuer);
    }
  const start = { subjects: [...subjects], issuerNames: [...issuerNames] };
  const out = new Set<string>();
  for (const f of files) {
    if (f.file !== file && f.items.some((i) => spkis.has(spkiOf(i) ?? ''))) out.add(f.file);
  }
  // Issued-under closure: each round adds the files under the CAs found so far.
  for (let grew = subjects.size + issuerNames.size > 0; grew;) {
    grew = false;
    for (const f of files) {
      if (f.file === file) continue;
      for (const i of f.items) {
        if (i.kind !== 'certificate') continue;
        const c = i.certificate;
        if (!subjects.has(c.issuerDerHex) && !issuerNames.has(c.issuer)) continue;
        out.add(f.file);
        if (inPool(c, named) && !c.selfIssued && !subjects.has(c.subjectDerHex)) {
          subjects.add(c.subjectDerHex);
          grew = true;
        }
      }
    }
  }
  return { files: out, poolChanged, ...start };
}

/** The SPKI SHA-256 of a certificate, CSR or key (key pairing). */
export function spkiOf(i: Item): string | undefined {
  if (i.kind === 'certificate') return i.certificate.spkiSha256;
  if (i.kind === 'csr') return i.csr.spkiSha256;
  if (i.kind === 'private-key' || i.kind === 'public-key') return i.key.spkiSha256;
  return undefined;
}

/**
 * The pool members (workspace.ts `leanPool`) and CRLs of a file, as sorted
 * fingerprints, and whether pool members share their file with other
 * certificates (which ranks their copy, pool.ts `plainness`). A bundle's
 * leaves are not pool members: editing one keeps the pool.
 */
function poolKeys(items: readonly Item[], named: { has(name: string): boolean }): string[] {
  const keys: string[] = [];
  let certs = 0;
  let pooled = false;
  items.forEach((i, index) => {
    if (i.kind === 'certificate') {
      certs++;
      // With its index: the pool names where each member sits (ChainNode.where), and a leaf added above a CA moves it.
      if (inPool(i.certificate, named)) {
        keys.push(`c:${i.certificate.sha256}@${index}`);
        pooled = true;
      }
    }
    if (i.kind === 'crl') keys.push(`r:${i.crl.sha256}`);
  });
  if (pooled && certs > 1) keys.push('several');
  return keys.sort();
}
