/**
 * Glue shared by the CLI scan and the editor: a set of decoded files in,
 * the chain pool, per-file chain findings and key pairing out.
 */
import {
  analyzeChains,
  prepareChains,
  type ChainAnchor,
  type ChainFindings,
  type ChainPoolCert,
  type PreparedChains,
} from './chain-findings';
import type { CertificateItem, Item } from './decode';
import { pairKeys, type KeyPairing } from './key-pairing';

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
}

/**
 * @example
 * const ws = prepareWorkspace(files, anchors);
 * const { problems, verdicts } = await ws.findings(files[0].file, files[0].items, now);
 */
export function prepareWorkspace(files: readonly DecodedWorkspaceFile[], anchors: readonly ChainAnchor[]): WorkspaceChains {
  const prepared = prepareChains(
    files.flatMap((f) => poolCerts(f.file, f.items)),
    anchors,
    'file',
  );
  return {
    prepared,
    pairing: pairKeys(files),
    findings: async (file, items, now) => {
      const certs = poolCerts(file, items);
      return certs.length === 0 ? { problems: [], verdicts: [] } : analyzeChains(prepared, certs, { now });
    },
  };
}
