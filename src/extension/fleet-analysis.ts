/**
 * The fleet analysis of the workspace (rotation, trust bundles,
 * `.certlens.yaml` policy) over the index's records: one input of every
 * editor `FileReport` (a superseded certificate's expiry warnings become
 * `cert-superseded`) and of the Inventory/timeline/report `FleetModel`.
 * A per-file index change recomputes it from the records in memory (nothing
 * is decoded again) and says which files' fleet results changed.
 */
import * as vscode from 'vscode';
import { analyzeFleet, type FleetAnalysis } from '../core/lifecycle/analyze-fleet';
import { parsePolicy, POLICY_FILE, type Policy } from '../core/lifecycle/policy';
import type { Problem } from '../core/types';
import type { FileAnalysis } from './analyses';
import { key } from './chains';
import type { Clock } from './clock';
import { background } from './log';
import type { WorkspaceIndex } from './workspace-index';

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
   * After one file changed in the index: the fleet from the records in
   * memory, and the URIs (strings) whose fleet findings or supersessions
   * changed.
   */
  async applyChange(): Promise<Set<string>> {
    const before = this.state && (await this.state);
    this.state = this.compute(Promise.resolve(this.index.current()));
    const after = await this.state;
    return before ? touchedFiles(before.fleet, after.fleet, this.index.current()) : new Set();
  }

  private async compute(files: Promise<FileAnalysis[]>): Promise<FleetState> {
    const [list, policy] = await Promise.all([files, (this.policy ??= readPolicy())]);
    const overlapMinimumDays = vscode.workspace.getConfiguration('certlens').get<number>('rotation.overlapMinimum', 7);
    const now = this.clock.now().getTime();
    const fleet = analyzeFleet(
      list.map((f) => ({ file: key(f.uri), items: f.decoded.items })),
      { now, overlapMinimumDays, ...(policy?.policy && { policy: policy.policy }) },
    );
    return { fleet, now, ...(policy && { policy }) };
  }

  private reset(): void {
    this.state = undefined;
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

/** URIs of the files whose fleet findings differ, or that hold a certificate whose supersession differs. */
function touchedFiles(before: FleetAnalysis, after: FleetAnalysis, files: readonly FileAnalysis[]): Set<string> {
  const keys = new Set<string>();
  for (const file of new Set([...before.findings.keys(), ...after.findings.keys()])) {
    if (JSON.stringify(before.findings.get(file) ?? []) !== JSON.stringify(after.findings.get(file) ?? [])) keys.add(file);
  }
  const shas = new Set<string>();
  for (const sha of new Set([...before.superseded.keys(), ...after.superseded.keys()])) {
    if (JSON.stringify(before.superseded.get(sha)) !== JSON.stringify(after.superseded.get(sha))) shas.add(sha);
  }
  if (shas.size > 0)
    for (const id of [...before.identities, ...after.identities])
      for (const [sha, locs] of id.locations) if (shas.has(sha)) for (const l of locs) keys.add(l.file);
  const out = new Set<string>();
  if (keys.size === 0) return out;
  for (const f of files) if (keys.has(key(f.uri))) out.add(f.uri.toString());
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
