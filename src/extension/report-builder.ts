/**
 * Builds the editor's FileReports off the extension host's main thread
 * (issue 16): lint, chains, revocation and status run in report workers
 * (node/report-client.ts) that keep a mirror of the workspace pool, posted
 * whole once per WorkspaceChainService generation and patched per indexed
 * file after that. When no worker can start, the same job runs here.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileReport } from '../core/analysis/file-report';
import type { FleetAnalysis } from '../core/lifecycle/analyze-fleet';
import type { ExpiryThresholds } from '../core/lint/expiry';
import type { Problem } from '../core/types';
import { supersessionsOf } from '../node/report-job';
import type { UnpackProgress } from '../node/packed';
import { ReportWorkers } from '../node/report-client';
import type { FileAnalysis } from './analyses';
import { key, type WorkspaceChainService } from './chains';
import { background, log } from './log';

export interface ReportSettingsInput {
  readonly now: Date;
  readonly thresholds: ExpiryThresholds;
  readonly disabled: ReadonlySet<string>;
  readonly extra: readonly Problem[];
  /** The fleet analysis: a report takes the supersessions of its certificates. */
  readonly fleet?: FleetAnalysis;
}

/**
 * `CERTLENS_REPORT_WORKER=off` builds reports on the main thread, through the
 * workers' own fallback: the integration test checks that it then fails.
 */
const script = (): string =>
  process.env.CERTLENS_REPORT_WORKER === 'off'
    ? path.join(__dirname, 'no-report-worker.js')
    : path.join(__dirname, 'editor-decode-worker.js');

export class ReportBuilder implements vscode.Disposable {
  private readonly workers = new ReportWorkers({
    script: script(),
    log: (m) => log().warn(m),
    // The mirror is posted whole to a starting worker: keep it a minute rather than the decoders' 10 s.
    idleMs: 60_000,
  });
  private gathering: Promise<unknown> | undefined;
  /** The document version each file's latest report job is for: a newer version stops an older running one. */
  private readonly versions = new Map<string, number>();
  /** An id per decode, so a report worker knows a clock tick's job is for the items it built chains for. */
  private readonly decodeIds = new WeakMap<object, string>();
  private nextDecodeId = 0;
  /** Reports being built, per file (URI string): their item counts (the extension API, the tests). */
  private readonly inFlight = new Map<string, number[]>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly chains: WorkspaceChainService) {
    this.subscriptions = [
      chains.onDidChange(() => {
        this.gathering = undefined;
        this.workers.clear();
      }),
      chains.onDidApplyChange((c) => this.workers.change(c)),
    ];
  }

  /** True once reports build on the main thread (no worker could start). */
  get onMainThread(): boolean {
    return this.workers.onMainThread;
  }

  /** A big report's reply being read on this thread, a slice per turn (the tests). */
  get receiving(): UnpackProgress | undefined {
    return this.workers.receiving;
  }

  /** The item counts of the reports of `uri` being built now. */
  building(uri: vscode.Uri): readonly number[] {
    return this.inFlight.get(uri.toString()) ?? [];
  }

  /** Posts the pool's inputs to the workers once per generation (again if the generation moved while gathering). */
  private mirror(): Promise<unknown> {
    if (this.workers.ready) return Promise.resolve();
    this.gathering ??= background('reports: gather the workspace', async () => {
      for (;;) {
        const generation = this.chains.generation;
        const state = await this.chains.mirrorState();
        if (generation !== this.chains.generation) continue;
        this.workers.reset(state);
        return;
      }
    });
    return this.gathering;
  }

  async build(a: FileAnalysis, inputs: ReportSettingsInput): Promise<FileReport> {
    const id = a.uri.toString();
    const needsWorkspace = a.decoded.items.some((i) => i.kind !== 'unknown');
    if (needsWorkspace) await this.mirror();
    const { items, problems } = a.decoded;
    const superseded = inputs.fleet && supersessionsOf(items, inputs.extra, inputs.fleet.superseded);
    const newer = this.versions.get(id) !== a.version;
    this.versions.set(id, a.version);
    const list = this.inFlight.get(id) ?? [];
    list.push(items.length);
    this.inFlight.set(id, list);
    try {
      const result = await this.workers.run(
        id,
        {
          kind: 'report',
          file: key(a.uri),
          decoded: { items, problems },
          withWorkspace: needsWorkspace && this.workers.ready,
          nowMs: inputs.now.getTime(),
          decodeId: this.decodeIdOf(a.decoded),
          thresholds: inputs.thresholds,
          disabled: [...inputs.disabled],
          extra: inputs.extra,
          ...(superseded && { superseded }),
        },
        // Another version of the document: its running report is stale. The same version (a new clock tick, a window then
        // the whole file): let it finish rather than restart the worker.
        newer,
      );
      return {
        file: key(a.uri),
        ...(a.text !== undefined && { text: a.text }),
        items,
        ...(a.decoded.secrets && { secrets: a.decoded.secrets }),
        ...result,
      };
    } finally {
      list.splice(list.indexOf(items.length), 1);
      if (list.length === 0 && this.inFlight.get(id) === list) this.inFlight.delete(id);
    }
  }

  private decodeIdOf(decoded: object): string {
    let id = this.decodeIds.get(decoded);
    if (id === undefined) this.decodeIds.set(decoded, (id = String(++this.nextDecodeId)));
    return id;
  }

  /** Stops the reports of a document that changed or closed (a running big-file report included). */
  cancel(uri: vscode.Uri): void {
    this.versions.delete(uri.toString());
    this.workers.cancel(uri.toString());
  }

  dispose(): void {
    this.workers.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}
