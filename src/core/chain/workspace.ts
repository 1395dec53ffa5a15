/**
 * Glue shared by the CLI scan and the editor: a set of decoded files in,
 * the chain pool, per-file chain findings and key pairing out.
 */
import { analyzeChains, prepareChains, type ChainAnchor, type ChainFindings, type ChainPoolCert, type PreparedChains } from './findings';
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

export interface WorkspaceOptions {
  /**
   * A monotonic clock in milliseconds (`performance.now`), for the time half
   * of the path-building budget; core has none of its own.
   */
  readonly clock?: () => number;
  readonly budget?: BudgetLimits;
}

/**
 * One scan's chains: the pool indexed once and one path-building budget
 * (budget.ts) shared by every target of every file.
 *
 * @example
 * const ws = prepareWorkspace(files, anchors, { clock: () => performance.now() });
 * const { problems, verdicts } = await ws.findings(files[0].file, files[0].items, now);
 */
export function prepareWorkspace(
  files: readonly DecodedWorkspaceFile[],
  anchors: readonly ChainAnchor[],
  options: WorkspaceOptions = {},
): WorkspaceChains {
  const prepared = prepareChains(
    files.flatMap((f) => poolCerts(f.file, f.items)),
    anchors,
    'file',
    new ScanBudget(options.budget ?? DEFAULT_BUDGET, options.clock),
  );
  // Any certificate of the pool or a trust anchor may have signed a CRL.
  const revocation = prepareRevocation(files, () => prepared.nodes.map((n) => n.der));
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
