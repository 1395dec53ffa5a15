/**
 * The fleet analysis kept current file by file, for the editor's index: a
 * changed file re-groups only the identities its certificates (before and
 * after) belong to or join, re-runs rotation for those, policy for that file,
 * and trust-bundle coverage only when CA certificates, key files or CA
 * generations are involved. Gives the findings of `analyzeFleet` over the
 * same files (identities and findings may come in another order).
 *
 * @example
 * const fleet = new IncrementalFleet({ now: nowMs });
 * for (const f of files) fleet.set(f.file, f.items);
 * fleet.analysis();                 // as analyzeFleet(files, { now: nowMs })
 * fleet.set('leaves/a.pem', items); // one file changed
 * fleet.analysis();                 // only what it touches is recomputed
 */
import type { Item } from '../analysis/decode';
import type { FleetAnalysis, FleetOptions } from './analyze-fleet';
import { CaGraph, isCaLike } from './ca-graph';
import { fleetCertificates, type FleetCertificate, type FleetFinding } from './fleet';
import { groupIdentities, nameKey, type Identity } from './identity';
import { checkPolicy } from './policy-check';
import { analyzeRotation, type RotationResult, type Supersession } from './rotation';
import { analyzeTrustBundles, findCaGenerations } from './trust-bundles';

/** The keys that join two certificates into one identity (identity.ts). */
function joinKeys(c: FleetCertificate): [string, string] {
  const s = c.certificate;
  return [`n:${nameKey(s)}`, `k:${s.spkiSha256}|${s.isCA ? 'ca' : 'ee'}`];
}

function byLocation(a: FleetCertificate, b: FleetCertificate): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.index - b.index;
}

export class IncrementalFleet {
  private readonly byFile = new Map<string, FleetCertificate[]>();
  private readonly keyFiles = new Set<string>();
  /** SHA-256 → every location, in file order. */
  private readonly locations = new Map<string, FleetCertificate[]>();
  private readonly byJoinKey = new Map<string, Set<string>>();
  private readonly identityOf = new Map<string, Identity>();
  private readonly rotation = new Map<Identity, RotationResult>();
  private readonly policyFindings = new Map<string, FleetFinding[]>();
  private bundleFindings: FleetFinding[] = [];
  private hasGenerations = false;
  private dirtyShas = new Set<string>();
  private dirtyFiles = new Set<string>();
  private bundlesDirty = true;
  private caDirty = true;
  private result: FleetAnalysis | undefined;

  constructor(private readonly options: FleetOptions) {}

  /** Sets one file's items; `undefined` removes the file. */
  set(file: string, items: readonly Item[] | undefined): void {
    const old = this.byFile.get(file) ?? [];
    for (const c of old) this.unlink(c);
    const next = items ? fleetCertificates([{ file, items }]) : [];
    if (next.length) this.byFile.set(file, next);
    else this.byFile.delete(file);
    for (const c of next) this.link(c);
    const hasKey = items?.some((i) => i.kind === 'private-key') ?? false;
    if (hasKey !== this.keyFiles.has(file)) {
      if (hasKey) this.keyFiles.add(file);
      else this.keyFiles.delete(file);
      this.bundlesDirty = true;
    }
    if ([...old, ...next].some((c) => isCaLike(c.certificate))) this.caDirty = this.bundlesDirty = true;
    this.dirtyFiles.add(file);
    this.result = undefined;
  }

  private link(c: FleetCertificate): void {
    const sha = c.certificate.sha256;
    const list = this.locations.get(sha);
    if (list) {
      list.push(c);
      list.sort(byLocation);
    } else {
      this.locations.set(sha, [c]);
      for (const k of joinKeys(c)) {
        const set = this.byJoinKey.get(k);
        if (set) set.add(sha);
        else this.byJoinKey.set(k, new Set([sha]));
      }
    }
    this.dirtyShas.add(sha);
  }

  private unlink(c: FleetCertificate): void {
    const sha = c.certificate.sha256;
    const rest = (this.locations.get(sha) ?? []).filter((l) => l !== c);
    if (rest.length) this.locations.set(sha, rest);
    else {
      this.locations.delete(sha);
      for (const k of joinKeys(c)) {
        const set = this.byJoinKey.get(k);
        set?.delete(sha);
        if (set?.size === 0) this.byJoinKey.delete(k);
      }
    }
    this.dirtyShas.add(sha);
  }

  analysis(): FleetAnalysis {
    if (this.result) return this.result;
    this.regroup();
    const policy = this.options.policy;
    for (const f of this.dirtyFiles) {
      const certs = this.byFile.get(f);
      const found = policy && certs ? checkPolicy(certs, policy) : [];
      if (found.length) this.policyFindings.set(f, found);
      else this.policyFindings.delete(f);
    }
    this.dirtyFiles = new Set();
    if (this.caDirty) {
      const cas = [...this.locations.values()].flatMap((l) => (l[0] && isCaLike(l[0].certificate) ? [l[0].certificate] : []));
      this.hasGenerations = findCaGenerations(new CaGraph(cas)).length > 0;
      this.caDirty = false;
    }
    // Leaves at risk are named in bundle findings: with CA generations present, any leaf change may change them.
    if (this.bundlesDirty || this.hasGenerations) {
      const all = [...this.byFile.values()].flat();
      this.bundleFindings = this.hasGenerations ? analyzeTrustBundles(all, { now: this.options.now, filesWithKeys: this.keyFiles }) : [];
      this.bundlesDirty = false;
    }
    this.result = this.assemble();
    return this.result;
  }

  /** Re-groups the identities the changed certificates belonged to or now join. */
  private regroup(): void {
    if (this.dirtyShas.size === 0) return;
    const stale = new Set<Identity>();
    const stack: string[] = [];
    for (const sha of this.dirtyShas) {
      const id = this.identityOf.get(sha);
      if (id) stale.add(id);
      stack.push(sha);
    }
    for (const id of stale) for (const c of id.certificates) stack.push(c.sha256);
    const component = new Set<string>();
    for (let sha = stack.pop(); sha !== undefined; sha = stack.pop()) {
      if (component.has(sha)) continue;
      const loc = this.locations.get(sha)?.[0];
      if (!loc) {
        this.identityOf.delete(sha);
        continue;
      }
      component.add(sha);
      const id = this.identityOf.get(sha);
      if (id && !stale.has(id)) {
        stale.add(id);
        for (const c of id.certificates) stack.push(c.sha256);
      }
      for (const k of joinKeys(loc)) for (const other of this.byJoinKey.get(k) ?? []) if (!component.has(other)) stack.push(other);
    }
    for (const id of stale) this.rotation.delete(id);
    const certs = [...component].flatMap((sha) => this.locations.get(sha) ?? []).sort(byLocation);
    const rotationOptions = {
      now: this.options.now,
      ...((this.options.policy?.rotation.overlapMinimumDays ?? this.options.overlapMinimumDays) !== undefined && {
        overlapMinimumDays: this.options.policy?.rotation.overlapMinimumDays ?? this.options.overlapMinimumDays,
      }),
      ...(this.options.policy?.rotation.keyReuse && { keyReuse: this.options.policy.rotation.keyReuse }),
    };
    for (const id of groupIdentities(certs)) {
      for (const c of id.certificates) this.identityOf.set(c.sha256, id);
      this.rotation.set(id, analyzeRotation([id], rotationOptions));
    }
    this.dirtyShas = new Set();
  }

  private assemble(): FleetAnalysis {
    const findings = new Map<string, FleetFinding[]>();
    const add = (f: FleetFinding) => {
      const list = findings.get(f.file);
      if (list) list.push(f);
      else findings.set(f.file, [f]);
    };
    const superseded = new Map<string, Supersession>();
    for (const r of this.rotation.values()) {
      r.findings.forEach(add);
      for (const [sha, s] of r.superseded) superseded.set(sha, s);
    }
    this.bundleFindings.forEach(add);
    for (const list of this.policyFindings.values()) list.forEach(add);
    return { identities: [...this.rotation.keys()], findings, superseded };
  }
}
