/**
 * One `FileReport` per file: the items, every finding, and one status per
 * certificate. It is the single truth every surface renders: CodeLens, hover,
 * diagnostics, Explorer badge, status bar, inventory, details view, the
 * extension API and the CLI's text, JSON and SARIF.
 *
 * Everything that varies is an input: the clock (`now`), settings, the trust
 * store's roots and the workspace's cross-file analysis. The same inputs give
 * the same report, so adapters cache it per file version × workspace
 * generation × clock tick × settings.
 *
 * @example
 * const report = await buildFileReport({ file: 'tls.crt', text, decoded }, { now, thresholds, disabled, trustedRoots, workspace });
 * report.statuses[0]; // 'expired'
 */
import type { ChainVerdict } from '../chain/findings';
import type { WorkspaceChains } from '../chain/workspace';
import type { ExpiryThresholds } from '../lint/expiry';
import { mergeFleetFindings, type FleetAnalysis } from '../lifecycle/analyze-fleet';
import { lintItems } from '../lint/items';
import type { RevocationStatus } from '../revocation/crl-check';
import type { Problem } from '../types';
import type { DecodedFile, Item } from './decode';
import type { KeyLens, KeyPairing } from './key-pairing';
import { certificateStatus, worseStatus, type CertificateStatus } from './status';

/** A finding of the report: a problem tied, where it is about one, to the item (`item`) it is about. */
export type Finding = Problem;

export interface ReportSettings {
  readonly thresholds?: ExpiryThresholds;
  /** Codes to leave out (settings or `--disable`). */
  readonly disabled?: ReadonlySet<string>;
}

export interface ReportInputs extends ReportSettings {
  readonly now: Date;
  /** SHA-256 of the trust store's roots (lowercase hex): their workspace copies get no profile lint. */
  readonly trustedRoots?: ReadonlySet<string>;
  /** Cross-file analysis (chains, CRL revocation, key pairing). Absent: decode and lint only (`--no-chain`). */
  readonly workspace?: WorkspaceChains;
  /** Findings other analyses made on the same file (the cert-manager lint of a YAML file). */
  readonly extra?: readonly Problem[];
  /** The fleet analysis (rotation, trust bundles, policy): adds its findings, turns superseded expiry warnings into `cert-superseded`. */
  readonly fleet?: FleetAnalysis;
}

/** A decoded file and the name it has in the workspace (the key chains and pairing use). */
export interface DecodedInput {
  readonly file: string;
  /** Undefined for binary files. */
  readonly text?: string;
  readonly decoded: DecodedFile;
}

export interface FileReport {
  readonly file: string;
  readonly text?: string;
  readonly items: readonly Item[];
  readonly secrets?: DecodedFile['secrets'];
  /** Every finding, disabled codes left out, in file order. */
  readonly findings: readonly Finding[];
  /** Per item: the certificate's status; undefined for other kinds. */
  readonly statuses: ReadonlyArray<CertificateStatus | undefined>;
  /** The worst status of the file: its certificates and the findings on no certificate. */
  readonly status: CertificateStatus;
  /** Chain verdicts of the file's targets (leaves). */
  readonly verdicts: readonly ChainVerdict[];
  readonly revocation: readonly RevocationStatus[];
  readonly keyLenses: readonly KeyLens[];
}

/** Builds the report of one file. Never throws on bad input. */
export async function buildFileReport(input: DecodedInput, inputs: ReportInputs): Promise<FileReport> {
  const { items } = input.decoded;
  const disabled = inputs.disabled ?? new Set<string>();
  const ws = inputs.workspace;
  const hasCrossFile =
    ws && items.some((i) => i.kind === 'certificate' || i.kind === 'crl' || i.kind === 'private-key' || i.kind === 'public-key');
  const chains = hasCrossFile ? await ws.findings(input.file, items, inputs.now) : { problems: [], verdicts: [] };
  const revocation = hasCrossFile ? await ws.revocation(input.file, items, inputs.now) : { problems: [], statuses: [] };
  const raw: Finding[] = [
    ...input.decoded.problems,
    ...lintItems(items, {
      now: inputs.now,
      ...(inputs.thresholds && { thresholds: inputs.thresholds }),
      ...(inputs.trustedRoots && { trustedRoots: inputs.trustedRoots }),
    }),
    ...(inputs.extra ?? []),
    ...chains.problems.map(({ ref, ...p }) => ({ ...p, item: ref.index })),
    ...revocation.problems.map(({ ref, ...p }) => ({ ...p, item: ref.index })),
    ...((ws && ws.pairing.problems.get(input.file)) || []),
  ];
  const attribute = attributor(items);
  const findings = (inputs.fleet ? mergeFleetFindings(input.file, raw, inputs.fleet) : raw)
    .filter((p) => !disabled.has(p.code))
    .map((p) => (p.item === undefined ? attribute(p) : p))
    .sort((a, b) => a.span.start - b.span.start);
  const statuses = statusesOf(items, findings);
  let status: CertificateStatus = 'ok';
  for (const s of statuses) if (s) status = worseStatus(status, s);
  status = worseStatus(status, certificateStatus(findings.filter((f) => f.item === undefined || statuses[f.item] === undefined)));
  return {
    file: input.file,
    ...(input.text !== undefined && { text: input.text }),
    items,
    ...(input.decoded.secrets && { secrets: input.decoded.secrets }),
    findings,
    statuses,
    status,
    verdicts: chains.verdicts,
    revocation: revocation.statuses,
    keyLenses: ws ? lensesOf(ws.pairing, input.file) : [],
  };
}

/**
 * Ties a finding that does not name its item to the item whose block it sits
 * on. Items of one container share a span: the first certificate wins, as the
 * container's findings are about its certificates (else the first item).
 * Indexed once per report: a 20 MB bundle whose 35,000 blocks each carry a
 * decode finding would otherwise scan every item per finding.
 */
function attributor(items: readonly Item[]): (p: Finding) => Finding {
  // One entry per distinct span, by start: its first certificate and first item.
  const bySpan = new Map<string, { start: number; end: number; cert?: number; any: number }>();
  items.forEach((item, index) => {
    const key = `${item.span.start}:${item.span.end}`;
    const e = bySpan.get(key);
    if (!e)
      bySpan.set(key, { start: item.span.start, end: item.span.end, any: index, ...(item.kind === 'certificate' && { cert: index }) });
    else if (item.kind === 'certificate' && e.cert === undefined) e.cert = index;
  });
  const spans = [...bySpan.values()].sort((a, b) => a.start - b.start);
  // maxEnd[k]: the furthest end of spans[0..k], so the walk back stops where no earlier span can hold the finding.
  const maxEnd: number[] = [];
  spans.forEach((e, k) => maxEnd.push(Math.max(e.end, maxEnd[k - 1] ?? -Infinity)));
  return (p) => {
    let lo = 0;
    let hi = spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((spans[mid]?.start ?? Infinity) <= p.span.start) lo = mid + 1;
      else hi = mid;
    }
    let cert: number | undefined;
    let any: number | undefined;
    for (let k = lo - 1; k >= 0 && (maxEnd[k] ?? -Infinity) >= p.span.end; k--) {
      const e = spans[k];
      if (!e || p.span.end > e.end) continue;
      if (e.cert !== undefined && (cert === undefined || e.cert < cert)) cert = e.cert;
      if (any === undefined || e.any < any) any = e.any;
    }
    const index = cert ?? any;
    return index === undefined ? p : { ...p, item: index };
  };
}

/** The key lenses of one file, through an index built once per pairing (a workspace of 10,000 key files filtered every lens per file). */
const LENSES = new WeakMap<KeyPairing, Map<string, KeyLens[]>>();
function lensesOf(pairing: KeyPairing, file: string): KeyLens[] {
  let byFile = LENSES.get(pairing);
  if (!byFile) {
    byFile = new Map();
    for (const l of pairing.lenses) {
      const list = byFile.get(l.file);
      if (list) list.push(l);
      else byFile.set(l.file, [l]);
    }
    LENSES.set(pairing, byFile);
  }
  return byFile.get(file) ?? [];
}

function statusesOf(items: readonly Item[], findings: readonly Finding[]): Array<CertificateStatus | undefined> {
  const byItem = new Map<number, Finding[]>();
  for (const f of findings) {
    if (f.item === undefined) continue;
    const list = byItem.get(f.item);
    if (list) list.push(f);
    else byItem.set(f.item, [f]);
  }
  return items.map((item, i) => (item.kind === 'certificate' ? certificateStatus(byItem.get(i) ?? []) : undefined));
}

/** The certificate that leads a file's summary (status bar, badge tooltip): the worst status, then the soonest expiry. */
export function leadCertificate(report: FileReport): number | undefined {
  let lead: { index: number; status: CertificateStatus; notAfter: number } | undefined;
  report.items.forEach((item, index) => {
    if (item.kind !== 'certificate') return;
    const status = report.statuses[index] ?? 'ok';
    const notAfter = item.certificate.notAfter;
    const worse = lead && status !== lead.status && worseStatus(status, lead.status) === status;
    const sooner = lead && status === lead.status && notAfter < lead.notAfter;
    if (!lead || worse || sooner) lead = { index, status, notAfter };
  });
  return lead?.index;
}
