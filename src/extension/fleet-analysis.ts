/**
 * The fleet analysis of the workspace (rotation, trust bundles,
 * `.certlens.yaml` policy) over the index's records: one input of every
 * editor `FileReport` (a superseded certificate's expiry warnings become
 * `cert-superseded`) and of the Inventory/timeline/report `FleetModel`.
 * A per-file index change recomputes it from the records in memory (nothing
 * is decoded again) and says which files' fleet results changed.
 */
import * as vscode from 'vscode';
import type { FleetAnalysis } from '../core/lifecycle/analyze-fleet';
import { IncrementalFleet } from '../core/lifecycle/incremental-fleet';
import { parsePolicy, POLICY_FILE, type Policy } from '../core/lifecycle/policy';
import type { Problem } from '../core/types';
import type { FileAnalysis } from './analyses';
import { key } from './chains';
import type { Clock } from './clock';
import { background } from './log';
import type { IndexFileChange, WorkspaceIndex } from './workspace-index';

export interface PolicyFile {
  readonly uri: vscode.Uri;
  readonly text: string;
  readonly policy?: Policy;
  readonly problems: Problem[];
}

export interface FleetState {
  readonly fleet: FleetAnalysis;
  /** The clock the analysis ran at (ms). */
  readonly now: number;
  readonly policy?: PolicyFile;
}

export class FleetAnalysisService implements vscode.Disposable {
  private state: Promise<FleetState> | undefined;
  private policy: Promise<PolicyFile | undefined> | undefined;
  /** The fleet kept current per file, and file key → URI string, for the state being served. */
  private live: { fleet: IncrementalFleet; uris: Map<string, string> } | undefined;
  private gen = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires on a full recompute (clock, policy, settings, a rebuilt index); per-file changes go through `applyChange`. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly clock: Clock,
  ) {
    const reset = () => this.reset();
    const policyWatcher = vscode.workspace.createFileSystemWatcher(`**/${POLICY_FILE}`);
    const policyChanged = () => {
      this.policy = undefined;
      reset();
    };
    this.subscriptions = [
      index.onDidChange((c) => c.files === undefined && reset()),
      clock.onDidTick(reset),
      policyWatcher,
      policyWatcher.onDidChange(policyChanged),
      policyWatcher.onDidCreate(policyChanged),
      policyWatcher.onDidDelete(policyChanged),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('certlens.rotation') && reset()),
    ];
  }

  /** Counts full recomputes: reports are cached per generation. */
  get generation(): number {
    return this.gen;
  }

  get(): Promise<FleetState> {
    this.state ??= this.compute(this.index.all());
    return this.state;
  }

  /**
   * After one file changed in the index: the fleet updated from that file's
   * records (nothing decoded, only the identities it touches re-grouped),
   * and the URIs (strings) whose fleet findings or supersessions changed.
   */
  async applyChange(change: IndexFileChange): Promise<Set<string>> {
    const before = this.state && (await this.state);
    const live = this.live;
    // Nothing computed yet (or a full recompute pending): no report used the fleet, nothing to re-analyse.
    if (!before || !live) return new Set();
    const file = key(change.uri);
    if (change.after) live.uris.set(file, change.uri.toString());
    live.fleet.set(file, change.after?.decoded.items);
    const fleet = live.fleet.analysis();
    this.state = Promise.resolve({ ...before, fleet });
    const touched = new Set<string>();
    for (const f of touchedFiles(before.fleet, fleet)) {
      const uri = live.uris.get(f);
      if (uri) touched.add(uri);
    }
    return touched;
  }

  private async compute(files: Promise<FileAnalysis[]>): Promise<FleetState> {
    const [list, policy] = await Promise.all([files, (this.policy ??= readPolicy())]);
    const overlapMinimumDays = vscode.workspace.getConfiguration('certlens').get<number>('rotation.overlapMinimum', 7);
    const now = this.clock.now().getTime();
    const inc = new IncrementalFleet({ now, overlapMinimumDays, ...(policy?.policy && { policy: policy.policy }) });
    const uris = new Map<string, string>();
    for (const f of list) {
      const k = key(f.uri);
      uris.set(k, f.uri.toString());
      inc.set(k, f.decoded.items);
    }
    this.live = { fleet: inc, uris };
    return { fleet: inc.analysis(), now, ...(policy && { policy }) };
  }

  private reset(): void {
    this.state = undefined;
    this.live = undefined;
    this.gen++;
    this.changed.fire();
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}

/** The fleet's supersessions only: what a file's own report takes from it (its fleet findings are published by FleetModel). */
export function supersessionOnly(fleet: FleetAnalysis): FleetAnalysis {
  return { identities: fleet.identities, superseded: fleet.superseded, findings: new Map() };
}

/**
 * File keys whose fleet findings differ, or that hold a certificate whose
 * supersession differs. IncrementalFleet keeps the objects of what it did not
 * recompute, so comparing references finds the changes without serializing.
 */
function touchedFiles(before: FleetAnalysis, after: FleetAnalysis): Set<string> {
  const out = new Set<string>();
  for (const file of new Set([...before.findings.keys(), ...after.findings.keys()])) {
    const [a, b] = [before.findings.get(file) ?? [], after.findings.get(file) ?? []];
    if (a.length !== b.length || a.some((x, i) => x !== b[i])) out.add(file);
  }
  const shas = new Set<string>();
  for (const sha of new Set([...before.superseded.keys(), ...after.superseded.keys()])) {
    if (before.superseded.get(sha) !== after.superseded.get(sha)) shas.add(sha);
  }
  if (shas.size === 0) return out;
  for (const id of [...before.identities, ...after.identities]) {
    for (const c of id.certificates) {
      if (!shas.has(c.sha256)) continue;
      for (const l of id.locations.get(c.sha256) ?? []) out.add(l.file);
    }
  }
  return out;
}

async function readPolicy(): Promise<PolicyFile | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  const uri = vscode.Uri.joinPath(folder.uri, POLICY_FILE);
  return background(`read ${POLICY_FILE}`, async () => {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined;
    }
    const parsed = parsePolicy(text);
    return { uri, text, problems: parsed.problems, ...(parsed.policy && { policy: parsed.policy }) };
  });
}
