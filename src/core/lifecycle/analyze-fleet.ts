/**
 * The fleet analysis in one call: identities and rotation, trust-bundle
 * coverage and policy, over every file of a scan or workspace. Its findings
 * are merged into each file's own problems by `mergeFleetFindings`.
 */
import type { Problem } from '../types';
import { fleetCertificates, describeLocation, utcDay, type FleetFile, type FleetFinding } from './fleet';
import { groupIdentities, type Identity } from './identity';
import { checkPolicy } from './policy-check';
import type { Policy } from './policy';
import { analyzeRotation, type Supersession } from './rotation';
import { analyzeTrustBundles } from './trust-bundles';

export interface FleetOptions {
  readonly now: number;
  /** `certlens.rotation.overlapMinimum` (days); the policy's `rotation.overlapMinimumDays` wins. */
  readonly overlapMinimumDays?: number;
  readonly policy?: Policy;
}

export interface FleetAnalysis {
  readonly identities: Identity[];
  /** By file, in the order found. */
  readonly findings: ReadonlyMap<string, FleetFinding[]>;
  /** Predecessors whose successor is already valid, by SHA-256. */
  readonly superseded: ReadonlyMap<string, Supersession>;
}

/**
 * @example
 * const fleet = analyzeFleet(files.map((f) => ({ file: f.path, items: f.decoded.items })), { now: nowMs });
 * const problems = mergeFleetFindings('web/old.pem', ownProblems, fleet);
 */
export function analyzeFleet(files: readonly FleetFile[], options: FleetOptions): FleetAnalysis {
  const certs = fleetCertificates(files);
  const identities = groupIdentities(certs);
  const rotation = analyzeRotation(identities, {
    now: options.now,
    ...((options.policy?.rotation.overlapMinimumDays ?? options.overlapMinimumDays) !== undefined && {
      overlapMinimumDays: options.policy?.rotation.overlapMinimumDays ?? options.overlapMinimumDays,
    }),
    ...(options.policy?.rotation.keyReuse && { keyReuse: options.policy.rotation.keyReuse }),
  });
  const filesWithKeys = new Set(files.filter((f) => f.items.some((i) => i.kind === 'private-key')).map((f) => f.file));
  const all = [
    ...rotation.findings,
    ...analyzeTrustBundles(certs, { now: options.now, filesWithKeys }),
    ...(options.policy ? checkPolicy(certs, options.policy) : []),
  ];
  const findings = new Map<string, FleetFinding[]>();
  for (const f of all) {
    const list = findings.get(f.file);
    if (list) list.push(f);
    else findings.set(f.file, [f]);
  }
  return { identities, findings, superseded: rotation.superseded };
}

/**
 * A file's problems with the fleet's: each `cert-expiring` of a superseded
 * certificate becomes `cert-superseded` (info, naming the successor and its
 * file), and the fleet findings of this file are added.
 */
export function mergeFleetFindings(file: string, problems: readonly Problem[], fleet: FleetAnalysis): Problem[] {
  const out: Problem[] = problems.map((p) => {
    const sha = p.code === 'cert-expiring' ? (p.data?.sha256 as string | undefined) : undefined;
    const s = sha === undefined ? undefined : fleet.superseded.get(sha);
    if (!s) return p;
    return {
      ...p,
      code: 'cert-superseded',
      severity: 'info',
      message: `${p.message.replace(/ expires in .*$/, '')} is superseded by "${s.successor.subjectLabel}" (serial ${s.successor.serialNumber}, valid until ${utcDay(s.successor.notAfter)}) in ${describeLocation(s.successorLocation)}; its own expiry needs no action once every user has switched`,
      span: p.span,
      data: { ...p.data, successor: s.successor.sha256, successorFile: s.successorLocation.file },
    };
  });
  for (const f of fleet.findings.get(file) ?? []) {
    const { file: _file, index, ...problem } = f;
    out.push(index === undefined ? problem : { ...problem, item: index });
  }
  return out;
}
