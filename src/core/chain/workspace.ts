/**
 * Glue shared by the CLI scan and the editor: a set of decoded files in,
 * the chain pool, per-file chain findings and key pairing out.
 */
import {
  analyzeChains,
  prepareChains,
  type ChainAnchor,
  type ChainCrl,
  type ChainFindings,
  type ChainPoolCert,
  type ChainValidation,
  type PreparedChains,
  derKey,
} from './findings';
import { inPool, namedIssuers } from './dependants';
import { DEFAULT_BUDGET, ScanBudget, type BudgetLimits } from './budget';
import type { CertificateItem, Item } from '../analysis/decode';
import { pairKeys, type KeyPairing } from '../analysis/key-pairing';
import { checkRevocation, prepareRevocation, type RevocationFindings } from '../revocation/crl-check';

export interface DecodedWorkspaceFile {
  readonly file: string;
  readonly items: readonly Item[];
}

/** The certificates of one file as chain pool entries (PKCS#7/#12 contents included). */
export function poolCerts(file: string, items: readonly Item[]): ChainPoolCert[] {
  const out: ChainPoolCert[] = [];
  items.forEach((item, index) => {
    if (item.kind === 'certificate') out.push({ ref: { file, index }, item: item as CertificateItem });
  });
  return out;
}

export interface WorkspaceChains {
  readonly prepared: PreparedChains;
  readonly pairing: KeyPairing;
  /** Chain findings of one file of the set (or an unsaved buffer's items). */
  findings(file: string, items: readonly Item[], now: Date): Promise<ChainFindings>;
  /** CRL revocation of one file's certificates, and the problems of its CRLs, against the CRLs of the set. */
  revocation(file: string, items: readonly Item[], now: Date): Promise<RevocationFindings>;
}

/** What a scan adds to a ChainValidation: the clock and limits of its path-building budget. */
export interface WorkspaceOptions extends Omit<ChainValidation, 'budget'> {
  /** A monotonic clock in milliseconds (`performance.now`), for the time half of the budget; core has none of its own. */
  readonly clock?: () => number;
  readonly budget?: BudgetLimits;
  /**
   * Pool only the certificates that may issue or that some certificate names
   * as its issuer (dependants.ts `inPool`): the others are only ever targets,
   * which `findings` validates from the file's own items. Same findings, a
   * fraction of the memory: the editor's 10,000-leaf workspace parses 3 CAs
   * instead of 10,003 certificates.
   */
  readonly issuersOnly?: boolean;
}

/**
 * The pool certificates that may issue or that some certificate names as its
 * issuer, and how many certificates each file holds (so a bundle's copy of a
 * CA is ranked as in the full pool, by `plainness`). A 20 MB bundle of
 * 30,000 leaves thus pools its few CAs, not 30,000 certificates.
 */
function leanPool(files: readonly DecodedWorkspaceFile[]): { pool: ChainPoolCert[]; certsPerFile: Map<string, number> } {
  const named = namedIssuers(files);
  const certsPerFile = new Map<string, number>();
  const pool = files.flatMap((f) => {
    const certs = poolCerts(f.file, f.items);
    const kept = certs.filter((c) => inPool(c.item.certificate, named));
    // A lone certificate counts only when pooled, as it did when bundles were pooled whole.
    const n = certs.length > 1 ? certs.length : kept.length;
    if (n > 0) certsPerFile.set(f.file, (certsPerFile.get(f.file) ?? 0) + n);
    return kept;
  });
  return { pool, certsPerFile };
}

/**
 * The certificates that may have signed a CRL, in pool order: the anchors,
 * then every certificate of a file holding several and the pool members of
 * the others (a bundle's leaf keeps its say over a CRL it signed).
 */
function crlSigners(files: readonly DecodedWorkspaceFile[], anchors: readonly ChainAnchor[]): Uint8Array[] {
  const named = namedIssuers(files);
  const seen = new Set<string>();
  const out: Uint8Array[] = [];
  const add = (der: Uint8Array, sha256?: string) => {
    const k = derKey(der, sha256);
    if (seen.has(k)) return;
    seen.add(k);
    out.push(der);
  };
  for (const a of anchors) add(a.der);
  for (const f of files) {
    const certs = poolCerts(f.file, f.items);
    for (const c of certs) if (certs.length > 1 || inPool(c.item.certificate, named)) add(c.item.der, c.item.certificate.sha256);
  }
  return out;
}

/** The CRLs of a set of files, for revocation inside path validation. */
export function workspaceCrls(files: readonly DecodedWorkspaceFile[]): ChainCrl[] {
  return files.flatMap((f) =>
    f.items.flatMap((item, index) => (item.kind === 'crl' ? [{ der: item.der, ref: { file: f.file, index } }] : [])),
  );
}

/**
 * Every CRL of `files` (plus `validation.crls`, the `--crl` files) takes part
 * in path validation (RFC 5280 §6.3), with the policy inputs of `validation`.
 * One path-building budget (budget.ts) is shared by every target of every
 * file; `clock` (e.g. `performance.now`) enables its time half, core has no
 * clock of its own.
 *
 * @example
 * const ws = prepareWorkspace(files, anchors, { policy: { initialPolicySet: ['2.23.140.1.2.1'] }, clock: () => performance.now() });
 * const { problems, verdicts } = await ws.findings(files[0].file, files[0].items, now);
 */
export function prepareWorkspace(
  files: readonly DecodedWorkspaceFile[],
  anchors: readonly ChainAnchor[],
  options: WorkspaceOptions = {},
): WorkspaceChains {
  const { clock, budget, issuersOnly, ...validation } = options;
  const crls = [...workspaceCrls(files), ...(validation.crls ?? [])];
  const lean = issuersOnly ? leanPool(files) : undefined;
  const pool = lean ? lean.pool : files.flatMap((f) => poolCerts(f.file, f.items));
  const prepared = prepareChains(
    pool,
    anchors,
    'file',
    { ...validation, crls, budget: new ScanBudget(budget ?? DEFAULT_BUDGET, clock) },
    lean?.certsPerFile,
  );
  // Any certificate of the pool or a trust anchor may have signed a CRL.
  const revocation = prepareRevocation(files, () => (lean ? crlSigners(files, anchors) : prepared.nodes.map((n) => n.der)));
  return {
    prepared,
    pairing: pairKeys(files),
    revocation: (file, items, now) => checkRevocation(revocation, file, items, now),
    findings: async (file, items, now) => {
      const certs = poolCerts(file, items);
      return certs.length === 0 ? { problems: [], verdicts: [] } : analyzeChains(prepared, certs, { now });
    },
  };
}
